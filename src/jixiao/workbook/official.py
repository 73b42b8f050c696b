"""Reading the official 项目支出绩效自评表 as input: the national layout (财预〔2020〕10号 附件1,
rules.md §5c) and the Sichuan 部门预算项目支出绩效自评表 (510000_0013zp, rules.md §3).

Tables are found by their printed labels, not by position: units fill them in by hand, merge
cells, add rows, and several tables may be stacked in one sheet. Each table becomes a
:class:`~jixiao.model.Project` whose fields point at the cells they came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from jixiao.issues import Severity
from jixiao.model import FundingRow, Indicator, Meta, Project, Unit
from jixiao.number import normalize_text, parse_number
from jixiao.source import Source
from jixiao.workbook.cells import CellReader
from jixiao.workbook.grid import Book, Sheet, norm
from jixiao.workbook.record import Record, build_indicator

_YEAR_RE = re.compile(r"(\d{4})\s*年")
_NUMBERING_RE = re.compile(r"^[\d一二三四五六七八九十]+[.、．]")
_POINTS_RE = re.compile(r"[（(]\s*\d+(\.\d+)?\s*分\s*[）)]")
_CODE_NAME_RE = re.compile(r"^([0-9A-Za-z]{10,30})\s*[-－—–]\s*(.+)$")

_SOURCES = {
    "总额": "总额",
    "年度资金总额": "年度资金总额",
    "财政资金": "财政资金",
    "财政专户管理资金": "财政专户管理资金",
    "单位资金": "单位资金",
    "其他资金": "其他资金",
    "财政拨款": "财政拨款",
    "当年财政拨款": "财政拨款",
    "本年财政拨款": "财政拨款",
    "上年结转": "上年结转",
    "上年结转资金": "上年结转",
}
_FUNDING_HEADERS = {
    "initial": ("年初预算", "年初预算数"),
    "adjusted": ("调整后预算数", "调整后预算", "全年预算数"),
    "executed": ("预算执行数", "全年执行数", "执行数"),
    "rate": ("预算执行率", "执行率"),
    "reason": ("原因",),
}
_INDICATOR_HEADERS = {
    "level1": ("一级指标",),
    "level2": ("二级指标",),
    "name": ("三级指标",),
    "operator": ("指标性质",),
    "target": ("指标值", "年度指标值"),
    "unit": ("度量单位",),
    "actual": ("完成值", "实际完成值"),
    "weight": ("权重", "分值"),
    "score": ("得分",),
    "deviation_reason": ("未完成原因分析", "偏差原因分析及改进措施", "偏差原因分析"),
}
_TEXT_LABELS = {
    "评价结论": "conclusion",
    "存在问题": "problems",
    "改进措施": "suggestions",
    "项目实施内容及过程概述": "content",
}
_END_WORDS = ("合计", "总分", "评价结论", "存在问题", "改进措施", "项目负责人")
# The printed instructions of a blank form are not an answer.
_INSTRUCTIONS = ("对照年度目标", "结合自评情况", "针对项目自评中发现的问题")


def _label(value: Any) -> str:
    return _NUMBERING_RE.sub("", norm(value))


@dataclass
class Segment:
    """One official table: a sheet and its row range."""

    sheet: Sheet
    start: int
    end: int
    title: str = ""


def find_official_tables(book: Book) -> list[Segment]:
    """Every official table in the workbook: a title row, or 项目名称 plus 三级指标."""
    out: list[Segment] = []
    for sheet in book.sheets:
        starts: list[tuple[int, str]] = []
        has_name = has_indicators = False
        for r in range(len(sheet.rows)):
            for _c, v in sheet.filled(r):
                if not isinstance(v, str):
                    continue
                if "自评表" in v and len(v) < 60:
                    starts.append((r, v))
                    break
                label = _label(v)
                has_name = has_name or label == "项目名称"
                has_indicators = has_indicators or label == "三级指标"
        if not starts and has_name and has_indicators:
            starts.append((0, ""))
        for i, (r, title) in enumerate(starts):
            end = starts[i + 1][0] if i + 1 < len(starts) else len(sheet.rows)
            out.append(Segment(sheet, r, end, title))
    return out


def read_official_book(book: Book, reader: CellReader) -> tuple[list[Project], int | None, Unit]:
    """(projects, year from the titles, the unit: first 实施单位 and 主管部门) of the tables."""
    projects: list[Project] = []
    year: int | None = None
    unit = Unit("")
    for seg in find_official_tables(book):
        found = _read_segment(seg, reader, f"projects[{len(projects)}]")
        if found is None:
            continue
        project, parent = found
        projects.append(project)
        m = _YEAR_RE.search(seg.title)
        if m and year is None:
            year = int(m.group(1))
        if not unit.name and project.implementer:
            fields = {"name": project.meta.of("implementer")}
            if parent:
                fields["parent"] = parent[1]
            unit = Unit(
                project.implementer,
                parent=parent[0] if parent else "",
                meta=Meta(project.meta.of("implementer"), fields),
            )
    return projects, year, unit


@dataclass
class _Found:
    cells: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    funding: list[tuple[str, dict[str, tuple[Any, Any]]]] = field(default_factory=list)
    indicators: list[dict[str, tuple[Any, Any]]] = field(default_factory=list)
    operator_column: bool = False


Parent = tuple[str, Source] | None  # the 主管部门 as written, and its cell


def _read_segment(seg: Segment, reader: CellReader, path: str) -> tuple[Project, Parent] | None:
    sheet = seg.sheet
    found = _Found()
    r = seg.start
    while r < seg.end:
        labels = {_label(v): c for c, v in sheet.filled(r) if isinstance(v, str)}
        if "三级指标" in labels:
            r = _indicator_rows(sheet, r, seg.end, labels, found, reader)
            continue
        if any(h in labels for h in _FUNDING_HEADERS["initial"]):
            r = _funding_rows(sheet, r, seg.end, labels, found, reader)
            continue
        _header_cells(sheet, r, labels, found, reader)
        r += 1
    if not found.cells.get("name") and not found.indicators:
        return None
    return _project(seg, found, reader, path)


def _src(reader: CellReader, sheet: Sheet, r: int, c: int) -> Any:
    return reader.source(sheet.title, Sheet.ref(r, c))


def _right(sheet: Sheet, r: int, c: int) -> int | None:
    """The column of the next filled cell to the right of (r, c)."""
    for col, _v in sheet.filled(r):
        if col > c:
            return col
    return None


def _header_cells(
    sheet: Sheet, r: int, labels: dict[str, int], found: _Found, reader: CellReader
) -> None:
    for label, key in (("项目名称", "name"), ("主管部门", "parent"), ("实施单位", "implementer")):
        if label in labels and key not in found.cells:
            c = _right(sheet, r, labels[label])
            if c is not None:
                found.cells[key] = (sheet.cell(r, c), _src(reader, sheet, r, c))
    for label, key in _TEXT_LABELS.items():
        if label in labels and f"sections.{key}" not in found.cells:
            c = _right(sheet, r, labels[label])
            if c is not None and not _is_instruction(sheet.value(r, c)):
                found.cells[f"sections.{key}"] = (sheet.cell(r, c), _src(reader, sheet, r, c))
    for goal, result in (("项目年度目标", "年度目标完成情况"), ("预期目标", "实际完成情况")):
        if goal in labels and result in labels:
            for label, key in ((goal, "annual_goal"), (result, "goal_result")):
                c = labels[label]
                cell = sheet.cell(r + 1, c)
                if getattr(cell, "value", None) is not None and not _is_instruction(cell.value):
                    found.cells[key] = (cell, _src(reader, sheet, r + 1, c))


def _is_instruction(value: Any) -> bool:
    return isinstance(value, str) and normalize_text(value).startswith(_INSTRUCTIONS)


def _columns(labels: dict[str, int], headers: dict[str, tuple[str, ...]]) -> dict[str, int]:
    out = {}
    for key, names in headers.items():
        for name in names:
            if name in labels:
                out[key] = labels[name]
                break
    return out


def _funding_rows(
    sheet: Sheet, r: int, end: int, labels: dict[str, int], found: _Found, reader: CellReader
) -> int:
    cols = _columns(labels, _FUNDING_HEADERS)
    r += 1
    while r < end:
        source = None
        for c, v in sheet.filled(r):
            if isinstance(v, str):
                name = _label(v).removeprefix("其中")
                if name in _SOURCES:
                    source = (_SOURCES[name], c)
                    break
        if source is None:
            break
        cells = {k: (sheet.cell(r, c), _src(reader, sheet, r, c)) for k, c in cols.items()}
        cells["source"] = (None, _src(reader, sheet, r, source[1]))
        found.funding.append((source[0], cells))
        r += 1
    return r


def _indicator_rows(
    sheet: Sheet, r: int, end: int, labels: dict[str, int], found: _Found, reader: CellReader
) -> int:
    cols = _columns(labels, _INDICATOR_HEADERS)
    found.operator_column = "operator" in cols
    r += 1
    while r < end:
        filled = list(sheet.filled(r))
        if filled and isinstance(filled[0][1], str) and _label(filled[0][1]).startswith(_END_WORDS):
            if _label(filled[0][1]).startswith(("合计", "总分")):
                _total(sheet, r, cols, filled, found, reader)
                r += 1
            return r
        if filled:
            row = {k: (sheet.cell(r, c), _src(reader, sheet, r, c)) for k, c in cols.items()}
            found.indicators.append(row)
        r += 1
    return r


def _total(
    sheet: Sheet,
    r: int,
    cols: dict[str, int],
    filled: list[tuple[int, Any]],
    found: _Found,
    reader: CellReader,
) -> None:
    c = cols.get("score")
    if c is not None and sheet.value(r, c) is not None:
        found.cells["stated_score"] = (sheet.cell(r, c), _src(reader, sheet, r, c))
        return
    numbers = [(col, v) for col, v in filled if parse_number(v) is not None]
    if len(numbers) >= 2:
        col = numbers[-1][0]
        found.cells["stated_score"] = (sheet.cell(r, col), _src(reader, sheet, r, col))


def _project(seg: Segment, found: _Found, reader: CellReader, path: str) -> tuple[Project, Parent]:
    head = Record(reader, reader.source(seg.sheet.title, Sheet.ref(seg.start, 0)), path=path)
    head.cells.update(found.cells)
    parent_text = head.text("parent")
    parent = (parent_text, head.where("parent").at("unit.parent")) if parent_text else None
    full = head.text("name")
    code, name = "", full
    m = _CODE_NAME_RE.match(full)
    if m:
        code, name = m.group(1), m.group(2).strip()
    funding = []
    reason = ""
    for i, (source, cells) in enumerate(found.funding):
        rec = Record(reader, cells["source"][1], cells, f"{path}.funding[{i}]")
        funding.append(
            FundingRow(
                source,
                rec.amount("initial"),
                rec.amount("adjusted"),
                rec.amount("executed"),
                rec.rate("rate"),
                rec.meta(),
            )
        )
        reason = reason or rec.text("reason")
    indicators: list[Indicator] = []
    for i, cells in enumerate(found.indicators):
        rec = Record(reader, next(iter(cells.values()))[1], cells, f"{path}.indicators[{i}]")
        ind = _official_indicator(rec, indicators, found.operator_column)
        if ind is not None:
            indicators.append(ind)
    project = Project(
        name=name,
        code=code,
        implementer=head.text("implementer"),
        funding=tuple(funding),
        execution_reason=reason,
        annual_goal=head.text("annual_goal"),
        goal_result=head.text("goal_result"),
        sections=_sections(head),
        indicators=tuple(indicators),
        stated_score=head.number("stated_score"),
        meta=head.meta(),
    )
    return project, parent


def _sections(head: Record) -> dict[str, str]:
    out = {}
    for key in _TEXT_LABELS.values():
        text = head.text(f"sections.{key}")
        if text:
            out[key] = text
    return out


def _official_indicator(
    rec: Record, before: list[Indicator], operator_column: bool
) -> Indicator | None:
    names = ("name", "target", "actual", "weight", "score")
    if not any(rec.peek(k) and rec.peek(k) not in ("/",) for k in names):
        return None  # a group label row (一级/二级 only) or an empty row
    ind = build_indicator(rec)
    level1 = _POINTS_RE.sub("", ind.level1).strip()
    level2 = ind.level2
    if not level1 and before:
        level1 = before[-1].level1
        level2 = level2 or before[-1].level2
    elif not level2 and before and not rec.peek("level1"):
        level2 = before[-1].level2
    ind = replace(ind, level1=level1, level2=level2)
    if not ind.name:
        rec.reader.report(
            "L-REQ-01",
            Severity.ERROR,
            "指标行缺少三级指标名称",
            rec.where("name"),
            hint="请填写三级指标",
        )
    if not operator_column and ind.operator is None and ind.target_text and ind.target is None:
        ind = replace(ind, operator="定性")  # national layout: a worded target is qualitative
    return ind
