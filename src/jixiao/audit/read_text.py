"""Plain text reader: paragraphs by line, and tables flattened with ``|`` separators.

Published tables copied from web pages arrive as rows of cells separated by ``|`` or as one
cell per line ending in `` |``; consecutive such lines become one :class:`Table`. Everything
else is a paragraph with its line number. Tables flattened with spaces or without separators
stay paragraphs here; :mod:`jixiao.audit.stream` splits them into cells.
"""

from __future__ import annotations

import re
from pathlib import Path

from jixiao.audit.document import Block, Cell, Document, Paragraph, ReadError, Table
from jixiao.audit.safety import MAX_TEXT_BYTES
from jixiao.source import Source


def decode(data: bytes) -> str:
    """Text from bytes in the encodings Chinese offices use: UTF-8 (with BOM), GB18030, UTF-16."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace")


def is_pipe_line(line: str) -> bool:
    s = line.strip()
    return s.startswith("|") or s.endswith(" |") or " | " in s or s.endswith("||")


def is_tab_row(line: str) -> bool:
    """Cells separated by tabs, as Word and Excel put them when a table is copied as text."""
    s = line.strip()
    return "\t" in s and sum(1 for part in s.split("\t") if part.strip()) >= 2


def read_text(path: Path) -> Document:
    size = path.stat().st_size
    if size > MAX_TEXT_BYTES:
        raise ReadError(f"文本文件过大（{size // (1024 * 1024)} MB）", "请只提交自评报告本身")
    text = decode(path.read_bytes())
    if not text.strip():
        raise ReadError("文件没有文字内容", "请确认导出时没有丢失正文")
    return Document(str(path), "txt", tuple(blocks_from_lines(str(path), text.splitlines())))


# The delimiter row of a Markdown (GFM) table: |---|:---:|---|
_DELIMITER = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")


def blocks_from_lines(file: str, lines: list[str]) -> list[Block]:
    blocks: list[Block] = []
    run: list[tuple[int, str]] = []
    grids = 0

    def close() -> None:
        nonlocal grids
        if not run:
            return
        if any(_DELIMITER.match(line.strip()) for _, line in run):
            grids += 1
            blocks.append(_grid_table(file, run, grids))
        else:
            rows = tuple(_pipe_cells(file, n, line) for n, line in run)
            blocks.append(Table(rows, Source(file, line=run[0][0])))
        run.clear()

    for number, raw in enumerate(lines, start=1):
        line = raw.replace("\u00a0", " ").rstrip(" \r\n")
        if is_pipe_line(line) or is_tab_row(line):
            run.append((number, line))
            continue
        close()
        text = _plain(line)
        if text:
            blocks.append(Paragraph(text, Source(file, line=number)))
    close()
    return blocks


# Markdown marks around text a web page or an editor exports: "## 一、概况", "**1.职能：**".
_HEADING_MARK = re.compile(r"^#{1,6}\s+")
_EMPHASIS = re.compile(r"\*\*|__")


def _plain(line: str) -> str:
    """A line without Markdown heading and bold marks, so "## 一、" is read as the heading "一、"."""
    text = _HEADING_MARK.sub("", line.strip())
    return _EMPHASIS.sub("", text).strip() if "**" in text or "__" in text else text


def _grid_table(file: str, run: list[tuple[int, str]], ordinal: int) -> Table:
    """A Markdown table: every row has every column (empty cells stand for merged ones), so
    cells keep their column like a Word table's and an empty 完成值 never shifts the weight."""
    rows = []
    for number, line in run:
        s = line.strip()
        if _DELIMITER.match(s):
            continue
        parts = s.removeprefix("|").removesuffix("|").split("|")
        rows.append(
            tuple(
                Cell(part.strip(), Source(file, line=number, column=k, table=ordinal))
                for k, part in enumerate(parts, start=1)
            )
        )
    return Table(tuple(rows), Source(file, line=run[0][0], table=ordinal))


def _pipe_cells(file: str, number: int, line: str) -> tuple[Cell, ...]:
    cells = []
    offset = 0
    for part in re.split(r"[|\t]", line):
        text = part.strip()
        if text:
            cells.append(Cell(text, Source(file, line=number, column=offset + 1)))
        offset += len(part) + 1
    return tuple(cells)
