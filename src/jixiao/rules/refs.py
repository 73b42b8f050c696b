"""Walking an evaluation for the quality checks: every indicator and every narrative text, with
a label a person recognises (项目“劳务费”) and the place to correct it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal

from jixiao.model import (
    GOAL_CATEGORIES,
    PROJECT_SECTIONS,
    QUANTITATIVE,
    REPORT_SECTIONS,
    Evaluation,
    Indicator,
    Project,
)
from jixiao.source import Source
from jixiao.vocabulary import Vocabulary


@dataclass(frozen=True)
class IndicatorRef:
    """An indicator with its owner (a project or a department goal) and its position."""

    owner: str  # 项目“劳务费” / 部门目标“…”
    owner_key: str  # projects[0] / goals[1]: groups indicators of one table
    index: int
    indicator: Indicator
    project: Project | None = None

    @property
    def label(self) -> str:
        return f"{self.owner}指标“{self.indicator.name}”"

    def at(self, field: str) -> Source:
        """The source of one of the indicator's fields, with its logical path."""
        meta = self.indicator.meta
        if field in meta.fields:
            return meta.fields[field]
        # an absent field: the indicator's own line, with the field named in the path
        return meta.source.at(f"{self.owner_key}.indicators[{self.index}].{field}")


def iter_indicators(ev: Evaluation) -> Iterator[IndicatorRef]:
    """Project indicators first, then department goal indicators, in document order."""
    for pi, project in enumerate(ev.projects):
        for i, ind in enumerate(project.indicators):
            yield IndicatorRef(f"项目“{project.name}”", f"projects[{pi}]", i, ind, project)
    for gi, goal in enumerate(ev.goals):
        for i, ind in enumerate(goal.indicators):
            yield IndicatorRef(f"部门目标“{goal.name}”", f"goals[{gi}]", i, ind)


@dataclass(frozen=True)
class TextRef:
    """One narrative text: whose it is, which section, the text and where it is."""

    owner: str  # 部门报告 / 项目“劳务费”
    section: str  # 评价结论
    text: str
    source: Source


_PROJECT_SECTION_NAMES = dict(PROJECT_SECTIONS)
_GOAL_NAMES = dict(GOAL_CATEGORIES)
_REPORT_NAMES = dict(REPORT_SECTIONS)


def project_texts(project: Project, pi: int) -> Iterator[TextRef]:
    owner = f"项目“{project.name}”"
    base = f"projects[{pi}]"
    for key, title in (("annual_goal", "项目年度目标"), ("goal_result", "年度目标完成情况")):
        text = getattr(project, key)
        if text:
            yield TextRef(owner, title, text, _src(project.meta.of(key), f"{base}.{key}"))
    for key, text in project.goals.items():
        name = _GOAL_NAMES.get(key, key)
        yield TextRef(owner, name, text, _src(project.meta.of(f"goals.{key}"), f"{base}.goals"))
    for key, text in project.sections.items():
        name = _PROJECT_SECTION_NAMES.get(key, key)
        path = f"{base}.sections.{key}"
        yield TextRef(owner, name, text, _src(project.meta.of(f"sections.{key}"), path))


def iter_texts(ev: Evaluation) -> Iterator[TextRef]:
    """The department report's narrative, then each project's, in document order."""
    owner = "部门报告"
    if ev.unit.functions:
        yield TextRef(owner, "基本职能", ev.unit.functions, ev.unit.meta.of("functions"))
    for key, text in ev.report.items():
        name = _REPORT_NAMES.get(key, key)
        yield TextRef(owner, name, text, _src(ev.meta.of(f"report.{key}"), f"report.{key}"))
    for gi, goal in enumerate(ev.goals):  # part of the department report's section 三
        for key, title in (("target", "目标"), ("result", "完成情况")):
            text = getattr(goal, key)
            if text:
                src = _src(goal.meta.of(key), f"goals[{gi}].{key}")
                yield TextRef(owner, f"部门目标“{goal.name}”{title}", text, src)
    for pi, project in enumerate(ev.projects):
        yield from project_texts(project, pi)


def _src(src: Source, path: str) -> Source:
    return src if src.path else src.at(path)


def paragraphs(ref: TextRef) -> Iterator[tuple[str, Source]]:
    """The non-empty paragraphs of a text; a multi-paragraph text numbers them in the source."""
    parts = [p.strip() for p in ref.text.splitlines() if p.strip()]
    if len(parts) == 1:
        yield parts[0], ref.source
        return
    for i, part in enumerate(parts, start=1):
        yield part, replace(ref.source, paragraph=i)


def comparable_actual(ind: Indicator, vocab: Vocabulary) -> Decimal | None:
    """The actual in the target's unit (元 -> 万元), or None when missing or not comparable."""
    if ind.actual is None:
        return None
    target_unit, actual_unit = vocab.unit_of(ind.unit), vocab.unit_of(ind.actual_unit)
    if not target_unit or not actual_unit or target_unit == actual_unit:
        return ind.actual
    money = vocab.money_units
    if target_unit in money and actual_unit in money:
        return ind.actual * money[actual_unit] / money[target_unit]
    return None


def is_met(ind: Indicator, vocab: Vocabulary) -> bool | None:
    """Whether a quantitative indicator's actual meets its target; None when it cannot be told."""
    op, target, actual = ind.operator, ind.target, comparable_actual(ind, vocab)
    if op not in QUANTITATIVE or target is None or actual is None:
        return None
    if op == "=" and target == 0:  # "安全事故 = 0 起": any incident misses (rules.md §2.4)
        return actual == 0
    if op in ("≥", "="):  # "=" above target is over-completion, not a miss (rules.md §2.3)
        return actual >= target
    if op == ">":
        return actual > target
    if op == "≤":
        return actual <= target
    return actual < target


def kind_of(ind: Indicator, vocab: Vocabulary) -> str:
    """数量 / 质量 / 时效 / 成本 / 效益 / 满意度 / "" — the family an indicator belongs to."""
    level1 = vocab.level1_of(ind.level1) or ""
    level2 = vocab.level2_of(ind.level2) if ind.level2 else ""
    if level1 == "满意度指标" or "满意度" in level2:
        return "满意度"
    if level1 == "成本指标" or "成本" in level2:
        return "成本"
    for family in ("数量", "质量", "时效"):
        if level2.startswith(family):
            return family
    if level1 == "效益指标" or "效益" in level2 or "可持续" in level2:
        return "效益"
    return ""


def is_satisfaction(ind: Indicator, vocab: Vocabulary) -> bool:
    return kind_of(ind, vocab) == "满意度" or "满意" in ind.name


def ratio_text(value: Decimal) -> str:
    """A ratio as a percentage with one decimal (1.3 -> 130.0%)."""
    return f"{(value * 100).quantize(Decimal('0.1'))}%"


# Words count only next to a number: "以上措施" (the measures above) is not a comparison.
_RESTATE = re.compile(
    r"[≥≤<>=≧≦═＜＞＝]|(?:不低于|不少于|不高于|不超过|大于|小于|达到)\s*\d|\d\s*[%％]?\s*(?:以上|以下)"
)


def restates_target(text: str) -> bool:
    """True when a 完成值 carries an operator ("≥90%", "90%以上"): it restates the target (F02)."""
    return bool(_RESTATE.search(text))
