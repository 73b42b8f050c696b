"""Scoring a project: 预算执行率 line, indicator lines, deductions, rescaling, caps and grade.

rules.md §2.6-§2.7: 总分 = 预算执行率得分 + Σ 指标得分 (max 100). Each line is rounded to the
scheme's places (ROUND_HALF_UP) and the total is the exact sum of the lines, so a printed score
sheet always adds up.
"""

from __future__ import annotations

from decimal import Decimal

from jixiao.issues import Issue, Severity
from jixiao.model import Evaluation, Indicator, Project
from jixiao.number import fmt_amount, fmt_percent, fmt_plain, round_half_up
from jixiao.score.execution import score_execution
from jixiao.score.indicator import score_indicator
from jixiao.score.result import EvaluationScore, ProjectScore, ScoreLine
from jixiao.score.scheme import Scheme
from jixiao.score.weights import allocate_weights

ZERO = Decimal(0)
# Flags of an indicator the engine could not score from the data (it scores 0 meanwhile).
NO_DATA_FLAGS = frozenset(
    {
        "missing_actual",
        "non_numeric_actual",
        "missing_target",
        "missing_band",
        "bad_band",
        "bad_operator",
        "unit_mismatch",
        "negative_value",
        "not_computable",
    }
)


def score_evaluation(ev: Evaluation, scheme: Scheme) -> EvaluationScore:
    """Score every project of a unit-year under ``scheme``."""
    return EvaluationScore(scheme, tuple(score_project(p, scheme) for p in ev.projects))


def score_project(project: Project, scheme: Scheme) -> ProjectScore:
    """Score one project; problems come back as issues on the result, never as exceptions."""
    notes: list[str] = []
    issues: list[Issue] = []
    exec_line, rate, dropped = score_execution(project, scheme, issues, notes)
    lines = [exec_line]
    weights, assumed, weight_notes = allocate_weights(project.indicators, scheme)
    notes.extend(weight_notes)
    if not project.indicators:
        notes.append("项目没有绩效指标，只计预算执行率得分")
    for index, (ind, weight) in enumerate(zip(project.indicators, weights, strict=True)):
        if ind.not_applicable:
            dropped += weight
            lines.append(
                _line(
                    ind,
                    index,
                    weight,
                    ZERO,
                    "不适用，不计分，其余得分按满分折算",
                    ("not_applicable",),
                )
            )
            continue
        lines.extend(_indicator_lines(ind, index, weight, scheme, issues))
    unscorable = sum(1 for ln in lines if NO_DATA_FLAGS.intersection(ln.flags))
    if unscorable:
        notes.append(
            f"{unscorable} 项指标缺少可计分的完成值、档次或指标值，暂按 0 分计；补齐后总分会变化"
        )
    lines.extend(_rescale(lines, dropped, scheme, project, notes))
    lines.extend(_caps(lines, rate, scheme, project))
    total = sum((ln.score for ln in lines), ZERO)
    return ProjectScore(
        name=project.name,
        total=total,
        grade=scheme.grade(total),
        lines=tuple(lines),
        execution_rate=rate,
        assumed_weights=assumed,
        notes=tuple(notes),
        issues=tuple(issues),
    )


def _line(
    ind: Indicator,
    index: int,
    weight: Decimal,
    score: Decimal,
    basis: str,
    flags: tuple[str, ...] = (),
) -> ScoreLine:
    return ScoreLine(
        item=ind.name,
        kind="indicator",
        weight=weight,
        score=score,
        basis=basis,
        level1=ind.level1,
        level2=ind.level2,
        flags=flags,
        source=ind.meta.source,
        index=index,
    )


