"""The health score's settings, read when asked (never at import), with the defaults.

    NOKKEL_HEALTH_WEIGHTS = {"volume": 30, "engagement": 20, "voice": 20,
                             "commercial": 15, "coverage": 15}
    NOKKEL_HEALTH_BANDS = {"green_min": 70, "yellow_min": 40}
    NOKKEL_HEALTH_THRESHOLDS = {"volume_drop_override": 0.30, ...}  # any Thresholds field
    NOKKEL_HEALTH_DIGEST_DAYS = 7

Each may name only the entries it changes; the rest keep their defaults.
"""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any

from django.conf import settings

from nokkel.health.scoring import DEFAULT_WEIGHTS, Bands, Thresholds


def weights() -> dict[str, float]:
    configured: dict[str, Any] = getattr(settings, "NOKKEL_HEALTH_WEIGHTS", {})
    return {**DEFAULT_WEIGHTS, **{key: float(value) for key, value in configured.items()}}


def bands() -> Bands:
    configured: dict[str, Any] = getattr(settings, "NOKKEL_HEALTH_BANDS", {})
    return replace(Bands(), **{key: int(value) for key, value in configured.items()})


def thresholds() -> Thresholds:
    configured: dict[str, Any] = getattr(settings, "NOKKEL_HEALTH_THRESHOLDS", {})
    types = {field.name: type(getattr(Thresholds(), field.name)) for field in fields(Thresholds)}
    return replace(Thresholds(), **{key: types[key](value) for key, value in configured.items()})


def digest_days() -> int:
    return int(getattr(settings, "NOKKEL_HEALTH_DIGEST_DAYS", 7))
