"""How indicators are *set*: the review faults a finance bureau finds in the indicator table.

review.md §2 B/C: F10 unmeasurable, F11 wrong category, F12 budget-management measures, F13
duplicates, F15 wrong direction, F16 soft targets, F21 satisfaction without a survey. The word
lists are data (vocabulary.yaml); the checks are heuristics, so most are warnings or info.
"""

from __future__ import annotations

from collections.abc import Iterable
from difflib import SequenceMatcher

from jixiao.issues import Issue, Severity
from jixiao.model import Evaluation, Indicator
from jixiao.number import fmt_plain
from jixiao.rules import Options, rule
from jixiao.rules.refs import (
    IndicatorRef,
    comparable_actual,
    is_satisfaction,
    iter_indicators,
    kind_of,
    ratio_text,
)
from jixiao.vocabulary import Vocabulary, fold, vocabulary_for

E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


def _strip_vague(text: str, vocab: Vocabulary) -> str:
    folded = fold(text)
    for word in sorted(vocab.words["vague_words"], key=len, reverse=True):
        folded = folded.replace(word, "")
    return folded


@rule("F10", W, "指标不可考核")
def check_unmeasurable(ev: Evaluation, options: Options) -> Iterable[Issue]:
    """A % target on a name that is no rate ("社会效益明显 ≥95%"), or a vague whole target.

    Warning for the undefined percentage (review standard 3 cuts such indicators); info for a
    定性 target made only of adjectives ("效果明显"), which rules.md §2.5 still accepts.
    """
    vocab = vocabulary_for(options)
    for ref in iter_indicators(ev):
        ind = ref.indicator
        no_measure = vocab.has("measure_words", ind.name) is None
        percent = vocab.unit_of(ind.unit) == "%" and ind.target is not None
        vague_name = vocab.has("vague_words", ind.name)
        if percent and no_measure and (vague_name or kind_of(ind, vocab) == "效益"):
            yield Issue(
                "F10",
                W,
                f"{ref.label}以百分比为目标，但名称不是可计算的比率，无法考核",
                ref.at("name"),
                expected=ind.target,
                hint="请写明比率的分子、分母和数据来源（如“受益人员覆盖率=受益人数/应受益人数”）",
            )
        elif (
            ind.is_qualitative
            and vocab.has("vague_words", ind.target_text)
            and len(_strip_vague(ind.target_text, vocab)) <= 5
        ):
            yield Issue(
                "F10",
                INFO,
                f"{ref.label}的指标值“{ind.target_text}”只有形容词，难以考核",
                ref.at("target"),
                hint="请尽量量化，或写明达成的具体标准",
            )


def _wrong_category(ind: Indicator, vocab: Vocabulary) -> tuple[Severity, str] | None:
    kind = kind_of(ind, vocab)
    name = fold(ind.name)
    if kind == "数量":
        money_unit = vocab.unit_of(ind.unit) in (*vocab.money_units, "%")
        word = vocab.has("quantity_money_words", name)
        if word or ("资金" in name and money_unit):
            return E, "数量指标应计量产出的数量，资金支付、执行类指标不属于数量指标"
    if kind == "质量" and name in {fold(n) for n in vocab.words["bare_completion_names"]}:
        return E, "单独的“完成率”反映数量而非质量，不属于质量指标"
    if kind == "时效":
        text = f"{ind.name}{ind.target_text}{ind.unit}"
        if vocab.has("time_words", text) is None:
            return W, "时效指标应写明完成时间、期限或周期"
    return None


