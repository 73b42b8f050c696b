"""``jixiao ratios FILE``: the department ratios of rules.md §4.1, each with its formula."""

from __future__ import annotations

import json
from typing import Any

import click

from jixiao.cli.common import FORMAT_OPTION, load_or_exit
from jixiao.derive import Ratio, department_ratios
from jixiao.issues import json_value, sort_issues


def ratio_to_dict(r: Ratio) -> dict[str, Any]:
    """The JSON form of one ratio: value as a fraction, and as printed."""
    return {
        "key": r.key,
        "name": r.name,
        "value": json_value(r.value),
        "display": r.display,
        "numerator": json_value(r.numerator),
        "denominator": json_value(r.denominator),
        "formula": r.formula,
        "direction": r.direction,
        "note": r.note,
        "source": r.source.to_dict(),
    }


def ratio_to_text(r: Ratio) -> str:
    """``名称  值  公式（方向）——说明``, one line per ratio."""
    tail = f" —— {r.note}" if r.note else ""
    return f"{r.name}：{r.display}　{r.formula}（{r.direction}）{tail}"


@click.command("ratios")
@click.argument("file", type=click.Path(dir_okay=False))
@FORMAT_OPTION
def ratios_command(file: str, fmt: str) -> None:
    """计算 FILE 的部门整体支出比率（财预〔2013〕53号）：在职人员控制率、预算完成率、
    预算调整率、结转结余率、公用经费与“三公经费”控制率等，每项附计算公式。

    只计算输入齐全的比率。退出码：0 成功，2 无法读取文件。
    """
    evaluation, issues = load_or_exit(file, fmt)
    ratios = department_ratios(evaluation)
    if fmt == "json":
        data = {
            "ratios": [ratio_to_dict(r) for r in ratios],
            "issues": [i.to_dict() for i in sort_issues(issues)],
        }
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for issue in sort_issues(issues):
        click.echo(issue.to_text(), err=True)
    if not ratios:
        click.echo("没有可计算的比率：请填写 staffing、funds 中的相关数字", err=True)
    for r in ratios:
        click.echo(ratio_to_text(r))
