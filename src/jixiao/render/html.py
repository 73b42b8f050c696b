"""The report as one standalone HTML page (templates/html: page skeleton and stylesheet).

The same blocks as the DOCX; the page is self-contained (CSS inlined, no scripts), so it can be
mailed, published on a unit's website, or embedded by the web application.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from string import Template

from jixiao.render.labels import break_label, cell_align, column_twips
from jixiao.render.view import (
    Attachment,
    Block,
    Heading,
    PageBreak,
    Paragraph,
    ReportView,
    Table,
    Title,
)
from jixiao.render.wording import TEMPLATE_DIR, RenderError

HTML_DIR = TEMPLATE_DIR / "html"


def table_html(table: Table) -> str:
    pre = "".join(
        f'<span class="preamble {c.align}">{escape(c.text)}</span>' for c in table.preamble
    )
    twips = column_twips(table)
    rows: list[list[str]] = [[] for _ in table.rows]
    for r, c, cell in table.placed():
        width = sum(twips[c : c + cell.colspan])
        align = cell_align(cell, width)
        attrs = ""
        if cell.colspan > 1:
            attrs += f' colspan="{cell.colspan}"'
        if cell.rowspan > 1:
            attrs += f' rowspan="{cell.rowspan}"'
        classes = " ".join(
            x for x in (align if align != "center" else "", "bold" if cell.bold else "") if x
        )
        if classes:
            attrs += f' class="{classes}"'
        if cell.kind != "text" and cell.kind != "label":
            attrs += f' data-kind="{cell.kind}"'
        text = "<br>".join(escape(line) for line in break_label(cell.text, width).split("\n"))
        if cell.placeholder:
            text = f'<span class="placeholder">{text}</span>'
        rows[r].append(f"<td{attrs}>{text}</td>")
    held = len(rows) - 1 - table.keep_tail  # rows that print with the row after them
    keep = ' class="keep"'
    body = "".join(
        f"<tr{keep if held <= r < len(rows) - 1 else ''}>{''.join(cells)}</tr>"
        for r, cells in enumerate(rows)
    )
    caption = f"<caption>{escape(table.title)}{pre}</caption>"
    return f"<table>{caption}{_colgroup(table)}<tbody>{body}</tbody></table>"


def _colgroup(table: Table) -> str:
    """The form's column proportions: without them a browser squeezes 一级指标 to one
    character a line to make room for the long text columns."""
    total = sum(table.widths) or 1
    cols = "".join(f'<col style="width:{100 * w / total:.1f}%">' for w in table.widths)
    return f"<colgroup>{cols}</colgroup>"


def block_html(block: Block) -> str:
    if isinstance(block, Paragraph):
        lead = f'<span class="lead">{escape(block.lead)}</span>' if block.lead else ""
        text = escape(block.text)
        if block.placeholder:
            text = f'<span class="placeholder">{text}</span>'
        return f"<p>{lead}{text}</p>"
    if isinstance(block, Heading):
        return f"<h{block.level + 1}>{escape(block.text)}</h{block.level + 1}>"
    if isinstance(block, Title):
        spans = "".join(f"<span>{escape(line)}</span>" for line in block.lines)
        return f'<h1 class="title">{spans}</h1>'
    if isinstance(block, Attachment):
        return f'<p class="attachment">附件{block.number}</p>'
    if isinstance(block, PageBreak):
        return '<div class="page-break"></div>'
    return table_html(block)


def render_html_text(view: ReportView, template_dir: Path | None = None) -> str:
    folder = template_dir or HTML_DIR
    try:
        page = Template((folder / "report.html").read_text(encoding="utf-8"))
        css = (folder / "report.css").read_text(encoding="utf-8")
    except OSError as exc:
        raise RenderError(f"无法读取 HTML 模板：{exc}") from exc
    body = "\n".join(block_html(b) for b in view.blocks)
    summary = block_html(PageBreak()) + table_html(view.summary)
    return page.safe_substitute(title=escape(view.title), css=css, body=body + "\n" + summary)


def render_html(view: ReportView, out: Path) -> None:
    out.write_text(render_html_text(view), encoding="utf-8")