@rule("F11", E, "三级指标与二级指标不匹配")
def check_category_fit(ev: Evaluation, options: Options) -> Iterable[Issue]:
    """数量 named 资金支付率; a bare 完成率 as 质量; 时效 without a date or period (review standard 10).

    Error where review standard 10 gives 0 points; warning for the 时效 case, which is read from
    words and may miss a period written elsewhere.
    """
    vocab = vocabulary_for(options)
    for ref in iter_indicators(ev):
        found = _wrong_category(ref.indicator, vocab)
        if found:
            severity, why = found
            yield Issue(
                "F11",
                severity,
                f"{ref.label}放在“{ref.indicator.level2}”下不合适：{why}",
                ref.at("name"),
                hint="请把指标调整到合适的二级指标下，或改写指标",
            )


@rule("F12", W, "预算管理类指标不宜作为产出、效益指标")
def check_management_measures(ev: Evaluation, options: Options) -> Iterable[Issue]:
    """结余率, 科目调整次数, 执行率, 资金到位率, 三公经费 inside 产出 (not 成本) or 效益 groups.

    Fails: ``level1: 产出指标, level2: 数量指标, name: 科目调整次数, operator: ≤, target: 10``.
    """
    vocab = vocabulary_for(options)
    for ref in iter_indicators(ev):
        ind = ref.indicator
        if kind_of(ind, vocab) not in ("数量", "质量", "时效", "效益"):
            continue
        if _wrong_category(ind, vocab) is not None and kind_of(ind, vocab) == "数量":
            continue  # F11 already reports it, more strongly
        word = vocab.has("management_words", ind.name)
        if word:
            yield Issue(
                "F12",
                W,
                f"{ref.label}含“{word}”，属于预算管理要求，不是项目的产出或效益",
                ref.at("name"),
                hint="预算执行情况已单独计 10 分；请改用反映项目产出、效果的指标",
            )


def _group(kind: str) -> str:
    return "效益" if kind == "效益" else "产出" if kind in ("数量", "质量", "时效", "成本") else ""


@rule("F13", W, "产出与效益指标重复")
def check_duplicates(ev: Evaluation, options: Options) -> Iterable[Issue]:
    """The same 三级 name (or ≥ options.similarity alike) under 产出 and 效益, or twice in one group.

    Review standard 9 scores only one of the pair.
    """
    vocab = vocabulary_for(options)
    threshold = float(options.similarity)
    seen: dict[str, list[tuple[IndicatorRef, str, str]]] = {}
    for ref in iter_indicators(ev):
        group = _group(kind_of(ref.indicator, vocab))
        name = _core_name(ref.indicator.name)
        if not group or not name:
            continue
        earlier = seen.setdefault(ref.owner_key, [])
        for other, other_group, other_name in earlier:
            alike = name == other_name or (
                SequenceMatcher(None, name, other_name).ratio() >= threshold
            )
            if alike:
                where = "产出和效益下" if group != other_group else f"{group}指标下"
                yield Issue(
                    "F13",
                    W,
                    f"{ref.label}与“{other.indicator.name}”重复（同时出现在{where}）",
                    ref.at("name"),
                    hint=f"重复的指标只能计一次分；另一个在 {other.at('name')}",
                )
                break
        earlier.append((ref, group, name))


_DUP_SUFFIXES = ("完成率", "完成情况", "完成数", "指标")


def _core_name(name: str) -> str:
    """The name compared for duplicates: "X完成率" under 产出 is the same indicator as "X"."""
    folded = fold(name)
    for suffix in _DUP_SUFFIXES:
        if folded.endswith(suffix) and len(folded) > len(suffix):
            return folded.removesuffix(suffix)
    return folded


_ABOVE, _BELOW = ("≥", ">"), ("≤", "<")


