"""How the fill-in workbook prints: A4, readable type, the pages a reviewer expects.

Units print the workbook to circulate it for signature before it is submitted, so every sheet
is set up for A4: the unit sheets fit one page wide; a project sheet prints its form and the
main indicator columns (一级 … 未完成原因分析) on landscape pages, then the seldom-filled
indicator columns (超额扣分 … 佐证材料) on pages of their own beside 一级/二级/三级指标, rather
than shrinking 21 columns onto one page width.
"""

from __future__ import annotations

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

_FOOTER = "&A  第 &P 页，共 &N 页"


def set_page(ws: Worksheet, landscape: bool) -> None:
    """A4, one page wide, as many pages down as needed, with the sheet name and page number."""
    _a4(ws, landscape)
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def set_split_pages(
    ws: Worksheet,
    last_row: int,
    extra: tuple[int, int],
    rows: tuple[int, int],
    titles: str = "A:C",
) -> None:
    """A sheet with a wide indicator table: columns A to ``extra[0]-1`` on landscape pages, and
    the indicator columns ``extra`` (first, last; 1-based) for the indicator ``rows`` on further
    pages, each with the ``titles`` columns (一级/二级/三级指标) repeated at the left. Each part
    fits one page wide."""
    set_page(ws, landscape=True)
    first, last = extra
    main = get_column_letter(first - 1)
    ws.print_area = [
        f"A1:{main}{last_row}",
        f"{get_column_letter(first)}{rows[0]}:{get_column_letter(last)}{rows[1]}",
    ]
    ws.print_title_cols = titles


def _a4(ws: Worksheet, landscape: bool) -> None:
    setup = ws.page_setup
    setup.paperSize = ws.PAPERSIZE_A4
    setup.orientation = "landscape" if landscape else "portrait"
    ws.page_margins.left = ws.page_margins.right = 0.3
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.oddFooter.center.text = _FOOTER


def wrapped_height(text: str, width: float, line: float = 15.0) -> float:
    """The row height (points) a wrapped text needs in a column ``width`` units wide: a CJK
    character takes about two units. Excel does not grow rows written by a program."""
    units = sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
    lines = max(1, -(-units // max(int(width) - 2, 1)))
    return lines * line
