"""The weighted sum, left-out components, overrides and the reasons, from plain facts."""

from __future__ import annotations

from dataclasses import replace

import pytest

from nokkel.health.scoring import (
    COMPONENTS,
    DEFAULT_WEIGHTS,
    Bands,
    KeyPerson,
    Thresholds,
    health_score,
    health_warning,
)
from tests.health.builders import (
    AS_OF,
    coverage,
    days_ago,
    engagement,
    flat,
    healthy_facts,
    reading,
    voice,
    volume,
    with_last,
)

BANDS = Bands()


def _score(facts, weights=DEFAULT_WEIGHTS, bands=BANDS):
    return health_score(facts, weights, bands, AS_OF)


def test_a_healthy_account_is_green_with_every_component():
    result = _score(healthy_facts())
    assert (result.score, result.band) == (100, "green")
    assert [c.key for c in result.components] == list(COMPONENTS)
    assert [round(c.weight * 100) for c in result.components] == [30, 20, 20, 15, 15]
    assert result.left_out == ()
    assert result.overrides == ()
    assert result.reasons == ()


def test_the_score_is_the_weighted_sum_of_the_components():
    facts = healthy_facts(
        engagement=engagement(contacts_engaged=1),  # 84
        coverage=coverage(deputy_assigned=False),  # 65
    )
    result = _score(facts)
    expected = (30 * 100 + 20 * 84 + 20 * 100 + 15 * 100 + 15 * 65) / 100
    assert result.weighted_score == pytest.approx(expected)
    assert result.score == round(expected)
    assert sum(c.contribution for c in result.components) == pytest.approx(expected)


def test_a_component_without_facts_is_left_out_and_its_weight_shared():
    facts = healthy_facts(voice=None, coverage=None, left_out={"voice": "voice_no_answers"})
    result = _score(facts)
    assert [c.key for c in result.components] == ["volume", "engagement", "commercial"]
    assert [c.weight for c in result.components] == pytest.approx([30 / 65, 20 / 65, 15 / 65])
    assert [(left.key, left.code) for left in result.left_out] == [
        ("voice", "voice_no_answers"),
        ("coverage", "no_data"),
    ]


def test_a_stale_survey_leaves_the_voice_out():
    result = _score(healthy_facts(voice=voice(reading(900, nps=-100))))
    assert ("voice", "voice_stale") in [(left.key, left.code) for left in result.left_out]


def test_nothing_known_gives_no_score():
    result = _score(healthy_facts(volume=None, engagement=None, voice=None, commercial=None,
                                  coverage=None))  # fmt: skip
    assert (result.score, result.band, result.components) == (None, None, ())


@pytest.mark.parametrize(("score", "band"), [(100, "green"), (70, "green"), (69, "yellow"),
                                             (40, "yellow"), (39, "red"), (0, "red")])  # fmt: skip
def test_bands(score, band):
    assert BANDS.band(score) == band


def test_bands_and_weights_come_from_the_caller():
    facts = healthy_facts(coverage=coverage(deputy_assigned=False, team_members=0,
                                            plan_active=False))  # fmt: skip
    assert _score(facts).band == "green"  # 85
    assert _score(facts, bands=Bands(green_min=90, yellow_min=60)).band == "yellow"
    heavy = {**DEFAULT_WEIGHTS, "coverage": 400}
    assert _score(facts, weights=heavy).band == "red"


@pytest.mark.parametrize(
    ("changes", "override"),
    [
        ({"volume": volume(with_last(flat(100), 0.6))}, "override_volume_drop"),
        ({"engagement": engagement(last_contact_on=days_ago(40))}, "override_no_contact"),
        ({"engagement": engagement(key_people=(KeyPerson(1, "Per", "decision_maker",
                                                         left_on=days_ago(5)),))},
         "override_decision_maker_left"),
        ({"engagement": engagement(key_people=(KeyPerson(1, "Kim", "champion",
                                                         detractor=True),))},
         "override_champion_detractor"),
    ],
)  # fmt: skip
def test_an_override_forces_red_whatever_the_sum_and_comes_first(changes, override):
    result = _score(healthy_facts(**changes))
    assert result.weighted_score > 70
    assert (result.band, result.score) == ("red", 39)
    assert [o.code for o in result.overrides] == [override]
    assert result.reasons[0].code == override


