"""Validation rules: the money tables of the projects and the department (rules.md §3, §8).

V-FUND-01…06 check a project's 预算执行情况 table (总额 = Σ sources, 执行率 = 执行数 / 调整后
预算数, the Sichuan notes on low execution and mid-year adjustments) and the department's
执行率. The comparison helpers here (amount tolerance, rates at their printed precision) are
shared with :mod:`jixiao.rules.report`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal, InvalidOperation

from jixiao.issues import Issue, Severity
from jixiao.model import Evaluation, FundingRow, Project
from jixiao.number import (
    HUNDRED,
    fmt_plain,
    printed_percent_places,
    round_half_up,
    stated_tolerance,
)
from jixiao.rules import Options, Rule, rule
from jixiao.source import Source

TOTAL_ROWS = ("总额", "年度资金总额", "合计")
COLUMNS = (("initial", "年初预算数"), ("adjusted", "调整后预算数"), ("executed", "执行数"))


# -- shared comparison helpers ---------------------------------------------------------------


def money_unit(ev: Evaluation) -> str:
    return ev.funds.unit or "万元"


def amount_tolerance(ev: Evaluation, options: Options) -> Decimal:
    """options.amount_tolerance is in 万元; a document kept in 元 gets the same tolerance."""
    return options.amount_tolerance * (10000 if money_unit(ev) == "元" else 1)


def printed_places(fraction: Decimal) -> int:
    """Decimal places of a stated percentage: "99.5%" (0.995) has 1, "100.00%" (1.0000) has 2.

    The loaders keep the printed places when they turn a percentage into a fraction
    (number.percent_to_fraction), so "99.50%" is held to 2 places, not 1.
    """
    return printed_percent_places(fraction)


def as_percent(fraction: Decimal, places: int | None = None) -> Decimal:
    """A fraction as percentage points: at ``places`` decimals, or as stated (normalised)."""
    value = fraction * HUNDRED
    try:
        if places is None:
            return value.quantize(Decimal(1).scaleb(-printed_places(fraction)))
        return round_half_up(value, places)
    except InvalidOperation:  # more digits than the context holds: show it unrounded
        return value


def rate_matches(stated: Decimal, computed: Decimal, options: Options) -> bool:
    """A stated rate agrees with the computed one at the precision it was printed with.

    99.5% for 99.46% agrees (half a unit in the last printed place), 99% for 99.985% does not;
    a rate printed with two or more decimals is held to options.rate_tolerance (0.01 pp).
    """
    stated_pp = as_percent(stated)
    tolerance = stated_tolerance(stated_pp, options.rate_tolerance * HUNDRED)
    return abs(computed * HUNDRED - stated_pp) <= tolerance


def rate_issue(
    code: str,
    severity: Severity,
    what: str,
    stated: Decimal,
    computed: Decimal,
    how: str,
    source: Source,
) -> Issue:
    """An issue for a stated rate/share that differs from the recomputed one (numbers in pp)."""
    stated_pp = as_percent(stated)
    places = max(2, printed_places(stated))
    expected = as_percent(computed, places)
    return Issue(
        code,
        severity,
        f"{what}写为 {fmt_plain(stated_pp)}%，按 {how} 计算应为 {fmt_plain(expected)}%",
        source,
        expected=expected,
        actual=stated_pp,
        difference=stated_pp - expected,
        hint="请核对数字或按计算结果修改（按所写小数位比较）",
    )


def sum_issue(
    code: str,
    severity: Severity,
    message: str,
    source: Source,
    expected: Decimal,
    actual: Decimal | None,
    hint: str = "",
) -> Issue:
    """An issue for a stated amount (``actual``) that differs from the sum it should equal."""
    diff = actual - expected if actual is not None else None
    return Issue(code, severity, message, source, expected, actual, diff, hint)


def total_row(p: Project) -> FundingRow | None:
    for row in p.funding:
        if row.source in TOTAL_ROWS:
            return row
    return p.total_row


def _rows(p: Project) -> tuple[FundingRow | None, list[FundingRow]]:
    total = total_row(p)
    return total, [r for r in p.funding if r is not total]


def _amt(row: FundingRow, column: str) -> Decimal | None:
    value = getattr(row, column)
    return value if isinstance(value, Decimal) else None


# -- V-FUND-01 -------------------------------------------------------------------------------


@rule("V-FUND-01", Severity.ERROR, "资金表总额行 = 各资金来源之和")
def check_funding_totals(ev: Evaluation, options: Options) -> Iterator[Issue]:
    """The 总额 row equals the sum of the source rows, column by column (±0.01 万元).

    Failing example: 总额 调整后 100, 财政资金 60 + 单位资金 30 = 90 → 差额 10. A 总额 row of
    0 above filled source rows (池州 2022, review.md F32) is the same error.
    """
    tol = amount_tolerance(ev, options)
    for p in ev.projects:
        total, subs = _rows(p)
        if total is None or not subs:
            continue
        for column, label in COLUMNS:
            parts = [(r.source, v) for r in subs if (v := _amt(r, column)) is not None]
            if not parts:
                continue
            expected = sum((v for _, v in parts), Decimal(0))
            stated = _amt(total, column)
            if stated is not None and abs(stated - expected) <= tol:
                continue
            listing = " + ".join(f"{name} {fmt_plain(v)}" for name, v in parts)
            if stated is None:
                what = "未填写"
            elif stated == 0 and expected != 0:
                what = "为 0（总额行未汇总）"
            else:
                what = f"为 {fmt_plain(stated)}"
            yield sum_issue(
                "V-FUND-01",
                Severity.ERROR,
                f"项目“{p.name}”{total.source}行{label}{what}，"
                f"而 {listing} = {fmt_plain(expected)} {money_unit(ev)}",
                total.meta.of(column),
                expected,
                stated,
                hint="总额行应等于其中各资金来源之和",
            )


# -- V-FUND-02 -------------------------------------------------------------------------------


def _stated_rates(ev: Evaluation) -> Iterator[tuple[str, Decimal, Decimal, Decimal, Source]]:
    """(what, stated rate, executed, adjusted, where) for every stated 执行率 with its inputs."""
    for p in ev.projects:
        for row in p.funding:
            if row.rate is not None and row.executed is not None and row.adjusted is not None:
                what = f"项目“{p.name}”{row.source}行执行率"
                yield what, row.rate, row.executed, row.adjusted, row.meta.of("rate")
        total = total_row(p)
        if (
            p.execution_rate is not None
            and total is not None
            and total.executed is not None
            and total.adjusted is not None
        ):
            what = f"项目“{p.name}”报告所述执行率"
            yield (
                what,
                p.execution_rate,
                total.executed,
                total.adjusted,
                p.meta.of("execution_rate"),
            )
    f = ev.funds
    if f.execution_rate is not None and f.final is not None and f.adjusted is not None:
        yield "部门预算执行率", f.execution_rate, f.final, f.adjusted, f.meta.of("execution_rate")


@rule("V-FUND-02", Severity.ERROR, "执行率 = 执行数 / 调整后预算数")
def check_execution_rates(ev: Evaluation, options: Options) -> Iterator[Issue]:
    """Every stated 执行率 equals 执行数 / 调整后(全年)预算数 at its printed precision.

    Failing example: 调整后 80, 执行 79.99, 执行率写为 99% (实为 99.99%) → 差额 −0.99 pp;
    "99.5%" for 99.46% passes.
    """
    for what, stated, executed, adjusted, source in _stated_rates(ev):
        if adjusted == 0:
            continue  # no budget: V-FUND-06
        computed = executed / adjusted
        if not rate_matches(stated, computed, options):
            how = f"{fmt_plain(executed)} / {fmt_plain(adjusted)}"
            yield rate_issue("V-FUND-02", Severity.ERROR, what, stated, computed, how, source)


# -- V-FUND-03 / 04 (Sichuan 0013zp notes) ---------------------------------------------------


def _sichuan(options: Options) -> bool:
    return options.region.lower().startswith("sichuan") or options.region in ("四川", "sc")


@rule("V-FUND-03", Severity.ERROR, "执行率低于90%须说明原因（四川）")
def check_low_execution_reason(ev: Evaluation, options: Options) -> Iterator[Issue]:
    """Sichuan 0013zp: 执行率 < options.low_execution → 原因 non-empty, ≤ reason_max_chars 字.

    Failing example: 调整后 100, 执行 80 (80%) and no execution_reason.
    """
    if not _sichuan(options):
        return
    for p in ev.projects:
        total = total_row(p)
        if total is None or total.executed is None or not total.adjusted:
            continue
        rate = total.executed / total.adjusted
        if rate >= options.low_execution:
            continue
        reason = p.execution_reason.strip()
        limit = options.reason_max_chars
        pct = f"{as_percent(rate, 2)}%"
        if not reason:
            yield Issue(
                "V-FUND-03",
                Severity.ERROR,
                f"项目“{p.name}”执行率 {pct} 低于 {as_percent(options.low_execution, 0)}%，未说明原因",
                total.meta.of("executed"),
                expected=as_percent(options.low_execution, 2),
                actual=as_percent(rate, 2),
                hint=f"请在“原因”栏说明（{limit}字以内）",
            )
        elif len(reason) > limit:
            yield Issue(
                "V-FUND-03",
                Severity.ERROR,
                f"项目“{p.name}”执行率偏低的原因超过 {limit} 字（{len(reason)} 字）",
                p.meta.of("execution_reason"),
                expected=limit,
                actual=len(reason),
                difference=len(reason) - limit,
                hint="请精简到字数限制以内",
            )


@rule("V-FUND-04", Severity.ERROR, "年初预算与调整后预算不同须说明调整原因（四川）")
def check_adjustment_reason(ev: Evaluation, options: Options) -> Iterator[Issue]:
    """Sichuan 0013zp note 2: 年初预算 ≠ 调整后预算 → a separate adjustment reason.

    Failing example: 总额 年初 6, 调整后 24.39, no adjustment_reason → 差额 18.39.
    """
    if not _sichuan(options):
        return
    tol = amount_tolerance(ev, options)
    for p in ev.projects:
        total = total_row(p)
        if total is None or total.initial is None or total.adjusted is None:
            continue
        if abs(total.adjusted - total.initial) <= tol or p.adjustment_reason.strip():
            continue
        change = total.adjusted - total.initial
        kind = "追加" if change > 0 else "调减"
        yield Issue(
            "V-FUND-04",
            Severity.ERROR,
            f"项目“{p.name}”年初预算 {fmt_plain(total.initial)}、调整后 "
            f"{fmt_plain(total.adjusted)}（{kind} {fmt_plain(abs(change))}），未说明调整原因",
            total.meta.of("adjusted"),
            expected=total.initial,
            actual=total.adjusted,
            difference=change,
            hint="请在“预算调整原因”（adjustment_reason）中说明年中追加或调减的原因",
        )


# -- V-FUND-05 / 06 --------------------------------------------------------------------------


@rule("V-FUND-05", Severity.WARNING, "执行数超过调整后预算（超支）")
def check_over_execution(ev: Evaluation, options: Options) -> Iterator[Issue]:
    """执行数 > 调整后预算 (a project) or 决算数 > 调整预算数 (the department).

    Failing example: 调整后 50, 执行 55 → 超出 5; the execution score is capped at full marks.
    """
    tol = amount_tolerance(ev, options)
    unit = money_unit(ev)
    for p in ev.projects:
        for row in p.funding:
            if row.executed is None or row.adjusted is None:
                continue
            if row.executed - row.adjusted > tol:
                yield sum_issue(
                    "V-FUND-05",
                    Severity.WARNING,
                    f"项目“{p.name}”{row.source}行执行数 {fmt_plain(row.executed)} 超过调整后"
                    f"预算 {fmt_plain(row.adjusted)} {unit}",
                    row.meta.of("executed"),
                    row.adjusted,
                    row.executed,
                    hint="请核对执行数，或说明超预算支出的依据；执行率得分以满分为限",
                )
    f = ev.funds
    if f.final is not None and f.adjusted is not None and f.final - f.adjusted > tol:
        yield sum_issue(
            "V-FUND-05",
            Severity.WARNING,
            f"决算数 {fmt_plain(f.final)} 超过调整预算数 {fmt_plain(f.adjusted)} {unit}",
            f.meta.of("final"),
            f.adjusted,
            f.final,
            hint="请核对决算数，或说明超预算支出的依据",
        )


@rule("V-FUND-06", Severity.ERROR, "调整后预算为0的项目须注明无预算")
def check_zero_budget(ev: Evaluation, options: Options) -> Iterable[Issue]:
    """总额 调整后预算 = 0 → the 10-point execution line cannot be scored unless ``no_budget``.

    Failing example: 总额 年初 0 / 调整后 0 / 执行 0 and no ``no_budget: true``.
    """
    for p in ev.projects:
        total = total_row(p)
        if total is None or total.adjusted is None or total.adjusted != 0 or p.no_budget:
            continue
        yield Issue(
            "V-FUND-06",
            Severity.ERROR,
            f"项目“{p.name}”调整后预算为 0，执行率无法计算，预算执行（10分）无法评分",
            total.meta.of("adjusted"),
            actual=total.adjusted,
            hint="如本年确无预算，请在“本年无预算”中选“是”（no_budget: true）；否则请填写预算数",
        )


RULES: tuple[Rule, ...] = (
    check_funding_totals,
    check_execution_rates,
    check_low_execution_reason,
    check_adjustment_reason,
    check_over_execution,
    check_zero_budget,
)
