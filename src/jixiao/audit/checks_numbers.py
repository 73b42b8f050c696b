"""Document-level checks on amounts and rates: totals against their parts, stated rates and
shares against their amounts (at the precision printed), the budget bridge, and figures that
the document states twice with different values."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from jixiao.audit.document import Document, Paragraph
from jixiao.audit.facts import (
    CHANGE,
    Fact,
    canonical,
    clean_label,
    compact,
    label_before,
    sentences_in_table,
)
from jixiao.audit.findings import ERROR, WARNING, issue, p, printed_tolerance
from jixiao.audit.funds import FundTable
from jixiao.audit.stream import fold
from jixiao.issues import Issue
from jixiao.number import HUNDRED, stated_tolerance
from jixiao.source import Source

AMOUNT_TOL = Decimal("0.01")
_MONEY = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(万元|元|亿元)")
_OUTLINE = re.compile(
    r"[,，;；]\s*(\d+[.、．](?!\d)|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）])"
)
_SHARE = re.compile(r"^[，,]?[^，,。；;0-9]{0,3}占([^，,。；;0-9]{0,10}?)(\d+(?:\.\d+)?)%")


def check_fund_tables(tables: list[FundTable], facts: list[Fact]) -> Iterable[Issue]:
    for table in tables:
        yield from _total_vs_parts(table)
        for row in table.rows:
            yield from _row_rate(table, row)
        yield from _breakdowns(table, facts)
        yield from _adjustment_reason(table)


def _adjustment_reason(table: FundTable) -> Iterable[Issue]:
    """Sichuan 0013zp: a budget changed in the year needs its reason (rules.md §3, V-FUND-04)."""
    if "reason" not in table.columns:
        return
    for row in table.rows:
        initial, adjusted = row.number("initial"), row.number("adjusted")
        if not row.is_total or initial is None or adjusted is None or initial == adjusted:
            continue
        if "reason" not in row.values or not row.values["reason"][0].text.strip():
            yield issue(
                "A-REQ-03",
                WARNING,
                f"年初预算 {p(initial)} 与调整后预算 {p(adjusted)} 不同，未说明调整原因",
                row.values["adjusted"][1],
                initial,
                adjusted,
                hint="年中追加或调减预算须在“原因”栏说明",
            )


def _total_vs_parts(table: FundTable) -> Iterable[Issue]:
    totals = [r for r in table.rows if r.is_total]
    parts = [r for r in table.rows if not r.is_total]
    if len(totals) != 1 or not parts:
        return
    total = totals[0]
    names = {"initial": "年初预算数", "adjusted": "全年(调整后)预算数", "executed": "执行数"}
    for col, name in names.items():
        stated = total.number(col)
        values = [v for r in parts if (v := r.number(col)) is not None]
        if stated is None or not values:
            continue
        summed = sum(values, Decimal(0))
        if abs(summed - stated) > AMOUNT_TOL:
            src = total.values[col][1]
            yield issue(
                "A-SUM-01",
                ERROR,
                f"{total.label}的{name} {p(stated)}{table.unit} 不等于其下各行之和 {p(summed)}{table.unit}",
                src,
                summed,
                stated,
                hint="请核对合计行与明细行",
            )


def _row_rate(table: FundTable, row) -> Iterable[Issue]:  # type: ignore[no-untyped-def]
    rate, adjusted, executed = row.number("rate"), row.number("adjusted"), row.number("executed")
    if rate is None or adjusted is None or executed is None or adjusted == 0:
        return
    got = row.values["rate"][0]
    if not got.percent and rate <= 1 and executed > 0:
        rate = rate * HUNDRED  # a rate written as a fraction (0.86)
    computed = executed / adjusted * HUNDRED
    if abs(computed - rate) > stated_tolerance(rate):
        yield issue(
            "A-RATE-01",
            ERROR,
            f"{row.label}执行率写作 {got.text}，按执行数 {p(executed)} ÷ 预算数 {p(adjusted)} "
            f"应为 {p(computed.quantize(Decimal('0.01')))}%",
            row.values["rate"][1],
            computed.quantize(Decimal("0.01")),
            rate,
        )
    weight, score = row.number("weight"), row.number("score")
    if weight is not None and score is not None and row.is_total:
        expected = weight * min(computed / HUNDRED, Decimal(1))
        if abs(expected - score) > printed_tolerance(score, minimum=Decimal("0.01")):
            yield issue(
                "A-SCORE-02",
                ERROR,
                f"预算执行率得分 {p(score)} 与执行率 {p(computed.quantize(Decimal('0.01')))}% × 分值 "
                f"{p(weight)} = {p(expected.quantize(Decimal('0.01')))} 不符",
                row.values["score"][1],
                expected.quantize(Decimal("0.01")),
                score,
            )


def _breakdowns(table: FundTable, facts: list[Fact]) -> Iterable[Issue]:
    """ "按收入性质分" / "按支出性质分" totals must equal the year's budget or spending."""
    totals = [r for r in table.rows if r.is_total]
    if not totals:
        return
    total = totals[0]
    for fact in facts:
        m = re.match(r"^按(收入|支出)\S{0,4}分$", fact.label)
        if not m or fact.origin != "cell":
            continue
        col = "executed" if m.group(1) == "支出" else "adjusted"
        expected = total.number(col)
        if expected is not None and abs(expected - fact.value) > AMOUNT_TOL:
            name = "全年执行数" if col == "executed" else "全年预算数"
            yield issue(
                "A-SUM-03",
                ERROR,
                f"{fact.label} {p(fact.value)} 与{name} {p(expected)} 不一致",
                fact.source,
                expected,
                fact.value,
                hint="分类合计应等于资金总额；若执行率为 100%，支出分类之和也应等于执行数",
            )


