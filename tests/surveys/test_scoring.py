"""The survey scores, computed by hand and compared; no database."""

from __future__ import annotations

import pytest

from nokkel.surveys import scoring
from nokkel.surveys.scoring import ItemAnswer, Respondent

AREAS = ["accuracy", "availability"]


def customer(answers, importance, nps, csat):
    return Respondent(
        answers=[ItemAnswer(area, e, p) for area, e, p in answers],
        importance=importance,
        nps=nps,
        csat=csat,
    )


def team(answers, importance):
    return Respondent(answers=[ItemAnswer(area, e) for area, e in answers], importance=importance)


# Three customers and two team members on two accuracy statements and one availability one.
RESPONSES = [
    customer(
        [("accuracy", 7, 4), ("accuracy", 6, 4), ("availability", 5, 5)],
        {"accuracy": 60, "availability": 40},
        nps=9,
        csat=5,
    ),
    customer(
        [("accuracy", 6, 5), ("accuracy", 6, 6), ("availability", 6, 3)],
        {"accuracy": 30, "availability": 70},
        nps=6,
        csat=3,
    ),
    customer(
        [("accuracy", 5, 5), ("accuracy", 7, 6), ("availability", 7, 7)],
        {"accuracy": 50, "availability": 50},
        nps=8,
        csat=4,
    ),
]
ESTIMATES = [
    team(
        [("accuracy", 5), ("accuracy", 5), ("availability", 6)],
        {"accuracy": 80, "availability": 20},
    ),
    team(
        [("accuracy", 6), ("accuracy", 4), ("availability", 4)],
        {"accuracy": 60, "availability": 40},
    ),
]


def test_the_hand_computed_example():
    score = scoring.score_survey(areas=AREAS, responses=RESPONSES, estimates=ESTIMATES)
    accuracy, availability = score.areas

    # Accuracy, per respondent (mean of the two statements): expectation 6.5, 6, 6;
    # perception 4, 5.5, 5.5; gap −2.5, −0.5, −0.5. Then the mean over respondents.
    assert accuracy.key == "accuracy"
    assert accuracy.expectation == 37 / 6  # (6.5 + 6 + 6) / 3
    assert accuracy.perception == 5.0  # (4 + 5.5 + 5.5) / 3
    assert accuracy.customer_gap == -7 / 6  # (−2.5 − 0.5 − 0.5) / 3
    assert accuracy.importance == 140 / 3  # (60 + 30 + 50) / 3
    assert accuracy.team_estimate == 5.0  # team: (5 + 5) / 2 and (6 + 4) / 2
    assert accuracy.knowledge_gap == 7 / 6  # 37/6 − 5
    assert accuracy.team_importance == 70.0

    # Availability: expectation (5 + 6 + 7) / 3 = 6, perception (5 + 3 + 7) / 3 = 5.
    assert (availability.expectation, availability.perception) == (6.0, 5.0)
    assert availability.customer_gap == -1.0
    assert availability.importance == 160 / 3
    assert availability.team_estimate == 5.0  # (6 + 4) / 2
    assert availability.knowledge_gap == 1.0

    # Σ importance/100 × gap = 140/300 × (−7/6) + 160/300 × (−1) = −49/90 − 48/90.
    assert score.weighted_gap == -97 / 90
    # One promoter (9), one passive (8), one detractor (6): (1 − 1) / 3 = 0.
    assert score.nps == 0.0
    # 5 and 4 are satisfied, 3 is not.
    assert score.csat == 2 / 3
    assert (score.responses, score.estimates) == (3, 2)
    # The customer ranks availability first; the team believed accuracy.
    assert score.customer_top == ("availability",)
    assert score.team_top == ("accuracy",)
    assert score.importance_mismatch is True


def test_only_areas_strictly_below_the_threshold_propose_actions():
    score = scoring.score_survey(areas=AREAS, responses=RESPONSES, estimates=ESTIMATES)
    below = scoring.areas_below(score, -1.0)
    # Accuracy (−7/6) is below −1.0; availability (exactly −1.0) is not.
    assert [area.key for area in below] == ["accuracy"]
    assert [a.key for a in scoring.areas_below(score, -0.5)] == ["accuracy", "availability"]


