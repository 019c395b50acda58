"""Turns a timeline event into a sentence in the reader's language.

Events store codes and names; the sentence is made when read, so it follows the
reader's language, not the writer's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from nokkel.timeline.models import EventKind, TimelineEvent


def _label(choices: Any, code: str | None) -> str:
    if not code:
        return _("nobody")
    return str(dict(choices).get(code, code))


def _status(data: dict[str, Any]) -> str:
    from nokkel.accounts.models import AccountStatus

    return _("Status changed from %(old)s to %(new)s.") % {
        "old": _label(AccountStatus.choices, data.get("old")),
        "new": _label(AccountStatus.choices, data.get("new")),
    }


def _person_change(template: str) -> Callable[[dict[str, Any]], str]:
    def describe(data: dict[str, Any]) -> str:
        return template % {
            "old": data.get("old") or _("nobody"),
            "new": data.get("new") or _("nobody"),
        }

    return describe


def _team(template: str) -> Callable[[dict[str, Any]], str]:
    def describe(data: dict[str, Any]) -> str:
        from nokkel.accounts.models import TeamRole

        return template % {
            "user": data.get("user", ""),
            "role": _label(TeamRole.choices, data.get("role")),
        }

    return describe


def _field_label(code: str) -> str:
    from django.core.exceptions import FieldDoesNotExist

    from nokkel.accounts.models import Account

    try:
        return str(getattr(Account._meta.get_field(code), "verbose_name", code))
    except FieldDoesNotExist:  # a field since removed: show its code
        return code


def _fields(data: dict[str, Any]) -> str:
    fields = [_field_label(code) for code in data.get("fields") or []]
    return _("Changed: %(fields)s.") % {"fields": ", ".join(fields)}


def _key_account(data: dict[str, Any]) -> str:
    return _("Marked as key account.") if data.get("new") else _("No longer a key account.")


def _contact(template: str) -> Callable[[dict[str, Any]], str]:
    def describe(data: dict[str, Any]) -> str:
        return template % {"name": data.get("name", ""), "left_on": data.get("left_on", "")}

    return describe


def _handover(data: dict[str, Any]) -> str:
    text = _("Handed over from %(old)s to %(new)s.") % {
        "old": data.get("old_kam") or _("nobody"),
        "new": data.get("new_kam") or _("nobody"),
    }
    if data.get("note"):
        text += " " + str(data["note"])
    return text


_DESCRIBERS: dict[str, Callable[[dict[str, Any]], str]] = {
    EventKind.ACCOUNT_CREATED: lambda data: _("Account created."),
    EventKind.ACCOUNT_UPDATED: _fields,
    EventKind.STATUS_CHANGED: _status,
    EventKind.KAM_CHANGED: lambda d: _person_change(_("KAM changed from %(old)s to %(new)s."))(d),
    EventKind.DEPUTY_CHANGED: lambda d: _person_change(
        _("Deputy changed from %(old)s to %(new)s.")
    )(d),
    EventKind.KEY_ACCOUNT_CHANGED: _key_account,
    EventKind.TEAM_MEMBER_ADDED: lambda d: _team(_("%(user)s joined the team as %(role)s."))(d),
    EventKind.TEAM_MEMBER_REMOVED: lambda d: _team(_("%(user)s left the team (%(role)s)."))(d),
    EventKind.CONTACT_ADDED: lambda d: _contact(_("Contact %(name)s added."))(d),
    EventKind.CONTACT_UPDATED: lambda d: _contact(_("Contact %(name)s changed."))(d),
    EventKind.CONTACT_LEFT: lambda d: _contact(_("%(name)s left the company (%(left_on)s)."))(d),
    EventKind.HANDOVER: _handover,
}


def register_describer(kind: str, describer: Callable[[dict[str, Any]], str]) -> None:
    """Later apps add their own event kinds here (from AppConfig.ready)."""
    _DESCRIBERS[kind] = describer


def describe_event(event: TimelineEvent) -> str:
    describer = _DESCRIBERS.get(event.kind)
    if describer is None:
        return event.get_kind_display()
    return describer(event.data)
