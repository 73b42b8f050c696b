"""A draft :class:`~jixiao.model.Evaluation` from what a document was found to state, so that
the rule catalogue (rules.md §8) can run on published documents too."""

from __future__ import annotations

from decimal import Decimal

from jixiao.audit.facts import Fact
from jixiao.audit.funds import FundTable
from jixiao.audit.rows import IndicatorTable, Row
from jixiao.model import (
    Assets,
    Breakdown,
    Evaluation,
    FundingRow,
    Funds,
    Indicator,
    Line,
    Meta,
    Project,
    Staffing,
    Unit,
)
from jixiao.number import CENT, HUNDRED, decimals_of
from jixiao.source import Source


def _first(facts: list[Fact], key: str, subject: str = "") -> Fact | None:
    return next((f for f in facts if f.key == key and f.subject == subject), None)


def build_draft(
    file: str,
    unit: str,
    year: int | None,
    facts: list[Fact],
    funds: list[FundTable],
    tables: list[IndicatorTable],
) -> Evaluation:
    money = [f for f in facts if f.unit in ("万元", "")]

    def amount(key: str) -> Decimal | None:
        f = _first(money, key)
        return f.value if f else None

    def line(key: str) -> Line | None:
        f = _first(money, key)
        return Line(key, f.value, meta=Meta(f.source)) if f else None

    fields: dict[str, Source] = {}
    for key, name in (("年初预算", "initial"), ("调整后预算", "adjusted"), ("执行数", "final")):
        f = _first(money, key)
        if f:
            fields[name] = f.source
    rate = _first(facts, "预算执行率")
    structure = _structure(money)
    funds_model = Funds(
        initial=amount("年初预算"),
        adjusted=amount("调整后预算"),
        final=amount("执行数"),
        # a rate printed with fewer than two decimals is checked at its own precision (A-RATE-01)
        execution_rate=rate.value / HUNDRED if rate and decimals_of(rate.value) >= 2 else None,
        basic=structure.get("basic"),
        project=structure.get("project"),
        personnel=structure.get("personnel"),
        public=structure.get("public"),
        additions=_breakdown(_first(money, "追加预算")),
        superior=_breakdown(_first(money, "上级下达")),
        meta=Meta(Source(file), fields),
    )
    staff_a, staff_b = _first(facts, "编制数"), _first(facts, "实有人数")
    staff_fields = {n: f.source for n, f in (("authorized", staff_a), ("actual", staff_b)) if f}
    staffing = Staffing(
        authorized=int(staff_a.value) if staff_a and staff_a.value == int(staff_a.value) else None,
        actual=int(staff_b.value) if staff_b and staff_b.value == int(staff_b.value) else None,
        meta=Meta(next(iter(staff_fields.values()), Source(file)), staff_fields),
    )
    projects = tuple(_project(i, t, funds) for i, t in enumerate(tables, start=1))
    return Evaluation(
        unit=Unit(unit or "（未识别单位）"),
        year=year or 0,
        staffing=staffing,
        assets=Assets(total=amount("资产总额"), meta=_meta(_first(money, "资产总额"), file)),
        funds=funds_model,
        projects=projects,
        meta=Meta(Source(file)),
    )


def _structure(money: list[Fact]) -> dict[str, Line]:
    """基本/项目支出 and 人员/公用经费 as the 年初 budget's structure — only when they add up to
    the whole they belong to (the same words also describe the year's spending; A-SUM-02
    checks a 其中 list against its own total whatever its basis)."""

    def get(key: str) -> Fact | None:
        return _first(money, key)

    out: dict[str, Line] = {}
    initial, basic, project = get("年初预算"), get("基本支出"), get("项目支出")
    if initial and basic and project and abs(basic.value + project.value - initial.value) <= CENT:
        out["basic"] = Line("基本支出", basic.value, meta=Meta(basic.source))
        out["project"] = Line("项目支出", project.value, meta=Meta(project.source))
        personnel, public = get("人员经费"), get("公用经费")
        if personnel and public and abs(personnel.value + public.value - basic.value) <= CENT:
            out["personnel"] = Line("人员经费", personnel.value, meta=Meta(personnel.source))
            out["public"] = Line("公用经费", public.value, meta=Meta(public.source))
    return out


def _meta(fact: Fact | None, file: str) -> Meta:
    return Meta(fact.source if fact else Source(file))


def _breakdown(fact: Fact | None) -> Breakdown:
    if fact is None:
        return Breakdown()
    return Breakdown(total=fact.value, text=fact.text, meta=Meta(fact.source))


def _project(index: int, table: IndicatorTable, funds: list[FundTable]) -> Project:
    rows: tuple[FundingRow, ...] = ()
    if len(funds) >= index and funds[index - 1].unit == "万元":
        rows = tuple(
            FundingRow(
                "总额" if r.is_total else r.label,
                r.number("initial"),
                r.number("adjusted"),
                r.number("executed"),
                meta=Meta(r.source),
            )
            for r in funds[index - 1].rows
        )
    return Project(
        name=f"项目{index}",
        funding=rows,
        indicators=tuple(indicator(r) for r in table.rows),
        meta=Meta(table.source),
    )


def indicator(row: Row) -> Indicator:
    target, actual = row.get("target"), row.get("actual")
    op_cell = row.get("operator")
    op = op_cell.operator if op_cell else (target.operator if target else None)
    unit = row.get("unit")
    return Indicator(
        name=row.name,
        level1=row.level1,
        level2=row.level2,
        operator=op,
        target=target.number if target else None,
        target_text=target.text if target else "",
        unit=unit.text if unit else (target.unit_or_percent if target else ""),
        actual=actual.number if actual and not actual.operator else None,
        actual_text=actual.text if actual else "",
        weight=row.number("weight"),
        score=row.number("score"),
        deviation_reason=row.cells["reason"].text if "reason" in row.cells else "",
        meta=Meta(row.source, dict(row.sources)),
    )
