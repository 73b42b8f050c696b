"""HTML reader: a report published as a web page (or saved from one), paragraphs and real tables.

Finance bureaus publish many self-evaluations as web pages. Block elements (p, div, h1–h6, li,
caption …) become paragraphs with their line in the file; ``<table>`` becomes a grid whose cells
keep their row and column (colspan/rowspan honoured), so the extractor reads it like a Word
table. Script, style and head are skipped; nothing is fetched and no entity beyond HTML's own
is resolved (the standard library parser).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from jixiao.audit.document import Block, Cell, Document, Paragraph, ReadError, Table
from jixiao.audit.read_text import decode
from jixiao.audit.safety import MAX_TEXT_BYTES
from jixiao.source import Source

_BLOCKS = frozenset(
    [
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "caption",
        "section",
        "article",
        "header",
        "footer",
        "blockquote",
        "pre",
        "dt",
        "dd",
        "title",
    ]
)
_SKIPPED = frozenset({"script", "style", "head", "noscript", "template"})


@dataclass
class _Table:
    number: int
    line: int
    rows: list[list[tuple[int, str]]] = field(default_factory=list)  # (column, text)
    taken: set[tuple[int, int]] = field(default_factory=set)  # cells covered by a rowspan
    cell: list[str] | None = None
    span: tuple[int, int] = (1, 1)


class _Reader(HTMLParser):
    def __init__(self, file: str) -> None:
        super().__init__(convert_charrefs=True)
        self.file = file
        self.blocks: list[Block] = []
        self.text: list[str] = []
        self.line = 1
        self.skipping = 0
        self.tables: list[_Table] = []
        self.count = 0

    # -- paragraphs -------------------------------------------------------------------------

    def _flush(self) -> None:
        text = " ".join("".join(self.text).split())
        if text and not self.tables:
            self.blocks.append(Paragraph(text, Source(self.file, line=self.line)))
        self.text = []
        self.line = self.getpos()[0]

    # -- parser events ----------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
            return
        if self.skipping:
            return
        if tag == "table":
            self._flush()
            self.count += 1
            self.tables.append(_Table(self.count, self.getpos()[0]))
        elif tag == "tr" and self.tables:
            self.tables[-1].rows.append([])
        elif tag in ("td", "th") and self.tables:
            table = self.tables[-1]
            table.cell = []
            table.span = (_span(attrs, "rowspan"), _span(attrs, "colspan"))
        elif tag == "br":
            if self.tables and self.tables[-1].cell is not None:
                self.tables[-1].cell.append("\n")
            else:
                self._flush()
        elif tag in _BLOCKS and not (self.tables and self.tables[-1].cell is not None):
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
            return
        if self.skipping:
            return
        if tag in ("td", "th") and self.tables and self.tables[-1].cell is not None:
            self._close_cell(self.tables[-1])
        elif tag == "table" and self.tables:
            table = self.tables.pop()
            if table.cell is not None:
                self._close_cell(table)
            self.blocks.append(self._grid(table))
            self.line = self.getpos()[0]
        elif tag in _BLOCKS and not (self.tables and self.tables[-1].cell is not None):
            self._flush()

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if self.tables and self.tables[-1].cell is not None:
            self.tables[-1].cell.append(data)
        elif not self.tables:
            if not self.text:
                self.line = self.getpos()[0]
            self.text.append(data)

    # -- tables -----------------------------------------------------------------------------

    def _close_cell(self, table: _Table) -> None:
        assert table.cell is not None
        if not table.rows:
            table.rows.append([])
        r = len(table.rows) - 1
        c = 1
        taken_here = {col for row, col in table.taken if row == r}
        used = {col for col, _ in table.rows[r]} | taken_here
        while c in used:
            c += 1
        text = "\n".join(" ".join(part.split()) for part in "".join(table.cell).split("\n"))
        rows, cols = table.span
        table.rows[r].append((c, text.strip("\n")))
        for dr in range(rows):
            for dc in range(cols):
                if dr or dc:
                    table.taken.add((r + dr, c + dc))
        table.cell = None

    def _grid(self, table: _Table) -> Table:
        rows = tuple(
            tuple(
                Cell(text, Source(self.file, line=r, column=c, table=table.number))
                for c, text in sorted(row)
            )
            for r, row in enumerate(table.rows, start=1)
        )
        return Table(rows, Source(self.file, line=table.line, table=table.number))


def _span(attrs: list[tuple[str, str | None]], name: str) -> int:
    for key, value in attrs:
        if key == name and value and value.strip().isdigit():
            return max(1, min(int(value), 100))
    return 1


def looks_like_html(head: str) -> bool:
    start = head.lstrip("\ufeff \r\n\t")[:1024].lower()
    return start.startswith(("<!doctype html", "<html")) or "<html" in start[:300]


def read_html(path: Path) -> Document:
    size = path.stat().st_size
    if size > MAX_TEXT_BYTES:
        raise ReadError(f"网页文件过大（{size // (1024 * 1024)} MB）", "请只提交自评报告本身")
    reader = _Reader(str(path))
    reader.feed(decode(path.read_bytes()))
    reader.close()
    reader._flush()
    while reader.tables:  # tables left open by a truncated page
        reader.blocks.append(reader._grid(reader.tables.pop()))
    if not reader.blocks:
        raise ReadError("网页没有正文内容", "请确认保存的是报告页面本身")
    return Document(str(path), "html", tuple(reader.blocks))
