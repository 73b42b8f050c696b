"""The YAML writer: dump -> load gives the same model, and the text follows docs/format.md."""

from collections.abc import Mapping
from dataclasses import fields, is_dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.dump import amount_text, dump_evaluation, rate_text, scalar_lines
from jixiao.load import load_evaluation
from jixiao.load.evaluation_yaml import load_yaml_text
from jixiao.model import (
    NO_META,
    REPORT_SECTIONS,
    Evaluation,
    Funds,
    Indicator,
    Line,
    PairFigure,
    Project,
    Unit,
)

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "panzhihua-2021" / "evaluation.yaml"


def without_meta(obj: Any) -> Any:
    """The model with every Meta (sources) replaced by NO_META, for comparing content."""
    if is_dataclass(obj) and not isinstance(obj, type):
        changes = {f.name: without_meta(getattr(obj, f.name)) for f in fields(obj)}
        if "meta" in changes:
            changes["meta"] = NO_META
        return replace(obj, **changes)
    if isinstance(obj, tuple):
        return tuple(without_meta(x) for x in obj)
    if isinstance(obj, Mapping):
        return {k: without_meta(v) for k, v in obj.items()}
    return obj


def read_scalar(text: str) -> str:
    """The value of "k" as jixiao's loader sees it: the scalar's text, no type guessing."""
    node = yaml.compose("k:" + "".join(scalar_lines(text, 2)))
    value = node.value[0][1]
    assert isinstance(value, yaml.ScalarNode)
    return str(value.value)


def reload(ev: Evaluation) -> tuple[Evaluation, str]:
    text = dump_evaluation(ev)
    again, issues = load_yaml_text(text, "dumped.yaml")
    assert again is not None, [i.to_text() for i in issues]
    return again, text


def test_example_round_trips_and_dump_is_stable():
    ev, issues = load_evaluation(EXAMPLE)
    assert ev is not None and issues == []
    again, text = reload(ev)
    assert without_meta(again) == without_meta(ev)
    assert dump_evaluation(again) == text
    _, issues = load_yaml_text(text)
    assert issues == []


def test_dump_writes_rates_as_percentages_and_amounts_as_plain_decimals():
    ev = Evaluation(
        unit=Unit(name="某单位"),
        year=2021,
        funds=Funds(
            initial=Decimal("1106.08"),
            by_function=(Line("社会保障和就业支出", Decimal("1025.72"), share=Decimal("0.9273")),),
            basic=Line("基本支出", Decimal("1100.08"), share=Decimal("0.995")),
            execution_rate=Decimal("1"),
        ),
    )
    data = yaml.safe_load(dump_evaluation(ev))
    assert data["funds"]["initial"] == 1106.08
    assert data["funds"]["by_function"][0] == {
        "name": "社会保障和就业支出",
        "amount": 1025.72,
        "share": "92.73%",
    }
    assert data["funds"]["basic"] == {"amount": 1100.08, "share": "99.5%"}  # default name omitted
    assert data["funds"]["execution_rate"] == "100%"


def test_dump_omits_absent_values():
    ev = Evaluation(unit=Unit(name="某单位"), year=2021)
    assert yaml.safe_load(dump_evaluation(ev)) == {
        "jixiao": 1,
        "year": 2021,
        "unit": {"name": "某单位"},
    }


def test_dump_keeps_an_empty_figure_that_was_given():
    ev = Evaluation(unit=Unit(name="某单位"), year=2021, funds=Funds(three_public=PairFigure()))
    again, text = reload(ev)
    assert "three_public: {}" in text
    assert again.funds.three_public == PairFigure(meta=again.funds.three_public.meta)


def test_dump_writes_long_text_as_a_literal_block():
    long = "绩效目标编制精细化有待完善。" * 5
    ev = Evaluation(unit=Unit(name="某单位"), year=2021, report={"conclusion": long + "\n第二段。"})
    text = dump_evaluation(ev)
    assert f"  conclusion: |\n    {long}\n    第二段。\n" in text


def test_dump_keeps_what_the_loader_reads_from_indicators():
    ind = Indicator(
        name="参保人员满意度",
        level1="满意度指标",
        level2="服务对象满意度指标",
        operator="≥",
        target=Decimal(90),
        target_text="90%",
        unit="%",
        actual_text="≥90%",
        weight=Decimal("22.5"),
        evidence=("问卷 200 份", "2021年12月"),
    )
    ev = Evaluation(
        unit=Unit(name="某单位"), year=2021, projects=(Project("劳务费", indicators=(ind,)),)
    )
    again, text = reload(ev)
    assert without_meta(again.projects[0].indicators[0]) == ind
    item = yaml.safe_load(text)["projects"][0]["indicators"][0]
    assert item["target"] == "90%" and "unit" not in item  # the unit is in the target
    assert item["actual"] == "≥90%"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("0.9273"), "92.73%"),
        (Decimal("1"), "100%"),
        (Decimal("0.995"), "99.5%"),
        (Decimal("-0.4903"), "-49.03%"),
        (Decimal("0.00125"), "0.125%"),
    ],
)
def test_rate_text(value, text):
    assert rate_text(value) == text


def test_amount_text_is_exact():
    assert amount_text(Decimal("6")) == "6"
    assert amount_text(Decimal("1E+2")) == "100"
    assert amount_text(Decimal("0.0001")) == "0.0001"


@pytest.mark.parametrize(
    "text",
    [
        "a: b",
        "#注释",
        "- 列表",
        "null",
        "~",
        "[x]",
        "'引号'",
        '"双"',
        "末尾:",
        "a #b",
        "\t制表",
        "x\r\ny",
    ],
)
def test_scalars_that_yaml_would_misread_are_quoted(text):
    assert read_scalar(text) == text


@given(st.text())
@settings(max_examples=400)
def test_any_text_survives_the_scalar_writer(text):
    loaded = read_scalar(text)
    # Block scalars end with one newline; the loader strips text, so both forms are equal.
    assert loaded in (text, text + "\n")


@given(st.text())
@settings(max_examples=200)
def test_any_text_survives_a_round_trip_through_the_loader(text):
    text = text.strip()
    ev = Evaluation(
        unit=Unit(name="某单位", functions=text), year=2021, report={"conclusion": text}
    )
    again, _ = reload(ev)
    assert again.unit.functions == text
    assert again.report.get("conclusion", "") == text


amounts = st.decimals(
    allow_nan=False, allow_infinity=False, places=2, min_value=-1e9, max_value=1e9
)
rates = st.decimals(allow_nan=False, allow_infinity=False, places=4, min_value=-10, max_value=10)
names = st.text(min_size=1).map(str.strip).filter(bool)


@st.composite
def evaluations(draw: st.DrawFn) -> Evaluation:
    lines = st.builds(Line, name=names, amount=st.none() | amounts, share=st.none() | rates)
    return Evaluation(
        unit=Unit(name=draw(names), region=draw(st.text().map(str.strip))),
        year=draw(st.integers(min_value=1990, max_value=2100)),
        funds=Funds(
            initial=draw(st.none() | amounts),
            by_function=tuple(draw(st.lists(lines, max_size=3))),
            execution_rate=draw(st.none() | rates),
        ),
        report={k: draw(names) for k, _ in REPORT_SECTIONS[: draw(st.integers(0, 3))]},
    )


@given(evaluations())
@settings(max_examples=100)
def test_generated_models_round_trip(ev):
    again, text = reload(ev)
    assert without_meta(again) == without_meta(ev)
    assert dump_evaluation(again) == text
