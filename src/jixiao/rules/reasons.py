"""Deviation reasons and "no problems" claims (review.md F23, F24).

F23: a reason that is a stock phrase naming no indicator, number or date, or the same reason
copied across projects. F24: 存在的问题 / 偏离原因 say "无" while the figures show a shortfall.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from jixiao.issues import Issue, Severity
from jixiao.model import Evaluation, Project
from jixiao.number import fmt_percent, fmt_plain
from jixiao.rules import Options, rule
from jixiao.rules.refs import IndicatorRef, is_met, iter_indicators
from jixiao.source import Source
from jixiao.vocabulary import Vocabulary, fold, vocabulary_for

W = Severity.WARNING
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Reason:
    owner: str
    label: str
    text: str
    name: str  # the indicator's name, which a specific reason would mention
    source: Source


def _reasons(ev: Evaluation, vocab: Vocabulary) -> Iterator[Reason]:
    for ref in iter_indicators(ev):
        ind = ref.indicator
        if not vocab.is_placeholder(ind.deviation_reason):
            src = ref.at("deviation_reason")
            yield Reason(ref.owner_key, ref.label, ind.deviation_reason, ind.name, src)
    for pi, p in enumerate(ev.projects):
        if not vocab.is_placeholder(p.execution_reason):
            src = p.meta.of("execution_reason")
            src = src if src.path else src.at(f"projects[{pi}].execution_reason")
            label = f"项目“{p.name}”执行率"
            yield Reason(f"projects[{pi}]", label, p.execution_reason, "执行率", src)
    deviations = ev.report.get("deviations", "")
    if not vocab.is_placeholder(deviations):
        src = ev.meta.of("report.deviations")
        yield Reason("report", "部门报告", deviations, "", src)


@rule("F23", W, "偏差原因为套话")
def check_boilerplate_reasons(ev: Evaluation, options: Options) -> Iterable[Issue]:
    """A reason made of stock phrases with no number and no indicator name; one reason for many.

    Fails: ``deviation_reason: 受客观原因影响，工作未全部完成`` on a missed indicator.
    """
    vocab = vocabulary_for(options)
    reasons = list(_reasons(ev, vocab))
    for r in reasons:
        phrase = vocab.has("boilerplate_reasons", r.text)
        specific = _DIGIT.search(r.text) or (r.name and fold(r.name) in fold(r.text))
        if phrase and not specific:
            yield Issue(
                "F23",
                W,
                f"{r.label}的偏差原因“{_short(r.text)}”是套话（“{phrase}”），"
                "没有指明具体指标、数字或时间",
                r.source,
                hint="请说明哪项指标差了多少、为什么、何时能补上",
            )
    by_text: dict[str, list[Reason]] = {}
    for r in reasons:
        if len(fold(r.text)) >= 6:
            by_text.setdefault(fold(r.text), []).append(r)
    for same in by_text.values():
        if len({r.owner for r in same}) < 2:
            continue
        others = "；".join(f"{r.label}（{r.source}）" for r in same[1:])
        yield Issue(
            "F23",
            W,
            f"{same[0].label}的偏差原因“{_short(same[0].text)}”在其他项目中原样重复：{others}",
            same[0].source,
            actual=Decimal(len(same)),
            hint="各项目应分别说明自己的偏差原因",
        )


def _short(text: str, limit: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def _execution(project: Project) -> Decimal | None:
    """The project's execution rate: recomputed from the 总额 row where possible, else as stated."""
    row = project.total_row
    if row is not None and row.executed is not None and row.adjusted:
        return row.executed / row.adjusted
    return project.execution_rate


def _shortfalls(refs: list[IndicatorRef], project: Project | None, vocab: Vocabulary) -> list[str]:
    """What contradicts a "no problems" statement: missed targets, docked scores, low execution."""
    found = []
    for ref in refs:
        ind = ref.indicator
        if ind.not_applicable:
            continue
        if is_met(ind, vocab) is False or (ind.is_qualitative and ind.band in ("B", "C")):
            found.append(f"指标“{ind.name}”未达到目标")
        elif ind.score is not None and ind.weight is not None and ind.score < ind.weight:
            found.append(f"指标“{ind.name}”得分 {fmt_plain(ind.score)}/{fmt_plain(ind.weight)}")
        elif not vocab.is_placeholder(ind.deviation_reason):
            found.append(f"指标“{ind.name}”填写了偏差原因")
    rate = _execution(project) if project is not None else None
    if rate is not None and rate < 1:
        found.append(f"预算执行率 {fmt_percent(rate)}")
    return found


def _denies(text: str, vocab: Vocabulary) -> bool:
    if vocab.is_placeholder(text):
        return True
    return any(re.search(p, text) for p in vocab.words.get("denial_patterns", ()))


@rule("F24", W, "称无问题但数据显示存在偏差")
def check_no_problems_claim(ev: Evaluation, options: Options) -> Iterable[Issue]:
    """存在的问题 "无" (or 偏离原因 "无") while a target is missed, a score docked or money unspent.

    Fails: a project with 执行率 85% whose ``sections.problems`` is ``无。``.
    """
    vocab = vocabulary_for(options)
    by_owner: dict[str, list[IndicatorRef]] = {}
    for ref in iter_indicators(ev):
        by_owner.setdefault(ref.owner_key, []).append(ref)
    everything: list[str] = []
    for pi, project in enumerate(ev.projects):
        found = _shortfalls(by_owner.get(f"projects[{pi}]", []), project, vocab)
        everything += [f"项目“{project.name}”{f}" for f in found]
        if "problems" not in project.sections or not found:
            continue
        text = project.sections["problems"]
        if _denies(text, vocab):
            src = project.meta.of("sections.problems")
            yield Issue(
                "F24",
                W,
                f"项目“{project.name}”称存在的问题“{_short(text) or '（空）'}”，"
                f"但{'；'.join(found[:3])}",
                src if src.path else src.at(f"projects[{pi}].sections.problems"),
                actual=_execution(project),
                hint="请如实写出未完成的指标、未执行的资金及其原因",
            )
    funds = ev.funds
    if funds.final is not None and funds.adjusted:
        rate = funds.final / funds.adjusted
        if rate < 1:
            everything.append(f"部门预算执行率 {fmt_percent(rate)}")
    for gi, goal in enumerate(ev.goals):
        found = _shortfalls(by_owner.get(f"goals[{gi}]", []), None, vocab)
        everything += [f"部门目标“{goal.name}”{f}" for f in found]
    deviations = ev.report.get("deviations")
    if deviations is not None and everything and _denies(deviations, vocab):
        yield Issue(
            "F24",
            W,
            f"部门报告称偏离绩效目标的原因“{_short(deviations) or '（空）'}”，"
            f"但{'；'.join(everything[:3])}",
            ev.meta.of("report.deviations"),
            actual=Decimal(len(everything)),
            hint="请逐项说明偏离目标的原因和改进措施",
        )


RULES = (check_boilerplate_reasons, check_no_problems_claim)
