"""Services change state, validate, and write the timeline and audit log themselves."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from nokkel.accounts import services
from nokkel.accounts.models import Account, Contact, TeamMembership
from nokkel.audit.models import AuditEntry
from nokkel.timeline.models import AppendOnlyError, TimelineEvent
from tests.factories import AccountFactory, ContactFactory, TeamMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def kinds(account):
    return list(
        TimelineEvent.objects.filter(account=account).order_by("id").values_list("kind", flat=True)
    )


def test_creating_an_account_records_it_on_the_timeline_and_audit_log(kari, segment):
    account = services.account_create(
        actor=kari, data={"name": " Bokhuset AS ", "org_number": "923 609 016", "segment": segment}
    )
    assert account.name == "Bokhuset AS"
    assert account.org_number == "923609016"
    assert account.kam == kari  # a KAM creating an account becomes its KAM
    assert kinds(account) == ["account_created"]
    assert AuditEntry.objects.filter(action="create", object_id=str(account.pk)).exists()


def test_an_invalid_org_number_is_refused_and_nothing_is_saved(kari):
    with pytest.raises(ValidationError) as error:
        services.account_create(actor=kari, data={"name": "Feil AS", "org_number": "123456789"})
    assert "org_number" in error.value.message_dict
    assert not Account.objects.exists()
    assert not TimelineEvent.objects.exists()


def test_a_duplicate_org_number_is_refused(kari, karis_account):
    with pytest.raises(ValidationError) as error:
        services.account_create(
            actor=kari, data={"name": "Kopi AS", "org_number": karis_account.org_number}
        )
    assert "org_number" in error.value.message_dict


def test_blank_org_and_customer_numbers_do_not_clash(kari):
    services.account_create(
        actor=kari, data={"name": "A AS", "org_number": "", "customer_number": ""}
    )
    services.account_create(
        actor=kari, data={"name": "B AS", "org_number": "", "customer_number": " "}
    )
    assert (
        Account.objects.filter(org_number__isnull=True, customer_number__isnull=True).count() == 2
    )


def test_only_changed_fields_are_recorded(kari, ola, karis_account):
    services.account_update(
        account=karis_account,
        actor=kari,
        data={"name": karis_account.name, "city": "Bergen", "status": "former", "deputy": ola},
    )
    assert kinds(karis_account) == ["status_changed", "deputy_changed", "account_updated"]
    changed = set(AuditEntry.objects.filter(action="update").values_list("field", flat=True))
    assert changed == {"city", "status", "deputy"}
    event = TimelineEvent.objects.get(account=karis_account, kind="deputy_changed")
    assert event.data == {"old": "", "new": "Ola Hansen"}


def test_the_confidential_note_is_audited_without_its_text(kari, karis_account):
    services.account_update(
        account=karis_account, actor=kari, data={"confidential_note": "Hemmelig"}
    )
    entry = AuditEntry.objects.get(field="confidential_note")
    assert "Hemmelig" not in entry.new_value


def test_the_deputy_cannot_be_the_kam(kari, karis_account):
    with pytest.raises(ValidationError) as error:
        services.account_update(account=karis_account, actor=kari, data={"deputy": kari})
    assert "deputy" in error.value.message_dict
    karis_account.refresh_from_db()
    assert karis_account.deputy is None


def test_a_group_cannot_contain_itself(kari, karis_account):
    child = AccountFactory(kam=kari, parent=karis_account)
    with pytest.raises(ValidationError):
        services.account_update(account=karis_account, actor=kari, data={"parent": child})


def test_a_stale_edit_is_refused(kari, karis_account):
    services.account_update(account=karis_account, actor=kari, data={"city": "Oslo"})
    with pytest.raises(services.StaleEditError):
        services.account_update(
            account=karis_account, actor=kari, data={"city": "Bergen"}, expected_version=1
        )
    karis_account.refresh_from_db()
    assert karis_account.city == "Oslo"
    assert karis_account.version == 2


def test_a_contact_leaving_is_dated_and_on_the_timeline(kari, karis_account):
    contact = ContactFactory(account=karis_account, name="Per Bakken")
    services.contact_update(
        contact=contact, actor=kari, data={"active": False}, today=date(2026, 3, 1)
    )
    contact.refresh_from_db()
    assert contact.left_on == date(2026, 3, 1)
    event = TimelineEvent.objects.get(account=karis_account, kind="contact_left")
    assert event.data == {"name": "Per Bakken", "left_on": "2026-03-01"}


def test_unknown_relationship_forms_are_refused(kari, karis_account):
    with pytest.raises(ValidationError):
        services.contact_create(
            account=karis_account,
            actor=kari,
            data={"name": "X", "relationship_forms": ["telepathic"]},
        )
    assert not Contact.objects.exists()


def test_team_members_are_ended_not_deleted(kari, erik, karis_account):
    membership = services.team_member_add(
        account=karis_account, actor=kari, user=erik, role="operations"
    )
    assert isinstance(membership, TeamMembership)
    assert Account.objects.visible_to(erik).filter(pk=karis_account.pk).exists()
    services.team_member_remove(membership=membership, actor=kari, ended_on=date(2026, 5, 1))
    membership.refresh_from_db()
    assert membership.ended_on == date(2026, 5, 1)
    assert not Account.objects.visible_to(erik).filter(pk=karis_account.pk).exists()
    assert kinds(karis_account)[-2:] == ["team_member_added", "team_member_removed"]


def test_the_same_person_cannot_be_on_the_team_twice(kari, erik, karis_account):
    services.team_member_add(account=karis_account, actor=kari, user=erik, role="operations")
    with pytest.raises(ValidationError):
        services.team_member_add(account=karis_account, actor=kari, user=erik, role="finance")


def test_the_deputy_role_assigns_the_deputy(kari, ola, karis_account):
    services.team_member_add(account=karis_account, actor=kari, user=ola, role="deputy")
    karis_account.refresh_from_db()
    assert karis_account.deputy == ola
    assert Account.objects.visible_to(ola).filter(pk=karis_account.pk).exists()


def test_a_portfolio_moves_to_another_kam_in_one_step(sara, kari, ola, segment):
    nora = UserFactory(username="nora", role="kam")
    karis = AccountFactory.create_batch(3, kam=kari, segment=segment)
    deputy_for = AccountFactory(kam=nora, deputy=kari, segment=segment)
    ola_is_kam_kari_deputy = AccountFactory(kam=ola, deputy=kari, segment=segment)
    moved = services.portfolio_handover(actor=sara, from_user=kari, to_kam=ola, note="Kari slutter")
    assert len(moved) == 5
    assert Account.objects.filter(kam=kari).count() == 0
    assert Account.objects.filter(deputy=kari).count() == 0
    deputy_for.refresh_from_db()
    ola_is_kam_kari_deputy.refresh_from_db()
    assert deputy_for.deputy == ola
    assert ola_is_kam_kari_deputy.deputy is None
    for account in karis:
        event = TimelineEvent.objects.get(account=account, kind="handover")
        assert event.data["old_kam"] == "Kari Nordmann"
        assert event.data["new_kam"] == "Ola Hansen"
        assert event.data["note"] == "Kari slutter"


def test_handing_over_to_the_current_deputy_clears_the_deputy_seat(sara, kari, ola, segment):
    account = AccountFactory(kam=kari, deputy=ola, segment=segment)
    services.account_handover(account=account, actor=sara, new_kam=ola)
    account.refresh_from_db()
    assert (account.kam, account.deputy) == (ola, None)


def test_timeline_events_are_append_only(kari, karis_account):
    services.account_update(account=karis_account, actor=kari, data={"city": "Oslo"})
    event = TimelineEvent.objects.filter(account=karis_account).first()
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()


def test_who_sees_what(kari, ola, sara, erik, admin_user, segment):
    other_segment = AccountFactory(kam=ola).segment
    karis = AccountFactory(kam=kari, segment=segment)
    deputised = AccountFactory(kam=ola, deputy=kari, segment=other_segment)
    on_team = AccountFactory(kam=ola, segment=other_segment)
    TeamMembershipFactory(account=on_team, user=kari)
    hidden = AccountFactory(kam=ola, segment=other_segment)
    visible = set(Account.objects.visible_to(kari))
    assert {karis, deputised, on_team} <= visible
    assert hidden not in visible
    assert karis in set(Account.objects.visible_to(sara))  # sales manager of the segment
    assert hidden not in set(Account.objects.visible_to(sara))
    assert Account.objects.visible_to(admin_user).count() == Account.objects.count()
    assert not Account.objects.visible_to(erik).exists()


def test_a_sales_manager_hands_over_only_their_own_segments(sara, kari, ola, segment):
    from tests.factories import SegmentFactory

    mine = AccountFactory(kam=kari, segment=segment)
    theirs = AccountFactory(kam=kari, segment=SegmentFactory(name="Annet"))
    moved = services.portfolio_handover(actor=sara, from_user=kari, to_kam=ola)
    assert [a.pk for a in moved] == [mine.pk]
    theirs.refresh_from_db()
    assert theirs.kam == kari
