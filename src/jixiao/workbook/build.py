"""Building model records from workbook records: the unit-year, its funds, goals and projects."""

from __future__ import annotations

import difflib
from dataclasses import replace

from jixiao.issues import Severity
from jixiao.load.fields import (
    build_carryover,
    build_funding_row,
    build_line,
    build_publication,
    build_staffing,
    pair_values,
    project_scalars,
)
from jixiao.model import (
    GOAL_CATEGORIES,
    PROJECT_SECTIONS,
    REPORT_SECTIONS,
    Adjustment,
    Assets,
    Breakdown,
    Evaluation,
    FundingRow,
    Funds,
    Goal,
    Indicator,
    Line,
    Meta,
    PairFigure,
    Project,
    Unit,
)
from jixiao.source import Source
from jixiao.workbook.blocks import Block
from jixiao.workbook.cells import CellReader
from jixiao.workbook.layout import LEDGER_KINDS, LINE_CATEGORIES, SINGLE_LINES
from jixiao.workbook.record import Record, build_indicator

TableRows = dict[str, list[tuple[Block, Record]]]
_CATEGORY_KEYS = {label: key for key, label in LINE_CATEGORIES}


def _required(rec: Record, key: str, label: str) -> None:
    rec.reader.report(
        "L-REQ-01",
        Severity.ERROR,
        f"缺少必填项“{label}”",
        rec.where(key),
        hint=f"请填写“{label}”",
    )


def build_evaluation(
    form: Record,
    tables: TableRows,
    projects: list[Project],
    first_form: Source | None,
    reader: CellReader,
) -> Evaluation | None:
    where = first_form or form.source
    form = Record(reader, where, form.cells, labels=form.labels)
    unit_rec = form.sub("unit")
    name = unit_rec.text("name")
    if not name:
        _required(unit_rec, "name", "单位名称")
    year = form.integer("year")
    if year is None and not form.peek("year"):
        _required(form, "year", "评价年度")
    lines = _lines(tables.get("lines", []), reader)
    evaluation = Evaluation(
        unit=Unit(
            name,
            unit_rec.text("code"),
            unit_rec.text("region"),
            unit_rec.text("parent"),
            unit_rec.text("kind"),
            unit_rec.text("functions"),
            unit_rec.meta(),
        ),
        year=year or 0,
        scheme=form.text("scheme"),
        title=form.text("title"),
        staffing=build_staffing(form.sub("staffing")),
        assets=_assets(form.sub("assets"), lines.get("assets", [])),
        funds=_funds(form.sub("funds"), lines, tables.get("ledger", []), reader),
        goals=_goals(tables, reader),
        projects=tuple(projects),
        report=_texts(form, "report", tuple(k for k, _ in REPORT_SECTIONS)),
        publication=build_publication(form.sub("publication")),
        meta=Meta(where, dict(form.used)),
    )
    return evaluation if year is not None else None


def _texts(parent: Record, key: str, keys: tuple[str, ...]) -> dict[str, str]:
    """The narrative sections under ``key``; their sources join the parent's (as in YAML)."""
    rec = parent.sub(key)
    out = {}
    for k in keys:
        text = rec.text(k)
        if text:
            out[k] = text
    parent.used.update({f"{key}.{k}": src for k, src in rec.used.items()})
    return out


def _assets(rec: Record, items: list[Line]) -> Assets:
    return Assets(
        kind=rec.text("kind"),
        total=rec.amount("total"),
        prior_total=rec.amount("prior_total"),
        items=tuple(items),
        fixed_in_use=rec.amount("fixed_in_use"),
        fixed_total=rec.amount("fixed_total"),
        meta=rec.meta(),
    )


