"""Validation rules: the department report's figures (section 一 and 二, rules.md §5a, §4.4).

Shares and year-on-year changes (V-RPT-02), the budget bridge from 年初 to 调整预算数
(V-RPT-03), project totals (V-RPT-04), parts that must add up to their total (V-SUM-*),
staffing (V-STAFF-*), the explanations
the template requires (V-NOTE-01) and the §4.1 ratios as information (V-DEPT-01).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal

from jixiao.derive import department_ratios
from jixiao.issues import Issue, Severity
from jixiao.model import Breakdown, Evaluation, Line
from jixiao.number import HUNDRED, fmt_plain, stated_tolerance
from jixiao.rules import Options, Rule, rule
from jixiao.rules.funds import (
    amount_tolerance,
    as_percent,
    money_unit,
    rate_issue,
    rate_matches,
    sum_issue,
    total_row,
)
from jixiao.source import Source

BREAKDOWNS = (
    ("additions", "追加预算"),
    ("reductions", "追减预算"),
    ("special", "专项资金"),
    ("superior", "上级下达资金"),
    ("other", "其他资金"),
)


def breakdown(ev: Evaluation, key: str) -> Breakdown:
    value = getattr(ev.funds, key)
    assert isinstance(value, Breakdown)
    return value


def _present(lines: Sequence[Line | None]) -> list[Line]:
    return [x for x in lines if x is not None]


# -- V-RPT-02 --------------------------------------------------------------------------------


def _share_groups(ev: Evaluation) -> Iterator[tuple[str, list[Line], Decimal | None, str]]:
    """(group label, lines, denominator, denominator label) for each breakdown with shares."""
    f = ev.funds
    yield "功能分类", list(f.by_function), f.initial, "年初预算数"
    yield "基本/项目支出", _present([f.basic, f.project]), f.initial, "年初预算数"
    basic = f.basic.amount if f.basic is not None else None
    yield "人员/公用经费", _present([f.personnel, f.public]), basic, "基本支出"
    yield "资产构成", list(ev.assets.items), ev.assets.total, "资产总额"
    for key, label in BREAKDOWNS:
        b = breakdown(ev, key)
        yield label, list(b.items), b.total, f"{label}总额"


@rule("V-RPT-02", Severity.WARNING, "占比与增减率与金额一致")
def check_shares(ev: Evaluation, options: Options) -> Iterator[Issue]:
    """Each stated share = amount / total at its printed precision; a group's shares sum to 100%;
    each stated 较上年 change = (amount − prior) / prior.

    Failing example: 社会保障和就业支出 1025.72 of 年初 1106.08 stated as 92.37% (is 92.73%).
    """
    for label, lines, denominator, denom_label in _share_groups(ev):
        yield from _check_group(label, lines, denominator, denom_label, options)
        for line in lines:
            yield from _check_change(line, options)


def _check_group(
    label: str, lines: list[Line], denominator: Decimal | None, denom_label: str, options: Options
) -> Iterator[Issue]:
    amounts = [x.amount for x in lines if x.amount is not None]
    total = denominator if denominator is not None else sum(amounts, Decimal(0))
    for x in lines:
        if x.share is None or x.amount is None or not total:
            continue
        computed = x.amount / total
        if not rate_matches(x.share, computed, options):
            how = f"{fmt_plain(x.amount)} / {denom_label} {fmt_plain(total)}"
            yield rate_issue(
                "V-RPT-02", Severity.WARNING, f"{x.name}占比", x.share, computed, how,
                x.meta.of("share"),
            )  # fmt: skip
    shares = [x.share for x in lines if x.share is not None]
    if len(lines) < 2 or len(shares) != len(lines):
        return
    stated = sum((as_percent(s) for s in shares), Decimal(0))
    rounding = sum((stated_tolerance(as_percent(s)) for s in shares), Decimal(0))
    tolerance = max(options.share_sum_tolerance * HUNDRED, rounding)
    if abs(stated - HUNDRED) > tolerance:
        parts = " + ".join(f"{fmt_plain(as_percent(s))}%" for s in shares)
        yield Issue(
            "V-RPT-02",
            Severity.WARNING,
            f"{label}各项占比之和 {parts} = {fmt_plain(stated)}%，不等于 100%",
            lines[0].meta.of("share"),
            expected=HUNDRED,
            actual=stated,
            difference=stated - HUNDRED,
            hint="请核对各项占比或是否漏列了某一项",
        )


def _check_change(line: Line, options: Options) -> Iterator[Issue]:
    if line.change is None or line.prior is None or line.amount is None or line.prior == 0:
        return
    computed = (line.amount - line.prior) / line.prior
    if not rate_matches(line.change, computed, options):
        how = f"（{fmt_plain(line.amount)} − {fmt_plain(line.prior)}） / {fmt_plain(line.prior)}"
        yield rate_issue(
            "V-RPT-02", Severity.WARNING, f"{line.name}较上年增减", line.change, computed, how,
            line.meta.of("change"),
        )  # fmt: skip


# -- V-RPT-03 --------------------------------------------------------------------------------


def _bridge_parts(ev: Evaluation) -> list[tuple[str, Decimal]]:
    f = ev.funds
    parts: list[tuple[str, Decimal]] = []
    for key, label, sign in (
        ("additions", "追加", 1),
        ("reductions", "追减", -1),
        ("superior", "上级下达", 1),
        ("other", "其他资金", 1),
    ):
        value = breakdown(ev, key).value
        if value is not None and value != 0:
            parts.append((label, sign * abs(value)))
    if f.carryover.prior:
        parts.append(("上年结转", f.carryover.prior))
    return parts


@rule("V-RPT-03", Severity.WARNING, "调整预算数 = 年初 + 追加 − 追减 + 上级下达 + 其他 + 上年结转")
def check_budget_bridge(ev: Evaluation, options: Options) -> Iterator[Issue]:
    """The report must explain how 年初预算 became 调整预算数.

    Failing example (Panzhihua 2021): 年初 1106.08 + 追加 55.63 + 上级下达 36.74 = 1198.45,
    调整预算数 1339.13 → 140.68 万元 unexplained.
    """
    f = ev.funds
    if f.initial is None or f.adjusted is None:
        return
    parts = _bridge_parts(ev)
    expected = f.initial + sum((v for _, v in parts), Decimal(0))
    gap = f.adjusted - expected
    if abs(gap) <= amount_tolerance(ev, options):
        return
    unit = money_unit(ev)
    formula = f"年初 {fmt_plain(f.initial)}"
    for label, value in parts:
        formula += f" {'−' if value < 0 else '+'} {label} {fmt_plain(abs(value))}"
    what = "未说明来源" if gap > 0 else "未说明去向（调整预算数小于各项之和）"
    yield sum_issue(
        "V-RPT-03",
        Severity.WARNING,
        f"调整预算数与年初预算及年内调整不衔接：{formula} = {fmt_plain(expected)} {unit}，"
        f"调整预算数为 {fmt_plain(f.adjusted)} {unit}，有 {fmt_plain(abs(gap))} {unit}{what}",
        f.meta.of("adjusted"),
        expected,
        f.adjusted,
        hint="请在“追加预算”“其他资金收支及结转结余使用情况”等部分说明差额的来源",
    )


# -- V-RPT-04 --------------------------------------------------------------------------------


@rule("V-RPT-04", Severity.WARNING, "各项目年初预算合计 = 部门项目支出")
def check_project_totals(ev: Evaluation, options: Options) -> Iterator[Issue]:
    """Σ project 年初预算 (the attachments' 总额 rows) = the report's 项目支出 (年初).

    Failing example: 项目支出 6 in section 二, attachments' 年初 6 + 10 = 16 → 差额 10.
    """
    f = ev.funds
    if f.project is None or f.project.amount is None:
        return
    parts = [(p.name, r.initial) for p in ev.projects if (r := total_row(p)) and r.initial]
    if not parts and not any((r := total_row(p)) and r.initial is not None for p in ev.projects):
        return
    expected = sum((v for _, v in parts), Decimal(0))
    if abs(expected - f.project.amount) <= amount_tolerance(ev, options):
        return
    listing = " + ".join(f"{n} {fmt_plain(v)}" for n, v in parts) or "0"
    yield sum_issue(
        "V-RPT-04",
        Severity.WARNING,
        f"项目支出（年初）写为 {fmt_plain(f.project.amount)} {money_unit(ev)}，"
        f"而附件各项目年初预算 {listing} = {fmt_plain(expected)}",
        f.project.meta.of("amount"),
        expected,
        f.project.amount,
        hint="请核对项目支出数，或补齐未附报告的项目",
    )


# -- V-SUM-01 / 02 ---------------------------------------------------------------------------


def _sum_check(
    code: str,
    severity: Severity,
    what: str,
    total: Decimal | None,
    parts: list[tuple[str, Decimal | None]],
    source: Source,
    tol: Decimal,
    unit: str,
) -> Iterator[Issue]:
    known = [(n, v) for n, v in parts if v is not None]
    if total is None or len(known) != len(parts) or not known:
        return
    expected = sum((v for _, v in known), Decimal(0))
    if abs(total - expected) <= tol:
        return
    listing = " + ".join(f"{n} {fmt_plain(v)}" for n, v in known)
    yield sum_issue(
        code,
        severity,
        f"{what}写为 {fmt_plain(total)} {unit}，而 {listing} = {fmt_plain(expected)}",
        source,
        expected,
        total,
        hint="各部分之和应等于合计数，请核对",
    )


@rule("V-SUM-01", Severity.ERROR, "预算结构合计：人员+公用=基本，基本+项目=年初，功能分类之和=年初")
def check_structure_sums(ev: Evaluation, options: Options) -> Iterator[Issue]:
    """The three sums of section 二（一）.

    Failing example: 人员经费 959.67 + 公用经费 140.41 = 1100.08, 基本支出 written 1100.80.
    """
    f, tol, unit = ev.funds, amount_tolerance(ev, options), money_unit(ev)
    if f.basic is not None:
        parts = [(x.name, x.amount) for x in _present([f.personnel, f.public])]
        if len(parts) == 2:
            where = f.basic.meta.of("amount")
            yield from _sum_check(
                "V-SUM-01", Severity.ERROR, "基本支出", f.basic.amount, parts, where, tol, unit
            )
    if f.initial is not None:
        where = f.meta.of("initial")
        lines = _present([f.basic, f.project])
        if len(lines) == 2:
            parts = [(x.name, x.amount) for x in lines]
            yield from _sum_check(
                "V-SUM-01", Severity.ERROR, "年初预算", f.initial, parts, where, tol, unit
            )
        if f.by_function:
            parts = [(x.name, x.amount) for x in f.by_function]
            yield from _sum_check(
                "V-SUM-01",
                Severity.ERROR,
                "年初预算（按功能分类）",
                f.initial,
                parts,
                where,
                tol,
                unit,
            )


@rule(
    "V-SUM-02",
    Severity.WARNING,
    "分项合计：追加、追减、专项、上级、其他资金及资产的明细之和 = 总额",
)
def check_breakdown_sums(ev: Evaluation, options: Options) -> Iterator[Issue]:
    """A stated total equals the sum of the items listed under it.

    Failing example: 追加 55.63 listed as 业务运行费 18.39 + 劳务费 37.42 = 55.81.
    """
    tol, unit = amount_tolerance(ev, options), money_unit(ev)
    for key, label in BREAKDOWNS:
        b = breakdown(ev, key)
        if b.items:
            parts = [(x.name, x.amount) for x in b.items]
            yield from _sum_check(
                "V-SUM-02", Severity.WARNING, label, b.total, parts, b.meta.of("total"), tol, unit
            )
    a = ev.assets
    if a.items:
        parts = [(x.name, x.amount) for x in a.items]
        yield from _sum_check(
            "V-SUM-02", Severity.WARNING, "资产总额", a.total, parts, a.meta.of("total"), tol, unit
        )


@rule("V-STAFF-01", Severity.ERROR, "人员数不能为负")
def check_staff_counts(ev: Evaluation, options: Options) -> Iterator[Issue]:
    """编制数, 实有在编, 退休, 聘用 are counts ≥ 0.

    Failing example: retired: -26.
    """
    s = ev.staffing
    for key, label in (
        ("authorized", "编制数"),
        ("actual", "实有在编人员"),
        ("retired", "退休人员"),
        ("contract", "聘用人员"),
    ):
        value = getattr(s, key)
        if value is not None and value < 0:
            yield Issue(
                "V-STAFF-01", Severity.ERROR, f"{label}为负数（{value}）", s.meta.of(key),
                actual=value, hint="人数应为非负整数",
            )  # fmt: skip


@rule("V-STAFF-02", Severity.WARNING, "实有在编人员不超过编制数")
def check_staff_over(ev: Evaluation, options: Options) -> Iterator[Issue]:
    """实有在编人员 > 编制数 → 在职人员控制率 above 100%.

    Failing example: 编制 63, 实有在编 65 → 超编 2.
    """
    s = ev.staffing
    if s.actual is None or s.authorized is None or s.actual <= s.authorized:
        return
    yield Issue(
        "V-STAFF-02",
        Severity.WARNING,
        f"实有在编人员 {s.actual} 人超过编制数 {s.authorized} 人（超编 {s.actual - s.authorized} 人）",
        s.meta.of("actual"),
        expected=s.authorized,
        actual=s.actual,
        difference=s.actual - s.authorized,
        hint="请核对人数，或说明超编原因",
    )


# -- V-NOTE-01 -------------------------------------------------------------------------------


def _has(b: Breakdown) -> bool:
    return bool(b.text.strip() or b.items or b.total is not None)


@rule("V-NOTE-01", Severity.WARNING, "资金情况各部分须有说明（没有时写“无”）")
def check_required_notes(ev: Evaluation, options: Options) -> Iterator[Issue]:
    """Template A section 二 has four headings that must each say something, or "无".

    Failing example: funds with initial 1106.08 but no 专项资金 text, items or total.
    """
    f = ev.funds
    if f.initial is None:
        return  # the department section is not filled in at all
    other = _has(f.other) or _has(f.superior) or bool(f.carryover.text.strip())
    other = other or f.carryover.prior is not None or f.carryover.ending is not None
    checks = (
        ("追加预算安排及支出情况", _has(f.additions) or _has(f.reductions), "additions"),
        ("专项资金安排及支出情况", _has(f.special), "special"),
        ("其他资金收支及结转结余使用情况", other, "other"),
        ("其他需要说明的情况", bool(f.other_notes.strip()), "other_notes"),
    )
    for heading, present, key in checks:
        if not present:
            yield Issue(
                "V-NOTE-01",
                Severity.WARNING,
                f"“{heading}”没有填写",
                f.meta.source.at(f"funds.{key}"),
                hint=f"请说明情况；没有时写“无”（funds.{key}）",
            )


# -- V-DEPT-01 -------------------------------------------------------------------------------


@rule("V-DEPT-01", Severity.INFO, "部门整体支出比率（财预〔2013〕53号）")
def check_department_ratios(ev: Evaluation, options: Options) -> Iterator[Issue]:
    """The §4.1 ratios computed from the inputs, for section 三 and the reviewer.

    Example: 在职人员控制率 90.48%：在职人员数 / 编制数 = 57 / 63 = 90.48%.
    """
    for r in department_ratios(ev):
        note = f"（{r.note}）" if r.note else ""
        yield Issue(
            "V-DEPT-01",
            Severity.INFO,
            f"{r.name} {r.display}：{r.formula}，方向 {r.direction}{note}",
            r.source,
            actual=as_percent(r.value, 2) if r.value is not None else None,
        )


RULES: tuple[Rule, ...] = (
    check_shares,
    check_budget_bridge,
    check_project_totals,
    check_structure_sums,
    check_breakdown_sums,
    check_staff_counts,
    check_staff_over,
    check_required_notes,
    check_department_ratios,
)
