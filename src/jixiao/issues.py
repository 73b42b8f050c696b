"""The one Issue type every stage reports, and its two output forms (text and JSON).

Data problems are values, never exceptions: loaders, rules and scorers return lists of
issues so that one run reports all of them (the Beancount way).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from jixiao.source import Source


class Severity(StrEnum):
    """error blocks finalisation; warning needs a reason or a fix; info is for the reviewer."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]


Number = Decimal | int | None


@dataclass(frozen=True)
class Issue:
    """A problem found in the data, with its rule code, location and the numbers involved."""

    code: str
    severity: Severity
    message: str
    source: Source = field(default_factory=Source)
    expected: Any = None
    actual: Any = None
    difference: Any = None
    hint: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "source": self.source.to_dict(),
            "expected": json_value(self.expected),
            "actual": json_value(self.actual),
            "difference": json_value(self.difference),
            **({"hint": self.hint} if self.hint else {}),
        }

    def to_text(self) -> str:
        """``file:line: severity CODE message (预期 …，实际 …，差额 …)``."""
        nums = []
        if self.expected is not None:
            nums.append(f"预期 {text_value(self.expected)}")
        if self.actual is not None:
            nums.append(f"实际 {text_value(self.actual)}")
        if self.difference is not None:
            nums.append(f"差额 {text_value(self.difference)}")
        tail = f"（{'，'.join(nums)}）" if nums else ""
        hint = f" —— {self.hint}" if self.hint else ""
        where = str(self.source)
        if self.source.path:
            where += f" [{self.source.path}]"
        return f"{where}: {self.severity.value} {self.code} {self.message}{tail}{hint}"


def _normalize(value: Decimal) -> Decimal:
    # JSON numbers go through float; 15 significant digits survive that exactly.
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return Decimal(f"{value:.15g}").normalize()


def json_value(value: Any) -> Any:
    """A value for JSON: Decimals become JSON numbers, exact up to 15 significant digits."""
    if isinstance(value, Decimal):
        value = _normalize(value)
        if value == value.to_integral_value():
            return int(value)
        return float(value)
    return value


def text_value(value: Any) -> str:
    if isinstance(value, Decimal):
        return f"{_normalize(value):f}"
    return str(value)


def _cell_order(cell: str | None) -> tuple[int, int]:
    """'AB12' -> (12, 28): rows before columns, as a person reads a sheet."""
    if not cell:
        return (0, 0)
    letters = "".join(ch for ch in cell if ch.isalpha()).upper()
    digits = "".join(ch for ch in cell if ch.isdigit())
    column = 0
    for ch in letters:
        column = column * 26 + (ord(ch) - ord("A") + 1)
    return (int(digits) if digits else 0, column)


def _place(issue: Issue) -> tuple[object, ...]:
    s = issue.source
    return (
        s.file,
        s.line or 0,
        s.sheet or "",
        _cell_order(s.cell),
        s.page or 0,
        s.table or 0,
        s.paragraph or 0,
    )


def sort_issues(issues: Iterable[Issue]) -> list[Issue]:
    """Errors first, then by place (line, or sheet and cell, or page), then by code."""
    return sorted(issues, key=lambda i: (i.severity.rank, _place(i), i.code))


def issues_to_json(issues: Iterable[Issue]) -> str:
    """The public JSON shape of ``jixiao check``: ``{"issues": [...]}``."""
    return json.dumps({"issues": [i.to_dict() for i in issues]}, ensure_ascii=False, indent=2)


def has_errors(issues: Iterable[Issue]) -> bool:
    return any(i.severity is Severity.ERROR for i in issues)
