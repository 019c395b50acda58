"""Reading one part of a whole portfolio's facts on the second core."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from django.db import connection, connections

T = TypeVar("T")


def _closing(function: Callable[..., T], kwargs: dict[str, Any]) -> T:
    try:
        return function(**kwargs)
    finally:
        connections.close_all()  # this thread's own connections


def alongside(function: Callable[..., T], *, large: bool, **kwargs: Any) -> Callable[[], T]:
    """Start `function(**kwargs)` and return a way to wait for its result.

    A large batch outside a transaction is read in a thread of its own, on a connection of
    its own, while the caller reads the rest: the database works without holding Python's
    lock, so both cores are busy. Inside a transaction (the tests, a service writing what
    it reads) another connection would not see uncommitted rows, so it runs here and now.
    """
    if large and not connection.in_atomic_block:
        executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="health-facts")
        future = executor.submit(_closing, function, kwargs)
        executor.shutdown(wait=False)
        return future.result
    result = function(**kwargs)
    return lambda: result
