"""Field-level reading shared by every structured loader (YAML, the Excel workbook).

Each loader has its own reader (YAML nodes with lines, workbook cells with sheet!cell) but
the same fields mean the same thing: one function turns a record's fields into an
:class:`~jixiao.model.Indicator`, so the formats can never read an indicator differently.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Protocol

from jixiao.model import Indicator, Meta
from jixiao.number import normalize_operator, parse_number, split_operator


class FieldReader(Protocol):
    """What a loader's record reader offers: typed fields by key, each issue at its place."""

    def text(self, key: str) -> str: ...

    def number(self, key: str) -> Decimal | None: ...

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