def check_narrative(document: Document, skip: set[int]) -> Iterable[Issue]:
    for index, block in enumerate(document.blocks):
        if not isinstance(block, Paragraph):
            continue
        if index in skip:
            for piece in sentences_in_table(block):
                yield from _qizhong(piece)
        else:
            yield from _qizhong(block)


def _qizhong(paragraph: Paragraph) -> Iterable[Issue]:
    """ "总数X万元，其中：a万元；b万元" — the parts of a 其中 list against their total."""
    text = compact(fold(paragraph.text))
    for m in re.finditer(r"其中", text):
        total = _total_before(text, m.start())
        if total is None:
            continue
        t_value, t_unit, t_label = total
        end = text.find("。", m.end())
        segment = text[m.end() : end if end >= 0 else len(text)]
        outline = _OUTLINE.search(segment)
        if outline:  # a flattened document: the next numbered heading ends the list
            segment = segment[: outline.start()]
        if "其中" in segment:
            segment = segment[: segment.find("其中")]
        parts = []
        for a in _MONEY.finditer(segment):
            label = label_before(segment, a.start())
            if CHANGE.search(label) or a.group(2) != t_unit:
                continue
            parts.append((Decimal(a.group(1)), clean_label(label), a.end()))
        src = _src(paragraph.source, m.start())
        for value, label, at in parts:
            share = _SHARE.match(segment[at:])
            if share and t_value and _same_base(share.group(1), t_label):
                stated = Decimal(share.group(2))
                computed = value / t_value * HUNDRED
                if abs(computed - stated) > stated_tolerance(stated):
                    yield issue(
                        "A-RATE-02",
                        ERROR,
                        f"{label or '该项'}占比写作 {share.group(2)}%，按 {p(value)} ÷ {p(t_value)} "
                        f"应为 {p(computed.quantize(Decimal('0.01')))}%",
                        src,
                        computed.quantize(Decimal("0.01")),
                        stated,
                    )
        if len(parts) < 2:
            continue
        summed = sum((v for v, _, _ in parts), Decimal(0))
        tol = printed_tolerance(t_value)  # parts are taken as exact; the total as printed
        if summed - t_value > tol:
            yield issue(
                "A-SUM-02",
                ERROR,
                f"“其中”所列各项之和 {p(summed)}{t_unit} 大于总数{t_label} {p(t_value)}{t_unit}",
                src,
                t_value,
                summed,
            )
        elif t_value - summed > tol:
            yield issue(
                "A-SUM-02",
                ERROR if len(parts) >= 2 and _exhaustive(segment) else WARNING,
                f"“其中”所列各项之和 {p(summed)}{t_unit} 小于总数{t_label} {p(t_value)}{t_unit}"
                f"（相差 {p(t_value - summed)}{t_unit}）",
                src,
                t_value,
                summed,
                hint="若“其中”只列了部分项目，请写明其余部分",
            )


def _same_base(base: str, total_label: str) -> bool:
    """ "占基本支出的62.5%" is a share of 基本支出, not of the 其中 total it follows."""
    named = canonical(base.rstrip("的比重"))
    return named is None or named == canonical(total_label)


