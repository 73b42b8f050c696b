"""The report as Markdown, for reading changes in review (diff-friendly: one paragraph a line).

Markdown tables cannot merge cells: a merged cell's text is printed in its first grid cell and
the covered cells are left empty, so every figure still appears exactly once per table.
"""

from __future__ import annotations

from pathlib import Path

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


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def table_md(table: Table) -> str:
    grid = [["" for _ in range(table.columns)] for _ in table.rows]
    for r, c, cell in table.placed():
        if r < len(grid) and c < table.columns:
            grid[r][c] = f"**{_cell(cell.text)}**" if cell.placeholder else _cell(cell.text)
    lines = [f"**{table.title}**", ""]
    lines += [c.text for c in table.preamble] + ([""] if table.preamble else [])
    lines.append("| " + " | ".join(grid[0]) + " |")
    lines.append("|" + "---|" * table.columns)
    lines += ["| " + " | ".join(row) + " |" for row in grid[1:]]
    return "\n".join(lines)


def block_md(block: Block) -> str:
    if isinstance(block, Paragraph):
        lead = f"**{block.lead}**" if block.lead else ""
        text = f"**{block.text}**" if block.placeholder else block.text
        return lead + text
    if isinstance(block, Heading):
        return "#" * (block.level + 1) + " " + block.text
    if isinstance(block, Title):
        return "# " + " ".join(block.lines)
    if isinstance(block, Attachment):
        return f"附件{block.number}"
    if isinstance(block, PageBreak):
        return "---"
    return table_md(block)


def render_markdown_text(view: ReportView) -> str:
    parts = [block_md(b) for b in view.blocks] + [table_md(view.summary)]
    return "\n\n".join(parts) + "\n"


def render_markdown(view: ReportView, out: Path) -> None:
    out.write_text(render_markdown_text(view), encoding="utf-8")
