"""The statement set: the current version, and the admin's copy and publish.

A version a campaign has used is never changed, so every campaign keeps the statements
it was sent with; changing the set means copying it into a new version and publishing it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from nokkel.audit.models import AuditAction
from nokkel.audit.services import audit_changes, audit_record
from nokkel.surveys.defaults import DEFAULT_NOTE, DEFAULT_STATEMENTS
from nokkel.surveys.models import Questionnaire, Statement
from nokkel.users.models import User


@transaction.atomic
def questionnaire_current() -> Questionnaire:
    """The newest published version; the default set is seeded as one when there is none."""
    current = Questionnaire.objects.filter(is_published=True).order_by("-version").first()
    if current is not None:
        return current
    top = Questionnaire.objects.aggregate(top=Max("version"))["top"] or 0
    questionnaire = Questionnaire.objects.create(
        version=top + 1, note=DEFAULT_NOTE, is_published=True
    )
    Statement.objects.bulk_create(
        Statement(questionnaire=questionnaire, area=area, position=i, text_en=en, text_nb=nb)
        for i, (area, en, nb) in enumerate(DEFAULT_STATEMENTS, start=1)
    )
    return questionnaire


@transaction.atomic
def questionnaire_copy(*, questionnaire: Questionnaire, actor: User | None) -> Questionnaire:
    """A new, unpublished version with the same statements, for an admin to edit."""
    top = Questionnaire.objects.aggregate(top=Max("version"))["top"] or 0
    copy = Questionnaire.objects.create(
        version=top + 1,
        note=_("Copied from version %(version)s") % {"version": questionnaire.version},
    )
    Statement.objects.bulk_create(
        Statement(
            questionnaire=copy,
            area=s.area,
            position=s.position,
            text_en=s.text_en,
            text_nb=s.text_nb,
        )
        for s in questionnaire.statements.all()
    )
    audit_record(action=AuditAction.CREATE, actor=actor, obj=copy)
    return copy


@transaction.atomic
def questionnaire_publish(*, questionnaire: Questionnaire, actor: User | None) -> Questionnaire:
    """New campaigns use this version from now on (the newest published one wins)."""
    if not questionnaire.statements.exists():
        raise ValidationError(_("A version without statements cannot be published."))
    if not questionnaire.is_published:
        questionnaire.is_published = True
        questionnaire.save(update_fields=["is_published"])
        audit_changes(actor=actor, obj=questionnaire, changes=[("is_published", False, True)])
    return questionnaire
