"""The full catalogue of built-in rules, in report order, and the one entry point to run it."""

from __future__ import annotations

from jixiao.issues import Issue
from jixiao.model import Evaluation
from jixiao.rules import (
    Options,
    Rule,
    crossref,
    funds,
    indicators,
    report,
    run_rules,
    scoring,
    text,
    weights,
)

ALL_RULES: tuple[Rule, ...] = (
    *funds.RULES,
    *report.RULES,
    *crossref.RULES,
    *indicators.RULES,
    *weights.RULES,
    *scoring.RULES,
    *text.RULES,
)


def check_evaluation(evaluation: Evaluation, options: Options | None = None) -> list[Issue]:
    """Run the whole catalogue on one evaluation."""
    return run_rules(evaluation, ALL_RULES, options or Options())
