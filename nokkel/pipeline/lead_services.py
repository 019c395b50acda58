"""Web leads: receive one (account, contact, opportunity, KAM, follow-up), notify the KAM,
and keep the routing rules. Each change is atomic and writes the timeline itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from nokkel.accounts.models import Account, AccountStatus, Contact, Segment
from nokkel.activities.services import follow_up_create
from nokkel.audit.models import AuditAction
from nokkel.audit.services import audit_record
from nokkel.core.orgnr import normalize_org_number
from nokkel.core.validators import normalize_phone
from nokkel.pipeline import phases, routing
from nokkel.pipeline.models import Lead, LeadMatch, LeadRouting, LeadRule, OpportunityKind
from nokkel.pipeline.services import opportunity_create
from nokkel.shipments.models import Service
from nokkel.timeline.models import EventKind
from nokkel.timeline.services import timeline_record
from nokkel.users.models import Role, User

# Written in the audit log where a person would be named.
LEAD_FORM_ACTOR = "lead form"


@dataclass(frozen=True)
class LeadSubmission:
    """What the form or the API received, already checked for shape and size."""

    company: str
    contact_name: str
    email: str
    consent_text: str
    org_number: str = ""
    phone: str = ""
    parcels_per_month: int | None = None
    services: tuple[str, ...] = ()
    message: str = ""


@dataclass(frozen=True)
class _Match:
    account: Account | None
    matched_by: str


def _match_account(org_number: str, email: str) -> _Match:
    """An account with this organisation number; else one whose contacts write from, or
    whose web site is at, the e-mail's company domain (never a free-mail domain). With an
    organisation number given, only accounts without one can match by domain: a domain
    can be shared by companies of one group."""
    if org_number:
        account = Account.objects.filter(org_number=org_number).first()
        if account is not None:
            return _Match(account, LeadMatch.ORG_NUMBER)
    domain = routing.email_domain(email)
    if domain:
        candidates = Account.objects.filter(
            Q(contacts__email__iendswith=f"@{domain}") | Q(website__icontains=domain)
        )
        if org_number:
            candidates = candidates.filter(org_number__isnull=True)
        for account in candidates.distinct().order_by("pk")[:20]:
            by_contact = account.contacts.filter(email__iendswith=f"@{domain}").exists()
            if by_contact or routing.website_domain(account.website) == domain:
                return _Match(account, LeadMatch.EMAIL_DOMAIN)
    return _Match(None, LeadMatch.NEW)


def _rules() -> list[routing.Rule]:
    return [
        routing.Rule(
            id=rule.pk,
            segment_id=rule.segment_id,
            min_parcels=rule.min_parcels_per_month,
            max_parcels=rule.max_parcels_per_month,
            service=rule.service,
            kam_ids=tuple(kam.pk for kam in rule.kams.all() if kam.is_active),
        )
        for rule in LeadRule.objects.prefetch_related("kams").order_by("position", "pk")
    ]


def _in_turn(candidate_ids: Sequence[int]) -> User | None:
    last = dict(
        Lead.objects.filter(assigned_to__in=candidate_ids)
        .values("assigned_to")
        .annotate(last=Max("received_at"))
        .values_list("assigned_to", "last")
    )
    chosen = routing.next_in_turn(candidate_ids, last)
    return None if chosen is None else User.objects.get(pk=chosen)


def _everyone_who_can_take_leads() -> list[int]:
    """Active KAMs; where there are none, sales managers; then admins."""
    for roles in ([Role.KAM], [Role.SALES_MANAGER], [Role.ADMIN]):
        ids = list(User.objects.filter(is_active=True, role__in=roles).values_list("pk", flat=True))
        if ids:
            return ids
    return []


def _route(account: Account | None, submission: LeadSubmission) -> tuple[User, str, Segment | None]:
    if account is not None and account.kam is not None and account.kam.is_active:
        return account.kam, LeadRouting.ACCOUNT_KAM, None
    rule = routing.choose_rule(_rules(), submission.parcels_per_month, submission.services)
    segment = None if rule is None else Segment.objects.get(pk=rule.segment_id)
    kam = _in_turn(rule.kam_ids) if rule is not None and rule.kam_ids else None
    if kam is not None:
        return kam, LeadRouting.RULE, segment
    kam = _in_turn(_everyone_who_can_take_leads())
    if kam is None:
        raise ValidationError(_("Nobody can take leads yet: add a KAM first."))
    return kam, LeadRouting.ROUND_ROBIN, segment


def _prospect_create(
    submission: LeadSubmission, *, kam: User, segment: Segment | None, at: datetime
) -> Account:
    domain = routing.email_domain(submission.email)
    account = Account(
        name=submission.company.strip(),
        org_number=submission.org_number or None,
        status=AccountStatus.PROSPECT,
        segment=segment,
        website=f"https://{domain}" if domain else "",
        kam=kam,
    )
    account.full_clean()
    account.save()
    timeline_record(
        account=account,
        kind=EventKind.ACCOUNT_CREATED,
        actor=None,
        happened_at=at,
        data={"source": "lead"},
    )
    audit_record(action=AuditAction.CREATE, actor=None, obj=account, username=LEAD_FORM_ACTOR)
    return account


def _give_kam(account: Account, *, kam: User, segment: Segment | None, at: datetime) -> None:
    """An existing account without an active KAM gets the routed one (and the rule's
    segment when it has none), so the KAM can see the account the lead landed on."""
    if account.kam_id == kam.pk:
        return
    old = account.kam
    account.kam = kam
    fields = ["kam", "updated_at"]
    if account.segment_id is None and segment is not None:
        account.segment = segment
        fields.append("segment")
    account.full_clean()
    account.save(update_fields=fields)
    timeline_record(
        account=account,
        kind=EventKind.KAM_CHANGED,
        actor=None,
        happened_at=at,
        data={"old": str(old or ""), "new": kam.get_full_name() or kam.get_username()},
    )
    audit_record(
        action=AuditAction.UPDATE,
        actor=None,
        obj=account,
        field="kam",
        old=old,
        new=kam,
        username=LEAD_FORM_ACTOR,
    )


def _contact_for(account: Account, submission: LeadSubmission, *, at: datetime) -> Contact:
    existing = account.contacts.filter(email__iexact=submission.email.strip()).first()
    if existing is not None:
        return existing
    contact = Contact(
        account=account,
        name=submission.contact_name.strip(),
        email=submission.email.strip(),
        phone=normalize_phone(submission.phone) if submission.phone else "",
    )
    contact.full_clean()
    contact.save()
    timeline_record(
        account=account,
        kind=EventKind.CONTACT_ADDED,
        actor=None,
        happened_at=at,
        data={"name": contact.name},
    )
    audit_record(action=AuditAction.CREATE, actor=None, obj=contact, username=LEAD_FORM_ACTOR)
    return contact


def _check(submission: LeadSubmission) -> LeadSubmission:
    errors: dict[str, str] = {}
    if not submission.consent_text.strip():
        errors["consent"] = _("We can only contact you with your consent.")
    unknown = set(submission.services) - set(Service.values)
    if unknown:
        errors["services"] = _("Unknown service: %(codes)s.") % {
            "codes": ", ".join(sorted(unknown))
        }
    if errors:
        raise ValidationError(errors)
    org_number = normalize_org_number(submission.org_number) if submission.org_number else ""
    return replace(submission, org_number=org_number, services=tuple(submission.services))


@transaction.atomic
def lead_receive(*, submission: LeadSubmission, received_at: datetime) -> Lead:
    """Record a web lead: match or create the prospect account, add the contact, open an
    opportunity in the first phase with the customer searching for information, assign a
    KAM (the account's own, else by rule, else in turn) and put a follow-up due the same
    day on the KAM's list. All or nothing; no consent, no record. The e-mail to the KAM
    is sent afterwards by lead_notify."""
    submission = _check(submission)
    match = _match_account(submission.org_number, submission.email)
    kam, routed_by, segment = _route(match.account, submission)
    if match.account is None:
        account = _prospect_create(submission, kam=kam, segment=segment, at=received_at)
    else:
        account = match.account
        _give_kam(account, kam=kam, segment=segment, at=received_at)
    contact = _contact_for(account, submission, at=received_at)
    is_customer = account.status == AccountStatus.CUSTOMER
    opportunity = opportunity_create(
        account=account,
        actor=None,
        created_at=received_at,
        buying_phase=phases.INFORMATION_SEARCH,
        data={
            "title": _("Web lead: %(company)s") % {"company": submission.company.strip()},
            "kind": OpportunityKind.MORE_SERVICES if is_customer else OpportunityKind.NEW_CUSTOMER,
            "services": list(submission.services),
            "expected_parcels_per_month": submission.parcels_per_month,
            "owner": kam,
        },
    )
    lead = Lead(
        received_at=received_at,
        company=submission.company.strip(),
        org_number=submission.org_number,
        contact_name=submission.contact_name.strip(),
        email=submission.email.strip(),
        phone=submission.phone.strip(),
        parcels_per_month=submission.parcels_per_month,
        services=list(submission.services),
        message=submission.message.strip(),
        consent_text=submission.consent_text,
        account=account,
        contact=contact,
        opportunity=opportunity,
        matched_by=match.matched_by,
        assigned_to=kam,
        routed_by=routed_by,
    )
    lead.full_clean()
    lead.save()
    follow_up_create(
        account=account,
        actor=kam,
        owner=kam,
        title=_("Contact the new lead %(name)s at %(company)s")
        % {"name": contact.name, "company": account.name},
        due_on=timezone.localdate(received_at),
    )
    timeline_record(
        account=account,
        kind=EventKind.LEAD_RECEIVED,
        actor=None,
        happened_at=received_at,
        data={
            "lead": lead.pk,
            "contact": contact.name,
            "matched_by": match.matched_by,
            "assigned_to": kam.get_full_name() or kam.get_username(),
        },
    )
    return lead


def lead_notify(*, lead: Lead, base_url: str) -> bool:
    """E-mail the assigned KAM about a lead; False when there is nobody to tell."""
    kam = lead.assigned_to
    if kam is None or not kam.email:
        return False
    link = base_url.rstrip("/") + reverse("pipeline:lead-detail", kwargs={"lead_id": lead.pk})
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("New lead: %(company)s") % {"company": lead.company}
        lines = [
            _("A prospect asked to be contacted through the web site, and it is yours."),
            "",
            _("Company: %(value)s") % {"value": lead.company},
            _("Contact: %(name)s, %(email)s %(phone)s")
            % {"name": lead.contact_name, "email": lead.email, "phone": lead.phone},
            _("Parcels per month: %(value)s") % {"value": lead.parcels_per_month or "–"},
            _("Services: %(value)s")
            % {"value": ", ".join(str(Service(s).label) for s in lead.services) or "–"},
            "",
            lead.message,
            "",
            _("A follow-up is on your list for today: %(link)s") % {"link": link},
        ]
    send_mail(subject, "\n".join(lines), None, [kam.email])
    return True


@transaction.atomic
def lead_rule_create(
    *,
    actor: User,
    segment: Segment,
    kams: Sequence[User] = (),
    min_parcels_per_month: int | None = None,
    max_parcels_per_month: int | None = None,
    service: str = "",
    position: int | None = None,
) -> LeadRule:
    """Add a routing rule, last in order unless a position is given."""
    if service and service not in Service.values:
        raise ValidationError({"service": _("Unknown service: %(codes)s.") % {"codes": service}})
    if position is None:
        position = (LeadRule.objects.aggregate(last=Max("position"))["last"] or 0) + 10
    rule = LeadRule(
        segment=segment,
        min_parcels_per_month=min_parcels_per_month,
        max_parcels_per_month=max_parcels_per_month,
        service=service,
        position=position,
    )
    rule.full_clean()
    rule.save()
    rule.kams.set(kams)
    audit_record(action=AuditAction.CREATE, actor=actor, obj=rule)
    return rule


@transaction.atomic
def lead_rule_delete(*, actor: User, rule: LeadRule) -> None:
    audit_record(action=AuditAction.DELETE, actor=actor, obj=rule)
    rule.delete()
