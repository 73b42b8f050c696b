"""Small helpers to build document-level issues (A-* codes, docs/audit.md) with their numbers."""

from __future__ import annotations

from decimal import Decimal

from jixiao.issues import Issue, Severity
from jixiao.number import fmt_plain, stated_tolerance
from jixiao.source import Source

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


def issue(
    code: str,
    severity: Severity,
    message: str,
    source: Source,
    expected: Decimal | None = None,
    actual: Decimal | None = None,
    hint: str = "",
) -> Issue:
    difference = actual - expected if expected is not None and actual is not None else None
    return Issue(code, severity, message, source, expected, actual, difference, hint)


def p(value: Decimal) -> str:
    """A figure as printed in messages (no trailing zeros)."""
    return fmt_plain(value)


def printed_tolerance(*stated: Decimal, minimum: Decimal = Decimal("0.005")) -> Decimal:
    """Half a unit of the coarsest printed place among the stated figures."""
    return max([stated_tolerance(s) for s in stated] + [minimum])