@rule("F15", W, "指标方向（指标性质）与指标类别不符")
def check_direction(ev: Evaluation, options: Options) -> Iterable[Issue]:
    """成本 with ≥/>; 数量/质量 with ≤/< unless a ceiling (事故数); 满意度 with ≤/<.

    Fails: ``level2: 经济成本指标, name: 统战特别费, operator: ≥, target: 17.4, unit: 万元``.
    """
    vocab = vocabulary_for(options)
    for ref in iter_indicators(ev):
        ind = ref.indicator
        kind = kind_of(ind, vocab)
        ceiling = vocab.has("ceiling_words", ind.name) is not None
        why = None
        if kind == "成本" and ind.operator in _ABOVE:
            why = "成本指标应为上限（≤），写成 ≥ 会鼓励多花钱"
        elif kind in ("数量", "质量") and ind.operator in _BELOW and not ceiling:
            why = f"{kind}指标一般为下限（≥）"
        elif kind == "满意度" and ind.operator in _BELOW and not ceiling:
            why = "满意度指标应为下限（≥）"
        if why:
            yield Issue(
                "F15",
                W,
                f"{ref.label}的指标性质为“{ind.operator}”：{why}",
                ref.at("operator"),
                hint="请核对指标性质；若确为上限类指标（如事故数），可忽略",
            )


@rule("F16", INFO, "目标过低（超额完成过多）")
def check_soft_target(ev: Evaluation, options: Options) -> Iterable[Issue]:
    """A/T ≥ 1.3 (T/A for ≤ indicators): no deduction under review standard 5, but a soft target.

    Fails: ``operator: ≥, target: 9, actual: 20`` (222%).
    """
    vocab = vocabulary_for(options)
    limit = vocab.number("soft_target_ratio")
    for ref in iter_indicators(ev):
        ind = ref.indicator
        t, a = ind.target, comparable_actual(ind, vocab)
        if ind.not_applicable or t is None or a is None or t <= 0 or a <= 0:
            continue
        if ind.operator in ("≥", ">", "="):
            ratio = a / t
        elif ind.operator in _BELOW:
            ratio = t / a
        else:
            continue
        if ratio >= limit:
            yield Issue(
                "F16",
                INFO,
                f"{ref.label}完成值为指标值的 {ratio_text(ratio)}"
                f"（{fmt_plain(a)} 对 {fmt_plain(t)}），目标可能定得过低",
                ref.at("actual"),
                expected=t,
                actual=a,
                difference=a - t,
                hint="下一年度设定目标时请参考本年实际完成值",
            )


_TEXT_FIELDS = ("deviation_reason", "justification", "actual_text")


@rule("F21", E, "满意度没有调查依据")
def check_satisfaction_basis(ev: Evaluation, options: Options) -> Iterable[Issue]:
    """A satisfaction value drawn from "no complaints" (error), or with no survey in its evidence.

    Review standard 4 gives 0 points to either. A missing survey is a warning only, because the
    evidence list is optional in the input and may simply not have been recorded.
    """
    vocab = vocabulary_for(options)
    for ref in iter_indicators(ev):
        ind = ref.indicator
        if ind.not_applicable or not ind.actual_text or not is_satisfaction(ind, vocab):
            continue
        texts = [getattr(ind, f) for f in _TEXT_FIELDS] + list(ind.evidence)
        basis = next((w for t in texts if (w := vocab.has("complaint_basis_words", t))), None)
        if basis:
            yield Issue(
                "F21",
                E,
                f"{ref.label}以“{basis}”等投诉情况代替满意度调查",
                ref.at("actual"),
                actual=ind.actual,
                hint="满意度应来自问卷调查（写明样本量和调查方式）；无投诉不等于满意",
            )
        elif not any(vocab.has("survey_words", e) for e in ind.evidence):
            detail = "没有佐证材料" if not ind.evidence else "佐证材料中没有满意度调查"
            yield Issue(
                "F21",
                W,
                f"{ref.label}填写了完成值 {ind.actual_text}，但{detail}",
                ref.at("evidence") if ind.evidence else ref.at("actual"),
                actual=ind.actual,
                hint="请在“佐证材料”（evidence）中列出调查问卷、样本量和调查时间",
            )


RULES = (
    check_unmeasurable,
    check_category_fit,
    check_management_measures,
    check_duplicates,
    check_direction,
    check_soft_target,
    check_satisfaction_basis,
)
