"""Validation rules that need the engine's scores (rules.md §8, faults F04 F05 F06 F33).

Each rule scores the evaluation under the scheme named by ``Options.scheme`` (else the file's
``scheme:`` key, else national-2020) and compares what the unit entered with the engine.
Rules about entered scores look only at *scored* projects (some weight, score, band or stated
total entered, or a scheme with ``require_scores``): an unscored report such as the Panzhihua
FY2021 attachments is not flooded with errors about scores it never claimed. V-FUND-05/06 live
in rules/funds.py; the engine reports the same problems under the same codes in ``score``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from decimal import Decimal

from jixiao.issues import Issue, Severity
from jixiao.model import Evaluation, Indicator, Project
from jixiao.number import fmt_amount, fmt_percent, fmt_plain, normalize_text
from jixiao.rules import Options, Rule, rule
from jixiao.rules.scored import (
    ZERO,
    all_projects,
    engine_issues,
    label,
    scored_projects,
)
from jixiao.score import NO_DATA_FLAGS, ProjectScore, Scheme, SchemeError, scheme_for
from jixiao.source import Source


@rule("S-SCHEME-01", Severity.ERROR, "评分方案可用")
def check_scheme(ev: Evaluation, options: Options) -> Iterable[Issue]:
    """The scheme named in the file (or by --scheme) exists and is valid.

    Fails: ``scheme: hunan-2099`` when no such scheme is shipped.
    """
    try:
        scheme_for(ev, options.scheme or None)
    except SchemeError as exc:
        yield Issue(
            "S-SCHEME-01",
            Severity.ERROR,
            exc.message,
            exc.source if exc.source.file else ev.meta.of("scheme"),
            hint="请改为可用的评分方案名称，或给出方案文件路径",
        )


@rule("V-IND-04", Severity.ERROR, "得分在 0 与权重之间")
def check_score_range(ev: Evaluation, options: Options) -> Iterable[Issue]:
    """0 ≤ entered score ≤ weight.

    Fails: weight 10, score 10.5.
    """
    for project, ps, _ in scored_projects(ev, options):
        for index, ind in enumerate(project.indicators):
            line = ps.indicator_line(index)
            if ind.score is None or line is None or line.weight is None:
                continue
            if ind.score < 0 or ind.score > line.weight:
                over = ind.score - line.weight if ind.score > line.weight else ind.score
                yield Issue(
                    "V-IND-04",
                    Severity.ERROR,
                    f"{label(project, ind)}得分 {fmt_plain(ind.score)} 不在 0 至权重 "
                    f"{fmt_plain(line.weight)} 之间",
                    ind.meta.of("score"),
                    expected=line.weight,
                    actual=ind.score,
                    difference=over,
                    hint="得分不能为负，也不能超过该指标的权重（无加分）",
                )


def _is_cost(ind: Indicator) -> bool:
    words = f"{ind.level1}{ind.level2}{ind.name}"
    return "成本" in words or ind.unit.strip() in ("万元", "元", "亿元")


def _classify(
    ind: Indicator, line_weight: Decimal, engine: Decimal, met: bool, tol: Decimal
) -> str:
    """Which rule reports an entered score: '', range, cost, above, met_docked or differs."""
    score = ind.score
    if score is None or ind.not_applicable:
        return ""
    if score < 0 or score > line_weight:
        return "range"
    if score > engine + tol:
        overrun = (
            ind.operator in ("≤", "<")
            and ind.target is not None
            and ind.actual is not None
            and ind.actual > ind.target > 0
        )
        return "cost" if overrun and _is_cost(ind) else "above"
    if score < engine - tol:
        reasons = ind.deviation_reason or ind.deduction_reason or ind.justification
        if met and score < line_weight - tol and not reasons.strip():
            return "met_docked"
        return "differs"
    return ""


def _coefficient_chosen(ind: Indicator, weight: Decimal, scheme: Scheme) -> bool:
    """A 定性 score with a band but no coefficient: any score inside the band is the unit's
    documented choice of coefficient (rules.md §2.5), not a discrepancy."""
    band = scheme.bands.get((ind.band or "").strip().upper())
    if not ind.is_qualitative or ind.coefficient is not None or band is None or ind.score is None:
        return False
    if ind.deduction or weight <= 0:
        return False
    return band.contains(ind.score / weight)


def _entered(
    ev: Evaluation, options: Options, kind: str
) -> Iterator[tuple[Project, Indicator, Decimal, str]]:
    """(project, indicator, engine net score, engine basis) for entered scores of ``kind``."""
    for project, ps, scheme in scored_projects(ev, options):
        for index, ind in enumerate(project.indicators):
            line, engine = ps.indicator_line(index), ps.indicator_score(index)
            if line is None or engine is None or line.weight is None:
                continue
            if NO_DATA_FLAGS.intersection(line.flags):
                continue  # the missing value is the finding (V-IND-02/03/08), not the score
            if _coefficient_chosen(ind, line.weight, scheme):
                continue
            met = "not_applicable" not in line.flags and line.score == line.weight
            if _classify(ind, line.weight, engine, met, options.score_tolerance) == kind:
                yield project, ind, engine, line.basis


@rule("V-IND-05", Severity.ERROR, "得分与计分规则一致")
def check_score_formula(ev: Evaluation, options: Options) -> Iterable[Issue]:
    """Entered score = engine score (±0.01) unless a documented manual adjustment exists.

    Fails: "满意度 ≥ 90%", actual 88, weight 10, entered 9.00 (the rule gives 9.78). Scores
    above the rule are F04/F06, met-but-docked is F33; a deduction without a reason is here too.
    """
    for project, ind, engine, basis in _entered(ev, options, "differs"):
        assert ind.score is not None
        yield Issue(
            "V-IND-05",
            Severity.ERROR,
            f"{label(project, ind)}填报得分 {fmt_plain(ind.score)} 与计分规则得分 "
            f"{fmt_plain(engine)} 不符（{basis}）",
            ind.meta.of("score"),
            expected=engine,
            actual=ind.score,
            difference=ind.score - engine,
            hint="按规则得分填报；如属酌情扣分，请填写“超额扣分”与“扣分原因”（deduction、deduction_reason）",
        )
    yield from engine_issues(ev, options, "V-IND-05", scored_only=False)


@rule("F04", Severity.ERROR, "得分高于公式值")
def check_score_above_formula(ev: Evaluation, options: Options) -> Iterable[Issue]:
    """Entered score above weight × min(1, A/T) (or T/A for ≤) — faults.yaml F04.

    Fails: "培训覆盖率 ≥ 95%", actual 80, weight 10, entered 10 (the rule gives 8.42).
    """
    for project, ind, engine, basis in _entered(ev, options, "above"):
        assert ind.score is not None
        yield Issue(
            "F04",
            Severity.ERROR,
            f"{label(project, ind)}填报得分 {fmt_plain(ind.score)} 高于计分规则得分 "
            f"{fmt_plain(engine)}（{basis}）",
            ind.meta.of("score"),
            expected=engine,
            actual=ind.score,
            difference=ind.score - engine,
            hint="未达成的指标按完成比例计分，不能给满分",
        )


@rule("F06", Severity.ERROR, "成本超支仍得高分")
def check_cost_overrun(ev: Evaluation, options: Options) -> Iterable[Issue]:
    """A ≤ cost target exceeded yet scored above weight × T/A — faults.yaml F06.

    Fails: "成本控制数 ≤ 30 万元", actual 33, weight 90, entered 90 (the rule gives 81.82).
    """
    for project, ind, engine, basis in _entered(ev, options, "cost"):
        assert ind.score is not None and ind.actual is not None and ind.target is not None
        yield Issue(
            "F06",
            Severity.ERROR,
            f"{label(project, ind)}成本超支（完成值 {fmt_plain(ind.actual)} > 指标值 "
            f"{fmt_plain(ind.target)}）仍得 {fmt_plain(ind.score)} 分，按规则应为 "
            f"{fmt_plain(engine)}（{basis}）",
            ind.meta.of("score"),
            expected=engine,
            actual=ind.score,
            difference=ind.score - engine,
            hint="反向指标超出指标值时按 指标值/完成值 × 权重 计分，并说明超支原因",
        )


@rule("F33", Severity.WARNING, "达标却扣分且无理由")
def check_met_but_docked(ev: Evaluation, options: Options) -> Iterable[Issue]:
    """Target met, entered score below the weight, and no reason — faults.yaml F33.

    Fails: "发放率 = 100%", actual 100, weight 15, entered 12, no reason given.
    """
    for project, ind, engine, _basis in _entered(ev, options, "met_docked"):
        assert ind.score is not None
        yield Issue(
            "F33",
            Severity.WARNING,
            f"{label(project, ind)}已达成指标值，得分 {fmt_plain(ind.score)} 却低于满分 "
            f"{fmt_plain(engine)}，且未说明扣分理由",
            ind.meta.of("score"),
            expected=engine,
            actual=ind.score,
            difference=ind.score - engine,
            hint="达成的指标应得满分；如有意扣分，请填写“超额扣分”与“扣分原因”（deduction、deduction_reason）",
        )


@rule("V-IND-07", Severity.WARNING, "超额完成需说明或扣分")
def check_overshoot(ev: Evaluation, options: Options) -> Iterable[Issue]:
    """Completion ratio ≥ the overshoot threshold (1.2) needs a justification or a deduction.

    Fails: "培训人次 ≥ 500", actual 900 (ratio 1.80) with neither justification nor deduction.
    """
    for project, ps, scheme in all_projects(ev, options):
        # A scheme's checks.overshoot wins over its indicators.overshoot for this warning.
        threshold = (
            options.overshoot if options.overshoot != Options.overshoot else scheme.overshoot
        )
        for index, ind in enumerate(project.indicators):
            line = ps.indicator_line(index)
            if line is None or "not_applicable" in line.flags or ind.justification or ind.deduction:
                continue
            ratio = _completion(ind)
            if ratio is None or ratio < threshold:
                continue
            yield Issue(
                "V-IND-07",
                Severity.WARNING,
                f"{label(project, ind)}超额完成（完成比值 {fmt_amount(ratio)} ≥ "
                f"{fmt_plain(threshold)}），需说明是否因年初指标值设置偏低",
                ind.meta.of("actual"),
                expected=threshold,
                actual=ratio,
                hint="请在“超额完成说明”（justification）中说明原因；若确因指标值偏低，可填写“超额扣分”与“扣分原因”酌情扣分",
            )


def _completion(ind: Indicator) -> Decimal | None:
    t, a = ind.target, ind.actual
    if ind.operator not in ("≥", ">", "=", "≤", "<") or ind.unit != (ind.actual_unit or ind.unit):
        return None
    if t is None or a is None or t <= 0 or a <= 0:
        return None
    return t / a if ind.operator in ("≤", "<") else a / t


@rule("V-IND-08", Severity.ERROR, "定性指标档次与系数有效")
def check_band(ev: Evaluation, options: Options) -> Iterable[Issue]:
    """定性: band chosen and coefficient within it (A [80%,100%], B [60%,80%), C [0,60%)).

    Fails: band B with coefficient 0.85. A band-A coefficient below 1 without a reason warns.
    """
    yield from engine_issues(ev, options, "V-IND-08", scored_only=True)
    for project, ps, _ in scored_projects(ev, options):
        for index, ind in enumerate(project.indicators):
            line = ps.indicator_line(index)
            if line is not None and "reason_required" in line.flags and ind.is_qualitative:
                yield Issue(
                    "V-IND-08",
                    Severity.WARNING,
                    f"{label(project, ind)}为 A 档但系数 {fmt_plain(ind.coefficient or ZERO)} "
                    "低于 1.00，需说明理由",
                    ind.meta.of("coefficient"),
                    expected=Decimal(1),
                    actual=ind.coefficient,
                    hint="请在“未完成原因分析”（deviation_reason）中说明未得满分的原因",
                )


@rule("V-TOT-01", Severity.ERROR, "总分与等级正确")
def check_total(ev: Evaluation, options: Options) -> Iterable[Issue]:
    """总分 = 执行率得分 + Σ 指标得分, and the stated grade is the grade of the total (§2.7).

    Fails: stated 95 when the lines give 91.82; stated 良 for 91.82.
    """
    tol = options.score_tolerance
    for project, ps, scheme in scored_projects(ev, options):
        stated = project.stated_score
        if stated is not None:
            expected, how = _expected_total(project, ps)
            if abs(stated - expected) > tol:
                yield Issue(
                    "V-TOT-01",
                    Severity.ERROR,
                    f"项目“{project.name}”自评总分 {fmt_plain(stated)} 与{how} {fmt_plain(expected)} 不符",
                    project.meta.of("stated_score"),
                    expected=expected,
                    actual=stated,
                    difference=stated - expected,
                    hint="总分 = 预算执行率得分 + 各指标得分",
                )
        if project.stated_grade:
            basis = stated if stated is not None else ps.total
            grade = scheme.grade(basis)
            if project.stated_grade.strip() != grade:
                yield Issue(
                    "V-TOT-01",
                    Severity.ERROR,
                    f"项目“{project.name}”评价等级“{project.stated_grade}”与总分 "
                    f"{fmt_plain(basis)} 对应的等级“{grade}”不符",
                    project.meta.of("stated_grade"),
                    expected=grade,
                    actual=project.stated_grade,
                    hint=_grade_hint(scheme),
                )


def _grade_hint(scheme: Scheme) -> str:
    return "等级：" + "，".join(f"{label} ≥ {fmt_plain(low)}" for label, low in scheme.grades)


def _expected_total(project: Project, ps: ProjectScore) -> tuple[Decimal, str]:
    """Σ of the entered lines when every indicator has a score, else the engine total."""
    inds = project.indicators
    exec_line = ps.execution_line
    if inds and exec_line and all(i.score is not None and not i.not_applicable for i in inds):
        entered = sum((i.score or ZERO for i in inds), ZERO)
        return exec_line.score + entered, "执行率得分与各指标填报得分之和"
    return ps.total, "按规则计算的总分"


@rule("V-TOT-02", Severity.WARNING, "评价结论写明总分")
def check_total_in_conclusion(ev: Evaluation, options: Options) -> Iterable[Issue]:
    """评价结论 contains the total score: the stated one, or the computed one when the scheme's
    form asks for it (Sichuan 0013zp: "说明项目自评总分").

    Fails: stated_score 91.82 and a conclusion "项目完成情况较好".
    """
    for project, ps, scheme in scored_projects(ev, options):
        if project.stated_score is not None:
            want = project.stated_score
        elif scheme.require_score_in_conclusion:
            want = ps.total
        else:
            continue
        text = project.sections.get("conclusion", "")
        if any(abs(n - want) <= Decimal("0.005") for n in _numbers(text)):
            continue
        yield Issue(
            "V-TOT-02",
            Severity.WARNING,
            f"项目“{project.name}”评价结论未写明自评总分 {fmt_amount(want, scheme.places)}",
            project.meta.of("sections.conclusion"),
            expected=want,
            hint="在评价结论中写明“自评得分 XX 分，等级为 X”",
        )


def _numbers(text: str) -> list[Decimal]:
    return [Decimal(m) for m in re.findall(r"\d+(?:\.\d+)?", normalize_text(text))]


@rule("F05", Severity.WARNING, "自评预警：得分与执行率不匹配")
def check_score_vs_execution(ev: Evaluation, options: Options) -> Iterable[Issue]:
    """自评预警 (faults F05, vendor rule): the share of indicator points earned exceeds the
    execution rate by more than 5% (relative); execution < 60% with a total ≥ 90; optionally
    more than 20% unspent.

    Fails: indicators 90/90 with execution 70% (gap 30%).
    """
    for project, ps, scheme in scored_projects(ev, options):
        rate = ps.execution_rate
        if rate is None:
            continue
        row = project.total_row
        where = row.meta.of("executed") if row else project.meta.source
        yield from _gap_alert(project, ps, scheme, rate, where)
        total = project.stated_score if project.stated_score is not None else ps.total
        alerts = scheme.alerts
        if rate < alerts.low_execution and total >= alerts.high_total:
            yield Issue(
                "F05",
                Severity.WARNING,
                f"项目“{project.name}”预算执行率仅 {fmt_percent(rate)}，自评总分却为 {fmt_plain(total)}",
                where,
                expected=alerts.low_execution,
                actual=rate,
                hint="执行率低而得分高，请核实指标完成值或说明原因",
            )
        if alerts.unspent is not None and 1 - rate > alerts.unspent:
            yield Issue(
                "F05",
                Severity.WARNING,
                f"项目“{project.name}”未执行比例 {fmt_percent(1 - rate)} 超过 {fmt_percent(alerts.unspent)}（黄色预警）",
                where,
                expected=alerts.unspent,
                actual=1 - rate,
                hint="请说明资金未执行的原因",
            )


def _gap_alert(
    project: Project, ps: ProjectScore, scheme: Scheme, rate: Decimal, where: Source
) -> Iterable[Issue]:
    lines = [ln for ln in ps.lines if ln.kind == "indicator" and "not_applicable" not in ln.flags]
    weight = sum((ln.weight or ZERO for ln in lines), ZERO)
    if weight <= 0:
        return
    inds = [project.indicators[ln.index] for ln in lines if ln.index is not None]
    if inds and all(i.score is not None for i in inds):
        earned, whose = sum((i.score or ZERO for i in inds), ZERO), "填报"
    else:
        earned = sum(
            (ps.indicator_score(ln.index) or ZERO for ln in lines if ln.index is not None), ZERO
        )
        whose = "按规则计算"
    share = earned / weight
    used = min(rate, Decimal(1))
    if share <= 0 or (share - used) / share <= scheme.alerts.gap:
        return
    yield Issue(
        "F05",
        Severity.WARNING,
        f"项目“{project.name}”指标得分率 {fmt_percent(share)}（{whose}）高于预算执行率 "
        f"{fmt_percent(used)}，相对差 {fmt_percent((share - used) / share)} 超过 "
        f"{fmt_percent(scheme.alerts.gap)}（红色预警）",
        where,
        expected=used,
        actual=share,
        difference=share - used,
        hint="钱没花完而目标全部达成，请核实完成值，或说明原因",
    )


RULES: tuple[Rule, ...] = (
    check_scheme,
    check_score_range,
    check_score_formula,
    check_score_above_formula,
    check_cost_overrun,
    check_met_but_docked,
    check_overshoot,
    check_band,
    check_total,
    check_total_in_conclusion,
    check_score_vs_execution,
)
