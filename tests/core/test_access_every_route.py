"""The one door, checked over every route that takes an object id.

Walks the URL configuration, so a route added later is covered without anyone
remembering: a route whose id kwarg is not known here fails the test until it is
added to OBJECT_KWARGS.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from nokkel.activities.services import follow_up_create, interaction_log
from nokkel.agreements.contract_services import contract_create
from nokkel.mailcapture.models import TriageMessage
from nokkel.needs.services import needs_analysis_record
from nokkel.pipeline.lead_services import LeadSubmission, lead_receive
from nokkel.shipments.models import ShipmentImport
from tests.agreements.conftest import make_offer
from tests.factories import AccountFactory, ContactFactory, TeamMembershipFactory
from tests.pipeline.factories import competitor, make_opportunity
from tests.plans.factories import CustomerPlanFactory, ObjectiveFactory, PlanActionFactory
from tests.surveys.helpers import sent_campaign

# Namespaces whose id routes are not account-scoped or have their own gate:
# Django's admin is for staff only and answers a login redirect to everyone else.
EXCLUDED_NAMESPACES = {"admin"}

# Public routes where an unguessable token is the credential (no login): holding the
# token is the permission by design, so they are checked apart, below. A new token
# route must be added here on purpose.
PUBLIC_TOKEN_ROUTES = {
    "calendar_feed:feed",
    "surveys-public:respond",
    "surveys-api:survey-response",
}


@dataclass
class World:
    kari: Any  # a KAM who owns the account-scoped objects
    sara: Any  # a sales manager who owns the imports
    account: Any
    contact: Any
    membership: Any
    shipment_import: Any
    plan: Any
    objective: Any
    action: Any
    triage_message: Any
    interaction: Any
    follow_up: Any
    opportunity: Any
    lead: Any
    competitor: Any
    campaign: Any
    needs_analysis: Any
    offer: Any
    contract: Any


# kwarg -> (the object's id, who may see it); another KAM must get 404 on each.
OBJECT_KWARGS: dict[str, tuple[Callable[[World], int], Callable[[World], Any]]] = {
    "account_id": (lambda w: w.account.pk, lambda w: w.kari),
    "contact_id": (lambda w: w.contact.pk, lambda w: w.kari),
    "membership_id": (lambda w: w.membership.pk, lambda w: w.kari),
    "import_id": (lambda w: w.shipment_import.pk, lambda w: w.sara),
    "message_id": (lambda w: w.triage_message.pk, lambda w: w.kari),
    "plan_id": (lambda w: w.plan.pk, lambda w: w.kari),
    "objective_id": (lambda w: w.objective.pk, lambda w: w.kari),
    "action_id": (lambda w: w.action.pk, lambda w: w.kari),
    "interaction_id": (lambda w: w.interaction.pk, lambda w: w.kari),
    "follow_up_id": (lambda w: w.follow_up.pk, lambda w: w.kari),
    "opportunity_id": (lambda w: w.opportunity.pk, lambda w: w.kari),
    "lead_id": (lambda w: w.lead.pk, lambda w: w.sara),
    "competitor_id": (lambda w: w.competitor.pk, lambda w: w.sara),
    "campaign_id": (lambda w: w.campaign.pk, lambda w: w.kari),
    "needs_analysis_id": (lambda w: w.needs_analysis.pk, lambda w: w.kari),
    "offer_id": (lambda w: w.offer.pk, lambda w: w.kari),
    "contract_id": (lambda w: w.contract.pk, lambda w: w.kari),
}


def _walk(resolvers: list[Any], namespace: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            yield namespace, entry


def _pattern_kwargs(pattern: URLPattern) -> set[str]:
    return set(pattern.pattern.regex.groupindex)


def _routes() -> list[tuple[str, set[str]]]:
    routes = []
    for namespace, pattern in _walk(get_resolver().url_patterns):
        if namespace.rstrip(":").split(":")[0] in EXCLUDED_NAMESPACES:
            continue
        kwargs = _pattern_kwargs(pattern)
        if kwargs:
            routes.append((f"{namespace}{pattern.name}" if pattern.name else "", kwargs))
    return routes


def id_routes() -> list[tuple[str, set[str]]]:
    return [(name, kwargs) for name, kwargs in _routes() if name not in PUBLIC_TOKEN_ROUTES]


def test_public_token_routes_are_known_and_answer_404_to_a_made_up_token(client, db):
    token_routes = {name for name, kwargs in _routes() if "token" in kwargs}
    assert token_routes == PUBLIC_TOKEN_ROUTES
    for name in PUBLIC_TOKEN_ROUTES:
        url = reverse(name, kwargs={"token": "made-up-token-that-nobody-was-given"})
        assert client.get(url).status_code == 404, name


def test_the_walk_finds_the_routes_we_know_take_ids():
    names = {name for name, _ in id_routes()}
    assert {
        "accounts:account-detail",
        "accounts:contact-edit",
        "accounts:team-member-remove",
    } <= names
    urls = {reverse(name, kwargs=dict.fromkeys(kwargs, 1)) for name, kwargs in id_routes() if name}
    assert {"/api/v1/accounts/1/", "/api/v1/contacts/1/", "/api/v1/accounts/1/team/"} <= urls


def test_every_id_route_is_named_and_its_ids_are_known():
    unnamed = [kwargs for name, kwargs in id_routes() if not name]
    assert not unnamed, f"id routes without a name cannot be checked: {unnamed}"
    unknown = {
        name: kwargs - OBJECT_KWARGS.keys()
        for name, kwargs in id_routes()
        if kwargs - OBJECT_KWARGS.keys()
    }
    assert not unknown, f"add these kwargs to OBJECT_KWARGS: {unknown}"


@pytest.fixture
def world(kari, sara, erik, segment, tmp_path):
    account = AccountFactory(kam=kari, segment=segment, confidential_note="Secret terms")
    plan = CustomerPlanFactory(account=account)
    contact = ContactFactory(account=account)
    rejected_rows = tmp_path / "rejected.csv"
    rejected_rows.write_text("linje;kolonne;verdi;grunn\n")
    return World(
        kari=kari,
        sara=sara,
        account=account,
        contact=contact,
        membership=TeamMembershipFactory(account=account, user=erik),
        shipment_import=ShipmentImport.objects.create(
            file_name="januar.csv",
            checksum="0" * 64,
            uploaded_by=sara,
            status="succeeded",
            rejected_rows_path=str(rejected_rows),
        ),
        triage_message=TriageMessage.objects.create(
            user=kari, message_id="<triage@shop.example>", received_at=timezone.now()
        ),
        plan=plan,
        objective=ObjectiveFactory(plan=plan, owner=kari),
        action=PlanActionFactory(plan=plan, owner=kari),
        interaction=interaction_log(
            account=account, author=kari, kind="phone", happened_at=timezone.now(), summary="x"
        ),
        follow_up=follow_up_create(
            account=account, actor=kari, title="Ring", due_on=timezone.localdate()
        ),
        opportunity=make_opportunity(account=account),
        lead=lead_receive(
            submission=LeadSubmission(
                company=account.name,
                contact_name="Per Bakken",
                email="per@shop.example",
                consent_text="ok",
                org_number=account.org_number,
            ),
            received_at=timezone.now(),
        ),
        competitor=competitor("PostNord"),
        campaign=sent_campaign(actor=kari, accounts=[account], contacts=[contact]),
        needs_analysis=needs_analysis_record(
            account=account,
            actor=kari,
            recorded_on=timezone.localdate(),
            data={},
            volumes={"overnight": 1000},
        ),
        offer=make_offer(account, kari),
        contract=contract_create(
            account=account,
            actor=kari,
            data={
                "title": "Rammeavtale 2026–2027",
                "start_on": date(2026, 1, 1),
                "end_on": date(2027, 12, 31),
                "notice_months": 3,
            },
            document=SimpleUploadedFile("signert.pdf", b"%PDF-1.4 signert"),
        ),
    )


METHODS = ("get", "post", "put", "patch", "delete")


def _call(client: Any, method: str, url: str, headers: dict[str, str]) -> int:
    return getattr(client, method)(
        url, headers=headers, content_type="application/json"
    ).status_code


@pytest.mark.django_db
def test_another_kam_gets_404_on_every_id_route(client, ola, world):
    routes = id_routes()
    assert routes
    token = Token.objects.create(user=ola).key
    failures = []
    for name, kwargs in routes:
        url = reverse(name, kwargs={k: OBJECT_KWARGS[k][0](world) for k in kwargs})
        owners = {OBJECT_KWARGS[k][1](world) for k in kwargs}
        is_api = url.startswith("/api/")
        client.force_login(ola)
        headers = {"authorization": f"Token {token}"} if is_api else {}
        statuses = {m: _call(client, m, url, headers) for m in METHODS}
        if any(s not in (404, 405) for s in statuses.values()) or 404 not in statuses.values():
            failures.append((name, url, statuses))
        # The control: the owner reaches the same object, so the 404 is the door, not a typo.
        for owner in owners:
            client.force_login(owner)
            if _call(client, "get", url, {}) == 404 and _call(client, "post", url, {}) == 404:
                failures.append((name, url, f"{owner.username} gets 404 too"))
    assert not failures, failures
