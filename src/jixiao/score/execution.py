"""The 预算执行率 line (rules.md §2.6): rate = 执行数 / 全年(调整后)预算数 of the 总额 row.

proportional (default [P]): score = W × min(rate, 1), e.g. 85% → 8.50 of 10; tiered: the
scheme's step table. Over-execution scores full and warns (V-FUND-05); a zero or missing
budget cannot be scored (V-FUND-06) unless the project says it has no budget this year, in
which case the 10 points drop out and the rest is rescaled to full marks.
"""

from __future__ import annotations

from decimal import Decimal

from jixiao.issues import Issue, Severity
from jixiao.model import FundingRow, Project
from jixiao.number import fmt_amount, fmt_percent, fmt_plain, round_half_up
from jixiao.score.result import ScoreLine
from jixiao.score.scheme import Scheme
from jixiao.source import Source

ZERO = Decimal(0)
ONE = Decimal(1)
ITEM = "预算执行率"


def score_execution(
    project: Project, scheme: Scheme, issues: list[Issue], notes: list[str]
) -> tuple[ScoreLine, Decimal | None, Decimal]:
    """(the execution line, the rate or None, the weight dropped because there is no budget)."""
    w = scheme.execution_weight
    row = project.total_row
    src = row.meta.source if row else project.meta.of("funding")
    if project.no_budget:
        notes.append("项目标明本年无预算，预算执行率不计分，其余得分按满分折算")
        return _line(w, ZERO, "本年无预算（no_budget），执行率不计分", src, "no_budget"), None, w
    budget = None
    if row is not None:
        budget = row.adjusted if row.adjusted is not None else row.initial
        if row.adjusted is None and row.initial is not None:
            notes.append("总额行缺少调整后预算数，以年初预算数计算执行率")
    if row is None or budget is None or row.executed is None:
        what = "资金总额行" if row is None else "调整后预算数或执行数"
        issues.append(
            Issue(
                "V-FUND-06",
                Severity.ERROR,
                f"项目“{project.name}”缺少{what}，预算执行率无法计分",
                src,
                hint="请填写总额行的年初预算、调整后预算和执行数；本年确无预算请设 no_budget: true",
            )
        )
        return _line(w, ZERO, f"缺少{what}，按 0 分计", src, "missing_budget"), None, ZERO
    if budget <= 0:
        issues.append(
            Issue(
                "V-FUND-06",
                Severity.ERROR,
                f"项目“{project.name}”总额预算为 {fmt_plain(budget)}，预算执行率无法计分",
                row.meta.of("adjusted"),
                actual=budget,
                hint="请核对预算数；本年确无预算请设 no_budget: true",
            )
        )
        return (
            _line(w, ZERO, "预算数为 0，执行率无法计算，按 0 分计", src, "budget_zero"),
            None,
            ZERO,
        )
    try:
        rate = row.executed / budget
        line = _rate_line(project, row, budget, rate, scheme, issues)
    except ArithmeticError:
        return _line(w, ZERO, "数值超出可计算范围，按 0 分计", src, "not_computable"), None, ZERO
    return line, rate, ZERO


def _line(w: Decimal, score: Decimal, basis: str, src: Source, *flags: str) -> ScoreLine:
    return ScoreLine(ITEM, "execution", w, score, basis, flags=flags, source=src)


def _rate_line(
    project: Project,
    row: FundingRow,
    budget: Decimal,
    rate: Decimal,
    scheme: Scheme,
    issues: list[Issue],
) -> ScoreLine:
    w, places = scheme.execution_weight, scheme.places
    executed = row.executed or ZERO
    head = f"执行数 {fmt_amount(executed)} / 预算数 {fmt_amount(budget)} = {fmt_percent(rate)}"
    if rate < 0:
        return _line(w, ZERO, f"{head}，执行数为负，按 0 分计", row.meta.source, "negative")
    flags: tuple[str, ...] = ()
    if rate > 1:
        flags = ("over_execution",)
        issues.append(
            Issue(
                "V-FUND-05",
                Severity.WARNING,
                f"项目“{project.name}”执行数 {fmt_amount(executed)} 超过预算数 "
                f"{fmt_amount(budget)}（超预算执行），执行率得分以满分为限",
                row.meta.of("executed"),
                expected=budget,
                actual=executed,
                difference=executed - budget,
                hint="请核对执行数，或说明超预算支出的原因和依据",
            )
        )
    if scheme.execution_mode == "tiered":
        step = next((s for s in scheme.execution_steps if rate >= s.rate), None)
        score = step.score if step else ZERO
        where = f"≥ {fmt_percent(step.rate)}" if step else "低于最低一档"
        basis = f"{head}，分档计分（{where}）得 {fmt_amount(score, places)}"
    else:
        used = min(rate, ONE)
        score = round_half_up(w * used, places)
        capped = "（超过 100% 按 100% 计）" if rate > 1 else ""
        basis = f"{head}{capped}，权重 {fmt_plain(w)} × {fmt_percent(used)} = {fmt_amount(score, places)}"
    return _line(w, score, basis, row.meta.source, *flags)
