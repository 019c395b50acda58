"""Areas the customer rates well below its expectations become actions in its plan."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nokkel.accounts.models import Account
from nokkel.plans.models import CustomerPlan, PlanAction, PlanStatus
from nokkel.plans.services import action_add
from nokkel.surveys.models import ProposedAction, SurveyArea, SurveyCampaign
from nokkel.surveys.scoring import AreaScore, areas_below
from nokkel.surveys.selectors import campaign_scores_by_account
from nokkel.users.models import User

ACTION_DUE_DAYS = 30
TITLE_MAX = 300


def action_threshold() -> float:
    """An area whose customer gap is below this proposes an action (default −1.0)."""
    return float(getattr(settings, "NOKKEL_SURVEY_ACTION_THRESHOLD", -1.0))


def _plan_for(account: Account) -> CustomerPlan | None:
    """The plan in force, else the newest draft; archived plans are history."""
    plans = CustomerPlan.objects.filter(account=account).select_related("account__kam")
    active = plans.filter(status=PlanStatus.ACTIVE).first()
    return active or plans.filter(status=PlanStatus.DRAFT).order_by("-created_at", "-id").first()


def action_title(*, campaign: SurveyCampaign, area: AreaScore) -> str:
    """The action with its numbers, so the plan reads on its own."""
    numbers = _("expected %(expected).1f, perceived %(perceived).1f, gap %(gap)+.1f") % {
        "expected": area.expectation or 0.0,
        "perceived": area.perception or 0.0,
        "gap": area.customer_gap or 0.0,
    }
    if area.team_estimate is not None:
        numbers += "; " + _("team estimate %(estimate).1f") % {"estimate": area.team_estimate}
    title = _("Close the %(area)s gap (%(numbers)s) from the survey “%(campaign)s”") % {
        "area": str(SurveyArea(area.key).label).lower(),
        "numbers": numbers,
        "campaign": campaign.name,
    }
    return title if len(title) <= TITLE_MAX else title[: TITLE_MAX - 1] + "…"


def _add_to_plan(
    *, plan: CustomerPlan, actor: User | None, title: str, due_on: date
) -> PlanAction | None:
    owner = plan.account.kam or actor
    acting = actor or owner
    if owner is None or acting is None:
        return None
    try:
        return action_add(
            plan=plan,
            actor=acting,
            data={"title": title, "owner": owner, "due_on": due_on},
        )
    except ValidationError:
        # The KAM cannot own actions on this plan (for instance a plan already archived
        # in between); the proposal is still kept on the survey's results.
        return None


@transaction.atomic
def survey_actions_propose(
    *, campaign: SurveyCampaign, actor: User | None, now: datetime
) -> list[ProposedAction]:
    """For each surveyed account and each area whose customer gap is below the threshold,
    record a proposal and add an action to the account's plan where it has one.

    Proposing twice adds nothing: an area is proposed once per campaign and account.
    """
    threshold = action_threshold()
    due_on = timezone.localdate(now) + timedelta(days=ACTION_DUE_DAYS)
    scores = campaign_scores_by_account(campaign=campaign)
    done = set(ProposedAction.objects.filter(campaign=campaign).values_list("account_id", "area"))
    accounts = Account.objects.select_related("kam").in_bulk(list(scores))
    proposals = []
    for account_id, score in scores.items():
        account = accounts[account_id]
        plan = _plan_for(account)
        for area in areas_below(score, threshold):
            if (account_id, area.key) in done:
                continue
            action = None
            if plan is not None:
                title = action_title(campaign=campaign, area=area)
                action = _add_to_plan(plan=plan, actor=actor, title=title, due_on=due_on)
            proposal = ProposedAction(
                campaign=campaign,
                account=account,
                area=area.key,
                expectation=area.expectation or 0.0,
                perception=area.perception or 0.0,
                customer_gap=area.customer_gap or 0.0,
                team_estimate=area.team_estimate,
                plan_action=action,
                created_at=now,
            )
            proposal.full_clean(exclude=["campaign", "account", "plan_action"])
            proposal.save()
            proposals.append(proposal)
    return proposals
