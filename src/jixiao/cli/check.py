"""``jixiao check FILE``: load a unit-year and run the validation catalogue."""

from __future__ import annotations

import sys

import click

from jixiao.cli.common import (
    EXIT_CLEAN,
    EXIT_PROBLEMS,
    FORMAT_OPTION,
    emit_issues,
    load_or_exit,
    problems,
)
from jixiao.rules.catalogue import check_evaluation


@click.command("check")
@click.argument("file", type=click.Path(dir_okay=False))
@FORMAT_OPTION
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info"]),
    default="warning",
    show_default=True,
    help="哪一级问题导致退出码 1",
)
def check_command(file: str, fmt: str, fail_on: str) -> None:
    """检查 FILE 中的每一个数字：合计、占比、比率、报告与附件的对应、指标质量与必填说明。

    退出码：0 无问题，1 发现问题，2 无法运行。
    """
    evaluation, issues = load_or_exit(file, fmt)
    issues = issues + check_evaluation(evaluation)
    emit_issues(issues, fmt)
    sys.exit(EXIT_PROBLEMS if problems(issues, fail_on) else EXIT_CLEAN)
