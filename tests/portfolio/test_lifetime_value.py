from decimal import Decimal

import pytest

from nokkel.portfolio.lifetime_value import lifetime_value, monthly_discount_rate


def test_the_monthly_rate_compounds_to_the_yearly_rate():
    d = monthly_discount_rate(Decimal("0.10"))
    assert (1 + float(d)) ** 12 == pytest.approx(1.10)


@pytest.mark.parametrize(
    ("margin", "retention", "yearly", "expected"),
    [
        # m · r / (1 + d − r), d = 1.1^(1/12) − 1 = 0.0079741404
        ("10000", "0.98", "0.10", "350323.54"),
        ("10000", "0.90", "0.10", "83353.29"),
        ("10000", "0.98", "0", "490000.00"),  # no discounting: m · r / (1 − r)
        ("0", "0.98", "0.10", "0.00"),
        ("-500", "0.98", "0.10", "-17516.18"),  # a loss-making customer has negative value
    ],
)
def test_lifetime_value(margin, retention, yearly, expected):
    result = lifetime_value(
        monthly_margin=Decimal(margin),
        retention=Decimal(retention),
        yearly_discount_rate=Decimal(yearly),
    )
    assert result.value == Decimal(expected)


def test_retention_must_be_below_one():
    with pytest.raises(ValueError, match="retention"):
        lifetime_value(
            monthly_margin=Decimal(1), retention=Decimal(1), yearly_discount_rate=Decimal("0.1")
        )
