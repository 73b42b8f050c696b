"""``jixiao template -o FILE.xlsx``: write the workbook units fill in, blank or pre-filled."""

from __future__ import annotations

import sys

import click

from jixiao.cli.common import EXIT_CANNOT_RUN, FORMAT_OPTION, emit_issues, load_or_exit


@click.command("template")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False),
    help="要写出的工作簿（.xlsx）",
)
@click.option("--scheme", "scheme_name", default=None, help="评分方案（如 sichuan-0013zp）")
@click.option(
    "--from",
    "source",
    default=None,
    type=click.Path(dir_okay=False),
    help="用已有的 evaluation.yaml（或工作簿）预先填好",
)
@FORMAT_OPTION
def template_command(output: str, scheme_name: str | None, source: str | None, fmt: str) -> None:
    """生成供单位填写的 Excel 工作簿：单位概况、资金情况、部门绩效目标、项目清单和每个项目一张表。

    表头已锁定（工作表保护无密码），带下拉列表和数字校验；--from 时预先填好。
    退出码：0 成功，2 无法运行。
    """
    from jixiao.score import SchemeError
    from jixiao.score.scheme import load_scheme
    from jixiao.workbook import write_template

    if not output.lower().endswith((".xlsx", ".xlsm")):
        raise click.UsageError("输出文件应以 .xlsx 结尾")
    evaluation = None
    if source:
        evaluation, issues = load_or_exit(source, fmt)
        if issues:
            emit_issues(issues, fmt)
    region = ""
    name = scheme_name or (evaluation.scheme if evaluation else "")
    if name:
        try:
            scheme = load_scheme(name)
        except SchemeError as exc:
            click.echo(f"评分方案不可用：{exc}", err=True)
            sys.exit(EXIT_CANNOT_RUN)
        region = scheme.region
    try:
        problems = write_template(output, evaluation, scheme=scheme_name or "", region=region)
    except OSError as exc:
        click.echo(f"无法写出 {output}：{exc.strerror or exc}", err=True)
        sys.exit(EXIT_CANNOT_RUN)
    if problems:
        emit_issues(problems, fmt)
    click.echo(f"已写出 {output}", err=True)
