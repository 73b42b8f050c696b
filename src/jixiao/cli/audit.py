"""``jixiao audit PATH...``: check published self-evaluations (TXT, DOCX, PDF, XLSX)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from jixiao.audit.read import SUPPORTED
from jixiao.cli.common import EXIT_CANNOT_RUN, EXIT_CLEAN, EXIT_PROBLEMS, problems


@click.command("audit")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "csv", "html"]),
    default="text",
    show_default=True,
    help="输出格式：text/json 为逐项问题，csv/html 为每份文件一行的汇总",
)
@click.option(
    "-o", "--output", "out", type=click.Path(dir_okay=False), help="写入文件而不是标准输出"
)
@click.option(
    "--jobs", "-j", type=click.IntRange(1, 256), default=1, show_default=True, help="并行进程数"
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info"]),
    default="error",
    show_default=True,
    help="哪一级问题导致退出码 1",
)
def audit_command(
    paths: tuple[str, ...], fmt: str, out: str | None, jobs: int, fail_on: str
) -> None:
    """审核已发布的绩效自评报告和自评表：提取数字，核对合计、比率、得分、权重与编号。

    PATH 可以是文件或目录（递归查找 .txt .md .docx .pdf .xlsx .html .htm）。一个文件读不了不会中断其余文件。
    退出码：0 无问题，1 发现问题，2 无法运行（没有可读的文件）。
    """
    from jixiao.audit.batch import collect
    from jixiao.audit.output import FORMATS

    files = collect(paths)
    if not files:
        click.echo(f"没有找到可审核的文件（支持 {' '.join(SUPPORTED)}）", err=True)
        sys.exit(EXIT_CANNOT_RUN)
    results = _run(paths, jobs, len(files))
    text = FORMATS[fmt](results)
    if out:
        Path(out).write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    else:
        click.echo(text)
    if all(r.error for r in results):
        sys.exit(EXIT_CANNOT_RUN)
    issues = [i for r in results for i in r.issues]
    sys.exit(EXIT_PROBLEMS if problems(issues, fail_on) else EXIT_CLEAN)


def _run(paths: tuple[str, ...], jobs: int, total: int):  # type: ignore[no-untyped-def]
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    from jixiao.audit.batch import audit_paths

    if total <= 1:
        return audit_paths(paths, jobs)
    from rich.console import Console

    with Progress(
        TextColumn("审核"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("audit", total=total)
        return audit_paths(paths, jobs, progress=lambda _r: bar.advance(task))
