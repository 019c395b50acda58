from __future__ import annotations

import pytest

from nokkel.mailcapture.selectors import drop_address_email
from nokkel.mailcapture.services import drop_address_get_or_create
from tests.factories import AccountFactory, ContactFactory


@pytest.fixture(autouse=True)
def _drop_mailbox(settings):
    settings.NOKKEL_MAIL_DROP_ADDRESS = "crm@carrier.example"


@pytest.fixture
def karis_drop_address(kari):
    return drop_address_email(drop=drop_address_get_or_create(user=kari))


@pytest.fixture
def per(karis_account):
    """A contact on Kari's account, written in capitals in the CRM."""
    return ContactFactory(account=karis_account, name="Per Bakken", email="Per@Fjellsport.example")


@pytest.fixture
def olas_account(ola, segment):
    return AccountFactory(name="Havbruk Logistikk AS", kam=ola, segment=segment)
