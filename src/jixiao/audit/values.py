"""Reading one cell's value: a number with unit, a percentage, an operator, a placeholder, text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from jixiao.number import normalize_operator, parse_number, split_operator

PLACEHOLDERS = {"—", "-", "/", "／", "——", "--", "…", "……", "—-", "－", "\\"}
OPERATORS = {"≥", "≤", "=", ">", "<", "定性"}
_EXTRA_OPS = {"≧": "≥", "≦": "≤", "═": "=", "＝": "="}


def op_of(text: str) -> str | None:
    """The operator a cell holds by itself ("≧" -> "≥"), else None."""
    s = _EXTRA_OPS.get(text.strip(), text.strip())
    op = normalize_operator(s)
    return op if op in OPERATORS else None


@dataclass(frozen=True)
class Value:
    """A cell read as a value: number (with percent/unit) and/or operator, or text."""

    text: str
    number: Decimal | None = None
    percent: bool = False
    unit: str = ""
    operator: str | None = None
    placeholder: bool = False

    @property
    def is_number(self) -> bool:
        return self.number is not None

    @property
    def unit_or_percent(self) -> str:
        return "%" if self.percent else self.unit


@lru_cache(maxsize=65536)
def read_value(text: str) -> Value:
    """A cell's value (cached: the same cell texts recur across rows and documents)."""
    s = text.strip()
    if s in PLACEHOLDERS or re.fullmatch(r"[-—/／\\.…·]+", s):
        return Value(s, placeholder=True)
    only_op = op_of(s)
    if only_op is not None:
        return Value(s, operator=only_op)
    for bad, good in _EXTRA_OPS.items():
        if s.startswith(bad):
            s = good + s[len(bad) :]
    op, rest = split_operator(s)
    parsed = parse_number(rest.replace("百分比", "%")) if rest else None
    if parsed is None and rest:
        parsed = _number_with_long_unit(rest)
    if parsed is not None:
        return Value(text.strip(), parsed.value, parsed.percent, parsed.unit, op)
    return Value(text.strip(), operator=op)


def _number_with_long_unit(text: str):  # type: ignore[no-untyped-def]
    """ "101400元/人" or "30000元/人/年": a number followed by a compound unit."""
    m = re.fullmatch(r"([+-]?\d+(?:\.\d+)?)([\u4e00-\u9fff/·a-zA-Z²³㎡]{1,12})", text)
    if not m:
        return None
    from jixiao.number import Parsed

    return Parsed(Decimal(m.group(1)), False, m.group(2))


UNIT_WORDS = re.compile(
    r"^(%|％|百分比|[\u4e00-\u9fff]{1,3}(/[\u4e00-\u9fff]{1,2}){0,2}|元/人|km|m|㎡|m²)$"
)


def looks_like_unit(text: str) -> bool:
    return bool(UNIT_WORDS.match(text.strip())) and len(text.strip()) <= 6
