"""PDF reader: text by page and line, tables by pdfplumber on short documents.

Pages beyond :data:`~jixiao.audit.safety.MAX_PDF_PAGES` are not read (a note says so); table
finding runs on documents up to :data:`~jixiao.audit.safety.MAX_PDF_TABLE_PAGES` pages and stops
after half the time budget, the remaining pages being read as text. Encrypted PDFs
that need a password are refused with a clear message.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

from jixiao.audit.document import Block, Cell, Document, Paragraph, ReadError, Table
from jixiao.audit.safety import MAX_PDF_PAGES, MAX_PDF_TABLE_PAGES, MAX_SECONDS
from jixiao.source import Source

TABLE_SECONDS = MAX_SECONDS / 2


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
            blocks = _with_tables(path, limit, notes)
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


def _lines(file: str, page: int, text: str, offset: int = 1) -> list[Block]:
    """One paragraph per line, with lines wrapped inside a sentence joined again."""
    out: list[Block] = []
    current: list[str] = []
    first = 0
    for number, raw in enumerate(text.splitlines(), start=offset):
        line = raw.strip()
        if not line:
            continue
        if current and _continues(current[-1], line):
            current.append(line)
            continue
        if current:
            out.append(Paragraph("".join(current), Source(file, page=page, line=first)))
        current, first = [line], number
    if current:
        out.append(Paragraph("".join(current), Source(file, page=page, line=first)))
    return out


_SENTENCE_END = tuple("。！？!?：:；;")
_OUTLINE_START = re.compile(
    r"^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[.．、](?!\d)|附件)"
)
# Clause punctuation inside a line: a sentence wrapped by the page, never a table row.
_CLAUSE = re.compile(r"[，。；][^，。；]")
_ROW = re.compile(r"(?:^|\s)[≥≤=<>]?\d+(?:\.\d+)?%?(?=\s|$)")


def _continues(previous: str, line: str) -> bool:
    """A line that goes on with the sentence of the previous one (PDF wraps lines)."""
    if len(previous) < 15 or previous.endswith(_SENTENCE_END) or _OUTLINE_START.match(line):
        return False
    if _CLAUSE.search(previous):  # prose ("…编制数 141 人。2021 年末实有"), however many figures
        return True
    return len(_ROW.findall(previous)) < 2 and len(_ROW.findall(line)) < 2


def _with_tables(path: Path, limit: int, notes: list[str]) -> list[Block]:
    import pdfplumber

    file = str(path)
    blocks: list[Block] = []
    started = time.monotonic()
    try:
        with pdfplumber.open(file) as pdf:
            for index, page in enumerate(pdf.pages[:limit], start=1):
                spent = time.monotonic() - started
                if spent > MAX_SECONDS:
                    notes.append(f"读取超时，只读取了前 {index - 1} 页")
                    break
                # table finding is the slow part: past the budget, text only
                found = page.find_tables() if spent < TABLE_SECONDS else []
                boxes = [t.bbox for t in found]

                def outside(obj: dict[str, Any], boxes: list[Any] = boxes) -> bool:
                    x, top = obj.get("x0", 0), obj.get("top", 0)
                    return not any(b[0] <= x <= b[2] and b[1] <= top <= b[3] for b in boxes)

                region = page.filter(outside) if boxes else page
                blocks.extend(_page_blocks(file, index, region.extract_text_lines(), found))
    except ReadError:
        raise
    except Exception as exc:  # pdfminer raises many types on damaged or encrypted files
        name = type(exc).__name__
        if "Password" in name or "Encrypt" in name:
            raise ReadError("PDF 已加密，需要密码才能打开", "请提交未加密的 PDF") from exc
        raise ReadError(f"PDF 已损坏，无法读取（{name}）", "请重新导出或下载文件") from exc
    return blocks


def _page_blocks(
    file: str, page: int, lines: list[dict[str, Any]], tables: list[Any]
) -> list[Block]:
    """Text lines and tables of one page in reading order (top to bottom)."""
    events: list[tuple[float, int, Any]] = [(float(t.bbox[1]), 1, t) for t in tables]
    events += [(float(line["top"]), 0, line) for line in lines]
    events.sort(key=lambda e: (e[0], e[1]))
    out: list[Block] = []
    buffer: list[str] = []
    start = 1
    number = 0
    t_index = 0
    for _top, kind, item in events:
        if kind == 0:
            number += 1
            if not buffer:
                start = number
            buffer.append(item["text"])
            continue
        out.extend(_lines(file, page, "\n".join(buffer), start))
        buffer = []
        t_index += 1
        out.append(_table(file, page, t_index, item.extract()))
    out.extend(_lines(file, page, "\n".join(buffer), start))
    return out


def _unwrap(text: str) -> str:
    """A cell's text with its wrapped lines joined: no space inside Chinese, one between words."""
    out = ""
    for piece in text.split("\n"):
        piece = " ".join(piece.split())
        if out and piece and out[-1].isascii() and piece[0].isascii():
            out += " "
        out += piece
    return out


def _table(file: str, page: int, index: int, grid: list[list[str | None]]) -> Table:
    rows = []
    for r, row in enumerate(grid, start=1):
        cells = [
            Cell(_unwrap(str(v)), Source(file, page=page, table=index, line=r, column=c))
            for c, v in enumerate(row, start=1)
            if v is not None and str(v).strip()
        ]
        rows.append(tuple(cells))
    return Table(tuple(rows), Source(file, page=page, table=index))
