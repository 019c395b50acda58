"""Reads of accounts, contacts and teams; all through the access door."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from nokkel.accounts.models import Account, Contact, Segment, TeamMembership, TeamRole
from nokkel.users.models import User

ACCOUNT_SORTS = {
    "name": ("name", "id"),
    "-name": ("-name", "-id"),
    "status": ("status", "name", "id"),
    "-status": ("-status", "name", "id"),
    "kam": ("kam__username", "name", "id"),
    "-kam": ("-kam__username", "name", "id"),
    "segment": ("segment__name", "name", "id"),
    "-segment": ("-segment__name", "name", "id"),
    "updated": ("updated_at", "id"),
    "-updated": ("-updated_at", "-id"),
    "key": ("-is_key_account", "name", "id"),
    "revenue": ("-classification__revenue_12m", "name", "id"),
}
DEFAULT_ACCOUNT_SORT = "key"


def account_list(
    *,
    user: User,
    search: str = "",
    segment_id: int | None = None,
    kam_id: int | None = None,
    status: str = "",
    key_account: bool | None = None,
    abc_class: str = "",
    sort: str = DEFAULT_ACCOUNT_SORT,
) -> QuerySet[Account]:
    """Accounts the user may see, filtered; key accounts first unless another sort is asked.

    The ABC class is the portfolio app's stored classification (one row per account).
    """
    qs = Account.objects.visible_to(user).select_related(
        "kam", "deputy", "segment", "classification"
    )
    search = search.strip()
    if search:
        digits = "".join(ch for ch in search if ch.isdigit())
        condition = Q(name__icontains=search) | Q(customer_number__iexact=search)
        if digits and len(digits) >= 3:
            condition |= Q(org_number__startswith=digits) | Q(customer_number__startswith=digits)
        qs = qs.filter(condition)
    if segment_id:
        qs = qs.filter(segment_id=segment_id)
    if kam_id:
        qs = qs.filter(kam_id=kam_id)
    if status:
        qs = qs.filter(status=status)
    if key_account is not None:
        qs = qs.filter(is_key_account=key_account)
    if abc_class == "none":
        qs = qs.filter(Q(classification__isnull=True) | Q(classification__abc_class=""))
    elif abc_class:
        qs = qs.filter(classification__abc_class=abc_class)
    return qs.order_by(*ACCOUNT_SORTS.get(sort, ACCOUNT_SORTS[DEFAULT_ACCOUNT_SORT]))


def account_get(*, user: User, account_id: int) -> Account:
    """One visible account; Account.DoesNotExist (a 404 at the edge) when it is hidden."""
    return (
        Account.objects.visible_to(user)
        .select_related("kam", "deputy", "segment", "parent")
        .get(pk=account_id)
    )


def contact_list(*, user: User, account: Account | None = None) -> QuerySet[Contact]:
    qs = Contact.objects.visible_to(user).select_related("account")
    if account is not None:
        qs = qs.filter(account=account)
    return qs


def contact_get(*, user: User, contact_id: int) -> Contact:
    return Contact.objects.visible_to(user).select_related("account").get(pk=contact_id)


@dataclass(frozen=True)
class TeamSeat:
    """One person on the account team, KAM and deputy included."""

    user: User
    role: str
    role_label: str
    membership_id: int | None


def account_team(*, user: User, account: Account) -> list[TeamSeat]:
    """KAM, deputy, then the current members, for an account the caller may see."""
    seats: list[TeamSeat] = []
    if account.kam is not None:
        seats.append(TeamSeat(account.kam, TeamRole.KAM, str(TeamRole.KAM.label), None))
    if account.deputy is not None:
        seats.append(TeamSeat(account.deputy, TeamRole.DEPUTY, str(TeamRole.DEPUTY.label), None))
    memberships = (
        TeamMembership.objects.visible_to(user)
        .filter(account=account, ended_on__isnull=True)
        .select_related("user")
        .order_by("role", "user__username")
    )
    seats.extend(TeamSeat(m.user, m.role, m.get_role_display(), m.pk) for m in memberships)
    return seats


def membership_get(*, user: User, membership_id: int) -> TeamMembership:
    return (
        TeamMembership.objects.visible_to(user)
        .select_related("account", "user")
        .get(pk=membership_id, ended_on__isnull=True)
    )


def is_team_member(*, user: User, account: Account) -> bool:
    return TeamMembership.objects.filter(account=account, user=user, ended_on__isnull=True).exists()


def segment_list() -> QuerySet[Segment]:
    return Segment.objects.order_by("name")


def assignable_users() -> QuerySet[User]:
    """People who can hold a KAM, deputy or team seat."""
    return User.objects.filter(is_active=True).exclude(role="read_only").order_by("username")


def kam_choices() -> QuerySet[User]:
    return User.objects.filter(is_active=True, role__in=["kam", "sales_manager", "admin"]).order_by(
        "username"
    )


def duplicate_account_message(
    *, user: User, field: str, value: str | None, exclude_pk: int | None
) -> str | None:
    """A message naming the account that already holds this org or customer number.

    The other account is named only when the user may see it, so the check leaks nothing.
    """
    if not value:
        return None
    others = Account.objects.filter(**{field: value})
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    other = others.first()
    if other is None:
        return None
    label = _("organisation number") if field == "org_number" else _("customer number")
    if Account.objects.visible_to(user).filter(pk=other.pk).exists():
        return _("The %(label)s %(value)s is already used by the account “%(name)s”.") % {
            "label": label,
            "value": value,
            "name": other.name,
        }
    return _("The %(label)s %(value)s is already used by another account.") % {
        "label": label,
        "value": value,
    }