def _indicator_lines(
    ind: Indicator, index: int, weight: Decimal, scheme: Scheme, issues: list[Issue]
) -> list[ScoreLine]:
    result = score_indicator(ind, weight, scheme)
    issues.extend(result.issues)
    flags = result.flags
    if "overshoot" in flags and (ind.justification or ind.deduction):
        flags = (*flags, "overshoot_explained")
    lines = [_line(ind, index, weight, result.score, result.basis, flags)]
    left = result.score
    if ind.deduction is not None and ind.deduction != 0:
        lines.append(_deduction(ind, index, left, scheme, issues))
        left += lines[-1].score
    penalty = scheme.deviation_penalty
    if (
        penalty
        and result.completion is not None
        and result.completion >= penalty.ratio
        and left > 0
    ):
        cut = min(penalty.points, left)
        lines.append(
            ScoreLine(
                item=ind.name,
                kind="penalty",
                weight=None,
                score=-cut,
                basis=(
                    f"偏离度扣分：完成比值 {fmt_amount(result.completion)} ≥ {fmt_plain(penalty.ratio)}，"
                    f"扣 {fmt_plain(cut)} 分（不低于 0）"
                ),
                level1=ind.level1,
                level2=ind.level2,
                flags=("deviation",),
                source=ind.meta.source,
                index=index,
            )
        )
    return lines


def _deduction(
    ind: Indicator, index: int, left: Decimal, scheme: Scheme, issues: list[Issue]
) -> ScoreLine:
    asked = ind.deduction or ZERO
    src = ind.meta.of("deduction")
    flags: tuple[str, ...] = ()
    if asked < 0:
        issues.append(
            Issue(
                "V-IND-05",
                Severity.ERROR,
                f"指标“{ind.name}”手动扣分为负数，不能加分",
                src,
                actual=asked,
            )
        )
        return ScoreLine(
            ind.name,
            "deduction",
            None,
            ZERO,
            "手动扣分为负数，已忽略",
            ind.level1,
            ind.level2,
            ("bad_deduction",),
            src,
            index,
        )
    cut = min(round_half_up(asked, scheme.places), left)
    reason = ind.deduction_reason.strip()
    if not reason:
        flags = ("reason_required",)
        issues.append(
            Issue(
                "V-IND-05",
                Severity.ERROR,
                f"指标“{ind.name}”手动扣分 {fmt_plain(asked)} 分缺少扣分理由",
                src,
                actual=asked,
                hint="请在 deduction_reason 中说明扣分理由（如：年初指标值设置偏低）",
            )
        )
    basis = f"手动扣分：{reason or '（未说明理由）'}，扣 {fmt_plain(cut)} 分"
    if cut < asked:
        basis += f"（申请扣 {fmt_plain(asked)} 分，得分不低于 0）"
    return ScoreLine(
        ind.name, "deduction", None, -cut, basis, ind.level1, ind.level2, flags, src, index
    )


def _rescale(
    lines: list[ScoreLine], dropped: Decimal, scheme: Scheme, project: Project, notes: list[str]
) -> list[ScoreLine]:
    if dropped <= 0:
        return []
    full = scheme.full_marks
    raw = sum((ln.score for ln in lines), ZERO)
    basis_max = full - dropped
    if basis_max <= 0:
        notes.append("所有计分项均不适用，总分为 0")
        return []
    target = round_half_up(raw * full / basis_max, scheme.places)
    return [
        ScoreLine(
            item="不适用项折算",
            kind="rescale",
            weight=None,
            score=target - raw,
            basis=(
                f"剔除不适用分值 {fmt_plain(dropped)}：{fmt_amount(raw, scheme.places)} × {fmt_plain(full)} / "
                f"{fmt_plain(basis_max)} = {fmt_amount(target, scheme.places)}"
            ),
            flags=("rescaled",),
            source=project.meta.source,
        )
    ]


def _caps(
    lines: list[ScoreLine], rate: Decimal | None, scheme: Scheme, project: Project
) -> list[ScoreLine]:
    total = sum((ln.score for ln in lines), ZERO)
    limit, why = scheme.full_marks, f"总分不超过满分 {fmt_plain(scheme.full_marks)}"
    if rate is not None:
        for cap in scheme.caps:  # sorted by maximum, the strictest first
            if rate < cap.below and cap.maximum < limit:
                limit = cap.maximum
                why = f"执行率 {fmt_percent(rate)} 低于 {fmt_percent(cap.below)}，总分最高 {fmt_plain(cap.maximum)} 分"
                break
    if total <= limit:
        return []
    return [
        ScoreLine(
            item="总分封顶",
            kind="cap",
            weight=None,
            score=limit - total,
            basis=f"{why}：{fmt_amount(total, scheme.places)} → {fmt_amount(limit, scheme.places)}",
            flags=("capped",),
            source=project.meta.source,
        )
    ]
