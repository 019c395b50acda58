"""Mapping the unknown customers that shipment files name: aliases and new prospects."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from nokkel.accounts.models import Account, AccountStatus
from nokkel.accounts.services import account_create
from nokkel.audit.models import AuditAction
from nokkel.audit.services import audit_record
from nokkel.core.orgnr import normalize_org_number
from nokkel.shipments.models import CustomerAlias, IdentifierKind
from nokkel.shipments.selectors import identifier_owner
from nokkel.users.models import User


def identifier_value_clean(kind: str, value: str) -> str:
    """The identifier as stored: trimmed; an organisation number without spaces or NO/MVA."""
    if kind not in IdentifierKind.values:
        raise ValidationError({"kind": _("Unknown identifier kind “%s”.") % kind})
    cleaned = value.strip()
    if kind == IdentifierKind.ORG_NUMBER:
        cleaned = normalize_org_number(cleaned)
    if not cleaned:
        raise ValidationError({"value": _("Give the customer number or organisation number.")})
    return cleaned


def customer_alias_check(*, kind: str, value: str, account: Account) -> CustomerAlias | None:
    """Check a new mapping; the existing alias when it is there for this account already.

    Raises ValidationError when the identifier is an account's own number, or is
    mapped to another account.
    """
    owner = identifier_owner(kind=kind, value=value)
    if owner is not None:
        raise ValidationError(
            {
                "value": _("%(value)s already belongs to the account %(account)s.")
                % {"value": value, "account": owner}
            }
        )
    existing = CustomerAlias.objects.filter(kind=kind, value=value).select_related("account")
    alias = existing.first()
    if alias is not None and alias.account_id != account.pk:
        raise ValidationError(
            {
                "value": _("%(value)s is mapped to the account %(account)s already.")
                % {"value": value, "account": alias.account}
            }
        )
    return alias


@transaction.atomic
def customer_alias_create(
    *, actor: User | None, kind: str, value: str, account: Account
) -> CustomerAlias:
    """Map a customer number or organisation number from shipment files to an account.

    The next import of a file naming it stores its figures on the account. Idempotent
    for the same account; ValidationError as customer_alias_check says.
    """
    value = identifier_value_clean(kind, value)
    existing = customer_alias_check(kind=kind, value=value, account=account)
    if existing is not None:
        return existing
    alias = CustomerAlias(kind=kind, value=value, account=account, created_by=actor)
    alias.full_clean()
    alias.save()
    audit_record(action=AuditAction.CREATE, actor=actor, obj=alias)
    return alias


@transaction.atomic
def shipment_prospect_create(
    *, actor: User, kind: str, value: str, name: str, data: Mapping[str, Any] | None = None
) -> Account:
    """Create a prospect for a customer that shipment files name but Nøkkel does not know.

    The identifier becomes the account's own customer or organisation number, so the
    next import of the file finds it. `data` holds further account fields.
    """
    value = identifier_value_clean(kind, value)
    field_name = "customer_number" if kind == IdentifierKind.CUSTOMER_NUMBER else "org_number"
    values = {"status": AccountStatus.PROSPECT, **(data or {}), "name": name, field_name: value}
    return account_create(actor=actor, data=values)
