"""Field-level reading shared by every structured loader (YAML, the Excel workbook).

Each loader has its own reader (YAML nodes with lines, workbook cells with sheet!cell) but
the same fields mean the same thing: one function turns a record's fields into an
:class:`~jixiao.model.Indicator`, so the formats can never read an indicator differently.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Protocol

from jixiao.model import (
    Carryover,
    FundingRow,
    Indicator,
    Line,
    Meta,
    PairFigure,
    Publication,
    Staffing,
)
from jixiao.number import normalize_operator, parse_number, split_operator


class FieldReader(Protocol):
    """What a loader's record reader offers: typed fields by key, each issue at its place."""

    def text(self, key: str) -> str: ...

    def number(self, key: str) -> Decimal | None: ...

    def amount(self, key: str) -> Decimal | None: ...

    def integer(self, key: str) -> int | None: ...

    def rate(self, key: str, signed: bool = False) -> Decimal | None: ...

    def boolean(self, key: str) -> bool: ...

    def meta(self) -> Meta: ...


def parse_value(text: str) -> tuple[Decimal | None, str, str | None]:
    """An indicator value as written: (number or None, unit written with it, operator prefix).

    "≥90%" -> (90, "%", "≥"); "37.24万元" -> (37.24, "万元", None); "完成" -> (None, "", None).
    """
    op, rest = split_operator(text)
    parsed = parse_number(rest)
    if parsed is None:
        return None, "", op
    return parsed.value, "%" if parsed.percent else parsed.unit, op


def indicator_value(text: str) -> tuple[Decimal | None, str, str, str | None]:
    """(number, text as written, unit written with it, operator prefix) of a target or actual."""
    if not text:
        return None, "", "", None
    value, unit, op = parse_value(text)
    return value, text, unit, op


def build_indicator(r: FieldReader, name: str) -> Indicator:
    """An indicator from its fields, read the same way whatever the file format."""
    operator = normalize_operator(r.text("operator") or None)
    target, target_text, target_unit, target_op = indicator_value(r.text("target"))
    actual, actual_text, actual_unit, actual_op = indicator_value(r.text("actual"))
    if actual_op is not None:
        # "≥90%" in the actual cell restates the target; it is not a measured value (F02).
        actual, actual_unit = None, ""
    unit = r.text("unit") or target_unit
    if operator is None and target_op is not None:
        operator = target_op
    evidence = (e.strip() for e in r.text("evidence").split("\n"))
    return Indicator(
        name=name,
        level1=r.text("level1"),
        level2=r.text("level2"),
        operator=operator,
        target=target,
        target_text=target_text,
        unit=unit,
        actual=actual,
        actual_text=actual_text,
        actual_unit=actual_unit or (unit if actual is not None else ""),
        weight=r.number("weight"),
        score=r.number("score"),
        band=r.text("band") or None,
        coefficient=r.number("coefficient"),
        deduction=r.number("deduction"),
        deduction_reason=r.text("deduction_reason"),
        justification=r.text("justification"),
        deviation_reason=r.text("deviation_reason"),
        not_applicable=r.boolean("not_applicable"),
        approved_operator=normalize_operator(r.text("approved_operator") or None),
        approved_target=indicator_value(r.text("approved_target"))[0],
        approved_unit=r.text("approved_unit") or None,
        adjustment_approved=r.boolean("adjustment_approved"),
        evidence=tuple(e for e in evidence if e),
        meta=r.meta(),
    )


def build_line(r: FieldReader, name: str) -> Line:
    """A named amount of a breakdown, with its stated share and change."""
    return Line(
        name=name,
        amount=r.amount("amount"),
        share=r.rate("share"),
        change=r.rate("change", signed=True),
        prior=r.amount("prior"),
        project=r.text("project") or None,
        note=r.text("note"),
        meta=r.meta(),
    )


def build_funding_row(r: FieldReader, source: str) -> FundingRow:
    """A row of a project's money table."""
    return FundingRow(
        source,
        r.amount("initial"),
        r.amount("adjusted"),
        r.amount("executed"),
        r.rate("rate"),
        r.meta(),
    )


def build_staffing(r: FieldReader) -> Staffing:
    values = {k: r.integer(k) for k in ("authorized", "actual", "retired", "contract")}
    return Staffing(**values, text=r.text("text"), meta=r.meta())


def build_carryover(r: FieldReader) -> Carryover:
    return Carryover(r.amount("prior"), r.amount("ending"), r.text("text"), r.meta())


def pair_values(r: FieldReader) -> dict[str, Decimal | None]:
    return {k: r.amount(k) for k in ("budget", "actual", "prior_budget", "prior_actual")}


def build_pair(r: FieldReader) -> PairFigure:
    return PairFigure(**pair_values(r), meta=r.meta())


def build_publication(r: FieldReader) -> Publication:
    return Publication(
        measures=r.text("measures"),
        channel=r.text("channel"),
        url=r.text("url"),
        date=r.text("date"),
        approval_date=r.text("approval_date"),
        meta=r.meta(),
    )


def project_scalars(r: FieldReader) -> dict[str, Any]:
    """A project's single-valued fields (its rows, indicators and texts are read by the loader)."""
    return {
        "code": r.text("code"),
        "attachment": r.integer("attachment"),
        "implementer": r.text("implementer"),
        "arrived": r.amount("arrived"),
        "arrival_rate": r.rate("arrival_rate"),
        "execution_rate": r.rate("execution_rate"),
        "execution_reason": r.text("execution_reason"),
        "adjustment_reason": r.text("adjustment_reason"),
        "no_budget": r.boolean("no_budget"),
        "annual_goal": r.text("annual_goal"),
        "goal_result": r.text("goal_result"),
        "stated_score": r.number("stated_score"),
        "stated_grade": r.text("stated_grade"),
    }
