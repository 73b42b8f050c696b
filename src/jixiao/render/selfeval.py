"""The 项目支出绩效自评表 as tables: national layout (rules.md §5c, 财预〔2020〕10号 附件1) and
the Sichuan 部门预算项目支出绩效自评表 (rules.md §3, 报表编号 510000_0013zp), plus the summary.

Money, rates, weights and totals are computed from the model; 得分 cells are the scorer's.
Amounts and rates are right-aligned so their decimal points line up down a column. A cell the
form requires (主管部门, 项目年度目标, 年度目标完成情况, 评价结论, …) is never left blank in a
draft: it shows the same red placeholder as the report's empty sections.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from jixiao.model import Evaluation, FundingRow, Indicator, Project
from jixiao.number import fmt_amount, fmt_percent, fmt_plain
from jixiao.render.project import (
    Money,
    indicator_actual,
    indicator_target,
    project_money,
    sub_rows,
)
from jixiao.render.view import Cell, ProjectSheet, Table
from jixiao.score.result import EvaluationScore, ProjectScore

SICHUAN_ROWS = ("财政资金", "财政专户管理资金", "单位资金", "其他资金")
# National rows and the Sichuan/model sources folded into each (rules.md §5c).
NATIONAL_ROWS = (
    ("当年财政拨款", ("财政拨款", "当年财政拨款", "本年财政拨款", "财政资金")),
    ("上年结转资金", ("上年结转", "上年结转资金")),
    ("其他资金", ("财政专户管理资金", "单位资金", "其他资金")),
)
EXECUTION_WEIGHT = Decimal(10)
# The rows after the indicators never start a page on their own: 总分 (national); 合计,
# 评价结论, 存在问题, 改进措施 and the signatures (Sichuan).
SICHUAN_TAIL = 5


def t(text: str, **kw: object) -> Cell:
    return Cell(text=text, **kw)  # type: ignore[arg-type]


def amount(value: Decimal | None, **kw: object) -> Cell:
    text = fmt_amount(value) if value is not None else ""
    kw.setdefault("align", "right")
    return Cell(text=text, value=value, kind="amount", **kw)  # type: ignore[arg-type]


def rate(value: Decimal | None, **kw: object) -> Cell:
    text = fmt_percent(value) if value is not None else ""
    kw.setdefault("align", "right")
    return Cell(text=text, value=value, kind="rate", **kw)  # type: ignore[arg-type]


Gap = Callable[[str], str]


def default_gap(need: str) -> str:
    return f"【待填写：{need}】"


class Needs:
    """Cells a form requires: their text, or the visible draft placeholder (and what it asks)."""

    def __init__(self, gap: Gap) -> None:
        self.gap = gap
        self.asked: list[str] = []

    def cell(self, text: str, need: str, **kw: object) -> Cell:
        if text.strip():
            return Cell(text=text, **kw)  # type: ignore[arg-type]
        self.asked.append(need)
        return Cell(text=self.gap(need), placeholder=True, **kw)  # type: ignore[arg-type]


def points(value: Decimal | None, kind: str = "score", **kw: object) -> Cell:
    if value is None:
        return Cell(text="", kind=kind, **kw)  # type: ignore[arg-type]
    text = fmt_amount(value) if kind == "score" else fmt_plain(value)
    return Cell(text=text, value=value, kind=kind, **kw)  # type: ignore[arg-type]


def _value_cell(value: Decimal | None, text: str) -> Cell:
    """An indicator value: a number where it is one (so a spreadsheet can compute with it)."""
    return Cell(text=text, value=value, kind="number" if value is not None else "text")


def _rate_of(adjusted: Decimal | None, executed: Decimal | None) -> Decimal | None:
    if adjusted is None or executed is None or adjusted == 0:
        return None
    return executed / adjusted


def _fold(rows: Sequence[FundingRow], sources: Sequence[str]) -> Money:
    picked = [r for r in rows if r.source in sources]

    def col(name: str) -> Decimal | None:
        values = [getattr(r, name) for r in picked if getattr(r, name) is not None]
        return sum(values, Decimal(0)) if values else None

    return Money(col("initial"), col("adjusted"), col("executed"))


def _execution(ps: ProjectScore | None) -> tuple[Decimal | None, Decimal | None]:
    line = ps.execution_line if ps else None
    if line is None:
        return EXECUTION_WEIGHT, None
    return line.weight, line.score


def _reason(p: Project) -> str:
    return "；".join(x for x in (p.execution_reason, p.adjustment_reason) if x)


def _spans(values: Sequence[str]) -> list[int]:
    """Row spans for runs of equal labels (一级/二级 merged down), 0 for the covered rows."""
    spans = [0] * len(values)
    i = 0
    while i < len(values):
        j = i
        while j + 1 < len(values) and values[j + 1] == values[i]:
            j += 1
        spans[i] = j - i + 1
        i = j + 1
    return spans


def _level1(ind: Indicator) -> str:
    return ind.level1 or "绩效指标"


def _score_of(ps: ProjectScore | None, index: int) -> Decimal | None:
    return ps.indicator_score(index) if ps else None


def _weights(p: Project, ps: ProjectScore | None) -> list[Decimal | None]:
    """Each indicator's weight: as entered, else the one the scorer assumed."""
    out: list[Decimal | None] = []
    for k, ind in enumerate(p.indicators):
        line = ps.indicator_line(k) if ps else None
        out.append(ind.weight if ind.weight is not None else (line.weight if line else None))
    return out


