"""Snapshots and acknowledgements, to look at: they are written by the services only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from nokkel.health.models import HealthSnapshot, WarningAcknowledgement


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(HealthSnapshot)
class HealthSnapshotAdmin(ReadOnlyAdmin):
    list_display = ("account", "as_of", "score", "band")
    list_filter = ("band", "as_of")
    search_fields = ("account__name",)
    list_select_related = ("account",)


@admin.register(WarningAcknowledgement)
class WarningAcknowledgementAdmin(ReadOnlyAdmin):
    list_display = ("account", "as_of", "score", "band", "user", "created_at")
    search_fields = ("account__name", "action")
    list_select_related = ("account", "user")
