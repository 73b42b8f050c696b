"""Scoring per the official rules (rules.md §2-§3), with schemes as data files.

    >>> from jixiao.score import load_scheme, score_project
    >>> scheme = load_scheme("national-2020")

``score_project`` returns a :class:`ProjectScore` whose lines (execution, indicators,
deductions, penalties, rescale, caps) add up exactly to its total, each with its formula.
"""

from __future__ import annotations

from jixiao.score.forms import (
    evaluation_to_dict,
    project_to_dict,
    scheme_for,
    scheme_options,
)
from jixiao.score.project import NO_DATA_FLAGS, score_evaluation, score_project
from jixiao.score.result import LINE_KINDS, EvaluationScore, ProjectScore, ScoreLine
from jixiao.score.scheme import (
    DEFAULT_SCHEME,
    Alerts,
    Band,
    Cap,
    Penalty,
    Scheme,
    SchemeError,
    Step,
    grade_of,
    list_schemes,
    load_scheme,
)

__all__ = [
    "DEFAULT_SCHEME",
    "LINE_KINDS",
    "NO_DATA_FLAGS",
    "Alerts",
    "Band",
    "Cap",
    "EvaluationScore",
    "Penalty",
    "ProjectScore",
    "Scheme",
    "SchemeError",
    "ScoreLine",
    "Step",
    "evaluation_to_dict",
    "grade_of",
    "list_schemes",
    "load_scheme",
    "project_to_dict",
    "scheme_for",
    "scheme_options",
    "score_evaluation",
    "score_project",
]
