"""Health scoring: pure functions over plain, dated facts. Nothing of Django, no clock.

One function per component (volume, engagement, voice of the customer, commercial, team
coverage) returns a ComponentScore with a reason as (code, params); `health_score` adds
them up with the weights, shares the weight of left-out components among the rest and
applies the overrides that force red. The reasons become sentences at the edge
(nokkel.health.reasons), so this package has no translations either.
"""

from nokkel.health.scoring.backtest import (
    AccountHistory,
    BacktestReport,
    LostAccount,
    MonthPoint,
    backtest_report,
)
from nokkel.health.scoring.commercial import notice_override, score_commercial
from nokkel.health.scoring.coverage import score_coverage
from nokkel.health.scoring.engagement import (
    key_person_override,
    no_contact_override,
    score_engagement,
)
from nokkel.health.scoring.facts import (
    CHAMPION,
    COMMERCIAL,
    COMPONENTS,
    COVERAGE,
    DECISION_MAKER,
    ENGAGEMENT,
    KEY_ROLES,
    VOICE,
    VOLUME,
    CommercialFacts,
    CoverageFacts,
    EngagementFacts,
    HealthFacts,
    KeyPerson,
    LostDeal,
    SurveyReading,
    VoiceFacts,
    VolumeFacts,
)
from nokkel.health.scoring.results import (
    BANDS,
    DEFAULT_WEIGHTS,
    GREEN,
    RED,
    YELLOW,
    Bands,
    ComponentScore,
    HealthResult,
    LeftOut,
    Reason,
    Thresholds,
)
from nokkel.health.scoring.score import health_score, override_reasons, score_without
from nokkel.health.scoring.voice import score_voice
from nokkel.health.scoring.volume import (
    VolumeSignals,
    score_volume,
    volume_override,
    volume_signals,
)
from nokkel.health.scoring.warnings import Warning, health_warning

__all__ = [
    "BANDS",
    "CHAMPION",
    "COMMERCIAL",
    "COMPONENTS",
    "COVERAGE",
    "DECISION_MAKER",
    "DEFAULT_WEIGHTS",
    "ENGAGEMENT",
    "GREEN",
    "KEY_ROLES",
    "RED",
    "VOICE",
    "VOLUME",
    "YELLOW",
    "AccountHistory",
    "BacktestReport",
    "Bands",
    "CommercialFacts",
    "ComponentScore",
    "CoverageFacts",
    "EngagementFacts",
    "HealthFacts",
    "HealthResult",
    "KeyPerson",
    "LeftOut",
    "LostAccount",
    "LostDeal",
    "MonthPoint",
    "Reason",
    "SurveyReading",
    "Thresholds",
    "VoiceFacts",
    "VolumeFacts",
    "VolumeSignals",
    "Warning",
    "backtest_report",
    "health_score",
    "health_warning",
    "key_person_override",
    "no_contact_override",
    "notice_override",
    "override_reasons",
    "score_commercial",
    "score_coverage",
    "score_engagement",
    "score_voice",
    "score_volume",
    "score_without",
    "volume_override",
    "volume_signals",
]
