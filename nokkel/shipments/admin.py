"""Shipment imports and figures in Django's admin: for looking, not for changing.

Figures change only by importing a file (the import service); aliases are added
through the alias service, so the admin stays free of business rules.
"""

from typing import Any

from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest

from nokkel.shipments.models import CustomerAlias, ShipmentImport, ShipmentMonth
from nokkel.shipments.services import (
    customer_alias_check,
    customer_alias_create,
    identifier_value_clean,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(ShipmentImport)
class ShipmentImportAdmin(ReadOnlyAdmin):
    list_display = ("id", "file_name", "status", "progress", "uploaded_by", "created_at")
    list_filter = ("status",)
    search_fields = ("file_name", "checksum")
    date_hierarchy = "created_at"


@admin.register(ShipmentMonth)
class ShipmentMonthAdmin(ReadOnlyAdmin):
    list_display = ("account", "month", "service", "zone", "parcels", "revenue", "cost")
    list_filter = ("service", "month")
    search_fields = ("account__name", "zone")
    list_select_related = ("account",)
    raw_id_fields = ("account", "shipment_import")

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class CustomerAliasForm(ModelForm):
    class Meta:
        model = CustomerAlias
        fields = ("kind", "value", "account")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind, value, account = (cleaned.get(f) for f in ("kind", "value", "account"))
        if kind and value and account:
            cleaned["value"] = identifier_value_clean(kind, value)
            customer_alias_check(kind=kind, value=cleaned["value"], account=account)
        return cleaned


@admin.register(CustomerAlias)
class CustomerAliasAdmin(admin.ModelAdmin):
    form = CustomerAliasForm
    list_display = ("kind", "value", "account", "created_by", "created_at")
    list_filter = ("kind",)
    search_fields = ("value", "account__name")
    raw_id_fields = ("account",)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # an alias is removed and added again, never edited

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        alias = customer_alias_create(
            actor=request.user,  # type: ignore[arg-type]
            kind=form.cleaned_data["kind"],
            value=form.cleaned_data["value"],
            account=form.cleaned_data["account"],
        )
        obj.pk = alias.pk
