from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # The public pages count requests in the cache; each test starts with clean counters.
    cache.clear()
    yield
    cache.clear()
