"""The cost model is kept by admins in Django's admin; saving goes through the service."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from nokkel.agreements.access import can_manage_cost_model
from nokkel.agreements.models import CostRate
from nokkel.agreements.services import cost_rate_delete, cost_rate_save


@admin.register(CostRate)
class CostRateAdmin(admin.ModelAdmin):
    list_display = ("service", "zone", "weight_band", "cost_per_parcel", "updated_at")
    list_filter = ("service", "weight_band")
    search_fields = ("zone",)
    fields = ("service", "zone", "weight_band", "cost_per_parcel")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return can_manage_cost_model(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can_manage_cost_model(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return can_manage_cost_model(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can_manage_cost_model(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can_manage_cost_model(request.user)

    def save_model(self, request: HttpRequest, obj: CostRate, form: Any, change: bool) -> None:
        cost_rate_save(rate=obj, actor=request.user)  # type: ignore[arg-type]

    def delete_model(self, request: HttpRequest, obj: CostRate) -> None:
        cost_rate_delete(rate=obj, actor=request.user)  # type: ignore[arg-type]

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CostRate]) -> None:
        for rate in queryset:
            cost_rate_delete(rate=rate, actor=request.user)  # type: ignore[arg-type]
