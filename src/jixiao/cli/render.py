"""``jixiao render FILE --to docx|pdf|xlsx|html|md -o OUT``: write the official documents."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from jixiao.cli.common import EXIT_CANNOT_RUN, EXIT_CLEAN, load_or_exit
from jixiao.issues import Severity, sort_issues
from jixiao.render import FORMATS, RenderError, RenderOptions, format_for, make_view, render

FORMAT_NAMES = [*FORMATS, "all"]


@click.command("render")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "--to",
    "fmt",
    type=click.Choice(FORMAT_NAMES),
    default=None,
    help="输出格式（默认按 -o 的扩展名）；all 表示全部格式",
)
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(),
    default=None,
    help="输出文件（--to all 时为目录）",
)
@click.option(
    "--layout",
    type=click.Choice(["national", "sichuan"]),
    default=None,
    help="自评表版式：national 全国（财预〔2020〕10号）/ sichuan 四川 0013zp",
)
@click.option(
    "--wording",
    type=click.Path(dir_okay=False),
    default=None,
    help="措辞模板（YAML），默认按地区和年度选择",
)
@click.option(
    "--template", type=click.Path(dir_okay=False), default=None, help="Word 版式模板（.docx）"
)
@click.option(
    "--scheme",
    "scheme_name",
    default=None,
    help="评分方案名称或文件（默认取文件中的 scheme:，否则 national-2020）",
)
def render_command(
    file: str,
    fmt: str | None,
    output: str | None,
    layout: str | None,
    wording: str | None,
    template: str | None,
    scheme_name: str | None,
) -> None:
    """把 FILE 写成正式文件：部门整体绩效自评报告（附项目自评报告和自评表）为 DOCX / PDF / HTML /
    Markdown，项目支出绩效自评表为 XLSX。所有数字由程序计算；缺少内容处显示【待填写：…】。

    退出码：0 成功，2 无法运行（文件无法读取、缺少 LibreOffice、模板有误等）。
    """
    evaluation, issues = load_or_exit(file, "text")
    for issue in sort_issues(i for i in issues if i.severity is Severity.ERROR):
        click.echo(issue.to_text(), err=True)
    opts = RenderOptions(
        wording=Path(wording) if wording else None,
        template=Path(template) if template else None,
        layout=layout,
        scheme=scheme_name,
    )
    try:
        targets = _targets(file, fmt, output)
        view = make_view(evaluation, opts)
        for kind, out in targets:
            render(evaluation, kind, out, opts, view)
            click.echo(f"已生成 {out}")
    except RenderError as exc:
        click.echo(f"无法生成：{exc.message}", err=True)
        if exc.hint:
            click.echo(f"  {exc.hint}", err=True)
        sys.exit(EXIT_CANNOT_RUN)
    if view.placeholders:
        click.echo(f"草稿：{len(view.placeholders)} 处待填写（文中标为【待填写：…】）", err=True)
    sys.exit(EXIT_CLEAN)


def _targets(file: str, fmt: str | None, output: str | None) -> list[tuple[str, Path]]:
    if fmt == "all":
        folder = Path(output) if output else Path(file).parent
        stem = Path(file).stem
        return [(kind, folder / f"{stem}.{kind}") for kind in FORMATS]
    out = Path(output) if output else None
    kind = format_for(out, fmt)
    return [(kind, out or Path(file).with_suffix(f".{kind}"))]
