"""PDF reader: text by page and line, tables by pdfplumber on short documents.

Pages beyond :data:`~jixiao.audit.safety.MAX_PDF_PAGES` are not read (a note says so), and
table finding runs only on documents short enough to keep the time bounded. Encrypted PDFs
that need a password are refused with a clear message.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from jixiao.audit.document import Block, Cell, Document, Paragraph, ReadError, Table
from jixiao.audit.safety import MAX_PDF_PAGES, MAX_PDF_TABLE_PAGES, MAX_SECONDS
from jixiao.source import Source


def read_pdf(path: Path) -> Document:
    import pypdfium2 as pdfium

    file = str(path)
    try:
        pdf = pdfium.PdfDocument(file)
    except pdfium.PdfiumError as exc:
        text = str(exc).lower()
        if "password" in text:
            raise ReadError("PDF 已加密，需要密码才能打开", "请提交未加密的 PDF") from exc
        raise ReadError("PDF 已损坏或不完整，无法打开", "请重新导出或下载文件") from exc
    try:
        pages = len(pdf)
        notes: list[str] = []
        if pages > MAX_PDF_PAGES:
            notes.append(f"PDF 共 {pages} 页，只读取了前 {MAX_PDF_PAGES} 页")
        limit = min(pages, MAX_PDF_PAGES)
        if limit <= MAX_PDF_TABLE_PAGES:
            blocks = _with_tables(path, limit)
        else:
            blocks = _text_only(pdf, file, limit, notes)
    finally:
        pdf.close()
    if not any(isinstance(b, Table) or b.text.strip() for b in blocks):
        raise ReadError("PDF 中没有可提取的文字（可能是扫描件）", "请提交文字版 PDF 或 Word 文档")
    return Document(file, "pdf", tuple(blocks), tuple(notes))


def _text_only(pdf: Any, file: str, limit: int, notes: list[str]) -> list[Block]:
    blocks: list[Block] = []
    started = time.monotonic()
    for index in range(limit):
        if time.monotonic() - started > MAX_SECONDS:
            notes.append(f"读取超时，只读取了前 {index} 页")
            break
        page = pdf[index]
        textpage = page.get_textpage()
        text = textpage.get_text_range()
        textpage.close()
        page.close()
        blocks.extend(_lines(file, index + 1, text))
    return blocks


def _lines(file: str, page: int, text: str) -> list[Block]:
    out: list[Block] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            out.append(Paragraph(line.strip(), Source(file, page=page, line=number)))
    return out


def _with_tables(path: Path, limit: int) -> list[Block]:
    import pdfplumber

    file = str(path)
    blocks: list[Block] = []
    try:
        with pdfplumber.open(file) as pdf:
            for index, page in enumerate(pdf.pages[:limit], start=1):
                found = page.find_tables()
                boxes = [t.bbox for t in found]

                def outside(obj: dict[str, Any], boxes: list[Any] = boxes) -> bool:
                    x, top = obj.get("x0", 0), obj.get("top", 0)
                    return not any(b[0] <= x <= b[2] and b[1] <= top <= b[3] for b in boxes)

                text = page.filter(outside).extract_text() if boxes else page.extract_text()
                blocks.extend(_lines(file, index, text or ""))
                for t_index, table in enumerate(found, start=1):
                    blocks.append(_table(file, index, t_index, table.extract()))
    except ReadError:
        raise
    except Exception as exc:  # pdfminer raises many types on damaged or encrypted files
        name = type(exc).__name__
        if "Password" in name or "Encrypt" in name:
            raise ReadError("PDF 已加密，需要密码才能打开", "请提交未加密的 PDF") from exc
        raise ReadError(f"PDF 已损坏，无法读取（{name}）", "请重新导出或下载文件") from exc
    return blocks


def _table(file: str, page: int, index: int, grid: list[list[str | None]]) -> Table:
    rows = []
    for r, row in enumerate(grid, start=1):
        cells = [
            Cell(" ".join(str(v).split()), Source(file, page=page, table=index, line=r, column=c))
            for c, v in enumerate(row, start=1)
            if v is not None and str(v).strip()
        ]
        rows.append(tuple(cells))
    return Table(tuple(rows), Source(file, page=page, table=index))