def _lines(rows: list[tuple[Block, Record]], reader: CellReader) -> dict[str, list[Line]]:
    out: dict[str, list[Line]] = {}
    counts: dict[str, int] = {}
    for _block, rec in rows:
        label = rec.text("category")
        key = _CATEGORY_KEYS.get(label)
        if key is None:
            reader.report(
                "L-VAL-01",
                Severity.ERROR,
                f"资金明细的类别“{label}”无效，该行未读入"
                if label
                else "资金明细缺少类别，该行未读入",
                rec.where("category"),
                hint="请从下拉列表选择：" + "、".join(lbl for _k, lbl in LINE_CATEGORIES),
            )
            continue
        index = counts.get(key, 0)
        counts[key] = index + 1
        rec = rec.at(_line_path(key, index))
        line = build_line(rec, rec.text("name"))
        if key in SINGLE_LINES and out.get(key):
            reader.report(
                "L-XLS-06",
                Severity.ERROR,
                f"类别“{label}”只能填写一行，此行未读入",
                rec.where("category"),
                hint="请合并为一行",
            )
            continue
        if key in SINGLE_LINES and not line.name:
            line = replace(line, name=label)
        out.setdefault(key, []).append(line)
    return out


def _line_path(key: str, index: int) -> str:
    if key == "assets":
        return f"assets.items[{index}]"
    if key in SINGLE_LINES:
        return f"funds.{key}"
    if key == "by_function":
        return f"funds.by_function[{index}]"
    return f"funds.{key}.items[{index}]"


def _funds(
    rec: Record,
    lines: dict[str, list[Line]],
    ledger: list[tuple[Block, Record]],
    reader: CellReader,
) -> Funds:
    unit = rec.text("unit") or "万元"
    if unit not in ("万元", "元"):
        reader.report(
            "L-VAL-01",
            Severity.ERROR,
            f"金额单位“{unit}”无效",
            rec.where("unit"),
            hint="应为 万元 或 元",
        )

    def single(key: str) -> Line | None:
        found = lines.get(key)
        return found[0] if found else None

    return Funds(
        unit=unit,
        initial=rec.amount("initial"),
        by_function=tuple(lines.get("by_function", [])),
        basic=single("basic"),
        project=single("project"),
        personnel=single("personnel"),
        public=single("public"),
        project_text=rec.text("project_text"),
        additions=_breakdown(rec.sub("additions"), lines.get("additions", [])),
        reductions=_breakdown(rec.sub("reductions"), lines.get("reductions", [])),
        special=_breakdown(rec.sub("special"), lines.get("special", [])),
        superior=_breakdown(rec.sub("superior"), lines.get("superior", [])),
        other=_breakdown(rec.sub("other"), lines.get("other", [])),
        carryover=build_carryover(rec.sub("carryover")),
        adjusted=rec.amount("adjusted"),
        final=rec.amount("final"),
        execution_rate=rec.rate("execution_rate"),
        adjustment_ledger=_ledger(ledger, reader),
        public_actual=rec.amount("public_actual"),
        three_public=_pair(rec.sub("three_public")),
        procurement=_pair(rec.sub("procurement")),
        key_projects=rec.amount("key_projects"),
        other_notes=rec.text("other_notes"),
        meta=rec.meta(),
    )


def _breakdown(rec: Record, items: list[Line]) -> Breakdown:
    total, text = rec.amount("total"), rec.text("text")
    return Breakdown(total, tuple(items), text, rec.meta())


def _pair(rec: Record) -> PairFigure | None:
    values = pair_values(rec)
    if all(v is None for v in values.values()):
        return None
    return PairFigure(**values, meta=rec.meta())


