"""Validation rules on each 绩效指标 row (rules.md §8 V-IND-01/02/03/06/09/10, review.md F02).

Applied to project indicators and to department goal indicators alike. The scoring rules
(V-IND-04/05/07/08) live in rules/scoring.py; the fault checks on how indicators are *set*
(F10–F16, F21) in rules/indicator_quality.py, whose rules are part of :data:`RULES` here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal

from jixiao.issues import Issue, Severity
from jixiao.model import OPERATORS, QUANTITATIVE, Evaluation, Indicator
from jixiao.number import HUNDRED, fmt_plain
from jixiao.rules import Options, plausibility, rule
from jixiao.rules import indicator_quality as quality
from jixiao.rules.refs import (
    IndicatorRef,
    comparable_actual,
    is_met,
    is_satisfaction,
    iter_indicators,
    restates_target,
)
from jixiao.vocabulary import Vocabulary, vocabulary_for

E, W = Severity.ERROR, Severity.WARNING

# An operator or a comparison word inside a 完成值 restates the target (review.md F02).


def _applicable(ev: Evaluation) -> Iterator[IndicatorRef]:
    return (ref for ref in iter_indicators(ev) if not ref.indicator.not_applicable)


def _num(value: Decimal | None, unit: str = "") -> str:
    return "（空）" if value is None else f"{fmt_plain(value)}{unit}"


@rule("V-IND-01", E, "一级、二级指标名称应在规定范围内")
def check_levels(ev: Evaluation, options: Options) -> Iterable[Issue]:
    """一级 ∈ 产出/效益/满意度/成本指标; 二级 ∈ the set allowed for that 一级 (rules.md §5e).

    Fails: ``level1: 产出指标, level2: 社会效益指标`` (社会效益 belongs to 效益指标).
    """
    vocab = vocabulary_for(options)
    for ref in iter_indicators(ev):
        ind = ref.indicator
        if not ind.level1:
            yield Issue("V-IND-01", E, f"{ref.label}缺少一级指标", ref.at("level1"))
            continue
        level1 = vocab.level1_of(ind.level1)
        if level1 is None:
            allowed = "、".join(sorted(set(vocab.level1.values())))
            yield Issue(
                "V-IND-01",
                E,
                f"{ref.label}的一级指标“{ind.level1}”不在规定范围内",
                ref.at("level1"),
                hint=f"应为：{allowed}",
            )
            continue
        if not ind.level2:
            yield Issue("V-IND-01", E, f"{ref.label}缺少二级指标", ref.at("level2"))
            continue
        allowed2 = vocab.level2.get(level1, frozenset())
        if vocab.level2_of(ind.level2) not in allowed2:
            yield Issue(
                "V-IND-01",
                E,
                f"{ref.label}的二级指标“{ind.level2}”不属于一级指标“{level1}”",
                ref.at("level2"),
                hint=f"{level1}下的二级指标应为：{'、'.join(sorted(allowed2))}",
            )


@rule("V-IND-02", E, "指标性质、指标值与度量单位应完整")
def check_operator_target(ev: Evaluation, options: Options) -> Iterable[Issue]:
    """指标性质 ∈ {≥ ≤ = > < 定性}; a quantitative target is a number with a unit.

    Fails: ``operator: ≥, target: 较上年提高, unit: ""``.
    """
    for ref in iter_indicators(ev):
        ind = ref.indicator
        if ind.operator is None:
            yield Issue(
                "V-IND-02",
                E,
                f"{ref.label}缺少指标性质",
                ref.at("operator"),
                hint="应为 ≥、≤、=、>、< 或 定性",
            )
            continue
        if ind.operator not in OPERATORS:
            yield Issue(
                "V-IND-02",
                E,
                f"{ref.label}的指标性质“{ind.operator}”无效",
                ref.at("operator"),
                hint="应为 ≥、≤、=、>、< 或 定性",
            )
            continue
        if not ind.target_text:
            yield Issue("V-IND-02", E, f"{ref.label}缺少指标值", ref.at("target"))
            continue
        if ind.operator not in QUANTITATIVE:
            continue
        if ind.target is None:
            yield Issue(
                "V-IND-02",
                E,
                f"{ref.label}为定量指标，指标值“{ind.target_text}”不是数字",
                ref.at("target"),
                hint="请填写数字，或把指标性质改为“定性”",
            )
        elif not ind.unit:
            yield Issue(
                "V-IND-02",
                E,
                f"{ref.label}缺少度量单位",
                ref.at("unit"),
                hint="请填写度量单位，如 %、人、万元",
            )


def _unit_issue(ref: IndicatorRef, vocab: Vocabulary) -> Issue | None:
    ind = ref.indicator
    target_unit, actual_unit = vocab.unit_of(ind.unit), vocab.unit_of(ind.actual_unit)
    if not target_unit or not actual_unit or target_unit == actual_unit:
        return None
    converted = comparable_actual(ind, vocab)
    if converted is not None:
        return Issue(
            "V-IND-03",
            W,
            f"{ref.label}的完成值单位“{ind.actual_unit}”与度量单位“{ind.unit}”不一致"
            f"（换算后为 {fmt_plain(converted)}{ind.unit}）",
            ref.at("actual"),
            expected=ind.target,
            actual=converted,
            hint=f"请统一按“{ind.unit}”填写完成值",
        )
    return Issue(
        "V-IND-03",
        E,
        f"{ref.label}的完成值单位“{ind.actual_unit}”与度量单位“{ind.unit}”不一致，无法比较",
        ref.at("actual"),
        expected=ind.target,
        actual=ind.actual,
        hint="请按指标的度量单位填写完成值（如比率应填百分数）",
    )


@rule("V-IND-03", E, "完成值应填写，定量指标应为同一单位的数字")
def check_actual(ev: Evaluation, options: Options) -> Iterable[Issue]:
    """Every applicable indicator has an actual; a quantitative one is a number in the target's unit.

    Error, not warning: rules.md §2.4 makes a missing or non-numeric actual block finalisation
    (a draft may still be saved and scored 0). Fails: ``operator: ≤, target: 30, unit: 万元,
    actual: 完成`` (review.md F03).
    """
    vocab = vocabulary_for(options)
    for ref in _applicable(ev):
        ind = ref.indicator
        if not ind.actual_text:
            yield Issue(
                "V-IND-03",
                E,
                f"{ref.label}缺少完成值",
                ref.at("actual"),
                expected=ind.target,
                hint="请填写实际完成值",
            )
            continue
        if ind.operator in QUANTITATIVE and ind.actual is None:
            if restates_target(ind.actual_text):
                continue  # reported by F02 as a copied target
            yield Issue(
                "V-IND-03",
                E,
                f"{ref.label}为定量指标，完成值“{ind.actual_text}”不是数字",
                ref.at("actual"),
                expected=ind.target,
                hint=f"请填写实际完成的数值（单位：{ind.unit or '与指标值相同'}）",
            )
            continue
        issue = _unit_issue(ref, vocab)
        if issue is not None:
            yield issue


def _missed(ind: Indicator, vocab: Vocabulary) -> bool:
    if ind.is_qualitative:
        return ind.band in ("B", "C")
    return is_met(ind, vocab) is False


@rule("V-IND-06", E, "未完成或扣分的指标应说明偏差原因")
def check_deviation_reason(ev: Evaluation, options: Options) -> Iterable[Issue]:
    """A missed target, or a score below the weight, needs a 偏差原因 that is not "无" (F22).

    A target that is met yet docked is F33's case (rules/scoring.py), not repeated here.
    Fails: ``operator: ≥, target: 844, actual: 800, score: 9, weight: 10, deviation_reason: 无``.
    """
    vocab = vocabulary_for(options)
    for ref in _applicable(ev):
        ind = ref.indicator
        if not vocab.is_placeholder(ind.deviation_reason):
            continue
        written = f"“{ind.deviation_reason}”" if ind.deviation_reason else "为空"
        if _missed(ind, vocab):
            what = (
                f"评价等级为 {ind.band}"
                if ind.is_qualitative
                else f"完成值 {_num(ind.actual, ind.unit)} 未达到指标值 "
                f"{ind.operator}{_num(ind.target, ind.unit)}"
            )
            yield Issue(
                "V-IND-06",
                E,
                f"{ref.label}{what}，偏差原因{written}",
                ref.at("deviation_reason"),
                expected=ind.target,
                actual=ind.actual,
                difference=(
                    ind.actual - ind.target
                    if ind.actual is not None and ind.target is not None
                    else None
                ),
                hint="请说明未完成的具体原因和改进措施",
            )
        elif (
            ind.score is not None
            and ind.weight is not None
            and ind.score < ind.weight
            and is_met(ind, vocab) is None
        ):
            yield Issue(
                "V-IND-06",
                E,
                f"{ref.label}得分 {fmt_plain(ind.score)} 低于权重 {fmt_plain(ind.weight)}，"
                f"偏差原因{written}",
                ref.at("deviation_reason"),
                expected=ind.weight,
                actual=ind.score,
                difference=ind.score - ind.weight,
                hint="请说明扣分（未完成）的具体原因",
            )


@rule("V-IND-09", E, "自评指标应与批复的绩效目标一致")
def check_approved(ev: Evaluation, options: Options) -> Iterable[Issue]:
    """Operator, target and unit equal the approved 绩效目标表 unless an adjustment was approved (F17).

    Fails: ``target: 800, approved_target: 844`` without ``adjustment_approved: true``.
    """
    vocab = vocabulary_for(options)
    for ref in iter_indicators(ev):
        ind = ref.indicator
        if ind.adjustment_approved:
            continue
        changes = []
        if ind.approved_operator is not None and ind.approved_operator != ind.operator:
            changes.append(f"指标性质 {ind.approved_operator}→{ind.operator or '（空）'}")
        if ind.approved_target is not None and ind.approved_target != ind.target:
            changes.append(f"指标值 {_num(ind.approved_target)}→{_num(ind.target)}")
        if ind.approved_unit is not None and vocab.unit_of(ind.approved_unit) != vocab.unit_of(
            ind.unit
        ):
            changes.append(f"度量单位 {ind.approved_unit}→{ind.unit or '（空）'}")
        if not changes:
            continue
        target_changed = ind.approved_target is not None and ind.target is not None
        yield Issue(
            "V-IND-09",
            E,
            f"{ref.label}与批复的绩效目标不一致：{'；'.join(changes)}",
            ref.at("target"),
            expected=ind.approved_target,
            actual=ind.target,
            difference=(
                ind.target - ind.approved_target
                if target_changed and ind.target is not None and ind.approved_target is not None
                else None
            ),
            hint="自评应对照年初批复的指标；如目标经批准调整，请在“调整已批复”中选“是”（adjustment_approved: true）",
        )


def _capped(ind: Indicator, vocab: Vocabulary) -> bool:
    """A coverage/completion-type rate that cannot exceed 100%."""
    if vocab.has("uncapped_rate_words", ind.name):
        return False
    return vocab.has("capped_rate_words", ind.name) is not None


@rule("V-IND-10", W, "比率不应超过100%，数值不应为负")
def check_rate_range(ev: Evaluation, options: Options) -> Iterable[Issue]:
    """A coverage/completion rate above 100%, or a negative target or actual (rules.md §2.4).

    Fails: ``name: 家庭医生签约率, unit: "%", target: 90, actual: 3562`` (a head count in a rate, F19).
    """
    vocab = vocabulary_for(options)
    for ref in _applicable(ev):
        ind = ref.indicator
        for field, value in (("target", ind.target), ("actual", ind.actual)):
            if value is None:
                continue
            what = "指标值" if field == "target" else "完成值"
            if value < 0:
                yield Issue(
                    "V-IND-10",
                    W,
                    f"{ref.label}的{what}为负数 {fmt_plain(value)}，无法按比例计分",
                    ref.at(field),
                    actual=value,
                    hint="降幅请写成正数并改用“降幅≥…”的表述，或改为定性指标",
                )
            elif vocab.unit_of(ind.unit) == "%" and value > HUNDRED and _capped(ind, vocab):
                yield Issue(
                    "V-IND-10",
                    W,
                    f"{ref.label}的{what} {fmt_plain(value)}% 超过 100%",
                    ref.at(field),
                    expected=HUNDRED,
                    actual=value,
                    difference=value - HUNDRED,
                    hint="完成率、覆盖率等比率不超过 100%；请检查是否把人数等填进了比率",
                )


def _same_value(ind: Indicator) -> bool:
    return (
        ind.actual is not None
        and ind.target is not None
        and ind.actual == ind.target
        and ind.actual_unit == ind.unit
    )


def _copy_candidate(ind: Indicator, vocab: Vocabulary) -> bool:
    """A ≥/> row whose actual could differ from its target (a 100% ceiling cannot)."""
    if ind.operator not in ("≥", ">") or ind.target is None:
        return False
    return not (vocab.unit_of(ind.unit) == "%" and ind.target >= HUNDRED)


@rule("F02", E, "完成值照抄指标值")
def check_copied_actual(ev: Evaluation, options: Options) -> Iterable[Issue]:
    """The actual restates the target ("≥90%"), or a satisfaction actual equals its target.

    Error for an operator in the actual (no completion is reported at all); warning for the
    equalities, which may be true. Fails: ``target: ≥90%, actual: ≥90%`` (the seed's
    "实现了参保人员满意度≥90%").
    """
    vocab = vocabulary_for(options)
    rows: dict[str, list[IndicatorRef]] = {}
    for ref in _applicable(ev):
        ind = ref.indicator
        if ind.actual_text and restates_target(ind.actual_text):
            yield Issue(
                "F02",
                E,
                f"{ref.label}的完成值“{ind.actual_text}”照抄了指标值，未填写实际完成数",
                ref.at("actual"),
                expected=ind.target,
                hint="请填写实际达到的数值（如满意度调查得出的 93.5%），不要带 ≥、≤ 等符号",
            )
            continue
        if is_satisfaction(ind, vocab) and _same_value(ind) and _copy_candidate(ind, vocab):
            yield Issue(
                "F02",
                W,
                f"{ref.label}的完成值与指标值完全相同（{_num(ind.actual, ind.unit)}），疑似照抄",
                ref.at("actual"),
                expected=ind.target,
                actual=ind.actual,
                difference=Decimal(0),
                hint="请填写满意度调查的实际结果，并附调查问卷和样本量",
            )
            continue
        if _copy_candidate(ind, vocab) and ind.actual is not None:
            rows.setdefault(ref.owner_key, []).append(ref)
    yield from _copied_share(rows, vocab)


def _copied_share(rows: dict[str, list[IndicatorRef]], vocab: Vocabulary) -> Iterator[Issue]:
    min_rows = int(vocab.number("copy_min_rows"))
    for refs in rows.values():
        same = [r for r in refs if _same_value(r.indicator)]
        if len(refs) < min_rows or len(same) < min_rows:
            continue
        share = Decimal(len(same)) / len(refs)
        if share >= vocab.number("copy_share"):
            first = same[0]
            names = "、".join(f"“{r.indicator.name}”" for r in same)
            yield Issue(
                "F02",
                W,
                f"{first.owner}有 {len(same)}/{len(refs)} 个指标的完成值与指标值完全相同"
                f"（{names}），疑似照抄指标值",
                first.at("actual"),
                expected=Decimal(len(refs)),
                actual=Decimal(len(same)),
                hint="请按实际完成情况逐项填写完成值",
            )


RULES = (
    check_levels,
    check_operator_target,
    check_actual,
    check_deviation_reason,
    check_approved,
    check_rate_range,
    check_copied_actual,
    *quality.RULES,
    *plausibility.RULES,
)
