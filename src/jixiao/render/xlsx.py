"""The 自评表 workbook: a summary sheet, then one sheet per project in the chosen layout.

Figures are stored as numbers with the official number formats ("0.00" for 万元 and points,
"0.00%" for rates), merged cells as in the forms, column widths, borders, and A4 print setup
fitted to one page wide, so the sheet prints like the paper form.
"""

from __future__ import annotations

import re
from io import BytesIO
from math import ceil
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.worksheet import Worksheet

from jixiao.render.labels import width_chars
from jixiao.render.view import Cell, ReportView, Table

FORMATS = {
    "amount": "0.00",
    "rate": "0.00%",
    "score": "0.00",
    "weight": "General",
    "number": "General",
}
FONT = "仿宋_GB2312"
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def sheet_name(name: str, taken: set[str]) -> str:
    """A valid, unique sheet name (≤ 31 characters, none of []:*?/\\)."""
    base = _BAD_SHEET_CHARS.sub("_", name).strip("'") or "项目"
    candidate, n = base[:31], 2
    while candidate in taken:
        suffix = f"({n})"
        candidate, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(candidate)
    return candidate


def _put(ws: Worksheet, row: int, column: int, value: object) -> Any:
    """Write a value; text is always text, so "=100%" (a 年度指标值) never becomes a formula."""
    target = ws.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        target.data_type = "s"
    return target


def _value(cell: Cell) -> object:
    if cell.value is not None and cell.kind in FORMATS:
        return cell.value  # Decimal: openpyxl writes it as a number
    return cell.text or None


class Styles:
    """Named cell styles, made once per workbook: per-cell style objects are what makes
    openpyxl slow (each one is hashed into the workbook's style tables)."""

    def __init__(self, wb: Workbook) -> None:
        self.wb = wb
        self.made: set[str] = set()

    def name(
        self, kind: str, align: str, bold: bool, border: bool = True, gap: bool = False
    ) -> str:
        fmt = FORMATS.get(kind, "General")
        key = f"jx-{fmt}-{align}-{'b' if bold else 'n'}-{'box' if border else 'open'}"
        key += "-gap" if gap else ""
        if key not in self.made:
            style = NamedStyle(name=key)
            # a draft gap ("【待填写：…】") is red, as in the report
            style.font = Font(name=FONT, size=10.5, bold=bold, color="C00000" if gap else None)
            style.alignment = Alignment(horizontal=align, vertical="center", wrap_text=True)
            style.number_format = fmt
            if border:
                style.border = _BORDER
            self.wb.add_named_style(style)
            self.made.add(key)
        return key


def _merge(ws: Worksheet, top: int, left: int, bottom: int, right: int) -> None:
    """Record a merged range. openpyxl's ``merge_cells`` re-styles every edge cell of the range,
    which made a 50-project workbook take seconds; the covered cells here are already empty and
    boxed, so the range itself is all the file needs."""
    ws.merged_cells.add(CellRange(min_col=left, min_row=top, max_col=right, max_row=bottom))


def write_table(ws: Worksheet, table: Table, styles: Styles | None = None) -> None:
    """Title, preamble lines, then the grid with merges, borders and formats."""
    wb = ws.parent
    styles = styles or Styles(wb)
    width = table.columns
    _put(ws, 1, 1, table.title).font = Font(name=FONT, size=16, bold=True)
    ws.cell(row=1, column=1).alignment = Alignment(horizontal="center", vertical="center")
    _merge(ws, 1, 1, 1, width)
    ws.row_dimensions[1].height = 30
    top = 2
    for cell in table.preamble:
        target = _put(ws, top, 1, cell.text)
        target.style = styles.name("text", cell.align, False, border=False)
        _merge(ws, top, 1, top, width)
        top += 1
    for r, c, cell in table.placed():
        row, col = top + r, 1 + c
        target = _put(ws, row, col, _value(cell))
        kind = cell.kind if cell.value is not None else "text"
        target.style = style = styles.name(kind, cell.align, cell.bold, gap=cell.placeholder)
        for dr in range(cell.rowspan):
            for dc in range(cell.colspan):
                if dr or dc:  # covered cells keep the box's borders when printed
                    ws.cell(row=row + dr, column=col + dc).style = style
        if cell.rowspan > 1 or cell.colspan > 1:
            _merge(ws, row, col, row + cell.rowspan - 1, col + cell.colspan - 1)
    for k, w in enumerate(table.widths):
        ws.column_dimensions[get_column_letter(k + 1)].width = w
    for r, height in row_heights(table).items():
        ws.row_dimensions[top + r].height = height
    _print_setup(ws, table, top)


LINE_POINTS = 14.0  # one 五号 line with its leading
MIN_ROW_POINTS = 18.0


def row_heights(table: Table) -> dict[int, float]:
    """Each grid row's height in points, so wrapped text shows whole.

    Neither Excel nor LibreOffice grows a row for wrapped text in merged cells, and the forms
    are mostly merged cells: without heights, a long 指标值 or 评价结论 is cut off on screen and
    in print. A column width unit is one digit; a Chinese character takes two.
    """
    needed: dict[int, float] = {}
    for r, c, cell in table.placed():
        units = sum(table.widths[c : c + cell.colspan])
        per_line = max(1.0, (units - 1) / 2)
        lines = sum(max(1, ceil(width_chars(part) / per_line)) for part in cell.text.split("\n"))
        share = (lines * LINE_POINTS + 4) / cell.rowspan
        for dr in range(cell.rowspan):
            needed[r + dr] = max(needed.get(r + dr, MIN_ROW_POINTS), share)
    return {r: round(h, 1) for r, h in needed.items()}


def _print_setup(ws: Worksheet, table: Table, top: int) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if table.landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.6
    ws.page_margins.top, ws.page_margins.bottom = 0.8, 0.8
    if table.header_rows:
        ws.print_title_rows = f"{top}:{top + table.header_rows - 1}"


def render_xlsx(view: ReportView, out: Path | BytesIO, layout: str | None = None) -> None:
    """Write the summary and every project's 自评表 (``layout``: national / sichuan)."""
    layout = layout or view.layout
    wb = Workbook()
    summary = wb.active
    assert summary is not None
    summary.title = "汇总"
    styles = Styles(wb)
    write_table(summary, view.summary, styles)
    taken = {"汇总"}
    for sheet in view.sheets:
        table = sheet.sichuan if layout == "sichuan" else sheet.national
        write_table(wb.create_sheet(sheet_name(sheet.name, taken)), table, styles)
    wb.properties.title = view.title
    wb.properties.creator = "jixiao"
    wb.save(out)
