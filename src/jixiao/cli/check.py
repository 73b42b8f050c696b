"""``jixiao check FILE``: load a unit-year and run the validation catalogue."""

from __future__ import annotations

import sys

import click

from jixiao.cli.common import (
    EXIT_CANNOT_RUN,
    EXIT_CLEAN,
    EXIT_PROBLEMS,
    FORMAT_OPTION,
    emit_issues,
    load_or_exit,
    problems,
)
from jixiao.model import Evaluation
from jixiao.rules import Options
from jixiao.rules.catalogue import check_evaluation


@click.command("check")
@click.argument("file", type=click.Path(dir_okay=False))
@FORMAT_OPTION
@click.option(
    "--scheme", "scheme_name", default=None, help="评分方案（决定检查口径；默认取文件中的 scheme:）"
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info"]),
    default="warning",
    show_default=True,
    help="哪一级问题导致退出码 1",
)
def check_command(file: str, fmt: str, fail_on: str, scheme_name: str | None) -> None:
    """检查 FILE 中的每一个数字：合计、占比、比率、报告与附件的对应、指标质量与必填说明。

    退出码：0 无问题，1 发现问题，2 无法运行。
    """
    evaluation, issues = load_or_exit(file, fmt)
    issues = issues + check_evaluation(evaluation, _options(evaluation, scheme_name))
    emit_issues(issues, fmt)
    sys.exit(EXIT_PROBLEMS if problems(issues, fail_on) else EXIT_CLEAN)


def _options(evaluation: Evaluation, scheme_name: str | None) -> Options | None:
    """Options from the scheme's checks; an unknown --scheme cannot run (exit 2)."""
    from jixiao.score import SchemeError, list_schemes, scheme_for, scheme_options

    try:
        return scheme_options(scheme_for(evaluation, scheme_name))
    except SchemeError as exc:
        if scheme_name is None:
            return None  # the file's own scheme: key is reported by S-SCHEME-01
        click.echo(f"错误：{exc}", err=True)
        if "可用的方案" not in exc.message:
            click.echo(f"可用的评分方案：{'、'.join(list_schemes())}", err=True)
        sys.exit(EXIT_CANNOT_RUN)
