"""The YAML form of a unit-year (documented in docs/format.md), read into the model."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import yaml

from jixiao.issues import Issue, Severity
from jixiao.load.fields import (
    build_carryover,
    build_funding_row,
    build_indicator,
    build_line,
    build_pair,
    build_publication,
    build_staffing,
    project_scalars,
)
from jixiao.load.yaml_nodes import Context, MapReader, compose
from jixiao.model import (
    GOAL_CATEGORIES,
    PROJECT_SECTIONS,
    REPORT_SECTIONS,
    Adjustment,
    Assets,
    Breakdown,
    Carryover,
    Evaluation,
    FundingRow,
    Funds,
    Goal,
    Indicator,
    Line,
    PairFigure,
    Project,
    Publication,
    Staffing,
    Unit,
)
from jixiao.source import Source

MAX_BYTES = 20 * 1024 * 1024
MIN_YEAR, MAX_YEAR = 1990, 2100  # budget years jixiao can mean; anything else is a typo


def load_yaml_file(path: Path) -> tuple[Evaluation | None, list[Issue]]:
    """Read an evaluation YAML file; problems come back as issues, never as exceptions."""
    src = Source(str(path))
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [Issue("L-FILE-01", Severity.ERROR, f"无法读取文件：{exc.strerror}", src)]
    if len(data) > MAX_BYTES:
        return None, [
            Issue(
                "L-FILE-01",
                Severity.ERROR,
                "文件过大（超过 20 MB）",
                src,
                hint="请检查是否选错了文件",
            )
        ]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return None, [
            Issue(
                "L-FILE-02",
                Severity.ERROR,
                f"文件不是 UTF-8 编码（第 {exc.start} 字节）",
                Source(str(path), line),
                hint="请用 UTF-8 编码另存该文件",
            )
        ]
    return load_yaml_text(text, str(path))


def load_yaml_text(text: str, file: str = "<input>") -> tuple[Evaluation | None, list[Issue]]:
    ctx = Context(file)
    root = compose(ctx, text)
    if root is None:
        if not ctx.issues:
            ctx.issues.append(
                Issue(
                    "L-YAML-02",
                    Severity.ERROR,
                    "文件为空",
                    Source(file, 1),
                    hint="请参考 docs/format.md 填写",
                )
            )
        return None, ctx.issues
    if not isinstance(root, yaml.MappingNode):
        ctx.report(
            "L-TYPE-01",
            Severity.ERROR,
            "文件顶层应为映射（unit: …, year: …）",
            root,
            "",
            hint="请参考 docs/format.md 的完整示例",
        )
        return None, ctx.issues
    evaluation = _evaluation(ctx, MapReader(ctx, root, ""))
    return evaluation, ctx.issues


def _evaluation(ctx: Context, r: MapReader) -> Evaluation | None:
    r.integer("jixiao")  # format version, reserved
    unit_r = r.mapping("unit")
    year = r.integer("year")
    # An absent key and an empty one ("year:") are both missing; a bad value was reported.
    if year is None and r.raw("year") is None:
        r.missing("year")
    if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
        r.ctx.report(
            "L-VAL-01",
            Severity.ERROR,
            f"年度“{year}”不在 {MIN_YEAR}–{MAX_YEAR} 之间",
            r.raw("year") or r.node,
            "year",
            hint="请填写预算年度，如 2021",
        )
        year = None
    unit = _unit(unit_r) if unit_r else None
    if unit_r is None and r.raw("unit") is None:
        r.missing("unit")
    evaluation = Evaluation(
        unit=unit or Unit(name=""),
        year=year or 0,
        scheme=r.text("scheme"),
        title=r.text("title"),
        staffing=_staffing(r.mapping("staffing")),
        assets=_assets(r.mapping("assets")),
        funds=_funds(r.mapping("funds")),
        goals=tuple(_goal(g) for g in r.mappings("goals")),
        projects=tuple(_project(p) for p in r.mappings("projects")),
        report=r.texts("report", tuple(k for k, _ in REPORT_SECTIONS)),
        publication=_publication(r.mapping("publication")),
        meta=r.meta(),
    )
    r.finish()
    if unit is None or year is None:
        return None
    return evaluation


def _unit(r: MapReader) -> Unit:
    u = Unit(
        name=r.text("name", required=True),
        code=r.text("code"),
        region=r.text("region"),
        parent=r.text("parent"),
        kind=r.text("kind"),
        functions=r.text("functions"),
        meta=r.meta(),
    )
    r.finish()
    return Unit(u.name, u.code, u.region, u.parent, u.kind, u.functions, r.meta())


def _staffing(r: MapReader | None) -> Staffing:
    if r is None:
        return Staffing()
    staffing = build_staffing(r)
    r.finish()
    return staffing


def _line(r: MapReader, name_required: bool = True) -> Line:
    line = build_line(r, r.text("name", required=name_required))
    r.finish()
    return line


def _named_line(parent: MapReader, key: str, default_name: str) -> Line | None:
    r = parent.mapping(key)
    if r is None:
        return None
    line = _line(r, name_required=False)
    return replace(line, name=line.name or default_name)


def _lines(r: MapReader, key: str) -> tuple[Line, ...]:
    return tuple(_line(item) for item in r.mappings(key))


def _assets(r: MapReader | None) -> Assets:
    if r is None:
        return Assets()
    kind, total, prior = r.text("kind"), r.amount("total"), r.amount("prior_total")
    items = _lines(r, "items")
    in_use, fixed = r.amount("fixed_in_use"), r.amount("fixed_total")
    r.finish()
    return Assets(kind, total, prior, items, in_use, fixed, r.meta())


def _breakdown(parent: MapReader, key: str) -> Breakdown:
    r = parent.mapping(key)
    if r is None:
        return Breakdown()
    total, text = r.amount("total"), r.text("text")
    items = _lines(r, "items")
    r.finish()
    return Breakdown(total, items, text, r.meta())


def _pair(parent: MapReader, key: str) -> PairFigure | None:
    r = parent.mapping(key)
    if r is None:
        return None
    pair = build_pair(r)
    r.finish()
    return pair


def _carryover(parent: MapReader) -> Carryover:
    r = parent.mapping("carryover")
    if r is None:
        return Carryover()
    carryover = build_carryover(r)
    r.finish()
    return carryover


def _ledger(r: MapReader) -> tuple[Adjustment, ...]:
    out = []
    for item in r.mappings("adjustment_ledger"):
        name, amount = item.text("name", required=True), item.amount("amount")
        kind, excluded = item.text("kind") or "追加", item.boolean("excluded")
        if amount is None and not item.has("amount"):
            item.missing("amount")
        if kind not in ("追加", "追减", "结构调整"):
            item.ctx.report(
                "L-VAL-01",
                Severity.ERROR,
                f"调整类型“{kind}”无效",
                item.node,
                item.path + ".kind",
                hint="应为 追加、追减 或 结构调整",
            )
        item.finish()
        if amount is not None:
            out.append(Adjustment(name, amount, kind, excluded, item.meta()))
    return tuple(out)


def _funds(r: MapReader | None) -> Funds:
    if r is None:
        return Funds()
    funds = Funds(
        unit=r.text("unit") or "万元",
        initial=r.amount("initial"),
        by_function=_lines(r, "by_function"),
        basic=_named_line(r, "basic", "基本支出"),
        project=_named_line(r, "project", "项目支出"),
        personnel=_named_line(r, "personnel", "人员经费"),
        public=_named_line(r, "public", "公用经费"),
        project_text=r.text("project_text"),
        additions=_breakdown(r, "additions"),
        reductions=_breakdown(r, "reductions"),
        special=_breakdown(r, "special"),
        superior=_breakdown(r, "superior"),
        other=_breakdown(r, "other"),
        carryover=_carryover(r),
        adjusted=r.amount("adjusted"),
        final=r.amount("final"),
        execution_rate=r.rate("execution_rate"),
        adjustment_ledger=_ledger(r),
        public_actual=r.amount("public_actual"),
        three_public=_pair(r, "three_public"),
        procurement=_pair(r, "procurement"),
        key_projects=r.amount("key_projects"),
        other_notes=r.text("other_notes"),
    )
    if funds.unit not in ("万元", "元"):
        r.ctx.report(
            "L-VAL-01",
            Severity.ERROR,
            f"金额单位“{funds.unit}”无效",
            r.node,
            r.path + ".unit",
            hint="应为 万元 或 元",
        )
    r.finish()
    return _replace_meta(funds, r)


def _replace_meta(obj: Funds, r: MapReader) -> Funds:
    return replace(obj, meta=r.meta())


def _indicator(r: MapReader) -> Indicator:
    indicator = build_indicator(r, r.text("name", required=True))
    r.finish()
    return replace(indicator, meta=r.meta())


def _funding_row(r: MapReader) -> FundingRow:
    row = build_funding_row(r, r.text("source", required=True))
    r.finish()
    return row


def _project(r: MapReader) -> Project:
    p = Project(
        name=r.text("name", required=True),
        funding=tuple(_funding_row(f) for f in r.mappings("funding")),
        goals=r.texts("goals", tuple(k for k, _ in GOAL_CATEGORIES)),
        sections=r.texts("sections", tuple(k for k, _ in PROJECT_SECTIONS)),
        indicators=tuple(_indicator(i) for i in r.mappings("indicators")),
        **project_scalars(r),
    )
    r.finish()
    return replace(p, meta=r.meta())


def _goal(r: MapReader) -> Goal:
    g = Goal(
        name=r.text("name", required=True),
        target=r.text("target"),
        result=r.text("result"),
        indicators=tuple(_indicator(i) for i in r.mappings("indicators")),
    )
    r.finish()
    return Goal(g.name, g.target, g.result, g.indicators, r.meta())


def _publication(r: MapReader | None) -> Publication:
    if r is None:
        return Publication()
    publication = build_publication(r)
    r.finish()
    return publication
