"""Lay the view out as a Word document inside the layout template (docxtpl).

The template (``templates/docx/<name>.docx``) holds the page setup, the styles, the footer with
its page numbers and any fixed text; its ``{{p body }}`` paragraph receives the report. Body XML
is written from small string templates keyed by the template's style ids, which keeps the
renderer close to the speed of writing document.xml by hand (see benchmarks/render.py).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

from jixiao.render.labels import TEXT_WIDTH, break_label, cell_align, column_twips
from jixiao.render.view import (
    Attachment,
    Block,
    Cell,
    Heading,
    PageBreak,
    Paragraph,
    ReportView,
    Table,
    Title,
)
from jixiao.render.wording import TEMPLATE_DIR, RenderError

DEFAULT_TEMPLATE = TEMPLATE_DIR / "docx" / "gbt9704.docx"

_P = '<w:p><w:pPr><w:pStyle w:val="{style}"/>{ppr}</w:pPr>{runs}</w:p>'
_R = '<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>'
_BR = "<w:r>{rpr}<w:br/></w:r>"
# A page break is a property of the next paragraph, never a paragraph of its own: an empty
# paragraph holding the break would spill onto a blank page when the page before is full.
_BREAK_BEFORE = "<w:pageBreakBefore/>"
_EMPTY = '<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr></w:p>'
_ALIGN = {"left": "left", "center": "center", "right": "right"}


def _run(text: str, style: str = "") -> str:
    rpr = f'<w:rPr><w:rStyle w:val="{style}"/></w:rPr>' if style else ""
    return _R.format(rpr=rpr, text=escape(text))


def _lines(text: str, rpr: str) -> str:
    """Runs of ``text`` with a line break at each newline."""
    br = _BR.format(rpr=rpr)
    return br.join(_R.format(rpr=rpr, text=escape(part)) for part in text.split("\n"))


def _para(style: str, runs: str, ppr: str = "") -> str:
    return _P.format(style=style, ppr=ppr, runs=runs)


def block_xml(block: Block) -> str:
    """The WordprocessingML of one block."""
    if isinstance(block, Paragraph):
        lead = _run(block.lead, "Lead") if block.lead else ""
        body = _run(block.text, "Placeholder" if block.placeholder else "")
        return _para("Normal", lead + body)
    if isinstance(block, Heading):
        return _para(f"Heading{block.level}", _run(block.text))
    if isinstance(block, Title):
        return "".join(_para("Title", _run(line)) for line in block.lines) + _EMPTY
    if isinstance(block, Attachment):
        return _para("AttachmentMark", _run(f"附件{block.number}"))
    if isinstance(block, PageBreak):
        return ""  # body_xml turns it into pageBreakBefore on the next paragraph
    return table_xml(block)


def _cell_xml(cell: Cell | None, width: int, span: int, vmerge: str, keep: bool = False) -> str:
    props = [f'<w:tcW w:w="{width}" w:type="dxa"/>']
    if span > 1:
        props.append(f'<w:gridSpan w:val="{span}"/>')
    if vmerge:
        props.append(f'<w:vMerge w:val="{vmerge}"/>' if vmerge == "restart" else "<w:vMerge/>")
    props.append('<w:vAlign w:val="center"/>')
    text = ""
    align = "center"
    if cell is not None and vmerge != "continue":
        rpr = _cell_rpr(cell)
        text = _lines(break_label(cell.text, width), rpr) if cell.text else ""
        align = cell_align(cell, width)
    ppr = ("<w:keepNext/>" if keep else "") + f'<w:jc w:val="{_ALIGN.get(align, "center")}"/>'
    return f"<w:tc><w:tcPr>{''.join(props)}</w:tcPr>{_para('TableText', text, ppr)}</w:tc>"


def _cell_rpr(cell: Cell) -> str:
    if cell.placeholder:
        return '<w:rPr><w:rStyle w:val="Placeholder"/></w:rPr>'
    return "<w:rPr><w:b/></w:rPr>" if cell.bold else ""


def _grid(table: Table) -> list[list[tuple[int, Cell, str]]]:
    """Per row, the cells in column order, with vertical-merge continuations filled in."""
    rows: list[list[tuple[int, Cell, str]]] = [[] for _ in table.rows]
    for r, c, cell in table.placed():
        if r >= len(rows):
            continue
        rows[r].append((c, cell, "restart" if cell.rowspan > 1 else ""))
        for dr in range(1, cell.rowspan):
            if r + dr < len(rows):
                rows[r + dr].append((c, cell, "continue"))
    for row in rows:
        row.sort(key=lambda x: x[0])
    return rows


def _widths(table: Table) -> list[int]:
    return column_twips(table)


def table_xml(table: Table) -> str:
    widths = _widths(table)
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    border = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    out = [_para("TableTitle", _run(table.title))]
    for cell in table.preamble:
        ppr = f'<w:jc w:val="{_ALIGN.get(cell.align, "center")}"/>'
        out.append(_para("TableText", _run(cell.text), ppr))
    out += [
        f'<w:tbl><w:tblPr><w:tblW w:w="{TEXT_WIDTH}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblBorders>{border}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/>'
        f"</w:tblCellMar></w:tblPr><w:tblGrid>{grid}</w:tblGrid>",
    ]
    rows = _grid(table)
    held = len(rows) - 1 - table.keep_tail  # rows from here on stay with the row after them
    for r, row in enumerate(rows):
        cells = []
        for col, cell, vmerge in row:
            width = sum(widths[col : col + cell.colspan])
            cells.append(
                _cell_xml(cell, width, cell.colspan, vmerge, keep=held <= r < len(rows) - 1)
            )
        out.append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{''.join(cells)}</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def body_xml(view: ReportView) -> Iterator[str]:
    pending = False
    for block in view.blocks:
        if isinstance(block, PageBreak):
            pending = True
            continue
        xml = block_xml(block)
        if pending:
            xml = _break_before(xml)
            pending = False
        yield xml


def _break_before(xml: str) -> str:
    """Start the block's first paragraph on a new page (after its pStyle, as CT_PPr orders)."""
    start = xml.find("<w:pStyle ")
    end = xml.find("/>", start) + 2 if start >= 0 else -1
    if end < 2:
        return _para("Normal", "", _BREAK_BEFORE) + xml
    return xml[:end] + _BREAK_BEFORE + xml[end:]


