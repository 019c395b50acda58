"""Survey campaign pages for the carrier's people. Thin: parse, call, render.

Every campaign is found through `SurveyCampaign.objects.visible_to` and every account
through the accounts' door, so a hidden campaign or account is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from nokkel.accounts.models import Account, Contact
from nokkel.core.forms import add_service_errors
from nokkel.core.http import AuthenticatedHttpRequest
from nokkel.surveys import selectors, services
from nokkel.surveys.access import can_estimate, can_manage_campaign, can_run_campaigns
from nokkel.surveys.charts import results_chart
from nokkel.surveys.forms import CampaignForm, QuestionnaireForm, RecipientsForm
from nokkel.surveys.models import CampaignStatus, SurveyCampaign, SurveyLanguage, TeamEstimate
from nokkel.surveys.portfolio import portfolio_survey
from nokkel.surveys.tasks import send_survey_invitations


def _campaign(request: AuthenticatedHttpRequest, campaign_id: int) -> SurveyCampaign:
    try:
        return selectors.campaign_get(user=request.user, campaign_id=campaign_id)
    except SurveyCampaign.DoesNotExist:
        raise Http404 from None


def _managed(request: AuthenticatedHttpRequest, campaign_id: int) -> SurveyCampaign:
    campaign = _campaign(request, campaign_id)
    if not can_manage_campaign(request.user, campaign):
        raise PermissionDenied
    return campaign


def _campaign_account(
    request: AuthenticatedHttpRequest, campaign: SurveyCampaign, account_id: int
) -> Account:
    return get_object_or_404(
        Account.objects.visible_to(request.user).select_related("kam"),
        pk=account_id,
        survey_targets__campaign=campaign,
    )


def _reader_language() -> str:
    language = translation.get_language() or ""
    return SurveyLanguage.NB if language.startswith("nb") else SurveyLanguage.EN


@login_required
def campaign_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "surveys/campaign_list.html",
        {
            "campaigns": selectors.campaign_list(user=request.user),
            "can_run": can_run_campaigns(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def campaign_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not can_run_campaigns(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    accounts = Account.objects.visible_to(request.user).order_by("-is_key_account", "name")
    initial = {}
    preset = request.GET.get("account", "")
    if preset.isdigit():
        account = accounts.filter(pk=int(preset)).first()
        if account is not None:
            initial = {
                "accounts": [account.pk],
                "name": f"{account.name}, {formats.date_format(today, 'SHORT_DATE_FORMAT')}",
            }
    form = CampaignForm(request.POST or None, accounts=accounts, today=today, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_create(
                actor=request.user,
                name=form.cleaned_data["name"],
                accounts=form.chosen_accounts(),
                language=form.cleaned_data["language"],
                reminder_after_days=form.cleaned_data["reminder_after_days"],
                closes_on=form.cleaned_data["closes_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Survey created. Check the recipients, then send it."))
            return redirect(campaign)
    return render(request, "surveys/campaign_form.html", {"form": form})


def _recipients_form(
    request: AuthenticatedHttpRequest, campaign: SurveyCampaign, accounts: list[Account]
) -> RecipientsForm:
    contacts = (
        Contact.objects.visible_to(request.user)
        .filter(account__in=accounts, active=True)
        .exclude(email="")
        .select_related("account")
        .order_by("account__name", "name")
    )
    return RecipientsForm(
        request.POST or None,
        contacts=list(contacts),
        recipients=selectors.campaign_recipients(user=request.user, campaign=campaign),
        default_language=campaign.language,
    )


@login_required
def campaign_detail(request: AuthenticatedHttpRequest, campaign_id: int) -> HttpResponse:
    campaign = _campaign(request, campaign_id)
    accounts = selectors.campaign_accounts(user=request.user, campaign=campaign)
    can_manage = can_manage_campaign(request.user, campaign)
    estimated = set(
        TeamEstimate.objects.filter(campaign=campaign, author=request.user).values_list(
            "account_id", flat=True
        )
    )
    context = {
        "campaign": campaign,
        "accounts": [(a, a.pk in estimated) for a in accounts],
        "recipients": selectors.campaign_recipients(user=request.user, campaign=campaign),
        "can_manage": can_manage,
        "can_estimate": can_estimate(request.user, campaign),
        "now": timezone.now(),
    }
    if can_manage and campaign.status == CampaignStatus.DRAFT:
        context["recipients_form"] = _recipients_form(request, campaign, accounts)
    return render(request, "surveys/campaign_detail.html", context)


@login_required
@require_POST
def campaign_recipients(request: AuthenticatedHttpRequest, campaign_id: int) -> HttpResponse:
    campaign = _managed(request, campaign_id)
    accounts = selectors.campaign_accounts(user=request.user, campaign=campaign)
    form = _recipients_form(request, campaign, accounts)
    if form.is_valid():
        contacts, languages = form.chosen()
        try:
            services.campaign_recipients_set(
                campaign=campaign,
                actor=request.user,
                contacts=contacts,
                languages=languages,
                within=accounts,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Recipients saved."))
    return redirect(campaign)


@login_required
@require_POST
def campaign_send(request: AuthenticatedHttpRequest, campaign_id: int) -> HttpResponse:
    campaign = _managed(request, campaign_id)
    try:
        campaign = services.campaign_send(
            campaign=campaign,
            actor=request.user,
            now=timezone.now(),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        send_survey_invitations.enqueue(campaign.pk)
        count = campaign.recipients.count()
        messages.success(
            request,
            ngettext(
                "The survey is on its way to %(count)d person.",
                "The survey is on its way to %(count)d people.",
                count,
            )
            % {"count": count},
        )
    return redirect(campaign)


@login_required
@require_POST
def campaign_close(request: AuthenticatedHttpRequest, campaign_id: int) -> HttpResponse:
    campaign = _managed(request, campaign_id)
    services.campaign_close(campaign=campaign, actor=request.user, now=timezone.now())
    messages.success(request, _("The survey is closed; answers can no longer change."))
    return redirect(campaign)


def _render_results(
    request: AuthenticatedHttpRequest, campaign: SurveyCampaign, account: Account | None
) -> HttpResponse:
    try:
        results = selectors.campaign_results(
            user=request.user, campaign=campaign, account_id=account.pk if account else None
        )
    except ObjectDoesNotExist:
        raise Http404 from None
    return render(
        request,
        "surveys/results.html",
        {
            "campaign": campaign,
            "account": account,
            "results": results,
            "chart": results_chart(results),
            "can_estimate": can_estimate(request.user, campaign),
        },
    )


@login_required
def campaign_results(request: AuthenticatedHttpRequest, campaign_id: int) -> HttpResponse:
    return _render_results(request, _campaign(request, campaign_id), None)


@login_required
def account_results(
    request: AuthenticatedHttpRequest, campaign_id: int, account_id: int
) -> HttpResponse:
    campaign = _campaign(request, campaign_id)
    return _render_results(request, campaign, _campaign_account(request, campaign, account_id))


@login_required
@require_http_methods(["GET", "POST"])
def team_estimate(
    request: AuthenticatedHttpRequest, campaign_id: int, account_id: int
) -> HttpResponse:
    campaign = _campaign(request, campaign_id)
    account = _campaign_account(request, campaign, account_id)
    if not can_estimate(request.user, campaign):
        raise PermissionDenied
    existing = (
        TeamEstimate.objects.filter(campaign=campaign, account=account, author=request.user)
        .prefetch_related("answers")
        .first()
    )
    form = QuestionnaireForm(
        request.POST or None,
        statements=selectors.statements_of(questionnaire_id=campaign.questionnaire_id),
        language=_reader_language(),
        customer=False,
        initial=QuestionnaireForm.initial_from(existing),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.team_estimate_submit(
                campaign=campaign,
                account=account,
                author=request.user,
                answers=form.answer_set(),
                now=timezone.now(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your estimate is saved."))
            return redirect(
                "surveys:account-results", campaign_id=campaign.pk, account_id=account.pk
            )
    return render(
        request,
        "surveys/estimate_form.html",
        {"campaign": campaign, "account": account, "form": form, "existing": existing},
    )


@login_required
def portfolio(request: AuthenticatedHttpRequest) -> HttpResponse:
    overview = portfolio_survey(user=request.user)
    chart = {**overview.nps_chart, "label": _("Answers")}
    return render(request, "surveys/portfolio.html", {"overview": overview, "nps_chart": chart})