def test_an_override_is_not_said_twice_by_its_component():
    result = _score(healthy_facts(volume=volume(with_last(flat(100), 0.6))))
    codes = [r.code for r in result.reasons]
    assert "override_volume_drop" in codes
    assert "volume_yoy" not in codes


def test_reasons_are_the_three_most_harmful_first():
    facts = healthy_facts(
        volume=volume(with_last(flat(100), 0.95)),  # 30 % weight, score 91
        engagement=engagement(contacts_engaged=0),  # 20 %, 75
        coverage=coverage(deputy_assigned=False, team_members=0),  # 15 %, 40
        voice=voice(reading(30, nps=-20, gap=None)),  # 20 %, 56
    )
    result = _score(facts)
    assert [r.component for r in result.reasons] == ["coverage", "voice", "engagement"]
    harms = [r.harm for r in result.reasons]
    assert harms == sorted(harms, reverse=True)


def test_a_component_costing_less_than_a_point_is_no_reason():
    result = _score(healthy_facts(volume=volume(with_last(flat(100), 0.99))))
    assert result.score == 99
    assert result.reasons == ()


def test_scoring_reads_no_clock_and_nothing_but_its_arguments():
    facts = healthy_facts(engagement=engagement(last_contact_on=days_ago(20)))
    assert _score(facts) == _score(facts)
    later = health_score(facts, DEFAULT_WEIGHTS, BANDS, AS_OF.replace(day=20))
    assert later.score != _score(facts).score


# Early warning


def _result(**changes):
    return _score(healthy_facts(**changes))


def test_an_account_that_turned_red_is_a_warning():
    now = _result(engagement=engagement(last_contact_on=days_ago(40)))
    warning = health_warning(now, _result(), weights=DEFAULT_WEIGHTS, bands=BANDS,
                             thresholds=Thresholds())  # fmt: skip
    assert warning is not None
    assert warning.turned_red
    assert warning.steps[0] == "book_meeting"


def test_red_for_a_month_already_is_no_new_warning():
    red = _result(engagement=engagement(last_contact_on=days_ago(40)))
    assert health_warning(red, red, weights=DEFAULT_WEIGHTS, bands=BANDS,
                          thresholds=Thresholds()) is None  # fmt: skip


@pytest.mark.parametrize(("deputy", "team", "plan", "warned"), [
    (False, 0, False, True),  # coverage 100 → 0: 15 points
    (False, 0, True, False),  # 100 → 40: 9 points
])  # fmt: skip
def test_a_drop_of_fifteen_points_is_a_warning(deputy, team, plan, warned):
    now = _result(coverage=coverage(deputy_assigned=deputy, team_members=team, plan_active=plan))
    warning = health_warning(now, _result(), weights=DEFAULT_WEIGHTS, bands=BANDS,
                             thresholds=Thresholds())  # fmt: skip
    assert (warning is not None) == warned


def test_a_component_that_appeared_since_is_not_a_drop():
    before = _result(voice=None)
    now = _result(voice=voice(reading(10, nps=-100, gap=None)))  # voice scores 0
    assert now.score < before.score - 15
    assert health_warning(now, before, weights=DEFAULT_WEIGHTS, bands=BANDS,
                          thresholds=Thresholds()) is None  # fmt: skip


def test_a_new_customer_red_at_once_is_a_warning():
    now = _result(volume=volume(with_last(flat(100), 0.5)))
    warning = health_warning(now, None, weights=DEFAULT_WEIGHTS, bands=BANDS,
                             thresholds=Thresholds())  # fmt: skip
    assert warning is not None
    assert warning.turned_red
    assert warning.drop is None


def test_replacing_one_fact_changes_only_its_component():
    base = _result()
    changed = _result(coverage=replace(coverage(), team_members=0))
    assert [c.score for c in changed.components][:4] == [c.score for c in base.components][:4]
