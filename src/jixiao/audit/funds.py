"""Fund rows (项目资金 / 预算执行情况) from the cell stream, whatever the layout.

A header is two or more money column names close together (年初预算数 全年预算数 全年执行数 分值
执行率 得分, or the Sichuan 年初预算 调整后预算数 预算执行数 预算执行率 权重 得分 原因). Each row is
a label (年度资金总额, 其中：本年财政拨款 …) followed by its values. When a row has fewer values
than columns (empty cells lost in copying), a percentage anchors on the rate column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.audit.stream import Token
from jixiao.audit.values import Value, read_value
from jixiao.source import Source

COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("initial", ("年初预算数", "年初预算")),
    ("adjusted", ("全年预算数", "调整后预算数", "调整后预算", "调整预算数", "全年预算")),
    ("executed", ("全年执行数", "预算执行数", "执行数")),
    ("weight", ("分值", "权重")),
    ("rate", ("预算执行率", "执行率")),
    ("score", ("自评得分", "得分")),
    ("reason", ("原因",)),
)
_IGNORED = re.compile(r"^\(?[A-Z](/[A-Z])?(×100%)?\)?$|^\(B/A×100%\)$|^:$")
TOTAL_LABELS = ("年度资金总额", "资金总额", "总额", "合计", "总计")
STOP = (
    "年度总体目标",
    "绩效指标",
    "一级指标",
    "资金管理情况",
    "总体目标",
    "预期目标",
    "年度目标",
    "项目基本情况",
    "绩效目标",
    "情况说明",
    "项目年度目标",
)
MAX_ROWS = 10


@dataclass
class FundRow:
    label: str
    source: Source
    values: dict[str, tuple[Value, Source]] = field(default_factory=dict)
    grid_row: tuple[object, ...] | None = None  # DOCX/XLSX/PDF row, when known

    @property
    def is_total(self) -> bool:
        return any(self.label.startswith(t) for t in TOTAL_LABELS)

    @property
    def subject(self) -> str:
        return "" if self.is_total else self.label

    def number(self, column: str) -> Decimal | None:
        got = self.values.get(column)
        return got[0].number if got else None


@dataclass
class FundTable:
    columns: list[str]
    rows: list[FundRow]
    unit: str
    source: Source
    start: int = 0  # token range read
    end: int = 0
    listing: bool = (
        False  # a list of projects (项目名称 column): its 合计 is theirs, not the unit's
    )


def column_of(text: str) -> str | None:
    t = re.sub(r"\(.*?\)$", "", text).strip(" :：")
    for key, names in COLUMNS:
        if t in names:
            return key
    return None


def find_fund_tables(tokens: list[Token]) -> list[FundTable]:
    tables: list[FundTable] = []
    i = 0
    while i < len(tokens):
        cols, end = _header(tokens, i)
        if len(cols) >= 2 and {"adjusted", "executed"} & set(cols):
            begin = i
            grid = {
                t.col: c for t in tokens[i:end] if t.col is not None and (c := column_of(t.text))
            }
            unit = _money_unit(tokens, i)
            table, i = _grid_rows(tokens, end, cols, grid, unit) if grid else (None, i)
            if (
                table is None
                or not _aligned(tokens, end, grid)
                or not any(r.values for r in table.rows)
            ):
                table, i = _rows(tokens, end, cols, unit)  # no grid, or rows not under the header
            table.start, table.end = begin, i
            table.listing = _lists_projects(tokens, begin)
            if table.rows:
                table.source = table.rows[0].source
                tables.append(table)
            continue
        i += 1
    return tables


def _lists_projects(tokens: list[Token], header: int) -> bool:
    """A 项目名称 column just left of the money columns, in the header's own row when known:
    a summary of several projects (汇总表), whose 合计 row is the sum of the listed projects."""
    first = tokens[header]
    for token in tokens[max(0, header - 3) : header]:
        if token.text.strip(" :：") == "项目名称" and (first.row is None or token.row == first.row):
            return True
    return False


def _header(tokens: list[Token], start: int) -> tuple[list[str], int]:
    cols: list[str] = []
    i = start
    while i < len(tokens):
        text = tokens[i].text
        col = column_of(text)
        if col is not None and col not in cols:
            cols.append(col)
        elif not (_IGNORED.match(text) and cols):
            break
        i += 1
    return cols, i


def _money_unit(tokens: list[Token], at: int) -> str:
    for token in tokens[max(0, at - 6) : at + 1]:
        if "(元)" in token.text or token.text in ("元)", "(元"):
            return "元"
    return "万元"


def _rows(tokens: list[Token], start: int, cols: list[str], unit: str) -> tuple[FundTable, int]:
    money = [c for c in cols if c != "reason"]
    rows: list[FundRow] = []
    label: list[Token] = []
    values: list[tuple[Value, Source]] = []
    reason: list[tuple[Value, Source]] = []
    i = start

    def close() -> None:
        if values:
            name = _label("".join(t.text for t in label)) or "年度资金总额"
            row = FundRow(name, (label[0] if label else tokens[start]).source)
            row.values = _align(money, values)
            if reason:
                row.values["reason"] = reason[0]
            rows.append(row)

    while i < len(tokens) and len(rows) < MAX_ROWS:
        token = tokens[i]
        text = token.text
        if any(text.startswith(s) for s in STOP) or column_of(text) is not None:
            break
        if re.search(r"[:：]\s*-?\d", text):  # "按支出性质分:1925.67": another layout
            break
        value = read_value(text)
        if value.is_number or value.placeholder:
            values.append((value, token.source))
        elif values and "reason" in cols and not reason and _is_reason(text):
            reason.append((Value(text), token.source))
        elif values:
            close()
            label, values, reason = [token], [], []
        else:
            label.append(token)
            if len(label) > 4:
                break
        i += 1
    close()
    _align_like_total(rows, money)
    return FundTable(cols, rows, unit, tokens[start].source if start < len(tokens) else Source()), i


def _aligned(tokens: list[Token], start: int, grid: dict[int, str]) -> bool:
    """The first row label stands left of the money columns (else read the cells in order)."""
    for token in tokens[start : start + 3]:
        if not read_value(token.text).is_number:
            return token.col is not None and token.col not in grid
    return True


def _grid_rows(
    tokens: list[Token], start: int, cols: list[str], grid: dict[int, str], unit: str
) -> tuple[FundTable, int]:
    """Rows of a real grid (DOCX/XLSX/PDF): the column of each cell says what it holds."""
    rows: list[FundRow] = []
    i = start
    while i < len(tokens) and len(rows) <= MAX_ROWS:
        token = tokens[i]
        text = token.text
        if any(text.startswith(s) for s in STOP) or column_of(text) is not None:
            break
        col = grid.get(token.col) if token.col is not None else None
        value = read_value(text)
        current = rows[-1] if rows else None
        if col is None and not value.is_number and not value.placeholder:
            if token.row is None:
                break
            if current is None or token.row != current.grid_row:
                rows.append(
                    FundRow(_label(text) or "年度资金总额", token.source, grid_row=token.row)
                )
            elif not current.values:  # merged cells repeat on the left: the rightmost label wins
                current.label, current.source = _label(text) or current.label, token.source
        elif (
            col is not None
            and current is not None
            and token.row == current.grid_row
            and (value.is_number or (col == "reason" and not value.placeholder))
        ):
            current.values[col] = (value, token.source)
        i += 1
    return FundTable(cols, rows, unit, tokens[start].source if start < len(tokens) else Source()), i


def _is_reason(text: str) -> bool:
    """A 原因 cell after a row's figures: a phrase, not the next row's label (…资金, …拨款)."""
    if re.search(r"(资金|拨款|总额|合计)(\(.*\))?$", text) or text.startswith("其中"):
        return False
    return len(text) >= 6


def _align_like_total(rows: list[FundRow], money: list[str]) -> None:
    """A sub-row with as many amounts as the total row has goes into the total's columns."""
    totals = [r for r in rows if r.is_total]
    if not totals:
        return
    amounts = [c for c in ("initial", "adjusted", "executed") if c in totals[0].values]
    for row in rows:
        if row.is_total or len(row.values) != len(amounts) or set(row.values) == set(amounts):
            continue
        if not set(row.values) <= {"initial", "adjusted", "executed"}:
            continue
        ordered = [row.values[c] for c in money if c in row.values]
        row.values = dict(zip(amounts, ordered, strict=False))