def render_docx(view: ReportView, out: Path | BytesIO, template: Path | None = None) -> None:
    """Write the report as DOCX into ``out`` using the layout ``template``.

    docxtpl renders the template's own fields (``{{ title }}``, any a bureau adds) with a marker
    in the ``{{p body }}`` paragraph; the report's XML then replaces the marker. The template
    engine thus never re-parses the whole report, which keeps DOCX near the floor.
    """
    from docxtpl import DocxTemplate

    path = template or DEFAULT_TEMPLATE
    if not Path(path).is_file():
        raise RenderError(f"找不到 Word 模板 {path}", hint="请检查 --template 参数")
    skeleton = BytesIO()
    try:
        tpl = DocxTemplate(str(path))
        tpl.render({"body": _MARKER_XML, "title": escape(view.title)})
        tpl.save(skeleton)
    except Exception as exc:  # a broken template is a user's file, not our bug
        raise RenderError(
            f"Word 模板 {path} 无法使用：{exc}", hint="模板中须有一个只含 {{p body }} 的段落"
        ) from exc
    _splice(skeleton.getvalue(), "".join(body_xml(view)), out, path)


_MARKER = "JIXIAO-BODY-7f3a"
_MARKER_XML = f"<w:p><w:r><w:t>{_MARKER}</w:t></w:r></w:p>"
_MARKER_RE = re.compile(r"<w:p\b(?:(?!<w:p\b).)*?" + _MARKER + r".*?</w:p>", re.S)


def _splice(skeleton: bytes, body: str, out: Path | BytesIO, path: Path) -> None:
    """Copy the rendered template, putting ``body`` where the marker paragraph is."""
    with zipfile.ZipFile(BytesIO(skeleton)) as src:
        document = src.read("word/document.xml").decode("utf-8")
        replaced, count = _MARKER_RE.subn(lambda _: body, document, count=1)
        if count != 1:
            raise RenderError(
                f"Word 模板 {path} 中没有 {{{{p body }}}} 段落",
                hint="请在模板正文中保留一个只含 {{p body }} 的段落",
            )
        target = str(out) if isinstance(out, Path) else out
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                if info.filename == "word/document.xml":
                    dst.writestr(info, replaced.encode("utf-8"))
                else:
                    dst.writestr(info, src.read(info.filename))