def _ledger(rows: list[tuple[Block, Record]], reader: CellReader) -> tuple[Adjustment, ...]:
    out = []
    for i, (_block, rec) in enumerate(rows):
        rec = rec.at(f"funds.adjustment_ledger[{i}]")
        name, amount = rec.text("name"), rec.amount("amount")
        kind, excluded = rec.text("kind") or "追加", rec.boolean("excluded")
        if not name:
            _required(rec, "name", "调整事项")
        if amount is None and not rec.peek("amount"):
            _required(rec, "amount", "调整金额")
        if kind not in LEDGER_KINDS:
            reader.report(
                "L-VAL-01",
                Severity.ERROR,
                f"调整类型“{kind}”无效",
                rec.where("kind"),
                hint="应为 追加、追减 或 结构调整",
            )
        if amount is not None and name:
            out.append(Adjustment(name, amount, kind, excluded, rec.meta()))
    return tuple(out)


def _goals(tables: TableRows, reader: CellReader) -> tuple[Goal, ...]:
    goals: list[tuple[Record, list[Indicator]]] = []
    by_name: dict[str, int] = {}
    for i, (_block, rec) in enumerate(tables.get("goals", [])):
        rec = rec.at(f"goals[{i}]")
        name = rec.peek("name")
        if not name:
            _required(rec, "name", "目标名称")
        by_name.setdefault(name, i)
        goals.append((rec, []))
    last = ""
    for _block, rec in tables.get("goal_indicators", []):
        goal = rec.text("goal") or last
        last = goal
        index = by_name.get(goal)
        if index is None:
            reader.report(
                "L-VAL-01",
                Severity.ERROR,
                f"所属目标“{goal}”不在部门绩效目标表中，该指标未读入"
                if goal
                else "部门绩效指标缺少所属目标，该指标未读入",
                rec.where("goal"),
                hint=_goal_hint(goal, list(by_name)),
            )
            continue
        items = goals[index][1]
        items.append(_indicator(rec.at(f"goals[{index}].indicators[{len(items)}]"), items))
    return tuple(
        Goal(rec.text("name"), rec.text("target"), rec.text("result"), tuple(items), rec.meta())
        for rec, items in goals
    )


def _goal_hint(goal: str, names: list[str]) -> str:
    """What to write instead: the nearest goal name, or the names there are."""
    names = [n for n in names if n]
    if not names:
        return "请先在上方“部门绩效目标”表中填写目标名称，再在此处选择"
    close = difflib.get_close_matches(goal, names, n=1, cutoff=0.5) if goal else []
    if close:
        return f"是否应为“{close[0]}”？所属目标须与部门绩效目标表中的目标名称完全一致"
    return "请从下拉列表选择部门绩效目标表中的目标：" + "、".join(names[:8])


def _indicator(rec: Record, before: list[Indicator]) -> Indicator:
    """An indicator; an empty 一级/二级 cell continues the one above (merged cells)."""
    ind = build_indicator(rec)
    if not ind.name:
        _required(rec, "name", "三级指标")
    if before and not ind.level1 and not rec.peek("level1"):
        ind = replace(ind, level1=before[-1].level1)
        if not ind.level2:
            ind = replace(ind, level2=before[-1].level2)
    return ind


def build_project(rec: Record, tables: dict[str, list[Record]], reader: CellReader) -> Project:
    name = rec.text("name")
    if not name:
        _required(rec, "name", "项目名称")
    funding: list[FundingRow] = []
    for i, row in enumerate(tables.get("funding", [])):
        row = row.at(f"{rec.path}.funding[{i}]")
        source = row.text("source")
        if not source:
            _required(row, "source", "资金来源")
        funding.append(build_funding_row(row, source))
    indicators: list[Indicator] = []
    for i, row in enumerate(tables.get("indicators", [])):
        indicators.append(_indicator(row.at(f"{rec.path}.indicators[{i}]"), indicators))
    scalars = project_scalars(rec)
    return Project(
        name=name,
        funding=tuple(funding),
        goals=_texts(rec, "goals", tuple(k for k, _ in GOAL_CATEGORIES)),
        sections=_texts(rec, "sections", tuple(k for k, _ in PROJECT_SECTIONS)),
        indicators=tuple(indicators),
        meta=rec.meta(),
        **scalars,
    )
