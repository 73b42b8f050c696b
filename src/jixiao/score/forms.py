"""The public JSON form of scores (documented in docs/scoring.md) and scheme resolution."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from jixiao.issues import json_value, sort_issues
from jixiao.model import Evaluation
from jixiao.score.result import EvaluationScore, ProjectScore, ScoreLine
from jixiao.score.scheme import DEFAULT_SCHEME, SCHEME_DIR, Scheme, load_scheme

if TYPE_CHECKING:
    from jixiao.rules import Options


def scheme_for(ev: Evaluation | None, name: str | None = None) -> Scheme:
    """The scheme asked for, else the file's ``scheme:`` key, else national-2020.

    A relative scheme path in the file is read relative to that file's folder.
    """
    if name:
        return load_scheme(name)
    own = ev.scheme if ev else ""
    if ev and own.endswith((".yaml", ".yml")) and not Path(own).is_absolute():
        here = ev.meta.source.file
        if here:
            own = str(Path(here).parent / own)
    return load_scheme(own or DEFAULT_SCHEME)


def line_to_dict(line: ScoreLine) -> dict[str, Any]:
    return {
        "item": line.item,
        "kind": line.kind,
        "level1": line.level1,
        "level2": line.level2,
        "weight": json_value(line.weight),
        "score": json_value(line.score),
        "basis": line.basis,
        "flags": list(line.flags),
        "source": line.source.to_dict(),
    }


def project_to_dict(ps: ProjectScore) -> dict[str, Any]:
    return {
        "name": ps.name,
        "total": json_value(ps.total),
        "grade": ps.grade,
        "execution_rate": json_value(ps.execution_rate),
        "assumed_weights": ps.assumed_weights,
        "notes": list(ps.notes),
        "lines": [line_to_dict(ln) for ln in ps.lines],
        "issues": [i.to_dict() for i in sort_issues(ps.issues)],
    }


def evaluation_to_dict(es: EvaluationScore) -> dict[str, Any]:
    """``{"scheme", "scheme_title", "projects": [...]}``; the CLI adds "ratios" and "issues"."""
    return {
        "scheme": es.scheme.name,
        "scheme_title": es.scheme.title,
        "projects": [project_to_dict(p) for p in es.projects],
    }


def scheme_options(scheme: Scheme) -> Options:
    """The rules' Options a scheme asks for: its ``checks`` mapping, and its own name."""
    from jixiao.rules import Options, options_from_mapping

    shipped = not scheme.file or Path(scheme.file).parent == SCHEME_DIR
    return options_from_mapping(
        scheme.checks, Options(scheme=scheme.name if shipped else scheme.file)
    )
