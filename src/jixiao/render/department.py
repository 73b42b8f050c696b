"""Content of the 部门预算整体绩效自评报告 (rules.md §5a): figures computed, then worded.

Each builder returns the paragraphs for one ``content:`` key of the wording outline, or an empty
list when the model has nothing for it (the composer then prints a visible placeholder). Shares,
changes and totals are computed from the amounts; a stated share that disagrees is the check's
business, never printed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from jixiao.model import Breakdown, Evaluation, Line
from jixiao.render.wording import Wording, change, money, percent, stated_change


@dataclass(frozen=True)
class Context:
    ev: Evaluation
    wording: Wording


Builder = Callable[[Context], list[str]]


def paragraphs(text: str) -> list[str]:
    """Narrative text as paragraphs: one per non-empty line."""
    return [line.strip() for line in text.splitlines() if line.strip()]


# A figure in running text, keyed by the two characters before it ("执行率100", "算数1339.13"),
# so "执行率100%" and "代缴率100%" stay different facts. A year ("2021年") is not a figure.
_FIGURE_RE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(?![\d.])(?!年)")
_CLAUSE_RE = re.compile(r"([^，。；：]*[，。；：]?)")


def _figure_keys(text: str) -> set[str]:
    return {text[max(0, m.start() - 2) : m.start()] + m.group(1) for m in _FIGURE_RE.finditer(text)}


def merge(generated: list[str], text: str) -> list[str]:
    """The computed sentences, then the narrative without the clauses that only restate them.

    A narrative clause whose every figure is already stated by a computed sentence (same figure,
    same words before it) is dropped, so the document states each figure once, as computed; the
    narrative's other words (purposes, reasons) are kept.
    """
    keys = set().union(*(_figure_keys(g) for g in generated)) if generated else set()
    clauses_done = {c for g in generated for c in _CLAUSE_RE.findall(g) if c}
    out = list(generated)
    for para in paragraphs(text):
        kept: list[str] = []
        for clause in (c for c in _CLAUSE_RE.findall(para) if c):
            figures = _figure_keys(clause)
            restated = bool(figures) and figures <= keys
            if restated or clause in clauses_done:
                if clause[-1:] in "。；" and kept and kept[-1][-1:] in "，：":
                    kept[-1] = kept[-1][:-1] + clause[-1]
                continue
            kept.append(clause)
        rest = "".join(kept).lstrip("，；。：")
        if rest.startswith("其中") and not rest.startswith("其中："):
            rest = rest.removeprefix("其中")
        if rest:
            out.append(rest)
    return out


def _sum(lines: Sequence[Line]) -> Decimal | None:
    amounts = [x.amount for x in lines if x.amount is not None]
    return sum(amounts, Decimal(0)) if amounts else None


def _sentence(parts: list[str]) -> str:
    return "".join(parts)


def _shares(ctx: Context, lines: Sequence[Line], total: Decimal | None) -> str:
    """ "社会保障和就业支出1025.72万元，占92.73%；住房保障支出80.36万元，占7.27%"."""
    items = []
    for line in lines:
        if line.amount is None:
            continue
        if total:
            share = percent(line.amount / total)
            items.append(
                ctx.wording.say(
                    "share_item", name=line.name, amount=money(line.amount), share=share
                )
            )
        else:
            items.append(
                ctx.wording.say("breakdown_item", name=line.name, amount=money(line.amount))
            )
    return "；".join(items)


def unit_functions(ctx: Context) -> list[str]:
    return paragraphs(ctx.ev.unit.functions)


def staffing(ctx: Context) -> list[str]:
    s, say = ctx.ev.staffing, ctx.wording.say
    parts = [
        say(f"staffing_{key}", year=ctx.ev.year, **{key: value})
        for key, value in (
            ("authorized", s.authorized),
            ("actual", s.actual),
            ("retired", s.retired),
            ("contract", s.contract),
        )
        if value is not None
    ]
    text = _sentence(parts)
    if text.endswith("，"):
        text = text[:-1] + "。"
    return merge([text] if text else [], s.text)


def assets(ctx: Context) -> list[str]:
    a, say = ctx.ev.assets, ctx.wording.say
    total = _sum(a.items) if a.items else a.total
    if total is None:
        return []
    items = []
    for line in a.items:
        if line.amount is None:
            continue
        share = percent(line.amount / total) if total else "—"
        yoy = _line_change(line)
        key = "asset_item" if yoy else "asset_item_no_change"
        name = f"{line.name}（{line.note}）" if line.note and len(line.note) <= 10 else line.name
        items.append(say(key, name=name, amount=money(line.amount), change=yoy, share=share))
    text = say("assets_total", kind=a.kind or "国有资产", total=money(total))
    if items:
        text += say("assets_items", items="；".join(items))
    return [text]


def _line_change(line: Line) -> str | None:
    if line.amount is not None and line.prior is not None:
        return change(line.amount, line.prior)
    return stated_change(line.change) if line.change is not None else None


def initial_budget(ctx: Context) -> list[str]:
    f, say, out = ctx.ev.funds, ctx.wording.say, []
    total = _sum(f.by_function) if f.by_function else f.initial
    if total is not None:
        text = say("initial_total", year=ctx.ev.year, total=money(total))
        if f.by_function:
            text += say("initial_functions", items=_shares(ctx, f.by_function, total))
        out.append(text)
    kinds = [x for x in (f.basic, f.project) if x is not None and x.amount is not None]
    if kinds:
        spend = _sum(kinds)
        out.append(
            say(
                "spending_total", total=money(spend or Decimal(0)), items=_shares(ctx, kinds, spend)
            )
        )
    return out


def basic_spending(ctx: Context) -> list[str]:
    f, say = ctx.ev.funds, ctx.wording.say
    parts = [x for x in (f.personnel, f.public) if x is not None and x.amount is not None]
    total = _sum(parts) if parts else (f.basic.amount if f.basic else None)
    if total is None:
        return []
    items = []
    for line in parts:
        note = line.note.strip().rstrip("。")
        key = "basic_item" if note else "basic_item_no_note"
        items.append(say(key, name=line.name, amount=money(line.amount or Decimal(0)), note=note))
    text = say("basic_total", year=ctx.ev.year, total=money(total), items="。".join(items))
    return [text.replace("其中：。", "")]


def project_spending(ctx: Context) -> list[str]:
    return paragraphs(ctx.ev.funds.project_text)


def _breakdown(ctx: Context, b: Breakdown, key: str) -> list[str]:
    say, total = ctx.wording.say, (_sum(b.items) if b.items else b.total)
    out = []
    if total is not None:
        text = say(key, year=ctx.ev.year, total=money(total))
        named = [
            say("breakdown_item", name=x.name, amount=money(x.amount))
            for x in b.items
            if x.amount is not None
        ]
        if named:
            text += say("breakdown_items", items="；".join(named))
        out.append(text)
    return merge(out, b.text)


def additions(ctx: Context) -> list[str]:
    f = ctx.ev.funds
    out = _breakdown(ctx, f.additions, "breakdown_additions")
    return out + _breakdown(ctx, f.reductions, "reductions")


def special(ctx: Context) -> list[str]:
    return _breakdown(ctx, ctx.ev.funds.special, "breakdown_special")


def other_funds(ctx: Context) -> list[str]:
    f, say = ctx.ev.funds, ctx.wording.say
    out = _breakdown(ctx, f.superior, "breakdown_superior")
    out += _breakdown(ctx, f.other, "breakdown_other")
    c, tail = f.carryover, []
    if c.prior is not None:
        tail.append(say("carryover_prior", prior=money(c.prior)))
    if c.ending is not None:
        key = "carryover_none" if c.ending == 0 else "carryover_ending"
        tail.append(say(key, year=ctx.ev.year, ending=money(c.ending)))
    if tail:
        if out:
            out[-1] += "".join(tail)
        else:
            out.append("".join(tail))
    return merge(out, c.text)


def other_notes(ctx: Context) -> list[str]:
    return paragraphs(ctx.ev.funds.other_notes)


def annual_goals(ctx: Context) -> list[str]:
    f, out = ctx.ev.funds, []
    if f.adjusted is not None and f.final is not None:
        rate = percent(f.final / f.adjusted) if f.adjusted else "—"
        out.append(
            ctx.wording.say(
                "execution", adjusted=money(f.adjusted), final=money(f.final), rate=rate
            )
        )
    narrative = ctx.ev.report.get("annual_goals", "")
    if not narrative.strip():  # the narrative, when given, already tells the goals in full
        for goal in ctx.ev.goals:
            line = "：".join(x for x in (goal.name, goal.target) if x)
            out.append(f"{line}。{goal.result}" if goal.result else line)
    return merge(out, narrative)


def publication(ctx: Context) -> list[str]:
    p = ctx.ev.publication
    if p.channel and p.channel not in p.measures:
        return [*paragraphs(p.measures), ctx.wording.say("publication_channel", channel=p.channel)]
    return paragraphs(p.measures)


def department_ratios(ctx: Context) -> list[str]:
    """The 财预〔2013〕53号 department ratios that can be computed, with their formulas."""
    from jixiao.derive import department_ratios as compute

    # a computable ratio's formula ends with " = <value>", which the sentence states first
    return [
        f"{r.name}{percent(r.value)}（{r.formula.rsplit(' = ', 1)[0]}）。"
        for r in compute(ctx.ev)
        if r.value is not None
    ]


BUILDERS: dict[str, Builder] = {
    "department_ratios": department_ratios,
    "unit_functions": unit_functions,
    "staffing": staffing,
    "assets": assets,
    "initial_budget": initial_budget,
    "basic_spending": basic_spending,
    "project_spending": project_spending,
    "additions": additions,
    "special": special,
    "other_funds": other_funds,
    "other_notes": other_notes,
    "annual_goals": annual_goals,
    "publication": publication,
}