@pytest.mark.parametrize(
    ("expectation", "perception", "gap"),
    [(7, 1, -6), (1, 7, 6), (4, 4, 0), (6, 5, -1)],
)
def test_statement_gap_is_perception_minus_expectation(expectation, perception, gap):
    assert scoring.statement_gap(expectation, perception) == gap


@pytest.mark.parametrize(
    ("scores", "nps"),
    [
        ([], None),
        ([10, 9, 10], 100.0),
        ([0, 3, 6], -100.0),
        ([7, 8], 0.0),
        ([9, 6], 0.0),
        ([10, 10, 7, 2], 25.0),  # 2 promoters, 1 detractor of 4
        ([9, 8, 7], 100 / 3),
    ],
)
def test_nps_is_promoters_minus_detractors_in_percent(scores, nps):
    assert scoring.net_promoter_score(scores) == nps


@pytest.mark.parametrize(
    ("scores", "share"),
    [([], None), ([5, 4], 1.0), ([1, 2, 3], 0.0), ([4, 3], 0.5), ([5, 1, 1], 1 / 3)],
)
def test_csat_is_the_share_answering_4_or_5(scores, share):
    assert scoring.csat_share(scores) == share


@pytest.mark.parametrize(
    ("importance", "top"),
    [
        ({}, ()),
        ({"accuracy": 50, "advice": 30, "adaptation": 20}, ("accuracy",)),
        ({"accuracy": 40, "advice": 40, "adaptation": 20}, ("accuracy", "advice")),
        ({"accuracy": 0, "advice": 0}, ()),
    ],
)
def test_top_areas_keep_ties(importance, top):
    from fractions import Fraction

    assert scoring.top_areas({k: Fraction(v) for k, v in importance.items()}) == top


def test_a_tie_shared_with_the_team_is_no_mismatch():
    score = scoring.score_survey(
        areas=AREAS,
        responses=[customer([("accuracy", 6, 6)], {"accuracy": 50, "availability": 50}, 9, 5)],
        estimates=[team([("accuracy", 6)], {"accuracy": 70, "availability": 30})],
    )
    assert score.customer_top == ("accuracy", "availability")
    assert score.importance_mismatch is False


def test_nothing_to_score_gives_empty_numbers_not_errors():
    score = scoring.score_survey(areas=AREAS, responses=[], estimates=[])
    assert score.responses == 0
    assert score.nps is None
    assert score.csat is None
    assert score.weighted_gap is None
    assert all(a.expectation is None and a.customer_gap is None for a in score.areas)
    assert score.importance_mismatch is False


def test_no_team_estimate_leaves_the_knowledge_gap_empty():
    score = scoring.score_survey(areas=AREAS, responses=RESPONSES[:1])
    accuracy = score.area("accuracy")
    assert accuracy is not None
    assert accuracy.team_estimate is None
    assert accuracy.knowledge_gap is None
    assert accuracy.customer_gap == -2.5


def test_an_area_is_the_mean_of_each_respondents_own_area_mean():
    # One respondent answers two statements, another one: the area mean weighs people,
    # not statements ((7 + 5) / 2 = 6 and 3, so 4.5, not (7 + 5 + 3) / 3 = 5).
    respondents = [
        customer([("accuracy", 7, 7), ("accuracy", 5, 5)], {"accuracy": 100}, 9, 5),
        customer([("accuracy", 3, 3)], {"accuracy": 100}, 9, 5),
    ]
    score = scoring.score_survey(areas=["accuracy"], responses=respondents)
    assert score.areas[0].expectation == 4.5


def test_points_a_respondent_left_out_count_as_zero():
    respondents = [
        customer([("accuracy", 6, 6), ("availability", 6, 6)], {"accuracy": 100}, 9, 5),
        customer([("accuracy", 6, 6), ("availability", 6, 6)], {"availability": 100}, 9, 5),
    ]
    score = scoring.score_survey(areas=AREAS, responses=respondents)
    assert [a.importance for a in score.areas] == [50.0, 50.0]
