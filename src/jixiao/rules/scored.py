"""Shared access for the rules that need the engine's scores: the scheme and each project's score.

Rules about entered scores look only at *scored* projects (some weight, score, band or stated
total entered, or a scheme with ``require_scores``): an unscored report such as the Panzhihua
FY2021 attachments is not flooded with errors about scores it never claimed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal

from jixiao.issues import Issue
from jixiao.model import Evaluation, Indicator, Project
from jixiao.rules import Options
from jixiao.score import ProjectScore, Scheme, SchemeError, scheme_for, score_project

ZERO = Decimal(0)
Scored = tuple[Project, ProjectScore, Scheme]


def scheme_of(ev: Evaluation, options: Options) -> Scheme | None:
    try:
        return scheme_for(ev, options.scheme or None)
    except SchemeError:
        return None


def isscored_projects(project: Project, scheme: Scheme) -> bool:
    """Whether the unit scored this project (or the scheme's form requires it)."""
    if scheme.require_scores or project.stated_score is not None or project.stated_grade:
        return True
    return any(
        i.score is not None or i.weight is not None or i.band or i.coefficient is not None
        for i in project.indicators
    )


def all_projects(ev: Evaluation, options: Options) -> Iterator[Scored]:
    scheme = scheme_of(ev, options)
    if scheme is None:
        return
    for project in ev.projects:
        yield project, score_project(project, scheme), scheme


def scored_projects(ev: Evaluation, options: Options) -> Iterator[Scored]:
    for project, ps, scheme in all_projects(ev, options):
        if isscored_projects(project, scheme):
            yield project, ps, scheme


def engine_issues(
    ev: Evaluation, options: Options, code: str, scored_only: bool
) -> Iterable[Issue]:
    for _project, ps, _s in (
        scored_projects(ev, options) if scored_only else all_projects(ev, options)
    ):
        yield from (i for i in ps.issues if i.code == code)


def label(project: Project, ind: Indicator) -> str:
    return f"项目“{project.name}”指标“{ind.name}”"
