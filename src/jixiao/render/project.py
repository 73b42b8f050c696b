"""Content of one 项目支出绩效自评报告 (rules.md §5b) and the project's computed money figures."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from jixiao.model import GOAL_CATEGORIES, Evaluation, FundingRow, Indicator, Project
from jixiao.number import fmt_amount, fmt_plain
from jixiao.render.department import merge, paragraphs
from jixiao.render.wording import Wording, money, percent
from jixiao.score.result import ProjectScore

TOTAL_SOURCES = ("总额", "年度资金总额")


@dataclass(frozen=True)
class Money:
    """A project's 年初 / 调整后(全年) / 执行 totals, summed from the source rows when given."""

    initial: Decimal | None
    adjusted: Decimal | None
    executed: Decimal | None

    @property
    def rate(self) -> Decimal | None:
        if self.adjusted is None or self.executed is None or self.adjusted == 0:
            return None
        return self.executed / self.adjusted


def sub_rows(p: Project) -> list[FundingRow]:
    return [r for r in p.funding if r.source not in TOTAL_SOURCES]


def project_money(p: Project) -> Money:
    """The total row, each column computed as the sum of the source rows where they have it."""
    total = p.total_row
    subs = sub_rows(p) if p.row("总额") or p.row("年度资金总额") or len(p.funding) > 1 else []

    def column(name: str) -> Decimal | None:
        values = [getattr(r, name) for r in subs if getattr(r, name) is not None]
        if values:
            return sum(values, Decimal(0))
        return getattr(total, name) if total is not None else None

    return Money(column("initial"), column("adjusted"), column("executed"))


@dataclass(frozen=True)
class ProjectContext:
    ev: Evaluation
    wording: Wording
    project: Project
    score: ProjectScore | None

    @property
    def money(self) -> Money:
        return project_money(self.project)


ProjectBuilder = Callable[[ProjectContext], list[str]]


def indicator_target(ind: Indicator, with_operator: bool = True) -> str:
    """The 指标值 as printed: "≥90%" (national, combined) or "90" (Sichuan, unit apart)."""
    if ind.target is None:
        return ind.target_text
    value = fmt_plain(ind.target)
    if not with_operator:
        return value
    op = ind.operator if ind.operator and ind.operator != "定性" else ""
    return f"{op}{value}{ind.unit}"


def indicator_actual(ind: Indicator, with_unit: bool = False) -> str:
    if ind.actual is None:
        return ind.actual_text
    return fmt_plain(ind.actual) + ((ind.actual_unit or ind.unit) if with_unit else "")


def goals(ctx: ProjectContext) -> list[str]:
    """（1）数量指标：… in the seed's order, from the narrative goals, else from the indicators."""
    p, say = ctx.project, ctx.wording.say
    out: list[str] = []
    for key, label in GOAL_CATEGORIES:
        text = _without_label(p.goals.get(key, "").strip(), label)
        if not text:
            named = [_goal_phrase(i) for i in p.indicators if _category(i) == label]
            text = "；".join(named) + "。" if named else ""
        if text:
            out.append(say("goal_line", n=len(out) + 1, category=label, text=text))
    return out


def _goal_phrase(ind: Indicator) -> str:
    """ "参保人员满意度≥90%"; a qualitative target that repeats the name is said once."""
    target = indicator_target(ind)
    if not target or target == ind.name or ind.name.endswith(target):
        return ind.name
    if target.startswith(ind.name):
        return target
    return f"{ind.name}{target}"


def _without_label(text: str, label: str) -> str:
    """The goal text without a leading "数量指标：" that the goal line prints anyway."""
    for sep in ("：", ":"):
        if text.startswith(label + sep):
            return text[len(label) + 1 :].lstrip()
    return text


def _category(ind: Indicator) -> str:
    level2 = ind.level2 or ind.level1
    if "满意度" in level2:
        return "满意度指标"
    if "成本" in level2:
        return "成本指标"
    return level2 if level2.endswith("指标") else level2 + "指标"


def arrival(ctx: ProjectContext) -> list[str]:
    m, p, out = ctx.money, ctx.project, []
    if m.adjusted is not None and p.arrived is not None and m.adjusted:
        rate = percent(p.arrived / m.adjusted)
        out.append(
            ctx.wording.say(
                "project_arrival", adjusted=money(m.adjusted), arrived=money(p.arrived), rate=rate
            )
        )
    return merge(out, p.sections.get("arrival", ""))


def _execution(ctx: ProjectContext, key: str) -> list[str]:
    m = ctx.money
    if m.adjusted is None or m.executed is None:
        return []
    rate = percent(m.rate) if m.rate is not None else "—"
    return [
        ctx.wording.say(
            key,
            project=ctx.project.name,
            adjusted=money(m.adjusted),
            executed=money(m.executed),
            rate=rate,
        )
    ]


def use(ctx: ProjectContext) -> list[str]:
    return merge(_execution(ctx, "project_use"), ctx.project.sections.get("use", ""))


def completion(ctx: ProjectContext) -> list[str]:
    p = ctx.project
    out = _execution(ctx, "project_completion")
    # The reasons belong to the money table in the Sichuan form; the national form has no
    # cell for them, so the report states them where it states the execution rate.
    if p.execution_reason:
        out.append(ctx.wording.say("project_execution_reason", reason=p.execution_reason))
    if p.adjustment_reason:
        out.append(ctx.wording.say("project_adjustment_reason", reason=p.adjustment_reason))
    return merge(out, p.sections.get("completion", ""))


def score_sentence(ctx: ProjectContext) -> list[str]:
    if ctx.score is None:
        return []
    total = fmt_amount(ctx.score.total)
    return [ctx.wording.say("project_score", total=total, grade=ctx.score.grade)]


def conclusion(ctx: ProjectContext) -> list[str]:
    return merge(score_sentence(ctx), ctx.project.sections.get("conclusion", ""))


PROJECT_BUILDERS: dict[str, ProjectBuilder] = {
    "goals": goals,
    "arrival": arrival,
    "use": use,
    "completion": completion,
    "conclusion": conclusion,
}


def section_builder(key: str) -> ProjectBuilder:
    def build(ctx: ProjectContext) -> list[str]:
        return paragraphs(ctx.project.sections.get(key, ""))

    return build
