"""The format-neutral view of the official documents, built once and laid out by each renderer.

Every text and every figure is final here: renderers only choose fonts, spacing and cells, so
DOCX, PDF, XLSX, HTML and Markdown can never disagree. A table cell keeps both its printed text
and its typed value, so a spreadsheet can store numbers with number formats while the Word
table prints the same figure as text.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

# Cell kinds decide the spreadsheet number format: money "0.00", rates "0.00%", points "0.00",
# weights and indicator values as written ("General").
CELL_KINDS = ("text", "label", "amount", "rate", "score", "weight", "number")


@dataclass(frozen=True)
class Title:
    """The document title, one entry per printed line (unit name, document name, project)."""

    lines: tuple[str, ...]


@dataclass(frozen=True)
class Heading:
    """A numbered heading: level 1 "一、", 2 "（一）", 3 "1．", 4 "（1）"."""

    level: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph; ``lead`` is an inline heading ("1.基本职能：") printed before the text.

    ``placeholder`` marks a draft gap ("【待填写：…】") that renderers show in red.
    """

    text: str
    lead: str = ""
    placeholder: bool = False


@dataclass(frozen=True)
class Attachment:
    """The "附件N" mark at the top left of an attachment's first page (GB/T 9704 §8)."""

    number: int


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class Cell:
    """One table cell: printed ``text``; ``value`` when it is a figure; spans like HTML."""

    text: str = ""
    value: Decimal | None = None
    kind: str = "text"
    colspan: int = 1
    rowspan: int = 1
    bold: bool = False
    align: str = "center"  # left / center / right
    placeholder: bool = False  # a draft gap ("【待填写：…】"), shown in red like Paragraph's


@dataclass(frozen=True)
class Table:
    """A table with merged cells. ``rows`` list only the cells that start in each row (HTML)."""

    name: str  # sheet name / caption, e.g. 劳务费
    title: str  # printed above the table, e.g. 项目支出绩效自评表
    rows: tuple[tuple[Cell, ...], ...]
    widths: tuple[float, ...]  # relative column widths (spreadsheet characters)
    header_rows: int = 0  # rows repeated on each printed page
    landscape: bool = False
    preamble: tuple[Cell, ...] = ()  # lines between the title and the grid (报表编号, 年度)
    gaps: tuple[str, ...] = ()  # what its placeholder cells ask for (counted like paragraphs')
    keep_tail: int = 0  # last rows printed on one page with the row before them (合计…签字)

    @property
    def columns(self) -> int:
        return len(self.widths)

    def placed(self) -> Iterator[tuple[int, int, Cell]]:
        """Every cell with its grid row and column, honouring row and column spans."""
        taken: set[tuple[int, int]] = set()
        for r, row in enumerate(self.rows):
            c = 0
            for cell in row:
                while (r, c) in taken:
                    c += 1
                yield r, c, cell
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        taken.add((r + dr, c + dc))
                c += cell.colspan


Block = Title | Heading | Paragraph | Attachment | PageBreak | Table


@dataclass(frozen=True)
class ProjectSheet:
    """One project's 自评表 in both official layouts, and the scorer's totals."""

    name: str
    national: Table
    sichuan: Table
    total: Decimal | None
    grade: str


@dataclass(frozen=True)
class ReportView:
    """The whole unit-year: the department report, its attachments and the 自评表."""

    title: str  # file/browser title
    blocks: tuple[Block, ...]
    sheets: tuple[ProjectSheet, ...]
    summary: Table
    layout: str  # the 自评表 layout printed in the report: national / sichuan
    placeholders: tuple[str, ...] = field(default=())  # the gaps a draft still has

    def tables(self) -> Iterator[Table]:
        for block in self.blocks:
            if isinstance(block, Table):
                yield block
