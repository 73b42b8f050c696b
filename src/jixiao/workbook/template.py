"""Writing the workbook units fill in: blank, or pre-filled from an evaluation.

Layout comes from :mod:`.layout` (the importer reads the same blocks). Header and label cells
are locked, input cells are not; sheets are protected without a password (审阅 → 撤销工作表保护)
so that rows can still be inserted and deleted. Drop-downs offer 一级/二级指标, 指标性质, 定性等级
and 是/否; numeric cells refuse text. Formulas appear only for live totals (权重合计, 得分合计,
计算执行率, the 项目清单 sums): the importer never reads them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from contextvars import ContextVar
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.worksheet import Worksheet

from jixiao.issues import Issue, Severity
from jixiao.model import Evaluation, Indicator, Line, Project
from jixiao.number import decimals_of
from jixiao.source import Source
from jixiao.workbook import values
from jixiao.workbook.layout import (
    AMOUNT,
    BAND_NOTE,
    BOOL,
    CHANGE,
    FORM_HEADER,
    FUNDING,
    FUNDS_FIELDS,
    GOAL_INDICATORS,
    GOALS,
    INDICATORS,
    INT,
    LEDGER,
    LINE_CATEGORIES,
    LINES,
    LONG,
    NUMBER,
    PROJECT_FIELDS,
    PROJECT_LIST,
    PROJECT_TEXT_FIELDS,
    RATE,
    TEXT,
    UNIT_FIELDS,
    Field,
    Table,
    funding_rows_for,
)
from jixiao.workbook.printing import set_page, set_split_pages, wrapped_height
from jixiao.workbook.validation import COLUMN_VALIDATION, Validations

_TITLE = Font(bold=True, size=14)
_BOLD = Font(bold=True)
_NOTE = Font(color="666666", size=9)
_HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
_LABEL_FILL = PatternFill("solid", fgColor="F2F2F2")
_TOTAL_FILL = PatternFill("solid", fgColor="FFF2CC")
_THIN = Side(style="thin", color="A6A6A6")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_OPEN = Protection(locked=False)
_LABEL_ALIGN = Alignment(vertical="top", wrap_text=True)
_NOTE_ALIGN = Alignment(vertical="top")
# Named styles, registered once per workbook: setting border/fill/protection per cell makes
# openpyxl hash a style object for every cell, which dominated the time to write a template.
INPUT, INPUT_WRAP, LABEL, HEAD, TOTAL = (
    "jx-input",
    "jx-input-wrap",
    "jx-label",
    "jx-head",
    "jx-total",
)
_FILLS = {LABEL: _LABEL_FILL, HEAD: _HEAD_FILL, TOTAL: _TOTAL_FILL}


def _register_styles(wb: Workbook) -> None:
    for name, wrap in ((INPUT, False), (INPUT_WRAP, True)):
        style = NamedStyle(name, border=_BOX, protection=_OPEN)
        style.alignment = _WRAP if wrap else Alignment(vertical="top")
        wb.add_named_style(style)
    for name, fill in _FILLS.items():
        wb.add_named_style(
            NamedStyle(name, font=_BOLD, fill=fill, border=_BOX, alignment=_LABEL_ALIGN)
        )


EXCEL_TEXT_LIMIT = 32767
# What the current write_template call has to report (values Excel cannot hold as they are).
_PROBLEMS: ContextVar[list[Issue]] = ContextVar("template_problems")
_FILE: ContextVar[str] = ContextVar("template_file")
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\']")
BLANK_ROWS = {
    "lines": 15,
    "ledger": 5,
    "goals": 5,
    "goal_indicators": 15,
    "indicators": 12,
    "project_list": 10,
}

INSTRUCTIONS = (
    "填写说明（预算绩效自评填报表）",
    "一、填写顺序：单位概况 → 资金情况 → 部门绩效目标 → 项目清单 → 每个项目一张工作表（如“项目1”）。",
    "二、单元格颜色见下方图例：只在白色单元格中填写；蓝色、灰色单元格是表头和标签，黄色单元格自动计算。",
    "三、金额一律以万元为单位，只填数字（如 1106.08），不要带“万元”“约”等文字；"
    "比率填百分数（如 92.73%）；人数、年度填整数。填错类型时 Excel 会提示。",
    "四、带下拉箭头的单元格请从列表中选择（一级/二级指标、指标性质、定性等级、是/否、资金明细类别等）。",
    "五、" + BAND_NOTE + "。",
    "六、增加项目：右键点击“项目1”工作表标签 → 移动或复制 → 勾选“建立副本”，把新表的“项目名称”改成新项目，"
    "再在“项目清单”的空行中填写项目名称和新工作表的名称（合计会自动显示）。",
    "七、指标行不够时：在指标表中间的空白行上右键 → 插入行；合计会自动包含新插入的行。",
    "八、工作表可以改名、调整顺序，但请不要修改表头文字和标签：系统按表头识别内容。",
    "九、工作表保护没有密码，如需调整格式，可在“审阅 → 撤销工作表保护”中解除。",
    "十、填好后交给系统管理员检查（jixiao check 本文件.xlsx）："
    "每个问题都会指出“工作表!单元格”（如 资金情况!B6）和修改方法。",
)
LEGEND = (
    (INPUT, "白色：请在此填写"),
    (HEAD, "蓝色：表头，请勿修改"),
    (LABEL, "灰色：填报项名称，请勿修改"),
    (TOTAL, "黄色：自动计算的合计，不必填写"),
)
_INTRO_WIDTH = 76
NOTE_MORE_INDICATORS = "注：指标行不够时，在上面的空白指标行上右键 → 插入行（合计会自动包含新行）。"


def write_template(
    path: str | Path,
    evaluation: Evaluation | None = None,
    scheme: str = "",
    region: str = "",
) -> list[Issue]:
    """Write the fill-in workbook to ``path``, pre-filled when ``evaluation`` is given.

    ``scheme`` is written into 评分方案; ``region`` (a scheme's region, e.g. sichuan) chooses the
    资金来源 rows offered on blank project sheets (rules.md §3 for Sichuan, §5c nationally).
    Returns the values that Excel cannot hold as they are (text over 32,767 characters).
    """
    problems: list[Issue] = []
    _PROBLEMS.set(problems)
    _FILE.set(str(path))
    wb = Workbook()
    _register_styles(wb)
    intro = wb.active
    assert intro is not None
    intro.title = "说明"
    _instructions(intro)
    scheme = scheme or (evaluation.scheme if evaluation else "")
    form_values = values.evaluation_values(evaluation) if evaluation else {}
    if scheme and not form_values.get("scheme"):
        form_values["scheme"] = scheme
    _form_sheet(wb.create_sheet("单位概况"), "单位概况", UNIT_FIELDS, form_values)
    funds = wb.create_sheet("资金情况")
    # the value spans 名称…占比 of the 资金明细 table below, so the sheet prints one page wide
    row = _form_sheet(funds, "资金情况", FUNDS_FIELDS, form_values, span=3)
    row = _table(funds, row + 2, LINES, _line_rows(evaluation))
    _table(funds, row + 2, LEDGER, values.ledger_rows(evaluation))
    goals = wb.create_sheet("部门绩效目标")
    row = _table(goals, 1, GOALS, values.goal_rows(evaluation))
    names = f"$A$3:$A${row}"
    head = row + 3
    row = _table(goals, row + 2, GOAL_INDICATORS, values.goal_indicator_rows(evaluation), names)
    _protect(goals)
    set_split_pages(goals, row, _extra_columns(GOAL_INDICATORS), (head, row), titles="A:D")
    listing = wb.create_sheet("项目清单")
    projects = list(evaluation.projects) if evaluation else []
    titles = _sheet_titles(projects)
    refs = []
    for i, title in enumerate(titles):
        project = projects[i] if projects else None
        refs.append(_project_sheet(wb.create_sheet(title), project, region or scheme))
    _project_list(listing, projects, titles, refs)
    for ws in (intro, wb["单位概况"], funds, listing):
        set_page(ws, landscape=ws.title not in ("说明", "单位概况"))
    wb.save(str(path))
    return problems


def _instructions(ws: Worksheet) -> None:
    ws.cell(1, 1, INSTRUCTIONS[0]).font = _TITLE
    for i, text in enumerate(INSTRUCTIONS[1:], start=3):
        ws.cell(i, 1, text).alignment = _WRAP
        ws.row_dimensions[i].height = wrapped_height(text, _INTRO_WIDTH)
    row = len(INSTRUCTIONS) + 3
    ws.cell(row, 1, "图例").font = _BOLD
    for i, (style, text) in enumerate(LEGEND, start=row + 1):
        ws.cell(i, 1, text).style = style
    ws.column_dimensions["A"].width = _INTRO_WIDTH


def _too_long(ws: Worksheet, cell: Any, text: str) -> str:
    """Excel refuses cells over 32,767 characters (openpyxl cuts them silently): cut, and say so."""
    if len(text) <= EXCEL_TEXT_LIMIT:
        return text
    _PROBLEMS.get().append(
        Issue(
            "L-XLS-12",
            Severity.WARNING,
            f"文字有 {len(text)} 字，超过 Excel 单元格上限，已截断",
            Source(_FILE.get(), sheet=ws.title, cell=cell.coordinate),
            expected=EXCEL_TEXT_LIMIT,
            actual=len(text),
            hint="请在 YAML 中使用这段文字，或把它分成几段",
        )
    )
    return text[:EXCEL_TEXT_LIMIT]


# -- cells -----------------------------------------------------------------------------------


def _put(ws: Worksheet, row: int, col: int, value: Any, kind: str, wrap: bool = False) -> None:
    """Write a value of ``kind``: text stays text (never a formula), numbers get a format."""
    cell = ws.cell(row, col)
    cell.style = INPUT_WRAP if kind == LONG or wrap else INPUT
    if kind not in (INT, AMOUNT, NUMBER, RATE, CHANGE, BOOL):
        cell.number_format = "@"
    if value is None or value == "":
        _format_empty(cell, kind)
        return
    if kind in (RATE, CHANGE) and isinstance(value, Decimal):
        cell.value = value
        places = min(max(decimals_of(value * 100), 0), 6)
        cell.number_format = "0." + "0" * places + "%" if places else "0%"
        return
    if kind in (AMOUNT, NUMBER, INT) and isinstance(value, Decimal | int):
        cell.value = value
        places = decimals_of(Decimal(value)) if kind != INT else 0
        if kind == AMOUNT:
            places = max(places, 2)
        cell.number_format = "0." + "0" * places if places else "0"
        return
    if kind == BOOL:
        value = "是" if value else ""
    text = _too_long(ws, cell, ILLEGAL_CHARACTERS_RE.sub("", str(value)))
    cell.value = text
    cell.data_type = "s"  # "=100%" or "=" is text here, not a formula


def _format_empty(cell: Any, kind: str) -> None:
    if kind in (RATE, CHANGE):
        cell.number_format = "0.00%"
    elif kind == AMOUNT:
        cell.number_format = "0.00"
    elif kind == INT:
        cell.number_format = "0"


def _label(ws: Worksheet, row: int, col: int, text: str, style: str = LABEL) -> None:
    ws.cell(row, col, text).style = style


def _title(ws: Worksheet, row: int, text: str, note: str = "") -> None:
    ws.cell(row, 1, text).font = _TITLE
    if note:
        ws.cell(row + 1, 1, note).font = _NOTE


# -- forms and tables --------------------------------------------------------------------------


def _form_sheet(
    ws: Worksheet, title: str, fields: Iterable[Field], vals: dict[str, Any], span: int = 1
) -> int:
    _title(ws, 1, title, "白色单元格供填写；“填写说明”列仅作提示。")
    row = _form(ws, 4, fields, vals, span=span)
    ws.column_dimensions["A"].width = 26
    if span == 1:
        ws.column_dimensions["B"].width = 70
        ws.column_dimensions["C"].width = 36
    _protect(ws)
    return row


def _form(ws: Worksheet, row: int, fields: Iterable[Field], vals: dict[str, Any], span: int) -> int:
    """A form block at ``row``; the value cell spans ``span`` columns. Returns the last row."""
    note_col = 2 + span
    for col, text in ((1, FORM_HEADER[0]), (2, FORM_HEADER[1]), (note_col, FORM_HEADER[2])):
        _label(ws, row, col, text, HEAD)
    if span > 1:
        _merge(ws, row, 2, 1 + span)
    dv = Validations(ws)
    for f in fields:
        row += 1
        _label(ws, row, 1, f.label + ("（必填）" if f.required else ""))
        _put(ws, row, 2, vals.get(f.path), f.kind)
        if span > 1:
            _merge(ws, row, 2, 1 + span)
        note = ws.cell(row, note_col, f.note)
        note.font, note.alignment = _NOTE, _NOTE_ALIGN
        dv.add(f.check or f.kind, f"B{row}")
        if f.kind == LONG:
            ws.row_dimensions[row].height = 48
    return row


def _merge(ws: Worksheet, row: int, first: int, last: int) -> None:
    # Registering the range directly: Worksheet.merge_cells also restyles every covered cell,
    # which costs a quarter of a second per project sheet and changes nothing here.
    ws.merged_cells.add(CellRange(min_col=first, min_row=row, max_col=last, max_row=row))


def _table(
    ws: Worksheet, row: int, table: Table, rows: list[dict[str, Any]], choices: str = ""
) -> int:
    """A table block: title, header, the rows and some blank rows. Returns the last row used.

    ``choices`` is a range whose cells the 所属目标 drop-down offers (the goals above)."""
    ws.cell(row, 1, table.title).font = _BOLD
    row += 1
    header = row
    for col, column in enumerate(table.columns, start=1):
        _label(ws, row, col, column.header, TOTAL if column.display else HEAD)
        letter = get_column_letter(col)
        current = ws.column_dimensions[letter].width or 0
        ws.column_dimensions[letter].width = max(current, column.width)
    dv = Validations(ws)
    blank = BLANK_ROWS.get(table.name, 3)
    for data in [*rows, *({} for _ in range(blank))]:
        row += 1
        for col, column in enumerate(table.columns, start=1):
            if column.display:
                continue
            _put(ws, row, col, data.get(column.key), column.kind, wrap=column.kind == TEXT)
        if data:
            _fit_row(ws, row, table, data)
    if row > header:
        for col, column in enumerate(table.columns, start=1):
            if column.display:
                continue
            kind = COLUMN_VALIDATION.get(column.key, column.kind)
            if table.name == "ledger" and column.key == "kind":
                kind = "ledger_kind"
            if table.name == "goal_indicators" and column.key == "goal" and choices:
                kind = "range:" + choices
            letter = get_column_letter(col)
            dv.add(kind, f"{letter}{header + 1}:{letter}{row}")
    ws.freeze_panes = None
    _protect(ws)
    return row


def _extra_columns(table: Table) -> tuple[int, int]:
    """The seldom-filled indicator columns (超额扣分 … 佐证材料), printed on pages of their own."""
    return 1 + next(i for i, c in enumerate(table.columns) if c.key == "deduction"), len(
        table.columns
    )


def _fit_row(ws: Worksheet, row: int, table: Table, data: dict[str, Any]) -> None:
    """Make a row tall enough for its wrapped text: neither Excel nor LibreOffice grows the rows
    of a file written by a program, so long names would otherwise be cut off."""
    height = 15.0
    for col, column in enumerate(table.columns, start=1):
        value = data.get(column.key)
        if column.kind in (TEXT, LONG) and isinstance(value, str) and value:
            width = ws.column_dimensions[get_column_letter(col)].width or column.width
            height = max(height, wrapped_height(value, width))
    if height > 15:
        ws.row_dimensions[row].height = min(height, 409)  # Excel's largest row height


def _protect(ws: Worksheet) -> None:
    """Lock labels and headers; keep row insertion, deletion and resizing allowed."""
    p = ws.protection
    p.sheet = True
    p.insertRows = p.deleteRows = p.formatRows = p.formatColumns = False
    p.sort = p.autoFilter = False


def _line_rows(evaluation: Evaluation | None) -> list[dict[str, Any]]:
    if evaluation is None:
        return []
    out = []
    for key, label in LINE_CATEGORIES:
        for line in values.lines_of(evaluation, key):
            out.append({"category": label, **_line_values(line)})
    return out


def _line_values(line: Line) -> dict[str, Any]:
    return {
        "name": line.name,
        "amount": line.amount,
        "share": line.share,
        "change": line.change,
        "prior": line.prior,
        "project": line.project or "",
        "note": line.note,
    }


# -- projects ----------------------------------------------------------------------------------


def _sheet_titles(projects: list[Project]) -> list[str]:
    if not projects:
        return ["项目1"]
    titles: list[str] = []
    for i, p in enumerate(projects, start=1):
        base = _BAD_SHEET_CHARS.sub("", f"{i}-{p.name}")[:31] or f"项目{i}"
        title = base
        n = 2
        while title in titles or title in (
            "说明",
            "单位概况",
            "资金情况",
            "部门绩效目标",
            "项目清单",
        ):
            title = f"{base[:28]}~{n}"
            n += 1
        titles.append(title)
    return titles


def _project_sheet(ws: Worksheet, project: Project | None, region: str) -> dict[str, str]:
    """One project's sheet; returns the cells the 项目清单 formulas refer to."""
    _title(ws, 1, "项目支出绩效自评", "复制本工作表即可增加项目；请修改“项目名称”。")
    vals = values.project_values(project) if project else {}
    row = _form(ws, 4, PROJECT_FIELDS, vals, span=7)
    funding = values.funding_rows(project) if project else []
    if not funding:
        funding = [{"source": s} for s in funding_rows_for(region)]
    start = row + 4  # _table: title, header, then data
    row = _table(ws, row + 2, FUNDING, funding)
    for r in range(start, row + 1):
        cell = ws.cell(r, 6, f'=IF(N(C{r})=0,"",D{r}/C{r})')
        cell.style, cell.number_format = TOTAL, "0.00%"
    first = row + 4
    indicators: list[Indicator] = list(project.indicators) if project else []
    row = _table(ws, row + 2, INDICATORS, [values.indicator_values(i) for i in indicators])
    total = row + 1
    _label(ws, total, 1, "合计", TOTAL)
    for col in (8, 9):
        letter = get_column_letter(col)
        cell = ws.cell(total, col, f"=SUM({letter}{first}:{letter}{row})")
        cell.style = TOTAL
    ws.cell(total + 1, 1, NOTE_MORE_INDICATORS).font = _NOTE
    ws.cell(total + 3, 1, "绩效目标与报告正文").font = _BOLD
    last = _form(ws, total + 4, PROJECT_TEXT_FIELDS, vals, span=7)
    ws.column_dimensions["A"].width = 18
    _protect(ws)
    set_split_pages(ws, last, _extra_columns(INDICATORS), (first - 1, total))
    return {"adjusted": f"C{start}", "executed": f"D{start}", "weights": f"H{total}"}


def _project_list(
    ws: Worksheet, projects: list[Project], titles: list[str], refs: list[dict[str, str]]
) -> None:
    """The list with live totals: listed sheets by reference (they survive renaming), blank rows
    by the sheet name typed in 工作表 (so a copied project sheet shows its totals too)."""
    rows = [{"name": p.name, "sheet": titles[i]} for i, p in enumerate(projects)]
    if not projects:
        rows = [{"name": "", "sheet": titles[0]}]
    header = 2
    last = _table(ws, 1, PROJECT_LIST, rows)
    for r in range(header + 1, last + 1):
        i = r - header - 1
        ws.cell(r, 1, f'=IF(AND(B{r}="",C{r}=""),"",ROW()-{header})').style = TOTAL
        if i < len(titles):
            quoted = "'" + titles[i].replace("'", "''") + "'"
            formulas = [f"={quoted}!{refs[i][key]}" for key in ("adjusted", "executed", "weights")]
        else:
            formulas = _by_sheet_name(r)
        for col, formula in zip((4, 5, 6), formulas, strict=True):
            cell = ws.cell(r, col, formula)
            cell.style = TOTAL
            cell.number_format = "0.00"


def _by_sheet_name(r: int) -> list[str]:
    """Totals of the sheet named in C{r}: the first 资金来源 row's 调整后预算 and 执行数, and
    the weights of column H (the indicator table's 权重) outside the 合计 row."""

    def col(letter: str) -> str:
        return f'INDIRECT("\'"&$C{r}&"\'!{letter}:{letter}")'

    first = f'MATCH("资金来源",{col("A")},0)+1'
    return [
        f'=IF($C{r}="","",IFERROR(INDEX({col("C")},{first}),""))',
        f'=IF($C{r}="","",IFERROR(INDEX({col("D")},{first}),""))',
        f'=IF($C{r}="","",IFERROR(SUMIF({col("A")},"<>合计",{col("H")}),""))',
    ]
