"""XLSX reader: every sheet as a grid of cells with sheet!cell sources (free-form layouts).

The official 自评表 layouts are read by :mod:`jixiao.workbook`; here any sheet becomes a table
so that the shared extractor can find fund and indicator rows wherever they stand.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from jixiao.audit.document import Block, Cell, Document, ReadError, Table
from jixiao.audit.safety import MAX_XLSX_CELLS, open_zip
from jixiao.number import round_half_up
from jixiao.source import Source


def read_xlsx(path: Path) -> Document:
    archive = open_zip(path)
    names = set(archive.namelist())
    archive.close()
    if "xl/workbook.xml" not in names:
        raise ReadError("这是一个 zip 文件，但不是 Excel 工作簿（缺少 xl/workbook.xml）")
    import openpyxl
    from openpyxl.utils import get_column_letter

    try:
        workbook = openpyxl.load_workbook(str(path), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types on damaged files
        raise ReadError(
            f"Excel 文件已损坏，无法读取（{type(exc).__name__}）", "请重新保存"
        ) from exc
    file = str(path)
    blocks: list[Block] = []
    seen = 0
    try:
        for sheet in workbook.worksheets:
            rows = []
            for r, row in enumerate(sheet.iter_rows(), start=1):
                cells = []
                for c, cell in enumerate(row, start=1):
                    value = getattr(cell, "value", None)
                    seen += 1
                    if seen > MAX_XLSX_CELLS:
                        raise ReadError(
                            f"工作簿单元格过多（超过 {MAX_XLSX_CELLS} 个）", "已停止读取"
                        )
                    if value is None or str(value).strip() == "":
                        continue
                    ref = f"{get_column_letter(c)}{r}"
                    cells.append(
                        Cell(_text(value, cell), Source(file, sheet=sheet.title, cell=ref))
                    )
                if cells:
                    rows.append(tuple(cells))
            if rows:
                blocks.append(Table(tuple(rows), Source(file, sheet=sheet.title)))
    finally:
        workbook.close()
    return Document(file, "xlsx", tuple(blocks))


# A fixed-decimal number format ("0.00%", "#,##0.00"): the cell shows that many places.
_FIXED = re.compile(r"^[#,]*0(?:\.(0+))?(%?)$")


def _text(value: object, cell: object) -> str:
    """The cell as a reader sees it: what the number format prints, not the float stored.

    A rate computed by a formula is stored as 0.990026…; under "0.00%" the form shows 99.00%,
    and that printed figure is what the checks must hold to its printed precision.
    """
    fmt = str(getattr(cell, "number_format", "") or "")
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = Decimal(f"{value:.15g}")  # Excel keeps 15 significant digits
        fixed = _FIXED.match(fmt.split(";")[0].strip())
        percent = "%" in fmt
        if percent:
            number *= 100
        if fixed:
            places = len(fixed.group(1) or "")
            return f"{round_half_up(number, places):f}" + ("%" if percent else "")
        text = f"{number.normalize():f}"
        return text + ("%" if percent else "")
    return str(value).strip()
