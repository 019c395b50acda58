import pytest

from nokkel.core.orgnr import (
    is_valid_org_number,
    normalize_org_number,
    org_number_check_digit,
    org_number_problem,
)


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("923609016", None),  # a well-formed number
        ("974760673", None),
        ("123456785", None),
        ("123456789", "check_digit"),
        ("923609017", "check_digit"),
        ("12345678", "length"),
        ("1234567890", "length"),
        ("92360901A", "not_digits"),
        ("", "not_digits"),
        ("000000000", None),  # remainder 0 gives check digit 0
    ],
)
def test_org_number_problems(value, problem):
    assert org_number_problem(value) == problem


@pytest.mark.parametrize(
    ("typed", "normalized"),
    [
        ("923 609 016", "923609016"),
        ("923.609.016", "923609016"),
        ("923-609-016", "923609016"),
        ("NO923609016MVA", "923609016"),
        (" no 923 609 016 mva ", "923609016"),
    ],
)
def test_typed_org_numbers_are_normalized(typed, normalized):
    assert normalize_org_number(typed) == normalized
    assert is_valid_org_number(typed)


def test_a_prefix_whose_check_digit_would_be_10_has_no_valid_number():
    # 3·1 + 2·0 + 7·0 + 6·0 + 5·0 + 4·0 + 3·0 + 2·0 = 3 -> remainder 3 -> 8; find one that gives 10:
    prefixes = [f"{n:08d}" for n in range(10_000_000, 10_000_100)]
    impossible = [p for p in prefixes if org_number_check_digit(p) is None]
    assert impossible
    for prefix in impossible:
        assert all(org_number_problem(prefix + str(d)) == "check_digit" for d in range(10))
