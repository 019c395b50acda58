"""Web leads: receive one (a new prospect, or a request to review on an existing account),
notify the KAM, accept the sender as a contact, and keep the routing rules. Each change
is atomic and writes the timeline itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from nokkel.accounts.models import Account, AccountStatus, Contact, Segment
from nokkel.accounts.services import account_create, contact_create, person_name
from nokkel.activities.services import follow_up_create
from nokkel.audit.models import AuditAction
from nokkel.audit.services import audit_record
from nokkel.core.orgnr import normalize_org_number
from nokkel.pipeline import phases, routing
from nokkel.pipeline.access import can_accept_lead_contact
from nokkel.pipeline.models import (
    Lead,
    LeadMatch,
    LeadRouting,
    LeadRule,
    Opportunity,
    OpportunityKind,
)
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


def _route(submission: LeadSubmission) -> tuple[User, str, Segment | None]:
    """Who gets a lead for a new prospect: by rule, else in turn."""
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
    submission: LeadSubmission, *, kam: User, segment: Segment | None
) -> tuple[Account, Contact]:
    """The new prospect and its contact, through the accounts' services. Nobody is logged
    in on the public form, so the routed KAM is their actor: the timeline and the audit
    log name the KAM, and the lead's own audit entry says it came from the web form."""
    domain = routing.email_domain(submission.email)
    account = account_create(
        actor=kam,
        data={
            "name": submission.company,
            "org_number": submission.org_number,
            "status": AccountStatus.PROSPECT,
            "segment": segment,
            "website": f"https://{domain}" if domain else "",
            "kam": kam,
        },
    )
    contact = contact_create(
        account=account,
        actor=kam,
        data={
            "name": submission.contact_name,
            "email": submission.email,
            "phone": submission.phone,
        },
    )
    return account, contact


def _active_kam(account: Account) -> User | None:
    return account.kam if account.kam is not None and account.kam.is_active else None


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
    """Record a web lead; all or nothing, and no consent, no record.

    A lead for a new prospect creates the prospect account and its contact, with a KAM
    by rule, else in turn. The form is public, so a lead that matches an existing
    account (by organisation number or e-mail domain) changes nothing on it: not its
    KAM, not its contacts. The submitted details stay on the lead, for the account's
    KAM to review and, if they are right, accept with lead_contact_accept. A matched
    account without an active KAM gets a lead assigned to nobody, which its sales
    managers (or, without a segment, every sales manager) find in the lead inbox.

    Whoever gets the lead owns an opportunity in the first phase, with the customer
    searching for information, and a follow-up due the same day. The e-mail to them
    is sent afterwards by lead_notify."""
    submission = _check(submission)
    match = _match_account(submission.org_number, submission.email)
    contact: Contact | None
    kam: User | None
    if match.account is None:
        kam, routed_by, segment = _route(submission)
        account, contact = _prospect_create(submission, kam=kam, segment=segment)
        to_do = _("Contact the new lead %(name)s at %(company)s")
    else:
        account, contact = match.account, None
        kam = _active_kam(account)
        routed_by = LeadRouting.ACCOUNT_KAM if kam is not None else LeadRouting.NOBODY
        to_do = _("Review the web lead from %(name)s at %(company)s")
    contact_name = submission.contact_name.strip()
    lead = Lead(
        received_at=received_at,
        company=submission.company.strip(),
        org_number=submission.org_number,
        contact_name=contact_name,
        email=submission.email.strip(),
        phone=submission.phone.strip(),
        parcels_per_month=submission.parcels_per_month,
        services=list(submission.services),
        message=submission.message.strip(),
        consent_text=submission.consent_text,
        account=account,
        contact=contact,
        matched_by=match.matched_by,
        assigned_to=kam,
        routed_by=routed_by,
    )
    if kam is not None:
        lead.opportunity = _inquiry(lead, owner=kam)
        follow_up_create(
            account=account,
            actor=kam,
            owner=kam,
            title=to_do % {"name": contact_name, "company": account.name},
            due_on=timezone.localdate(received_at),
        )
    lead.full_clean()
    lead.save()
    timeline_record(
        account=account,
        kind=EventKind.LEAD_RECEIVED,
        actor=None,
        happened_at=received_at,
        data={
            "lead": lead.pk,
            "contact": contact_name,
            "matched_by": match.matched_by,
            "assigned_to": person_name(kam),
        },
    )
    audit_record(action=AuditAction.CREATE, actor=None, obj=lead, username=LEAD_FORM_ACTOR)
    return lead


def _inquiry(lead: Lead, *, owner: User) -> Opportunity:
    """The opportunity a lead opens, in the first phase: more services for a customer."""
    is_customer = lead.account.status == AccountStatus.CUSTOMER
    return opportunity_create(
        account=lead.account,
        actor=None,
        created_at=lead.received_at,
        buying_phase=phases.INFORMATION_SEARCH,
        data={
            "title": _("Web lead: %(company)s") % {"company": lead.company},
            "kind": OpportunityKind.MORE_SERVICES if is_customer else OpportunityKind.NEW_CUSTOMER,
            "services": lead.services,
            "expected_parcels_per_month": lead.parcels_per_month,
            "owner": owner,
        },
    )


@transaction.atomic
def lead_contact_accept(*, lead: Lead, actor: User) -> Contact:
    """Make the person who sent a lead a contact of its account, once someone who may
    change the account has checked the lead is genuine. A contact with the same e-mail
    address already on the account is linked instead of added twice."""
    locked = Lead.objects.select_for_update(of=("self",)).select_related("account").get(pk=lead.pk)
    if not can_accept_lead_contact(actor, locked):
        raise PermissionDenied
    if locked.contact_id is not None:
        raise ValidationError(_("The person who sent this lead is already a contact."))
    contact = locked.account.contacts.filter(email__iexact=locked.email).first()
    if contact is None:
        contact = contact_create(
            account=locked.account,
            actor=actor,
            data={"name": locked.contact_name, "email": locked.email, "phone": locked.phone},
        )
    locked.contact = contact
    locked.save(update_fields=["contact"])
    audit_record(action=AuditAction.UPDATE, actor=actor, obj=locked, field="contact", new=contact)
    return contact


def lead_notify(*, lead: Lead) -> bool:
    """E-mail the assigned KAM about a lead; False when there is nobody to tell.

    The link starts with NOKKEL_BASE_URL, never with the address the form was posted
    to: anyone can post the form with a Host header of their choosing."""
    kam = lead.assigned_to
    if kam is None or not kam.email:
        return False
    base_url = str(settings.NOKKEL_BASE_URL)
    link = base_url.rstrip("/") + reverse("pipeline:lead-detail", kwargs={"lead_id": lead.pk})
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("New lead: %(company)s") % {"company": lead.company}
        if lead.matched_by == LeadMatch.NEW:
            about = _("A prospect asked to be contacted through the web site, and it is yours.")
        else:
            about = _(
                "Someone asked through the web site on behalf of %(account)s, an account "
                "of yours. Check that the request is genuine before you add the sender "
                "as a contact."
            ) % {"account": lead.account.name}
        lines = [
            about,
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
