"""``jixiao score FILE [--scheme NAME]``: score every project per the official rules."""

from __future__ import annotations

import json
import sys
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from jixiao.cli.common import (
    EXIT_CANNOT_RUN,
    EXIT_CLEAN,
    EXIT_PROBLEMS,
    FORMAT_OPTION,
    emit_issues,
    load_or_exit,
    problems,
)
from jixiao.issues import Issue, sort_issues
from jixiao.model import Evaluation
from jixiao.number import fmt_amount, fmt_percent, fmt_plain
from jixiao.score import (
    EvaluationScore,
    ProjectScore,
    SchemeError,
    evaluation_to_dict,
    list_schemes,
    scheme_for,
    score_evaluation,
)

SCHEME_OPTION = click.option(
    "--scheme",
    "scheme_name",
    default=None,
    help="评分方案名称或方案文件路径（默认取文件中的 scheme:，否则 national-2020）",
)


@click.command("score")
@click.argument("file", type=click.Path(dir_okay=False))
@SCHEME_OPTION
@FORMAT_OPTION
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info"]),
    default="error",
    show_default=True,
    help="哪一级问题导致退出码 1",
)
def score_command(file: str, scheme_name: str | None, fmt: str, fail_on: str) -> None:
    """按评分方案为 FILE 中每个项目计分：预算执行率、各项指标、扣分、封顶、总分与等级，
    每行附计分依据（公式与数字）。

    退出码：0 成功，1 有计分问题（如缺少完成值），2 无法运行（如评分方案不存在）。
    """
    evaluation, issues = load_or_exit(file, fmt)
    try:
        scheme = scheme_for(evaluation, scheme_name)
    except SchemeError as exc:
        click.echo(f"错误：{exc}", err=True)
        if "可用的方案" not in exc.message:
            click.echo(f"可用的评分方案：{'、'.join(list_schemes())}", err=True)
        sys.exit(EXIT_CANNOT_RUN)
    result = score_evaluation(evaluation, scheme)
    all_issues = sort_issues([*issues, *result.issues])
    if fmt == "json":
        data = evaluation_to_dict(result)
        data["ratios"] = _ratios(evaluation)
        data["issues"] = [i.to_dict() for i in all_issues]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        _print_text(result, issues)
    sys.exit(EXIT_PROBLEMS if problems(all_issues, fail_on) else EXIT_CLEAN)


def _ratios(evaluation: Evaluation) -> list[dict[str, Any]]:
    from jixiao.cli.ratios import ratio_to_dict
    from jixiao.derive import department_ratios

    return [ratio_to_dict(r) for r in department_ratios(evaluation)]


def _print_text(result: EvaluationScore, load_issues: list[Issue]) -> None:
    # Piped output is not wrapped into narrow cells, so every basis stays on one line.
    width = None if sys.stdout.isatty() else 240
    console = Console(highlight=False, soft_wrap=False, width=width)
    console.print(f"评分方案：{result.scheme.name}（{result.scheme.title}）")
    if not result.projects:
        console.print("文件中没有项目（projects），无可计分内容")
    for ps in result.projects:
        console.print(_table(ps, result.scheme.places))
        for note in ps.notes:
            console.print(f"  注：{note}")
    emit_issues([*load_issues, *result.issues], "text")


def _table(ps: ProjectScore, places: int) -> Table:
    rate = f"，执行率 {fmt_percent(ps.execution_rate)}" if ps.execution_rate is not None else ""
    table = Table(
        title=f"{ps.name}：总分 {fmt_amount(ps.total, places)}，等级 {ps.grade}{rate}",
        title_justify="left",
        show_lines=False,
    )
    table.add_column("项目/指标")
    table.add_column("一级")
    table.add_column("权重", justify="right")
    table.add_column("得分", justify="right")
    table.add_column("计分依据")
    for ln in ps.lines:
        weight = fmt_plain(ln.weight) if ln.weight is not None else ""
        flags = f"［{'、'.join(ln.flags)}］" if ln.flags else ""
        table.add_row(ln.item, ln.level1, weight, fmt_amount(ln.score, places), ln.basis + flags)
    table.add_row("合计", "", "", fmt_amount(ps.total, places), f"等级 {ps.grade}")
    return table
