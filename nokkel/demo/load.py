"""Write the planned demo portfolio through the account services, or clear it away.

Everything goes through nokkel.accounts.services with the demo admin as actor, so the
timeline and the audit log fill up exactly as they would from real use.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from nokkel.accounts.models import Account, AccountStatus, Contact, Segment, TeamMembership
from nokkel.accounts.services import account_create, account_update, contact_create, team_member_add
from nokkel.audit.models import AuditEntry
from nokkel.demo.activity import demo_activity_load, demo_plans_load
from nokkel.demo.business import demo_business_load
from nokkel.demo.health_history import demo_health_history_load
from nokkel.demo.load_shipments import demo_shipments_load
from nokkel.demo.portfolio import (
    DEMO_PASSWORD,
    DEMO_USERNAMES,
    DEMO_USERS,
    SEGMENTS,
    DemoUser,
    plan_portfolio,
)
from nokkel.pipeline.models import Lead, LeadRule
from nokkel.shipments.models import ShipmentImport
from nokkel.surveys.demo import survey_demo_load
from nokkel.surveys.models import SurveyCampaign
from nokkel.timeline.models import TimelineEvent
from nokkel.users.models import User


@dataclass(frozen=True)
class DemoCounts:
    users: int
    segments: int
    accounts: int
    customers: int
    prospects: int
    former_customers: int
    key_accounts: int
    contacts: int
    memberships: int
    timeline_events: int
    audit_entries: int
    per_kam: dict[str, int]

    @classmethod
    def now(cls) -> DemoCounts:
        accounts = Account.objects.all()
        return cls(
            users=User.objects.filter(username__in=DEMO_USERNAMES).count(),
            segments=Segment.objects.count(),
            accounts=accounts.count(),
            customers=accounts.filter(status=AccountStatus.CUSTOMER).count(),
            prospects=accounts.filter(status=AccountStatus.PROSPECT).count(),
            former_customers=accounts.filter(status=AccountStatus.FORMER).count(),
            key_accounts=accounts.filter(is_key_account=True).count(),
            contacts=Contact.objects.count(),
            memberships=TeamMembership.objects.count(),
            timeline_events=TimelineEvent.objects.count(),
            audit_entries=AuditEntry.objects.count(),
            per_kam={
                user.username: accounts.filter(kam=user).count()
                for user in User.objects.filter(role="kam", username__in=DEMO_USERNAMES)
            },
        )


def _user_save(spec: DemoUser) -> User:
    # An existing user by a demo name (say a dev's own "admin") is taken over, so the
    # printed logins are true after every load.
    user = User.objects.filter(username=spec.username).first() or User(username=spec.username)
    user.first_name = spec.first_name
    user.last_name = spec.last_name
    user.email = f"{spec.username}@carrier.example"
    user.role = spec.role
    user.department = spec.department
    user.is_active = True
    user.is_staff = spec.is_superuser
    user.is_superuser = spec.is_superuser
    if spec.can_log_in:
        user.set_password(DEMO_PASSWORD)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    return user


def _segments_save(managers: list[User]) -> dict[str, Segment]:
    segments = {}
    for name, description in SEGMENTS:
        segment, _created = Segment.objects.get_or_create(
            name=name, defaults={"description": description}
        )
        segment.sales_managers.add(*managers)
        segments[name] = segment
    return segments


@transaction.atomic
def demo_load(*, seed: int | None = None, today: date | None = None) -> DemoCounts:
    """Load the demo portfolio: all of it, or (on any error) none of it.

    The shipment history covers the 24 whole months before `today` (default: today).
    """
    today = today or timezone.localdate()
    plans = plan_portfolio() if seed is None else plan_portfolio(seed)
    users = {spec.username: _user_save(spec) for spec in DEMO_USERS}
    actor = users["admin"]
    segments = _segments_save([user for user in users.values() if user.role == "sales_manager"])

    accounts: list[Account] = []
    former: set[int] = set()
    for plan in plans:
        data = {
            **plan.account_data(),
            "segment": segments[plan.segment],
            "kam": users[plan.kam],
            # A former customer was a customer first; its status change is on the timeline.
            "status": AccountStatus.CUSTOMER if plan.status == "former" else plan.status,
        }
        account = account_create(actor=actor, data=data)
        accounts.append(account)
        if plan.status == "former":
            # Dated when the shipments stop, below.
            former.add(account.pk)
        if plan.deputy:
            team_member_add(account=account, actor=actor, user=users[plan.deputy], role="deputy")
        for username, role, since in plan.team:
            team_member_add(
                account=account, actor=actor, user=users[username], role=role, started_on=since
            )
        for contact in plan.contacts:
            contact_create(account=account, actor=actor, data=asdict(contact))
    # Groups are joined once every account exists, as a later change on the member.
    for plan, account in zip(plans, accounts, strict=True):
        if plan.parent is not None:
            account_update(account=account, actor=actor, data={"parent": accounts[plan.parent]})
    shipments = demo_shipments_load(actor=actor, accounts=accounts, former=former, today=today)
    current = list(Account.objects.select_related("kam").filter(pk__in=[a.pk for a in accounts]))
    demo_activity_load(
        accounts=current,
        lost=shipments.lost,
        left_on=shipments.left_on,
        first_month=shipments.first_month,
        today=today,
    )
    demo_plans_load(accounts=current, left_on=shipments.left_on, today=today)
    survey_demo_load(today=today)
    # The business side, then the health history, which reads all of the above.
    demo_business_load(
        accounts=current, lost=shipments.lost, left_on=shipments.left_on, today=today
    )
    demo_health_history_load(today=today)
    return DemoCounts.now()


@transaction.atomic
def demo_clear() -> None:
    """Delete every account (with its contacts, teams and timeline), the audit log,
    the segments and the demo users. Other users are left alone."""
    # Bulk updates and deletes on purpose: this is demolition, not a change to record,
    # and groups must be undone first because a parent is protected from deletion.
    Account.objects.exclude(parent=None).update(parent=None)
    SurveyCampaign.objects.all().delete()
    Lead.objects.all().delete()
    LeadRule.objects.all().delete()
    Account.objects.all().delete()
    ShipmentImport.objects.all().delete()
    AuditEntry.objects.all().delete()
    Segment.objects.all().delete()
    User.objects.filter(username__in=DEMO_USERNAMES).delete()
