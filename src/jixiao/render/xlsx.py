"""The 自评表 workbook: a summary sheet, then one sheet per project in the chosen layout.

Figures are stored as numbers with the official number formats ("0.00" for 万元 and points,
"0.00%" for rates), merged cells as in the forms, column widths, borders, and A4 print setup
fitted to one page wide, so the sheet prints like the paper form.
"""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

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


def _value(cell: Cell) -> object:
    if cell.value is not None and cell.kind in FORMATS:
        return cell.value  # Decimal: openpyxl writes it as a number
    return cell.text or None


def write_table(ws: Worksheet, table: Table) -> None:
    """Title, preamble lines, then the grid with merges, borders and formats."""
    width = table.columns
    ws.cell(row=1, column=1, value=table.title).font = Font(name=FONT, size=16, bold=True)
    ws.cell(row=1, column=1).alignment = Alignment(horizontal="center", vertical="center")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.row_dimensions[1].height = 30
    top = 2
    for cell in table.preamble:
        target = ws.cell(row=top, column=1, value=cell.text)
        target.font = Font(name=FONT, size=10.5)
        target.alignment = Alignment(horizontal=cell.align)
        ws.merge_cells(start_row=top, start_column=1, end_row=top, end_column=width)
        top += 1
    for r, c, cell in table.placed():
        row, col = top + r, 1 + c
        target = ws.cell(row=row, column=col, value=_value(cell))
        target.font = Font(name=FONT, size=10.5, bold=cell.bold)
        target.alignment = Alignment(horizontal=cell.align, vertical="center", wrap_text=True)
        if cell.kind in FORMATS and cell.value is not None:
            target.number_format = FORMATS[cell.kind]
        for dr in range(cell.rowspan):
            for dc in range(cell.colspan):
                ws.cell(row=row + dr, column=col + dc).border = _BORDER
        if cell.rowspan > 1 or cell.colspan > 1:
            ws.merge_cells(
                start_row=row,
                start_column=col,
                end_row=row + cell.rowspan - 1,
                end_column=col + cell.colspan - 1,
            )
    for k, w in enumerate(table.widths):
        ws.column_dimensions[get_column_letter(k + 1)].width = w
    _print_setup(ws, table, top)


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
    write_table(summary, view.summary)
    taken = {"汇总"}
    for sheet in view.sheets:
        table = sheet.sichuan if layout == "sichuan" else sheet.national
        write_table(wb.create_sheet(sheet_name(sheet.name, taken)), table)
    wb.properties.title = view.title
    wb.properties.creator = "jixiao"
    wb.save(out)
