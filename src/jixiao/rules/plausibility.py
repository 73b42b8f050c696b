"""Claims the rest of the record does not support (review.md §2 A and C).

F01 all full marks while other faults fire; F07 output counted while the text says the work is
unfinished; F08 a 时效 completion dated after the budget year; F09 output met with almost no
money spent; F20 no evidence. Heuristics read from words and dates, so warnings unless the
record contradicts itself outright.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from decimal import Decimal

from jixiao.issues import Issue, Severity
from jixiao.model import Evaluation, Indicator, Project
from jixiao.number import fmt_percent
from jixiao.rules import Options, rule
from jixiao.rules import indicator_quality as quality
from jixiao.rules.refs import (
    IndicatorRef,
    is_met,
    is_satisfaction,
    iter_indicators,
    kind_of,
    restates_target,
)
from jixiao.vocabulary import Vocabulary, vocabulary_for

E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
_DATE = re.compile(r"(\d{4})\s*(?:年|[-/.])\s*(\d{1,2})")
_IND_TEXTS = ("actual_text", "deviation_reason", "justification")


def _counted_done(ind: Indicator, vocab: Vocabulary) -> bool:
    """Scored at full weight, or (without a score) an actual that meets the target."""
    if ind.score is not None and ind.weight is not None:
        return ind.score >= ind.weight
    if ind.is_qualitative:
        return ind.band == "A"
    return is_met(ind, vocab) is True


def _project_refs(ev: Evaluation) -> dict[int, list[IndicatorRef]]:
    out: dict[int, list[IndicatorRef]] = {}
    for ref in iter_indicators(ev):
        if ref.project is not None and not ref.indicator.not_applicable:
            out.setdefault(ev.projects.index(ref.project), []).append(ref)
    return out


def _project_texts(project: Project, refs: list[IndicatorRef]) -> Iterator[tuple[str, str]]:
    yield "年度目标完成情况", project.goal_result
    for key in ("completion", "implementation", "administration", "problems", "benefits"):
        yield key, project.sections.get(key, "")
    for ref in refs:
        for field in _IND_TEXTS:
            yield f"指标“{ref.indicator.name}”", getattr(ref.indicator, field)


@rule("F07", W, "未验收或未完工却按完成计分")
def check_unfinished_counted(ev: Evaluation, options: Options) -> Iterable[Issue]:
    """The project's text says 待验收/尚在实施/未完工 while a 数量/质量 indicator counts as done.

    Fails: ``sections.completion: 3个社区已完成建设，待验收`` with 建设社区数 scored 15/15.
    """
    vocab = vocabulary_for(options)
    for pi, refs in _project_refs(ev).items():
        project = ev.projects[pi]
        found = next(
            (
                (where, w)
                for where, t in _project_texts(project, refs)
                if (w := vocab.has("unfinished_words", t))
            ),
            None,
        )
        done = [r for r in refs if kind_of(r.indicator, vocab) in ("数量", "质量")]
        done = [r for r in done if _counted_done(r.indicator, vocab)]
        if found and done:
            where, word = found
            yield Issue(
                "F07",
                W,
                f"项目“{project.name}”{where}中写有“{word}”，但{done[0].label}按已完成计分",
                done[0].at("actual"),
                hint="尚未完工或验收的产出不应按完成计分；请按验收结果填写完成值",
            )


@rule("F08", E, "时效指标完成时间晚于预算年度")
def check_late_completion(ev: Evaluation, options: Options) -> Iterable[Issue]:
    """A 时效 indicator whose actual or remarks date the completion after the budget year, yet
    counted as done. Fails: FY2021, ``actual: 2022年3月完成`` with score 10/10.
    """
    vocab = vocabulary_for(options)
    if not ev.year:
        return
    for ref in iter_indicators(ev):
        ind = ref.indicator
        if ind.not_applicable or kind_of(ind, vocab) != "时效":
            continue
        if ind.score is not None and ind.weight is not None and ind.score < ind.weight:
            continue
        texts = " ".join(getattr(ind, f) for f in _IND_TEXTS)
        late = [m for m in _DATE.finditer(texts) if int(m.group(1)) > ev.year]
        if late:
            year = int(late[0].group(1))
            yield Issue(
                "F08",
                E,
                f"{ref.label}写明的完成时间“{late[0].group(0)}”晚于预算年度 {ev.year} 年，却未扣分",
                ref.at("actual"),
                expected=Decimal(ev.year),
                actual=Decimal(year),
                difference=Decimal(year - ev.year),
                hint="预算年度内未完成的时效指标应按实际完成时间扣分",
            )


def _execution(project: Project) -> Decimal | None:
    row = project.total_row
    if row is not None and row.executed is not None and row.adjusted:
        return row.executed / row.adjusted
    return project.execution_rate


@rule("F09", W, "产出与资金使用不匹配")
def check_output_vs_money(ev: Evaluation, options: Options) -> Iterable[Issue]:
    """A 数量 target met while less than 20% of the money was spent (郫都: 0.08% executed, 748 served).

    Fails: funding 总额 adjusted 132.81, executed 0.1, 服务人数 748 ≥ 100.
    """
    vocab = vocabulary_for(options)
    limit = vocab.number("output_execution_floor")
    for pi, refs in _project_refs(ev).items():
        project = ev.projects[pi]
        rate = _execution(project)
        if rate is None or rate >= limit:
            continue
        met = [
            r
            for r in refs
            if kind_of(r.indicator, vocab) == "数量" and is_met(r.indicator, vocab) is True
        ]
        if met:
            yield Issue(
                "F09",
                W,
                f"项目“{project.name}”预算执行率仅 {fmt_percent(rate)}，{met[0].label}却已达到目标",
                met[0].at("actual"),
                expected=limit,
                actual=rate,
                hint="请核实产出是否由本项目资金完成，或说明资金来源",
            )


@rule("F20", E, "无佐证资料")
def check_evidence(ev: Evaluation, options: Options) -> Iterable[Issue]:
    """Remarks saying 无佐证/无资料/未提供 (error: review standard 1 gives 0 points); and, once the
    file lists evidence for some indicators, the ones without any (info).
    """
    vocab = vocabulary_for(options)
    refs = [r for r in iter_indicators(ev) if not r.indicator.not_applicable]
    records_evidence = any(r.indicator.evidence for r in refs)
    for ref in refs:
        ind = ref.indicator
        texts = [getattr(ind, f) for f in _IND_TEXTS] + list(ind.evidence)
        word = next((w for t in texts if (w := vocab.has("no_evidence_words", t))), None)
        if word:
            yield Issue(
                "F20",
                E,
                f"{ref.label}注明“{word}”，完成值没有佐证",
                ref.at("actual"),
                actual=ind.score,
                hint="没有佐证资料的指标复核时计 0 分；请补充资料或如实填写完成值",
            )
        elif (
            records_evidence
            and not ind.evidence
            and ind.actual_text
            and not is_satisfaction(ind, vocab)  # F21 covers satisfaction
        ):
            yield Issue(
                "F20",
                INFO,
                f"{ref.label}没有列出佐证材料",
                ref.at("actual"),
                hint="请在“佐证材料”（evidence）中列出证明完成值的材料",
            )


_TELLING = (
    quality.check_unmeasurable,
    quality.check_satisfaction_basis,
    check_evidence,
)


@rule("F01", W, "几乎全部满分但存在其他问题")
def check_all_full_marks(ev: Evaluation, options: Options) -> Iterable[Issue]:
    """≥ 90% of scored indicators at full marks while F02/F10/F20/F21-type faults fire.

    Fails: 10 indicators all 10/10 and a satisfaction value "≥90%".
    """
    vocab = vocabulary_for(options)
    scored = [
        r.indicator
        for r in iter_indicators(ev)
        if not r.indicator.not_applicable
        and r.indicator.score is not None
        and r.indicator.weight is not None
    ]
    if len(scored) < int(vocab.number("full_marks_min_rows")):
        return
    full = sum(
        1 for i in scored if i.score is not None and i.weight is not None and i.score >= i.weight
    )
    share = Decimal(full) / len(scored)
    if share < vocab.number("full_marks_share"):
        return
    faults = sorted(
        {i.code for r in _TELLING for i in r.check(ev, options) if i.severity is not INFO}
    )
    copied = [r for r in iter_indicators(ev) if restates_target(r.indicator.actual_text)]
    if copied:
        faults = sorted({*faults, "F02"})
    if faults:
        yield Issue(
            "F01",
            W,
            f"{len(scored)} 个已评分指标中 {full} 个满分（{fmt_percent(share)}），"
            f"但同时存在 {'、'.join(faults)} 等问题",
            ev.meta.source,
            expected=Decimal(len(scored)),
            actual=Decimal(full),
            hint="全部满分而完成值、佐证存疑，复核时会被重点抽查",
        )


RULES = (
    check_unfinished_counted,
    check_late_completion,
    check_output_vs_money,
    check_evidence,
    check_all_full_marks,
)
