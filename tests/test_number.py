"""Number parsing as finance staff write figures; rounding; tolerances."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.number import (
    fmt_percent,
    normalize_operator,
    parse_number,
    round_half_up,
    split_operator,
    stated_tolerance,
)


@pytest.mark.parametrize(
    ("text", "value", "percent", "unit"),
    [
        ("1106.08", "1106.08", False, ""),
        ("1,234.56", "1234.56", False, ""),
        ("１２３４.５", "1234.5", False, ""),
        ("92.73%", "92.73", True, ""),
        ("92.73％", "92.73", True, ""),
        ("37.24万元", "37.24", False, "万元"),
        ("-49.03%", "-49.03", True, ""),
        ("63人", "63", False, "人"),
    ],
)
def test_parse_number_reads_what_people_write(text, value, percent, unit):
    parsed = parse_number(text)
    assert parsed is not None
    assert parsed.value == Decimal(value)
    assert parsed.percent is percent
    assert parsed.unit == unit


@pytest.mark.parametrize("text", ["完成", "约100", "1,23", "", "1.2.3", "NaN", "inf", "100%万元"])
def test_parse_number_rejects_non_numbers(text):
    assert parse_number(text) is None


def test_round_half_up_rounds_half_away_from_zero():
    assert round_half_up(Decimal("9.775")) == Decimal("9.78")
    assert round_half_up(Decimal("0.005")) == Decimal("0.01")


def test_stated_tolerance_follows_printed_precision():
    assert stated_tolerance(Decimal("99.5")) == Decimal("0.05")
    assert stated_tolerance(Decimal("92.73")) == Decimal("0.005")
    assert stated_tolerance(Decimal("100")) == Decimal("0.5")


def test_fmt_percent():
    assert fmt_percent(Decimal("0.92734")) == "92.73%"


@pytest.mark.parametrize(
    ("raw", "op"),
    [(">=", "≥"), ("≧", "≥"), ("<=", "≤"), ("＝", "="), ("定性", "定性"), ("约", "约")],
)
def test_normalize_operator(raw, op):
    assert normalize_operator(raw) == op


def test_split_operator():
    assert split_operator("≥90%") == ("≥", "90%")
    assert split_operator("≤30万元") == ("≤", "30万元")
    assert split_operator("达成预期指标") == (None, "达成预期指标")


@given(st.text())
def test_parse_number_never_crashes(text):
    parsed = parse_number(text)
    assert parsed is None or parsed.value.is_finite()
