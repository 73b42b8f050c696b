"""The validation catalogue (rules.md §8, review.md faults): rules as pure functions.

A rule is ``check(evaluation, options) -> iterable of Issue`` with a code, a severity and a
title. Rule sets are data: a scheme's ``checks`` section chooses options, disables rules and
overrides severities (see :func:`options_from_mapping`). One rule crashing never stops the
others; the crash becomes an issue of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal
from typing import Any

from jixiao.issues import Issue, Severity
from jixiao.model import Evaluation
from jixiao.number import parse_number


@dataclass(frozen=True)
class Options:
    """Tolerances and thresholds of the checks. Every value here may be set by a scheme."""

    region: str = "national"  # national / sichuan: which table conventions apply
    amount_tolerance: Decimal = Decimal("0.01")  # 万元, V-FUND-01
    rate_tolerance: Decimal = Decimal("0.0001")  # 0.01 percentage point, V-FUND-02
    share_sum_tolerance: Decimal = Decimal("0.0005")  # 0.05 pp, V-RPT-02
    low_execution: Decimal = Decimal("0.90")  # below this a reason is required (V-FUND-03)
    reason_max_chars: int = 100  # V-FUND-03
    overshoot: Decimal = Decimal("1.20")  # V-IND-07
    text_limits: Mapping[str, int] = field(
        default_factory=lambda: {
            "goal_result": 100,
            "conclusion": 200,
            "problems": 200,
            "suggestions": 200,
        }
    )  # V-TXT-01
    score_tolerance: Decimal = Decimal("0.01")  # V-IND-05, V-TOT-01
    similarity: Decimal = Decimal("0.90")  # F27 repeated paragraphs
    disabled: frozenset[str] = frozenset()
    severities: Mapping[str, Severity] = field(default_factory=dict)
    scheme: str = (
        ""  # scoring scheme for the score-dependent rules; "" = the file's, else national-2020
    )


_DECIMAL_FIELDS = {f.name for f in fields(Options) if f.type == "Decimal"}


def options_from_mapping(data: Mapping[str, Any], base: Options | None = None) -> Options:
    """Options from a scheme's ``checks`` mapping; percentages may be written "90%"."""
    opts = base or Options()
    changes: dict[str, Any] = {}
    for key, value in data.items():
        if key == "disable":
            changes["disabled"] = frozenset(str(v) for v in value)
        elif key == "severity":
            changes["severities"] = {str(k): Severity(str(v)) for k, v in value.items()}
        elif key in _DECIMAL_FIELDS:
            parsed = parse_number(str(value))
            if parsed is None:
                raise ValueError(f"checks.{key}: not a number: {value!r}")
            changes[key] = parsed.value / 100 if parsed.percent else parsed.value
        elif key in ("reason_max_chars",):
            changes[key] = int(value)
        elif key == "text_limits":
            changes[key] = {str(k): int(v) for k, v in value.items()}
        elif key == "region":
            changes[key] = str(value)
        else:
            raise ValueError(f"checks: unknown option {key!r}")
    return replace(opts, **changes)


Check = Callable[[Evaluation, Options], Iterable[Issue]]


@dataclass(frozen=True)
class Rule:
    """A validation rule: its code (rules.md §8 id or review.md fault id) and its check."""

    code: str
    severity: Severity
    title: str
    check: Check


def rule(code: str, severity: Severity, title: str) -> Callable[[Check], Rule]:
    """Decorator turning a check function into a :class:`Rule` (no global registry)."""

    def wrap(fn: Check) -> Rule:
        return Rule(code, severity, title, fn)

    return wrap


def run_rules(evaluation: Evaluation, rules: Iterable[Rule], options: Options) -> list[Issue]:
    """Run every enabled rule; a crashing rule becomes an X-RULE issue and the rest go on."""
    out: list[Issue] = []
    for r in rules:
        if r.code in options.disabled:
            continue
        try:
            found = list(r.check(evaluation, options))
        except Exception as exc:
            out.append(
                Issue(
                    "X-RULE",
                    Severity.ERROR,
                    f"检查规则 {r.code} 运行出错：{type(exc).__name__}: {exc}",
                    evaluation.meta.source,
                    hint="这是 jixiao 的缺陷，请报告；其他检查不受影响",
                )
            )
            continue
        override = options.severities.get(r.code)
        out.extend(replace(i, severity=override) if override else i for i in found)
    return out