def _label(text: str) -> str:
    s = re.sub(r"^其中[:：]?", "", text.strip())
    return s.strip(" :：")


def _align(
    columns: list[str], values: list[tuple[Value, Source]]
) -> dict[str, tuple[Value, Source]]:
    """Values onto columns; fewer values than columns anchor a percentage on the rate column."""
    out: dict[str, tuple[Value, Source]] = {}
    if len(values) >= len(columns) or "rate" not in columns:
        for col, got in zip(columns, values, strict=False):
            out[col] = got
        return _drop_placeholders(out)
    pct = [k for k, (v, _) in enumerate(values) if v.percent]
    if len(pct) != 1:
        for col, got in zip(columns, values, strict=False):
            out[col] = got
        return _drop_placeholders(out)
    k, j = pct[0], columns.index("rate")
    before, after = values[:k], values[k + 1 :]
    for col, got in zip(reversed(columns[:j]), reversed(before), strict=False):
        out[col] = got
    out["rate"] = values[k]
    for col, got in zip(columns[j + 1 :], after, strict=False):
        out[col] = got
    return _drop_placeholders(out)


def _drop_placeholders(
    cells: dict[str, tuple[Value, Source]],
) -> dict[str, tuple[Value, Source]]:
    return {k: v for k, v in cells.items() if not v[0].placeholder}