def _sum_weights(weights: Sequence[Decimal | None]) -> Decimal:
    return sum((w for w in weights if w is not None), Decimal(0))


def _total(ps: ProjectScore | None) -> tuple[Decimal | None, str]:
    return (ps.total, ps.grade) if ps else (None, "")


def national_table(
    ev: Evaluation, p: Project, ps: ProjectScore | None, gap: Gap = default_gap
) -> Table:
    """财预〔2020〕10号 附件1 layout: 9 columns, block label in column 0."""
    need = Needs(gap)
    m, subs = project_money(p), sub_rows(p)
    weight, exec_score = _execution(ps)
    inds = list(p.indicators)
    n_money = 1 + len(NATIONAL_ROWS) + 1
    rows: list[tuple[Cell, ...]] = [
        (t("项目名称", colspan=2), t(p.name, colspan=7, align="left")),
        (
            t("主管部门", colspan=2),
            need.cell(ev.unit.parent, "主管部门", colspan=2, align="left"),
            t("实施单位"),
            t(p.implementer or ev.unit.name, colspan=4, align="left"),
        ),
        (
            t("项目资金（万元）", rowspan=n_money),
            t("", colspan=2),
            *(t(h) for h in ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")),
        ),
        (
            t("年度资金总额", colspan=2),
            amount(m.initial),
            amount(m.adjusted),
            amount(m.executed),
            points(weight, "weight"),
            rate(m.rate),
            points(exec_score),
        ),
    ]
    for label, sources in NATIONAL_ROWS:
        f = _fold(subs, sources)
        rows.append(
            (
                t(f"其中：{label}" if label == NATIONAL_ROWS[0][0] else label, colspan=2),
                amount(f.initial),
                amount(f.adjusted),
                amount(f.executed),
                t("—"),
                rate(f.rate),
                t("—"),
            )
        )
    rows += [
        (t("年度总体目标", rowspan=2), t("预期目标", colspan=4), t("实际完成情况", colspan=4)),
        (
            need.cell(p.annual_goal, "项目年度目标", colspan=4, align="left"),
            need.cell(p.goal_result, "年度目标完成情况", colspan=4, align="left"),
        ),
    ]
    header = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分")
    rows.append(
        (t("绩效指标", rowspan=len(inds) + 1), *(t(h) for h in header), t("偏差原因分析及改进措施"))
    )
    l1 = [_level1(i) for i in inds]
    l2 = [f"{_level1(i)}/{i.level2}" for i in inds]
    s1, s2 = _spans(l1), _spans(l2)
    ws = _weights(p, ps)
    for k, ind in enumerate(inds):
        cells: list[Cell] = []
        if s1[k]:
            w = _sum_weights([ws[j] for j in range(len(inds)) if l1[j] == l1[k]])
            cells.append(t(f"{l1[k]}（{fmt_plain(w)}分）", rowspan=s1[k]))
        if s2[k]:
            cells.append(t(ind.level2, rowspan=s2[k]))
        cells += [
            t(ind.name, align="left"),
            t(indicator_target(ind)),
            t(indicator_actual(ind, with_unit=True)),
            points(ws[k], "weight"),
            points(_score_of(ps, k)),
            t(ind.deviation_reason, align="left"),
        ]
        rows.append(tuple(cells))
    total, grade = _total(ps)
    full = (weight or Decimal(0)) + _sum_weights(ws)
    rows.append((t("总分", colspan=6, bold=True), points(full, "weight"), points(total), t(grade)))
    # About twips / 100: the block labels, 一级 and 二级 four characters a line ("项目资金/
    # （万元）", "产出指标/（50分）"), 分值 two,
    # money and "100.00%" one line up to 9999.99; 三级 and the values get the rest.
    widths = (9.9, 10.2, 10.2, 11.2, 11.2, 11, 6, 9, 9.6)
    preamble = (t(f"（{ev.year}年度）"),)
    title = "项目支出绩效自评表"
    return Table(
        p.name, title, tuple(rows), widths, preamble=preamble, gaps=tuple(need.asked), keep_tail=1
    )


def sichuan_table(
    ev: Evaluation, p: Project, ps: ProjectScore | None, gap: Gap = default_gap
) -> Table:
    """四川 部门预算项目支出绩效自评表 (报表编号 510000_0013zp): 10 columns."""
    need = Needs(gap)
    m, subs = project_money(p), sub_rows(p)
    weight, exec_score = _execution(ps)
    inds = list(p.indicators)
    name = f"{p.code}-{p.name}" if p.code else p.name
    rows: list[tuple[Cell, ...]] = [
        (t("项目名称", colspan=2), t(name, colspan=8, align="left")),
        (
            t("主管部门", colspan=2),
            need.cell(ev.unit.parent, "主管部门", colspan=2, align="left"),
            t("实施单位（盖章）", colspan=2),
            t(p.implementer or ev.unit.name, colspan=4, align="left"),
        ),
        (
            t("项目年度目标完成情况", colspan=2, rowspan=2),
            t("项目年度目标", colspan=4),
            t("年度目标完成情况", colspan=4),
        ),
        (
            need.cell(p.annual_goal, "项目年度目标", colspan=4, align="left"),
            need.cell(p.goal_result, "年度目标完成情况", colspan=4, align="left"),
        ),
        (
            t("项目实施内容及过程概述", colspan=2),
            need.cell(
                p.sections.get("content", ""), "项目实施内容及过程概述", colspan=8, align="left"
            ),
        ),
        (
            t("预算执行情况（10分）", colspan=2, rowspan=6),
            *(
                t(h)
                for h in (
                    "年度预算数（万元）",
                    "年初预算",
                    "调整后预算数",
                    "预算执行数",
                    "预算执行率",
                    "权重",
                    "得分",
                    "原因",
                )
            ),
        ),
        (
            t("总额"),
            amount(m.initial),
            amount(m.adjusted),
            amount(m.executed),
            rate(m.rate),
            points(weight, "weight"),
            points(exec_score),
            t(_reason(p), rowspan=5, align="left"),
        ),
    ]
    for k, source in enumerate(SICHUAN_ROWS):
        f = _fold(subs, (source,))
        label = f"其中：{source}" if k == 0 else source
        rows.append(
            (
                t(label),
                amount(f.initial),
                amount(f.adjusted),
                amount(f.executed),
                rate(f.rate),
                t("/"),
                t("/"),
            )
        )
    header = (
        "一级指标",
        "二级指标",
        "三级指标",
        "指标性质",
        "指标值",
        "度量单位",
        "完成值",
        "权重",
        "得分",
        "未完成原因分析",
    )
    ws = _weights(p, ps)
    ind_weight = _sum_weights(ws)
    rows.append((t(f"绩效指标（{fmt_plain(ind_weight)}分）", colspan=10, bold=True),))
    rows.append(tuple(t(h) for h in header))
    l1 = [_level1(i) for i in inds]
    l2 = [f"{_level1(i)}/{i.level2}" for i in inds]
    s1, s2 = _spans(l1), _spans(l2)
    for k, ind in enumerate(inds):
        cells: list[Cell] = []
        if s1[k]:
            cells.append(t(l1[k], rowspan=s1[k]))
        if s2[k]:
            cells.append(t(ind.level2, rowspan=s2[k]))
        cells += [
            t(ind.name, align="left"),
            t(ind.operator or ""),
            _value_cell(ind.target, indicator_target(ind, with_operator=False)),
            t(ind.unit),
            _value_cell(ind.actual, indicator_actual(ind)),
            points(ws[k], "weight"),
            points(_score_of(ps, k)),
            t(ind.deviation_reason, align="left"),
        ]
        rows.append(tuple(cells))
    total, grade = _total(ps)
    full = (weight or Decimal(0)) + ind_weight
    rows.append((t("合计", colspan=7, bold=True), points(full, "weight"), points(total), t(grade)))
    conclusion = "".join(x for x in (_score_text(ps), p.sections.get("conclusion", "")) if x)
    for label, text in (
        ("评价结论", conclusion),
        ("存在问题", p.sections.get("problems", "")),
        ("改进措施", p.sections.get("suggestions", "")),
    ):
        rows.append((t(label, colspan=2), need.cell(text, label, colspan=8, align="left")))
    rows.append(
        (t("项目负责人：", colspan=5, align="left"), t("财务负责人：", colspan=5, align="left"))
    )
    # About twips / 100 of the 156 mm line: 一级 three characters a line (满意度/指标), 二级
    # four (服务对象/满意度/指标), 权重 two; the columns shared with 预算执行情况 fit amounts up
    # to 9999.99 and "100.00%" on one line; 指标值 and 完成值 get the rest.
    widths = (7.9, 10.2, 10.4, 9, 11.7, 9, 9.5, 6, 6.7, 7.9)
    title = f"部门预算项目支出绩效自评表（{ev.year}年度）"
    preamble = (t("报表编号：510000_0013zp", align="right"),)
    return Table(
        p.name,
        title,
        tuple(rows),
        widths,
        preamble=preamble,
        gaps=tuple(need.asked),
        keep_tail=SICHUAN_TAIL,
    )


def _score_text(ps: ProjectScore | None) -> str:
    if ps is None:
        return ""
    return f"项目自评总分{fmt_amount(ps.total)}分，评价等级为“{ps.grade}”。"


def summary_table(ev: Evaluation, scores: EvaluationScore | None) -> Table:
    """All projects with money, execution rate, total score and grade; money totals at the foot."""
    head = (
        "序号",
        "项目名称",
        "全年预算数（万元）",
        "全年执行数（万元）",
        "执行率",
        "自评得分",
        "评价等级",
    )
    rows: list[tuple[Cell, ...]] = [tuple(t(h, bold=True) for h in head)]
    budget, spent = Decimal(0), Decimal(0)
    for k, p in enumerate(ev.projects):
        m = project_money(p)
        ps = scores.projects[k] if scores and k < len(scores.projects) else None
        total, grade = _total(ps)
        budget += m.adjusted or 0
        spent += m.executed or 0
        rows.append(
            (
                t(str(k + 1)),
                t(p.name, align="left"),
                amount(m.adjusted),
                amount(m.executed),
                rate(m.rate),
                points(total),
                t(grade),
            )
        )
    rows.append(
        (
            t("合计", colspan=2, bold=True),
            amount(budget),
            amount(spent),
            rate(_rate_of(budget, spent)),
            t(""),
            t(""),
        )
    )
    title = f"{ev.unit.name}{ev.year}年度项目支出绩效自评汇总表"
    return Table("汇总", title, tuple(rows), (6, 34, 16, 16, 10, 10, 10), header_rows=1)


def project_sheets(
    ev: Evaluation, scores: EvaluationScore | None, gap: Gap = default_gap
) -> tuple[ProjectSheet, ...]:
    out = []
    for k, p in enumerate(ev.projects):
        ps = scores.projects[k] if scores and k < len(scores.projects) else None
        total, grade = _total(ps)
        national, sichuan = national_table(ev, p, ps, gap), sichuan_table(ev, p, ps, gap)
        out.append(ProjectSheet(p.name, national, sichuan, total, grade))
    return tuple(out)
