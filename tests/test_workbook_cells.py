"""Reading one cell: numbers as people type them, rates, dates, error values, uncached formulas."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.number import percent_to_fraction
from jixiao.workbook.cells import CellReader
from jixiao.workbook.grid import norm


@dataclass
class FakeCell:
    value: Any
    number_format: str = "General"
    data_type: str = "n"


def read(method: str, value: Any, fmt: str = "General", **kw: Any) -> tuple[Any, CellReader]:
    reader = CellReader("t.xlsx")
    src = reader.source("资金情况", "B7", "funds.initial")
    cell = FakeCell(value, fmt, "e" if isinstance(value, str) and value.startswith("#") else "n")
    return getattr(reader, method)(cell, src, **kw), reader


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1106.08, "1106.08"),
        (0.1 + 0.2, "0.3"),  # the float Excel stores, read as Excel shows it
        (6, "6"),
        ("1,106.08", "1106.08"),
        ("１１０６.０８", "1106.08"),
        ("37.24万元", "37.24"),
        ("372400元", "37.24"),
        ("/", None),
        ("—", None),
    ],
)
def test_amounts_are_read_as_people_write_them(value: Any, expected: str | None) -> None:
    got, reader = read("amount", value)
    assert got == (Decimal(expected) if expected else None)
    assert reader.issues == []


def test_amount_cell_keeps_its_shown_places() -> None:
    got, _ = read("amount", 6.0, "0.00")
    assert str(got) == "6.00"


@pytest.mark.parametrize("value", ["一千万", "92.73%", "约100", True])
def test_text_in_an_amount_cell_is_an_error_at_its_cell(value: Any) -> None:
    got, reader = read("amount", value)
    assert got is None
    [issue] = reader.issues
    assert issue.code == "L-NUM-01"
    assert (issue.source.sheet, issue.source.cell, issue.source.path) == (
        "资金情况",
        "B7",
        "funds.initial",
    )


def test_a_date_in_an_amount_cell_says_excel_made_it_a_date() -> None:
    got, reader = read("amount", dt.datetime(2023, 3, 7))
    assert got is None
    assert reader.issues[0].code == "L-XLS-07"
    assert "日期" in reader.issues[0].message


def test_an_error_value_is_an_error() -> None:
    got, reader = read("number", "#DIV/0!")
    assert got is None
    assert reader.issues[0].code == "L-XLS-04"
    assert reader.issues[0].actual == "#DIV/0!"


def test_an_empty_cell_holding_a_formula_without_cached_value_is_an_error() -> None:
    reader = CellReader("t.xlsx", uncached={"资金情况": frozenset({"B7"})})
    assert reader.amount(FakeCell(None), reader.source("资金情况", "B7")) is None
    assert [i.code for i in reader.issues] == ["L-XLS-03"]
    assert reader.amount(FakeCell(None), reader.source("资金情况", "B8")) is None
    assert len(reader.issues) == 1


@pytest.mark.parametrize(
    ("value", "fmt", "expected"),
    [
        (0.9273, "0.00%", "0.9273"),
        (0.995, "0.0%", "0.995"),
        (1, "0.00%", "1"),
        ("92.73%", "General", "0.9273"),
        ("９２.７３％", "General", "0.9273"),
        (0.9273, "General", "0.9273"),
    ],
)
def test_rates_are_fractions(value: Any, fmt: str, expected: str) -> None:
    got, reader = read("rate", value, fmt)
    assert got == Decimal(expected)
    assert reader.issues == []


def test_a_percent_cell_keeps_its_stated_precision() -> None:
    got, _ = read("rate", 0.995, "0.00%")
    # as the YAML reader reads the shown "99.50%": the same value and exponent
    assert got is not None and got.as_tuple() == percent_to_fraction(Decimal("99.50")).as_tuple()


def test_a_bare_rate_above_one_is_read_as_percent_with_a_warning() -> None:
    got, reader = read("rate", 92.73)
    assert got == Decimal("0.9273")
    assert [(i.code, i.severity.value) for i in reader.issues] == [("L-NUM-02", "warning")]


def test_signed_change_reads_words() -> None:
    got, _ = read("rate", "下降49.03%", signed=True)
    assert got == Decimal("-0.4903")
    got, reader = read("rate", "增长49.03%")
    assert got is None and reader.issues[0].code == "L-NUM-02"


def test_text_forms_of_numbers_dates_and_booleans() -> None:
    assert read("text", 0.9, "0%")[0] == "90%"
    assert read("text", 100.0)[0] == "100"
    assert read("text", 95.5)[0] == "95.5"
    assert read("text", dt.datetime(2024, 5, 20))[0] == "2024-05-20"
    assert read("text", True)[0] == "是"


@pytest.mark.parametrize(
    ("value", "expected"), [("是", True), ("否", False), (1, True), (None, False)]
)
def test_booleans(value: Any, expected: bool) -> None:
    got, reader = read("boolean", value)
    assert got is expected and reader.issues == []


def test_integers_refuse_fractions() -> None:
    assert read("integer", "63人")[0] == 63
    assert read("integer", "2023年度")[0] == 2023
    got, reader = read("integer", 6.5)
    assert got is None and reader.issues[0].code == "L-NUM-01"


def test_norm_folds_labels() -> None:
    assert norm(" 实施单位（盖章） ") == "实施单位"
    assert norm("年初部门预算(万元)*") == "年初部门预算"
    assert norm("单位名称：") == "单位名称"
    assert norm(12) == ""


cell_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.datetimes(min_value=dt.datetime(1900, 1, 1)),
    st.sampled_from(["#REF!", "1,234.56", "92.73%", "３７.２４万元", "≥90%", "/", "下降5%"]),
)


@given(cell_values, st.sampled_from(["General", "0.00", "0.00%", "0%", "@", "yyyy-mm-dd"]))
def test_no_cell_value_crashes_any_reader(value: Any, fmt: str) -> None:
    for method in ("amount", "number", "integer", "rate", "boolean", "text"):
        got, reader = read(method, value, fmt)
        for issue in reader.issues:
            assert issue.source.cell == "B7" and issue.message
        if method == "amount" and got is not None:
            assert isinstance(got, Decimal)


def test_a_rendered_draft_gap_reads_as_an_empty_cell() -> None:
    got, reader = read("text", "【待填写：主管部门】")
    assert got == "" and reader.issues == []
    got, _ = read("text", "【注】以上数据来自决算")
    assert got == "【注】以上数据来自决算"
