"""``jixiao import FILE.xlsx -o evaluation.yaml``: a filled-in workbook (or official 自评表) as YAML."""

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
    write_text_atomic,
)
from jixiao.issues import has_errors, sort_issues


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, allow_dash=True),
    help="要写出的 YAML 文件（- 表示标准输出）",
)
@FORMAT_OPTION
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info"]),
    default="error",
    show_default=True,
    help="哪一级读取问题导致退出码 1",
)
@click.option(
    "--force",
    is_flag=True,
    help="即使有读取错误也写出 YAML（出错的单元格不会写入）",
)
def import_command(file: str, output: str, fmt: str, fail_on: str, force: bool) -> None:
    """把填好的工作簿 FILE 转成 evaluation.yaml；每个问题都指向“工作表!单元格”。

    有读取错误时不写出 YAML（以免丢掉出错单元格的内容），除非加 --force。
    退出码：0 成功，1 有读取问题，2 无法运行。
    """
    from jixiao.dump import dump_evaluation

    evaluation, issues = load_or_exit(file, fmt)
    if has_errors(issues) and not force:
        emit_issues(issues, fmt)
        click.echo(
            f"未写出 {output}：工作簿有读取错误，写出会丢掉出错单元格的内容。"
            "请按上面的位置改正后重试，或加 --force 只写出可读部分。",
            err=True,
        )
        sys.exit(EXIT_PROBLEMS)
    text = dump_evaluation(evaluation)
    if output == "-":
        click.echo(text, nl=False)
        for issue in sort_issues(issues):  # stdout holds the YAML
            click.echo(issue.to_text(), err=True)
    else:
        try:
            write_text_atomic(output, text)
        except OSError as exc:
            emit_issues(issues, fmt)
            click.echo(f"无法写出 {output}：{exc.strerror or exc}", err=True)
            sys.exit(EXIT_CANNOT_RUN)
        emit_issues(issues, fmt)
    sys.exit(EXIT_PROBLEMS if problems(issues, fail_on) else EXIT_CLEAN)
