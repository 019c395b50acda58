"""Reads of shipment imports and of the customer identifiers shipment files use.

Imports are not account-scoped: a file holds many customers. Who may see an import is
decided here, once: the person who uploaded it, sales managers and administrators.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from typing import Any

from django.db.models import QuerySet

from nokkel.accounts.access import is_usable
from nokkel.accounts.models import Account
from nokkel.shipments.models import CustomerAlias, IdentifierKind, ImportStatus, ShipmentImport

IN_CHUNK = 500  # stays under every database's limit on query parameters


def may_import_shipments(user: Any) -> bool:
    """Shipment files change every account's figures: sales managers and admins only."""
    return is_usable(user) and (user.is_admin or user.is_sales_manager)


def shipment_import_list(*, user: Any) -> QuerySet[ShipmentImport]:
    """Imports the user may see: their own uploads, or all for sales managers and admins."""
    imports = ShipmentImport.objects.select_related("uploaded_by")
    if user is None or not user.is_authenticated or not user.is_active:
        return imports.none()
    if user.is_admin or user.is_sales_manager:
        return imports.all()
    return imports.filter(uploaded_by=user)


def shipment_imports_visible_to(user: Any) -> QuerySet[ShipmentImport]:
    """The same as shipment_import_list, for pages that filter further."""
    return shipment_import_list(user=user)


def shipment_import_get(*, user: Any, import_id: int) -> ShipmentImport:
    """One import the user may see; ShipmentImport.DoesNotExist (a 404) otherwise."""
    return shipment_import_list(user=user).get(pk=import_id)


def shipment_import_duplicate_of(*, shipment_import: ShipmentImport) -> ShipmentImport | None:
    """The earlier import this one repeats: the same bytes, stored completely.

    Only a succeeded, real (not dry) run whose customers were all known counts: after
    a rejection, or after unknown customers were mapped, the same file must run again.
    """
    earlier = ShipmentImport.objects.filter(
        checksum=shipment_import.checksum, status=ImportStatus.SUCCEEDED
    ).exclude(pk=shipment_import.pk)
    for candidate in earlier.order_by("created_at", "pk"):
        if candidate.options.get("dry_run"):
            continue
        if candidate.counts.get("unknown_customers", 0):
            continue
        return candidate
    return None


def _chunks(values: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(values), IN_CHUNK):
        yield values[start : start + IN_CHUNK]


def customer_identifiers_resolve(
    *, customer_numbers: Collection[str], org_numbers: Collection[str]
) -> dict[tuple[str, str], int]:
    """(identifier kind, value) -> account id, for the identifiers that are known.

    An account's own customer or organisation number wins over an alias of it.
    """
    found: dict[tuple[str, str], int] = {}
    wanted = (
        (IdentifierKind.CUSTOMER_NUMBER, "customer_number", sorted(set(customer_numbers))),
        (IdentifierKind.ORG_NUMBER, "org_number", sorted(set(org_numbers))),
    )
    for kind, field, values in wanted:
        for chunk in _chunks(values):
            aliases = CustomerAlias.objects.filter(kind=kind, value__in=chunk)
            for value, account_id in aliases.values_list("value", "account_id"):
                found[(kind.value, value)] = account_id
            accounts = Account.objects.filter(**{f"{field}__in": chunk})
            for value, account_id in accounts.values_list(field, "pk"):
                found[(kind.value, value)] = account_id
    return found


def identifier_owner(*, kind: str, value: str) -> Account | None:
    """The account whose own customer or organisation number this is, if any."""
    field = "customer_number" if kind == IdentifierKind.CUSTOMER_NUMBER else "org_number"
    return Account.objects.filter(**{field: value}).first()
