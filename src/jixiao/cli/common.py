"""Shared CLI plumbing: exit codes, loading with issues, printing issues in text or JSON."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path

import click

from jixiao.issues import Issue, Severity, issues_to_json, sort_issues
from jixiao.load import load_evaluation
from jixiao.model import Evaluation

EXIT_CLEAN = 0
EXIT_PROBLEMS = 1
EXIT_CANNOT_RUN = 2

FORMAT_OPTION = click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="输出格式 / output format",
)


def fail_threshold(name: str) -> int:
    return {"error": 0, "warning": 1, "info": 2}[name]


def problems(issues: Iterable[Issue], fail_on: str = "warning") -> bool:
    limit = fail_threshold(fail_on)
    return any(i.severity.rank <= limit for i in issues)


def load_or_exit(path: str, fmt: str) -> tuple[Evaluation, list[Issue]]:
    """Load a file; if it cannot be read into a model at all, print why and exit 2."""
    evaluation, issues = load_evaluation(path)
    if evaluation is None:
        emit_issues(issues, fmt)
        sys.exit(EXIT_CANNOT_RUN)
    return evaluation, issues


def emit_issues(issues: Iterable[Issue], fmt: str) -> None:
    ordered = sort_issues(issues)
    if fmt == "json":
        click.echo(issues_to_json(ordered))
        return
    for issue in ordered:
        click.echo(issue.to_text())
    counts = {s: sum(1 for i in ordered if i.severity is s) for s in Severity}
    click.echo(
        f"共 {len(ordered)} 个问题：错误 {counts[Severity.ERROR]}，"
        f"警告 {counts[Severity.WARNING]}，提示 {counts[Severity.INFO]}",
        err=True,
    )


def write_text_atomic(path: str | Path, text: str) -> None:
    """Write a text file whole or not at all: a temporary file beside it, then a rename."""
    target = Path(path)
    partial = target.with_name(f".{target.name}.partial")
    try:
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
