"""The backtest report over a constructed history of monthly scores (pure)."""

from __future__ import annotations

from datetime import date

from nokkel.health.scoring import AccountHistory, MonthPoint, Reason, backtest_report

MONTHS = [date(2025, m, 1) for m in range(1, 13)]
NO_CONTACT = Reason("override_no_contact", {"days": 40, "cadence": 14}, "engagement", 100.0)
VOLUME_DROP = Reason("override_volume_drop", {"change_pct": -40.0}, "volume", 100.0)


def _history(pk, bands, *, left_on=None, yoy=None, gaps=None, key=True, reasons=None):
    """`bands` per month: "g", "y", "r" for a scored customer, "-" for not a customer."""
    points = []
    for i, (month, band) in enumerate(zip(MONTHS, bands, strict=True)):
        customer = band != "-"
        full = {"g": "green", "y": "yellow", "r": "red"}.get(band)
        points.append(
            MonthPoint(
                month=month,
                customer=customer,
                score={"green": 85, "yellow": 55, "red": 30}.get(full or ""),
                band=full,
                yoy_change=(yoy or {}).get(i, 0.0 if customer else None),
                average_gap=(gaps or {}).get(i),
                reasons=((reasons or {}).get(i, NO_CONTACT),) if full == "red" else (),
            )
        )
    return AccountHistory(pk, f"Account {pk}", key, tuple(points), left_on)


def test_a_leaver_warned_in_time():
    # Yellow in April, red from May, left on 2 July.
    history = _history(1, "gggyrrr-----", left_on=date(2025, 7, 2))
    report = backtest_report([history])
    (row,) = report.lost
    assert (row.kind, row.loss_month, row.left_month) == ("left", date(2025, 8, 1),
                                                           date(2025, 8, 1))  # fmt: skip
    assert (row.first_yellow, row.first_red) == (date(2025, 4, 1), date(2025, 5, 1))
    assert (row.months_yellow_before_loss, row.months_red_before_loss) == (4, 3)
    assert row.months_red_before_leaving == 3
    assert row.red_reasons == (NO_CONTACT,)


def test_leaving_on_the_first_of_the_month_is_lost_that_month():
    history = _history(1, "ggggyr------", left_on=date(2025, 7, 1))
    (row,) = backtest_report([history]).lost
    assert row.loss_month == date(2025, 7, 1)
    assert row.months_red_before_loss == 1


def test_a_volume_collapse_is_a_loss_even_before_the_customer_leaves():
    history = _history(2, "ggyrrrrrr---", left_on=date(2025, 10, 1), yoy={5: -0.55},
                       reasons=dict.fromkeys(range(12), VOLUME_DROP))  # fmt: skip
    (row,) = backtest_report([history]).lost
    assert (row.kind, row.loss_month, row.left_month) == ("volume_then_left", date(2025, 6, 1),
                                                           date(2025, 10, 1))  # fmt: skip
    assert row.months_red_before_loss == 2
    assert row.months_yellow_before_loss == 3
    assert row.months_red_before_leaving == 6


def test_recovering_to_green_before_the_loss_is_no_warning():
    history = _history(3, "gyyrrgg-----", left_on=date(2025, 8, 1))
    (row,) = backtest_report([history]).lost
    assert (row.first_yellow, row.first_red, row.months_red_before_loss) == (None, None, None)


def test_a_red_stretch_inside_yellow_counts_from_its_first_red():
    (row,) = backtest_report([_history(4, "gyryy-------", left_on=date(2025, 6, 1))]).lost
    assert (row.months_yellow_before_loss, row.months_red_before_loss) == (4, 3)


def test_stayed_accounts_and_false_alarms():
    seasonal_dip = {2: -0.2, 3: -0.18}  # below the 12-month average, level on a year ago
    histories = [
        _history(10, "gggggggggggg", gaps=seasonal_dip),  # a seasonal customer, never red
        _history(11, "ggggyyyggggg", gaps=seasonal_dip),  # yellow in its dip: no false alarm
        _history(12, "gggrgggggggg"),  # red once: a false alarm
        _history(13, "ggrgggggggrg", gaps=seasonal_dip, reasons={2: VOLUME_DROP}),
        _history(14, "------gggggg"),  # a new customer half-way
        _history(15, "------------"),  # never a customer: not counted
    ]
    report = backtest_report(histories)
    assert report.accounts == 5
    assert report.lost == ()
    assert report.stayed == 5
    assert (report.stayed_red, report.red_months_stayed) == (2, 3)
    assert set(report.stayed_red_ids) == {12, 13}
    assert report.false_alarm_components == {"engagement": 2, "volume": 1}
    assert (report.seasonal, report.seasonal_red, report.seasonal_red_by_volume) == (3, 1, 1)


def test_a_year_on_year_dip_is_no_seasonal_dip():
    report = backtest_report([_history(16, "gggggggggggg", gaps={3: -0.3}, yoy={3: -0.3})])
    assert report.seasonal == 0


def test_an_account_already_lost_when_the_replay_starts_is_set_apart():
    report = backtest_report([_history(20, "rrrrrrrrrrrr", yoy={0: -0.7})])
    assert report.lost == ()
    assert report.lost_before_window == 1


def test_the_report_as_data_is_json_ready():
    import json

    report = backtest_report([_history(1, "gggyrrr-----", left_on=date(2025, 7, 2))])
    data = json.loads(json.dumps(report.as_data()))
    assert data["months"][0] == "2025-01-01"
    assert data["lost"][0]["loss_month"] == "2025-08-01"
    assert data["lost"][0]["red_reasons"][0]["code"] == "override_no_contact"
