"""DOCX reader: body paragraphs and real tables in document order, after the zip guards."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jixiao.audit.document import Block, Cell, Document, Paragraph, ReadError, Table
from jixiao.audit.safety import open_zip
from jixiao.source import Source


def read_docx(path: Path) -> Document:
    archive = open_zip(path)
    names = set(archive.namelist())
    archive.close()
    if "word/document.xml" not in names:
        raise ReadError("这是一个 zip 文件，但不是 Word 文档（缺少 word/document.xml）")
    import docx  # python-docx parses with resolve_entities=False; DOCTYPEs were refused above
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph as DocxParagraph

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises many types on damaged files
        raise ReadError(f"Word 文档已损坏，无法读取（{type(exc).__name__}）", "请重新保存") from exc
    file = str(path)
    blocks: list[Block] = []
    p_index = 0
    t_index = 0
    body: Any = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            p_index += 1
            text = DocxParagraph(child, document).text.strip()
            if text:
                blocks.append(Paragraph(text, Source(file, paragraph=p_index)))
        elif tag == "tbl":
            t_index += 1
            blocks.append(_table(file, t_index, DocxTable(child, document)))
    return Document(file, "docx", tuple(blocks))


def _table(file: str, index: int, table: Any) -> Table:
    rows: list[tuple[Cell, ...]] = []
    for r, row in enumerate(table.rows, start=1):
        cells: list[Cell] = []
        last_id = None
        for c, cell in enumerate(row.cells, start=1):
            if id(cell._tc) == last_id:  # a horizontally merged cell repeats
                continue
            last_id = id(cell._tc)
            text = _cell_text(cell)
            cells.append(Cell(text, Source(file, table=index, line=r, column=c)))
        rows.append(tuple(cells))
    return Table(tuple(rows), Source(file, table=index))


def _cell_text(cell: Any) -> str:
    """A cell's paragraphs joined; a merge that kept every cell's copy of the text keeps one."""
    lines: list[str] = []
    for paragraph in cell.paragraphs:
        line = paragraph.text.strip()
        if line and (not lines or lines[-1] != line):
            lines.append(line)
    return " ".join(lines)