def _exhaustive(segment: str) -> bool:
    """A list that says it names every part ("分别是", "包括…两部分") cannot fall short."""
    return bool(re.search(r"分别|[二两三四五六]类|[二两三四五六]部分|[二两三四五六]项", segment))


def _total_before(text: str, at: int) -> tuple[Decimal, str, str] | None:
    window = text[max(0, at - 80) : at]
    if "其中" in window:
        window = window[window.rfind("其中") + 2 :]
    found = None
    for a in _MONEY.finditer(window):
        label = label_before(window, a.start())
        if CHANGE.search(label):
            continue
        found = (Decimal(a.group(1)), a.group(2), clean_label(label))
    return found


def _src(src: Source, offset: int) -> Source:
    col = (src.column or 1) + offset if src.line is not None else None
    return Source(src.file, src.line, col, src.sheet, src.cell, src.page, src.paragraph, src.table)


MAIN_KEYS = ("年初预算", "调整后预算", "执行数", "编制数", "实有人数", "资产总额", "自评得分")


def check_facts(facts: list[Fact]) -> Iterable[Issue]:
    yield from _narrative_rates(facts)
    yield from _bridge(facts)
    yield from _contradictions(facts)


def _narrative_rates(facts: list[Fact]) -> Iterable[Issue]:
    by_line: dict[tuple[str, int | None, int | None, int | None], list[Fact]] = {}
    for f in facts:
        if f.origin == "text":
            s = f.source
            by_line.setdefault((s.file, s.line, s.page, s.paragraph), []).append(f)
    for group in by_line.values():
        keyed: dict[str, Fact] = {}
        for f in group:
            keyed.setdefault(f.key, f)
        rate, executed = keyed.get("预算执行率"), keyed.get("执行数")
        budget = keyed.get("调整后预算")
        if not (rate and executed and budget) or budget.value == 0 or rate.unit != "%":
            continue
        computed = executed.value / budget.value * HUNDRED
        if abs(computed - rate.value) > stated_tolerance(rate.value):
            yield issue(
                "A-RATE-01",
                ERROR,
                f"执行率写作 {p(rate.value)}%，按 {p(executed.value)} ÷ {p(budget.value)} 应为 "
                f"{p(computed.quantize(Decimal('0.01')))}%",
                rate.source,
                computed.quantize(Decimal("0.01")),
                rate.value,
            )


def _main(facts: list[Fact], key: str) -> Fact | None:
    for f in facts:
        if f.key == key and not f.subject and f.unit in ("万元", "元"):
            return f
    return None


def _bridge(facts: list[Fact]) -> Iterable[Issue]:
    """年初 + 追加 + 上级下达 = 调整后预算 (rules.md V-RPT-03)."""
    initial, adjusted = _main(facts, "年初预算"), _main(facts, "调整后预算")
    additions = [f for f in (_main(facts, "追加预算"), _main(facts, "上级下达")) if f]
    if not (initial and adjusted and additions) or initial.unit != adjusted.unit:
        return
    expected = initial.value + sum((f.value for f in additions), Decimal(0))
    if abs(adjusted.value - expected) > AMOUNT_TOL:
        parts = " + ".join(f"{f.label or f.key} {p(f.value)}" for f in [initial, *additions])
        yield issue(
            "A-SUM-04",
            WARNING,
            f"调整后预算 {p(adjusted.value)}{adjusted.unit} 无法由 {parts} = {p(expected)} 解释，"
            f"差额 {p(adjusted.value - expected)}{adjusted.unit} 未说明来源",
            adjusted.source,
            expected,
            adjusted.value,
            hint="请在报告中说明其余调整（追加、追减、结转等）",
        )


def _contradictions(facts: list[Fact]) -> Iterable[Issue]:
    """A standard figure the narrative states differently from the table (same subject)."""
    tables: dict[tuple[str, str, str, str], Fact] = {}
    for f in facts:
        if f.key in MAIN_KEYS and f.origin == "table":
            tables.setdefault((f.key, f.subject, f.project, f.unit), f)
    reported: set[tuple[str, str, str, str]] = set()
    for f in facts:
        slot = (f.key, f.subject, f.project, f.unit)
        table = tables.get(slot)
        if f.origin != "text" or table is None or table.value == f.value or slot in reported:
            continue
        reported.add(slot)
        subject = f"（{f.subject}）" if f.subject else ""
        yield issue(
            "A-NUM-01",
            WARNING,
            f"{f.key}{subject}在文中写作 {p(f.value)}，而表中（{table.source}）为 {p(table.value)}",
            f.source,
            table.value,
            f.value,
        )
