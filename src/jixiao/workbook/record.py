"""Typed access to the cells of one record (a form's fields or a table row), with sources.

A :class:`Record` maps field keys to (cell, Source); reading a key converts the cell by kind and
remembers where the value came from, so the model's :class:`~jixiao.model.Meta` points at
sheet!cell. Indicators are built here, the same way the YAML reader builds them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, NamedTuple

from jixiao.load.fields import build_indicator as build_fields_indicator
from jixiao.model import Indicator, Meta
from jixiao.source import Source
from jixiao.workbook.cells import CellReader
from jixiao.workbook.grid import Sheet
from jixiao.workbook.layout import AMOUNT, BOOL, CHANGE, INT, NUMBER, RATE


class Loc(NamedTuple):
    """Where a table cell is, kept cheap: a Source is only made when the cell is read."""

    sheet: str
    row: int  # 0-based
    col: int


Where = Source | Loc


@dataclass
class Record:
    reader: CellReader
    source: Source  # the record itself: its first cell, or its sheet
    cells: dict[str, tuple[Any, Where]] = field(default_factory=dict)
    path: str = ""  # the record's place in the model, e.g. projects[2].indicators[0]
    used: dict[str, Source] = field(default_factory=dict)
    # the label or header people see for each key, so a message can name it ("得分应为数字")
    labels: dict[str, str] = field(default_factory=dict)

    def sub(self, prefix: str, source: Source | None = None) -> Record:
        """The fields under ``prefix.`` as a record of their own (unit., funds.additions., …)."""
        p = prefix + "."
        cells = {k[len(p) :]: v for k, v in self.cells.items() if k.startswith(p)}
        labels = {k[len(p) :]: v for k, v in self.labels.items() if k.startswith(p)}
        return Record(self.reader, source or self.source, cells, self._join(prefix), labels=labels)

    def at(self, path: str) -> Record:
        """The same record placed at ``path`` in the model."""
        return Record(self.reader, self.source.at(path), self.cells, path, labels=self.labels)

    def _join(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def peek(self, key: str) -> str:
        """The raw text of a cell, without reading it (no issues, not marked as used)."""
        entry = self.cells.get(key)
        value = getattr(entry[0], "value", None) if entry else None
        return str(value).strip() if value is not None else ""

    def has(self, key: str) -> bool:
        return key in self.cells

    def filled(self) -> bool:
        return self.sub_filled()

    def sub_filled(self, exclude: str = "") -> bool:
        """True when any cell (other than ``exclude``) holds a value."""
        return any(
            getattr(c, "value", None) not in (None, "")
            for k, (c, _) in self.cells.items()
            if k != exclude
        )

    def _source(self, where: Where, key: str) -> Source:
        if isinstance(where, Loc):
            ref = Sheet.ref(where.row, where.col)
            return Source(self.reader.file, sheet=where.sheet, cell=ref, path=self._join(key))
        return where.at(self._join(key))

    def _maybe_formula(self, where: Where) -> bool:
        if isinstance(where, Loc):
            cells = self.reader.uncached_at.get(where.sheet)
            return bool(cells) and (where.row, where.col) in cells  # type: ignore[operator]
        return bool(self.reader.uncached)

    def _get(self, key: str) -> tuple[Any, Source] | None:
        entry = self.cells.get(key)
        if entry is None:
            return None
        cell, where = entry
        if getattr(cell, "value", None) is None and not self._maybe_formula(where):
            return None  # empty, and no formula without a cached value here: nothing to read
        src = self._source(where, key)
        self.used[key] = src
        return cell, src

    def read(self, key: str, kind: str) -> Any:
        entry = self._get(key)
        if entry is None:
            return None
        cell, src = entry
        before = len(self.reader.issues)
        value = self._convert(cell, src, kind)
        label = self.labels.get(key)
        if label and len(self.reader.issues) > before:
            self._name_the_field(before, label)
        return value

    def _name_the_field(self, first: int, label: str) -> None:
        """Start the messages of a cell with what people see beside it: “得分”应为数字…"""
        issues = self.reader.issues
        for i in range(first, len(issues)):
            issues[i] = replace(issues[i], message=f"“{label}”{issues[i].message}")

    def _convert(self, cell: Any, src: Source, kind: str) -> Any:
        r = self.reader
        if kind == AMOUNT:
            return r.amount(cell, src)
        if kind == NUMBER:
            return r.number(cell, src)
        if kind == INT:
            return r.integer(cell, src)
        if kind == RATE:
            return r.rate(cell, src)
        if kind == CHANGE:
            return r.rate(cell, src, signed=True)
        if kind == BOOL:
            return r.boolean(cell, src)
        return r.text(cell, src)

    def text(self, key: str) -> str:
        return self.read(key, "text") or ""

    def amount(self, key: str) -> Decimal | None:
        return self.read(key, AMOUNT)

    def number(self, key: str) -> Decimal | None:
        return self.read(key, NUMBER)

    def integer(self, key: str) -> int | None:
        return self.read(key, INT)

    def rate(self, key: str, signed: bool = False) -> Decimal | None:
        return self.read(key, CHANGE if signed else RATE)

    def boolean(self, key: str) -> bool:
        return bool(self.read(key, BOOL))

    def where(self, key: str) -> Source:
        """Where ``key`` is (or would be) written: its cell, else the record."""
        entry = self.cells.get(key)
        return self._source(entry[1], key) if entry else self.source

    def meta(self) -> Meta:
        return Meta(self.source, CellSources(self))


class CellSources(Mapping[str, Source]):
    """A record's field locations: the cells read, and the cells left empty. A rule asking for a
    missing 未完成原因分析 then points at the empty cell where it belongs, not at the row.
    Sources are made on demand: most are never asked for."""

    def __init__(self, rec: Record) -> None:
        self._rec = rec
        self._used = dict(rec.used)

    def __getitem__(self, key: str) -> Source:
        found = self._used.get(key)
        if found is not None:
            return found
        entry = self._rec.cells.get(key)
        if entry is None:
            raise KeyError(key)
        return self._rec._source(entry[1], key)

    def __iter__(self) -> Iterator[str]:
        yield from self._used
        yield from (k for k in self._rec.cells if k not in self._used)

    def __len__(self) -> int:
        return len(self._used) + sum(1 for k in self._rec.cells if k not in self._used)


def build_indicator(rec: Record) -> Indicator:
    """An indicator from its row, read exactly as the YAML form reads the same values."""
    return build_fields_indicator(rec, rec.text("name"))
