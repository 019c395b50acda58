"""A prospect asks through the web site: the lead form, its guards, and where a lead lands."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import timezone

from nokkel.accounts.models import Account, AccountStatus, Contact
from nokkel.activities.models import FollowUp
from nokkel.audit.models import AuditAction, AuditEntry
from nokkel.myday.selectors import my_day
from nokkel.pipeline.lead_services import (
    LeadSubmission,
    lead_contact_accept,
    lead_receive,
    lead_rule_create,
)
from nokkel.pipeline.models import Lead, LeadMatch, LeadRouting, Opportunity
from nokkel.timeline.models import EventKind, TimelineEvent
from tests.factories import (
    AccountFactory,
    ContactFactory,
    SegmentFactory,
    TeamMembershipFactory,
    UserFactory,
    valid_org_number,
)

LEAD_URL = "/lead/"


def lead_data(**overrides):
    data = {
        "company": "Sykkelhuset Nett AS",
        "org_number": "",
        "contact_name": "Ingrid Dahl",
        "email": "ingrid@sykkelhuset.no",
        "phone": "+47 912 34 567",
        "parcels_per_month": "2500",
        "services": ["overnight", "return"],
        "message": "Vi vil ha tilbud på levering hjem om natten.",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def stored_counts():
    return (
        Account.objects.count(),
        Contact.objects.count(),
        Opportunity.objects.count(),
        Lead.objects.count(),
        FollowUp.objects.count(),
    )


@pytest.fixture
def kams(kari, ola):
    return kari, ola


def test_a_lead_becomes_a_prospect_with_contact_opportunity_kam_mail_and_follow_up(client, kams):
    kari, _ola = kams

    response = client.post(LEAD_URL, lead_data())

    assert response.status_code == 302
    assert response["Location"] == "/lead/?sent=1"
    lead = Lead.objects.get()
    account = lead.account
    assert account.name == "Sykkelhuset Nett AS"
    assert account.status == AccountStatus.PROSPECT
    assert account.website == "https://sykkelhuset.no"
    assert account.kam == kari  # nobody had a lead yet: the first KAM by id goes first
    assert lead.matched_by == LeadMatch.NEW
    assert lead.routed_by == LeadRouting.ROUND_ROBIN
    contact = account.contacts.get()
    assert (contact.name, contact.email, contact.phone) == (
        "Ingrid Dahl",
        "ingrid@sykkelhuset.no",
        "+4791234567",
    )
    opportunity = account.opportunities.get()
    assert opportunity.phase == "identify"
    assert opportunity.buying_phase == "information_search"
    assert opportunity.kind == "new_customer"
    assert opportunity.owner == kari
    assert opportunity.services == ["overnight", "return"]
    assert opportunity.expected_parcels_per_month == 2500
    assert opportunity.phase_changes.count() == 1
    follow_up = FollowUp.objects.get(account=account)
    assert follow_up.owner == kari
    assert follow_up.status == "open"
    assert follow_up.due_on == timezone.localdate()
    assert follow_up in my_day(user=kari, today=timezone.localdate()).due_today
    assert [m.to for m in mail.outbox] == [[kari.email]]
    assert "Sykkelhuset Nett AS" in mail.outbox[0].subject
    assert f"/pipeline/leads/{lead.pk}/" in mail.outbox[0].body
    assert "natten" in mail.outbox[0].body
    kinds = set(TimelineEvent.objects.filter(account=account).values_list("kind", flat=True))
    assert {
        EventKind.ACCOUNT_CREATED,
        EventKind.LEAD_RECEIVED,
        EventKind.OPPORTUNITY_CREATED,
    } <= kinds
    assert "contact you" in lead.consent_text  # what they agreed to, word for word


def test_leads_go_round_the_kams_in_turn(client, kams):
    _kari, _ola = kams
    client.post(LEAD_URL, lead_data())
    client.post(LEAD_URL, lead_data(company="Bok og Papir AS", email="post@bokogpapir.no"))
    client.post(LEAD_URL, lead_data(company="Hagehjelp AS", email="hei@hagehjelp.no"))

    owners = list(
        Lead.objects.order_by("received_at").values_list("assigned_to__username", flat=True)
    )
    assert owners == ["kari", "ola", "kari"]


def test_a_lead_with_a_known_org_number_lands_on_that_account_and_its_kam(
    client, kams, karis_account
):
    _kari, _ola = kams
    typed = f"NO {karis_account.org_number[:3]} {karis_account.org_number[3:]} MVA"

    client.post(LEAD_URL, lead_data(org_number=typed, email="innkjop@gmail.com"))

    lead = Lead.objects.get()
    assert lead.account == karis_account
    assert lead.matched_by == LeadMatch.ORG_NUMBER
    assert lead.routed_by == LeadRouting.ACCOUNT_KAM
    assert lead.assigned_to == karis_account.kam
    assert Account.objects.count() == 1
    # An existing customer asking again wants more services, from the first phase.
    assert lead.opportunity.kind == "more_services"
    assert lead.opportunity.phase == "identify"
    assert lead.opportunity.owner == karis_account.kam
    # Who asked is kept on the lead for the KAM to review, not added to the account.
    assert not karis_account.contacts.filter(email="innkjop@gmail.com").exists()
    assert lead.contact is None
    assert (lead.contact_name, lead.email, lead.phone) == (
        "Ingrid Dahl",
        "innkjop@gmail.com",
        "+47 912 34 567",
    )
    follow_up = FollowUp.objects.get(account=karis_account)
    assert follow_up.owner == karis_account.kam
    assert follow_up.title == "Review the web lead from Ingrid Dahl at Fjellsport Nettbutikk AS"
    assert "Check that the request is genuine" in mail.outbox[0].body


def test_an_anonymous_lead_never_changes_the_kam_or_the_contacts_of_an_account_it_matches(
    client, kams, ola
):
    gone = UserFactory(username="gone", is_active=False)
    orphan = AccountFactory(name="Foreldreløs AS", kam=gone)
    per = ContactFactory(account=orphan, name="Per Bakken", email="per@foreldrelos.no", phone="")
    before = list(TimelineEvent.objects.filter(account=orphan).values_list("kind", flat=True))

    client.post(
        LEAD_URL,
        lead_data(
            company="Foreldreløs",
            org_number=orphan.org_number,
            contact_name="Noen Andre",
            email="per@foreldrelos.no",
            phone="99999999",
        ),
    )

    orphan.refresh_from_db()
    per.refresh_from_db()
    assert orphan.kam == gone
    assert (per.name, per.phone) == ("Per Bakken", "")
    assert orphan.contacts.count() == 1
    lead = Lead.objects.get()
    assert lead.account == orphan
    assert lead.matched_by == LeadMatch.ORG_NUMBER
    assert lead.contact is None
    # Nobody may take over an account through a public form: the lead waits, unassigned,
    # in the inbox of those who look after the account.
    assert lead.assigned_to is None
    assert lead.routed_by == LeadRouting.NOBODY
    assert lead.opportunity is None
    assert not FollowUp.objects.exists()
    after = list(TimelineEvent.objects.filter(account=orphan).values_list("kind", flat=True))
    assert after == [*before, EventKind.LEAD_RECEIVED]
    assert mail.outbox == []


def test_the_kam_adds_the_sender_of_a_lead_as_a_contact_after_reviewing_it(
    client, kams, karis_account, ola, erik
):
    kari, _ = kams
    client.post(
        LEAD_URL,
        lead_data(org_number=karis_account.org_number, email="innkjop@fjellsport.no"),
    )
    lead = Lead.objects.get()
    url = f"/pipeline/leads/{lead.pk}/add-contact/"

    client.force_login(kari)
    assert "Add as a contact" in client.get(lead.get_absolute_url()).content.decode()
    client.force_login(ola)
    assert client.post(url).status_code == 404
    TeamMembershipFactory(account=karis_account, user=erik)
    client.force_login(erik)
    assert client.post(url).status_code == 403
    assert karis_account.contacts.count() == 0

    client.force_login(kari)
    response = client.post(url)

    assert response.status_code == 302
    lead.refresh_from_db()
    contact = karis_account.contacts.get()
    assert lead.contact == contact
    assert (contact.name, contact.email, contact.phone) == (
        "Ingrid Dahl",
        "innkjop@fjellsport.no",
        "+4791234567",
    )
    assert AuditEntry.objects.get(object_type="accounts.contact").actor == kari
    event = TimelineEvent.objects.get(account=karis_account, kind=EventKind.CONTACT_ADDED)
    assert event.actor == kari
    # Twice is refused, and nothing is added twice.
    client.post(url)
    assert karis_account.contacts.count() == 1


def test_accepting_a_lead_from_a_known_contact_links_that_contact(kams, karis_account, kari):
    per = ContactFactory(account=karis_account, name="Per Bakken", email="per@fjellsport.no")
    lead = lead_receive(
        submission=LeadSubmission(
            company="Fjellsport",
            contact_name="Per B.",
            email="PER@fjellsport.no",
            consent_text="ok",
            org_number=karis_account.org_number,
        ),
        received_at=timezone.now(),
    )

    assert lead_contact_accept(lead=lead, actor=kari) == per
    per.refresh_from_db()
    assert per.name == "Per Bakken"
    assert karis_account.contacts.count() == 1


def test_a_new_prospect_is_made_by_the_accounts_services_with_the_kam_as_actor(client, kams):
    kari, _ola = kams

    client.post(LEAD_URL, lead_data(org_number=f" {valid_org_number(77)} ", phone="912 34 567"))

    lead = Lead.objects.get()
    account = lead.account
    assert account.org_number == valid_org_number(77)
    assert lead.contact.phone == "91234567"
    created = AuditEntry.objects.get(object_type="accounts.account", action=AuditAction.CREATE)
    assert created.actor == kari
    assert AuditEntry.objects.get(object_type="accounts.contact").actor == kari
    # The lead itself records that this came from the public form.
    from_form = AuditEntry.objects.get(object_type="pipeline.lead")
    assert (from_form.actor, from_form.username) == (None, "lead form")
    event = TimelineEvent.objects.get(account=account, kind=EventKind.ACCOUNT_CREATED)
    assert event.actor == kari


def test_a_lead_from_a_colleagues_address_lands_on_the_account_by_e_mail_domain(client, kams, ola):
    fjellsport = AccountFactory(name="Fjellsport AS", kam=ola, org_number=None)
    ContactFactory(account=fjellsport, email="per@fjellsport.no")

    client.post(LEAD_URL, lead_data(company="Fjellsport", email="kari.lager@FJELLSPORT.no"))

    lead = Lead.objects.get()
    assert lead.account == fjellsport
    assert lead.matched_by == LeadMatch.EMAIL_DOMAIN
    assert lead.assigned_to == ola


def test_the_web_site_domain_matches_too_but_free_mail_never_does(client, kams):
    shop = AccountFactory(name="Bokhylla AS", website="https://www.bokhylla.no", org_number=None)
    ContactFactory(account=AccountFactory(name="Someone else"), email="old@gmail.com")

    client.post(LEAD_URL, lead_data(email="hei@bokhylla.no"))
    client.post(LEAD_URL, lead_data(company="Privat Nettbutikk", email="meg@gmail.com"))

    first, second = Lead.objects.order_by("received_at")
    assert first.account == shop
    assert first.matched_by == LeadMatch.EMAIL_DOMAIN
    assert second.matched_by == LeadMatch.NEW
    assert second.account.name == "Privat Nettbutikk"


def test_a_segment_rule_sends_big_leads_to_its_kams(client, kams, ola, admin_user):
    _kari, _ = kams
    storkunder = SegmentFactory(name="Storkunder")
    lead_rule_create(actor=admin_user, segment=storkunder, kams=[ola], min_parcels_per_month=2000)

    client.post(LEAD_URL, lead_data(parcels_per_month="5000"))
    client.post(LEAD_URL, lead_data(company="Liten AS", email="a@liten.no", parcels_per_month="50"))

    big, small = Lead.objects.order_by("received_at")
    assert big.assigned_to == ola
    assert big.routed_by == LeadRouting.RULE
    assert big.account.segment == storkunder
    assert small.routed_by == LeadRouting.ROUND_ROBIN
    assert small.account.segment is None


def test_missing_consent_is_an_error_and_nothing_is_stored(client, kams):
    before = stored_counts()

    response = client.post(LEAD_URL, lead_data(consent=""))

    assert response.status_code == 200
    assert "We can only contact you with your consent." in response.content.decode()
    assert stored_counts() == before
    assert mail.outbox == []


def test_a_bot_filling_the_honeypot_gets_the_thank_you_page_and_nothing_is_stored(client, kams):
    before = stored_counts()

    response = client.post(LEAD_URL, lead_data(website="http://spam.example"), follow=True)

    assert response.status_code == 200
    assert response.redirect_chain == [("/lead/?sent=1", 302)]
    assert "We have received your request" in response.content.decode()
    assert stored_counts() == before
    assert mail.outbox == []


def test_too_many_requests_from_one_address_are_refused(client, kams, settings):
    settings.NOKKEL_LEAD_RATE_LIMIT = 2
    for n in range(2):
        response = client.post(LEAD_URL, lead_data(company=f"Firma {n}", email=f"a@firma{n}.no"))
        assert response.status_code == 302

    response = client.post(LEAD_URL, lead_data(company="Firma 3", email="a@firma3.no"))

    assert response.status_code == 429
    assert Lead.objects.count() == 2
    # Another address is still welcome.
    other = client.post(
        LEAD_URL, lead_data(company="Firma 4", email="a@firma4.no"), REMOTE_ADDR="10.0.0.9"
    )
    assert other.status_code == 302


def test_an_oversized_request_is_refused_unread(client, kams):
    response = client.post(LEAD_URL, lead_data(message="x" * 20_000))
    assert response.status_code == 413
    assert Lead.objects.count() == 0


def test_every_field_is_bounded_and_checked(client, kams):
    response = client.post(
        LEAD_URL,
        lead_data(
            company="x" * 201,
            org_number="123456789",
            email="ikke-en-adresse",
            parcels_per_month="-5",
            services=["teleport"],
        ),
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "check digit" in text
    assert "Enter a valid email address." in text
    assert Lead.objects.count() == 0


def test_the_form_can_be_embedded_and_shows_the_privacy_text(client):
    response = client.get(LEAD_URL + "?embed=1")
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    text = response.content.decode()
    assert 'id="privacy-text"' in text
    assert "non-binding offer" in text
    assert 'name="website"' in text  # the honeypot, hidden from people


def test_the_embed_snippet_is_on_the_lead_inbox_for_sales_managers_only(client, sara, kari):
    client.force_login(sara)
    response = client.get("/pipeline/leads/")
    assert response.status_code == 200
    assert "&lt;iframe src=&quot;http://testserver/lead/?embed=1&quot;" in response.content.decode()

    client.force_login(kari)
    assert client.get("/pipeline/leads/").status_code == 403


def test_the_kam_reads_the_lead_behind_the_door(client, kams, ola):
    kari, _ = kams
    client.post(LEAD_URL, lead_data())
    lead = Lead.objects.get()

    client.force_login(kari)
    response = client.get(f"/pipeline/leads/{lead.pk}/")
    assert response.status_code == 200
    assert "natten" in response.content.decode()
    client.force_login(ola)
    assert client.get(f"/pipeline/leads/{lead.pk}/").status_code == 404


def test_a_rule_can_be_added_and_removed_on_the_inbox(client, sara, segment, ola):
    client.force_login(sara)
    response = client.post(
        "/pipeline/leads/rules/",
        {"segment": segment.pk, "min_parcels_per_month": "100", "kams": [ola.pk]},
    )
    assert response.status_code == 302
    rule = segment.lead_rules.get()
    assert list(rule.kams.all()) == [ola]

    bad = client.post(
        "/pipeline/leads/rules/",
        {"segment": segment.pk, "min_parcels_per_month": "500", "max_parcels_per_month": "10"},
    )
    assert bad.status_code == 400
    assert "The range must end at or above where it starts." in bad.content.decode()

    client.post("/pipeline/leads/rules/remove/", {"rule": rule.pk})
    assert not segment.lead_rules.exists()


def test_an_org_number_of_another_company_does_not_match_by_domain(client, kams, ola):
    group = AccountFactory(name="Konsern AS", kam=ola, website="https://konsern.no")
    org = valid_org_number(9001)

    client.post(
        LEAD_URL, lead_data(company="Konsern Datter AS", org_number=org, email="a@konsern.no")
    )

    lead = Lead.objects.get()
    assert lead.account != group
    assert lead.account.org_number == org


def test_the_link_in_the_kams_e_mail_comes_from_the_configured_address_not_the_request(
    client, kams, settings
):
    settings.NOKKEL_BASE_URL = "https://crm.carrier.example/"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "phishing.example"]

    client.post(LEAD_URL, lead_data(), HTTP_HOST="phishing.example")

    lead = Lead.objects.get()
    body = mail.outbox[0].body
    assert f"https://crm.carrier.example/pipeline/leads/{lead.pk}/" in body
    assert "phishing.example" not in body


def test_only_our_own_site_may_frame_the_form_unless_others_are_named(client, kams, settings):
    settings.NOKKEL_LEAD_FRAME_ANCESTORS = ""
    assert client.get(LEAD_URL)["Content-Security-Policy"] == "frame-ancestors 'self'"
    thanks = client.get(LEAD_URL + "?sent=1&embed=1")
    assert thanks["Content-Security-Policy"] == "frame-ancestors 'self'"

    settings.NOKKEL_LEAD_FRAME_ANCESTORS = "  https://www.carrier.no   https://shop.carrier.no "
    response = client.post(LEAD_URL, lead_data(consent=""))
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == (
        "frame-ancestors 'self' https://www.carrier.no https://shop.carrier.no"
    )


def test_a_lead_no_rule_fitted_is_in_every_sales_managers_and_admins_inbox(
    client, kams, sara, admin_user, segment
):
    other_manager = UserFactory(username="mona", role="sales_manager")
    other_manager.managed_segments.add(SegmentFactory(name="Storkunder"))
    elsewhere = AccountFactory(name="Annet Segment AS", segment=SegmentFactory(name="Offentlig"))
    client.post(LEAD_URL, lead_data())  # no rules: a prospect without a segment
    client.post(
        LEAD_URL, lead_data(company="Annet", org_number=elsewhere.org_number, email="a@annet.no")
    )
    unsegmented = Lead.objects.get(account__segment__isnull=True)
    assert unsegmented.account.segment is None

    for manager in (sara, other_manager, admin_user):
        client.force_login(manager)
        page = client.get("/pipeline/leads/").content.decode()
        assert "Sykkelhuset Nett AS" in page, manager
        assert client.get(unsegmented.get_absolute_url()).status_code == 200
    # A sales manager sees the lead, not the account: no link to a page that would 404.
    client.force_login(sara)
    page = client.get("/pipeline/leads/").content.decode()
    assert unsegmented.account.get_absolute_url() not in page
    assert "Annet Segment AS" not in page  # another segment's lead stays with its managers
    client.force_login(admin_user)
    page = client.get("/pipeline/leads/").content.decode()
    assert unsegmented.account.get_absolute_url() in page
    assert "Annet Segment AS" in page
