from __future__ import annotations

import pytest

from nokkel.users.models import Role
from tests.factories import AccountFactory, ContactFactory, SegmentFactory, UserFactory


@pytest.fixture
def segment(db):
    return SegmentFactory(name="Netthandel")


@pytest.fixture
def kari(db):
    return UserFactory(username="kari", first_name="Kari", last_name="Nordmann", role=Role.KAM)


@pytest.fixture
def ola(db):
    return UserFactory(username="ola", first_name="Ola", last_name="Hansen", role=Role.KAM)


@pytest.fixture
def sara(db, segment):
    user = UserFactory(
        username="sara", first_name="Sara", last_name="Berg", role=Role.SALES_MANAGER
    )
    segment.sales_managers.add(user)
    return user


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", role=Role.ADMIN, is_staff=True, is_superuser=True)


@pytest.fixture
def erik(db):
    return UserFactory(username="erik", first_name="Erik", last_name="Lie", role=Role.TEAM_MEMBER)


@pytest.fixture
def karis_account(kari, segment):
    return AccountFactory(name="Fjellsport Nettbutikk AS", kam=kari, segment=segment)


@pytest.fixture
def karis_contact(karis_account):
    return ContactFactory(account=karis_account, name="Per Bakken")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the cache; each test starts with none."""
    from django.core.cache import cache

    cache.clear()
