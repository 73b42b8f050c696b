"""The neutral document every reader produces and every extractor reads.

A document is an ordered list of blocks: paragraphs (text with its source) and tables (rows of
cells, each cell with its source). Readers for TXT, DOCX, PDF and XLSX all produce this, so one
extractor serves every format.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from jixiao.source import Source


class ReadError(Exception):
    """A file that cannot be read at all; the message is in Chinese, for the user."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class Cell:
    text: str
    source: Source


@dataclass(frozen=True)
class Paragraph:
    text: str
    source: Source


@dataclass(frozen=True)
class Table:
    """A grid of cells in reading order. Rows may be ragged (text tables lose empty cells)."""

    rows: tuple[tuple[Cell, ...], ...]
    source: Source

    def cells(self) -> Iterator[Cell]:
        """The cells row by row, skipping empty ones and the repeats of merged cells."""
        previous: Cell | None = None
        for row in self.rows:
            for cell in row:
                if not cell.text.strip():
                    continue
                if previous is not None and cell == previous:
                    continue
                previous = cell
                yield cell


Block = Paragraph | Table


@dataclass(frozen=True)
class Document:
    file: str
    format: str  # txt / docx / pdf / xlsx
    blocks: tuple[Block, ...] = ()
    notes: tuple[str, ...] = field(default=())  # reader remarks (pages skipped …)

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def text(self, limit: int | None = None) -> str:
        """All text in reading order (table cells one per line), for detection and search."""
        parts: list[str] = []
        size = 0
        for block in self.blocks:
            chunk = (
                block.text
                if isinstance(block, Paragraph)
                else "\n".join(c.text for c in block.cells())
            )
            parts.append(chunk)
            size += len(chunk)
            if limit is not None and size >= limit:
                break
        joined = "\n".join(parts)
        return joined[:limit] if limit is not None else joined
