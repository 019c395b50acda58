"""A prospect asks through the web site: the lead form, its guards, and where a lead lands."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import timezone

from nokkel.accounts.models import Account, AccountStatus, Contact
from nokkel.activities.models import FollowUp
from nokkel.myday.selectors import my_day
from nokkel.pipeline.lead_services import lead_rule_create
from nokkel.pipeline.models import Lead, LeadMatch, LeadRouting, Opportunity
from nokkel.timeline.models import EventKind, TimelineEvent
from tests.factories import AccountFactory, ContactFactory, SegmentFactory, valid_org_number

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
    # An existing customer asking again wants more services.
    assert lead.opportunity.kind == "more_services"
    assert karis_account.contacts.filter(email="innkjop@gmail.com").exists()


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
