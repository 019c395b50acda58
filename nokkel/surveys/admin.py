"""Admins edit the statement set here. A version a campaign has used is frozen: copy it
into a new version, edit that, and publish it; new campaigns take the newest published."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from nokkel.surveys.models import Questionnaire, Statement
from nokkel.surveys.questionnaires import questionnaire_copy, questionnaire_publish


class StatementInline(admin.TabularInline):
    model = Statement
    extra = 0
    fields = ("position", "area", "text_en", "text_nb")
    ordering = ("position", "id")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not (obj is not None and obj.is_frozen) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not (obj is not None and obj.is_frozen) and super().has_change_permission(
            request, obj
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not (obj is not None and obj.is_frozen) and super().has_delete_permission(
            request, obj
        )


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    list_display = ("version", "note", "is_published", "created_at")
    readonly_fields = ("version", "is_published", "created_at")
    fields = ("version", "note", "is_published", "created_at")
    inlines = [StatementInline]
    actions = ["copy_as_new_version", "publish"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # new versions are copies, so each starts from a complete set

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not (obj is not None and obj.is_frozen) and super().has_delete_permission(
            request, obj
        )

    @admin.action(description=_("Copy as a new version to edit"))
    def copy_as_new_version(self, request: HttpRequest, queryset: QuerySet[Questionnaire]) -> None:
        for questionnaire in queryset:
            copy = questionnaire_copy(questionnaire=questionnaire, actor=request.user)  # type: ignore[arg-type]
            self.message_user(request, _("Created %(copy)s.") % {"copy": copy})

    @admin.action(description=_("Publish: new surveys use the newest published version"))
    def publish(self, request: HttpRequest, queryset: QuerySet[Questionnaire]) -> None:
        for questionnaire in queryset:
            try:
                questionnaire_publish(questionnaire=questionnaire, actor=request.user)  # type: ignore[arg-type]
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
