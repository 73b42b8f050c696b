"""Finding the blocks of a sheet by their header rows, and walking their records.

A block runs from its header row to the next header row (or the end of the sheet). Blank rows,
note rows ("注：…") and live-total rows ("合计") inside a block are skipped; any other filled
cell that belongs to no known column is reported, never silently dropped.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from jixiao.issues import Severity
from jixiao.workbook.cells import CellReader
from jixiao.workbook.grid import Sheet, norm
from jixiao.workbook.layout import FORM_SIGNATURE, TABLES, Table

_NOTE_PREFIXES = ("注", "说明", "填表说明", "备注", "提示")
_TOTAL_WORDS = ("合计", "总计", "小计")


@dataclass
class Block:
    """A form (``table`` is None) or a table found in ``sheet`` at ``header_row``."""

    sheet: Sheet
    table: Table | None
    header_row: int
    end_row: int = 0
    columns: dict[str, int] = field(default_factory=dict)  # key -> 0-based column
    display: set[int] = field(default_factory=set)  # columns holding live formulas

    @property
    def kind(self) -> str:
        return self.table.name if self.table else "form"


def find_blocks(sheet: Sheet) -> list[Block]:
    """Every block of a sheet, in row order."""
    blocks: list[Block] = []
    for r in range(len(sheet.rows)):
        texts = {}
        for c, v in sheet.filled(r):
            key = norm(v)
            if key and key not in texts:
                texts[key] = c
        if not texts:
            continue
        block = _header(sheet, r, texts)
        if block is None:
            continue
        if blocks:
            blocks[-1].end_row = r - 1 if _is_title(sheet, r - 1) else r
        blocks.append(block)
    if blocks:
        blocks[-1].end_row = len(sheet.rows)
    return blocks


def _is_title(sheet: Sheet, r: int) -> bool:
    """A block's title: the row just above its header, holding one piece of text."""
    filled = list(sheet.filled(r))
    return len(filled) == 1 and isinstance(filled[0][1], str)


def _header(sheet: Sheet, r: int, texts: dict[str, int]) -> Block | None:
    if all(s in texts for s in FORM_SIGNATURE):
        cols = {"label": texts["填报项"], "value": texts["内容"]}
        if "填写说明" in texts:
            cols["note"] = texts["填写说明"]
        return Block(sheet, None, r, columns=cols)
    for table in TABLES:
        if all(norm(s) in texts for s in table.signature):
            block = Block(sheet, table, r)
            for col in table.columns:
                c = texts.get(norm(col.header))
                if c is None:
                    continue
                if col.display:
                    block.display.add(c)
                else:
                    block.columns[col.key] = c
            return block
    return None


@dataclass
class Row:
    """One record of a table block: the 0-based row and its cells by column key."""

    index: int
    cells: dict[str, Any]

    def has_data(self) -> bool:
        return any(getattr(c, "value", None) not in (None, "") for c in self.cells.values())


def table_rows(block: Block, reader: CellReader) -> Iterator[Row]:
    """The data rows of a table block; stray cells outside its columns become warnings."""
    sheet = block.sheet
    known = set(block.columns.values()) | block.display
    for r in range(block.header_row + 1, block.end_row):
        filled = list(sheet.filled(r))
        if not filled or _is_note_or_total(filled):
            continue
        for c, v in filled:
            if c not in known:
                _stray(reader, sheet, r, c, v)
        row = Row(r, {key: sheet.cell(r, c) for key, c in block.columns.items()})
        if row.has_data():
            yield row


def form_rows(block: Block, reader: CellReader) -> Iterator[tuple[str, Any, int]]:
    """(normalised label, value cell, row) of a form block; stray cells become warnings."""
    sheet = block.sheet
    lc, vc = block.columns["label"], block.columns["value"]
    nc = block.columns.get("note")
    for r in range(block.header_row + 1, block.end_row):
        filled = list(sheet.filled(r))
        if not filled or _is_note_or_total(filled):
            continue
        label = norm(sheet.value(r, lc))
        for c, v in filled:
            if c in (lc, vc, nc):
                continue
            _stray(reader, sheet, r, c, v)
        if not label:
            v = sheet.value(r, vc)
            if v is not None and str(v).strip():
                _stray(reader, sheet, r, vc, v)
            continue
        yield label, sheet.cell(r, vc), r


def _is_note_or_total(filled: list[tuple[int, Any]]) -> bool:
    first = filled[0][1]
    if not isinstance(first, str):
        return False
    text = norm(first)
    if len(filled) == 1 and text.startswith(_NOTE_PREFIXES):
        return True
    return text in _TOTAL_WORDS


def _stray(reader: CellReader, sheet: Sheet, r: int, c: int, v: Any) -> None:
    shown = str(v)
    if len(shown) > 40:
        shown = shown[:40] + "…"
    reader.report(
        "L-XLS-05",
        Severity.WARNING,
        f"该单元格不属于任何已知的列或填报项，内容“{shown}”未读入",
        reader.source(sheet.title, Sheet.ref(r, c)),
        hint="请把内容移到对应的列，或删除该单元格",
        actual=shown,
    )
