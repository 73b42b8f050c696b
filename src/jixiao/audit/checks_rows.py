"""Document-level checks on indicator rows: scores against target/actual/weight, weights and
scores against the form's totals, empty or copied actual values, unmeasurable targets."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache

from jixiao.audit.draft import indicator
from jixiao.audit.findings import ERROR, INFO, WARNING, issue, p, printed_tolerance
from jixiao.audit.funds import FundTable
from jixiao.audit.rows import IndicatorTable, Row
from jixiao.issues import Issue
from jixiao.score.indicator import score_indicator
from jixiao.score.scheme import DEFAULT_SCHEME, Scheme, load_scheme

TWO = Decimal("0.01")


def scheme_for_table(table: IndicatorTable) -> Scheme:
    """The scheme that fits the form: Sichuan 0013zp prints 权重 and a 度量单位 column."""
    name = "sichuan-0013zp" if table.weight_word == "权重" else DEFAULT_SCHEME
    return _scheme(name)


@lru_cache(maxsize=8)
def _scheme(name: str) -> Scheme:
    return load_scheme(name)


def expected_score(row: Row, weight: Decimal, scheme: Scheme) -> Decimal | None:
    """The engine's score (jixiao.score, rules.md §2.3) or None when it cannot judge the row."""
    result = score_indicator(indicator(row), weight, scheme)
    if result.issues:
        return None
    return result.score


def check_indicator_tables(tables: list[IndicatorTable], funds: list[FundTable]) -> Iterable[Issue]:
    for table in tables:
        exec_weight, exec_score = _exec_points(funds, table.start)
        scheme = scheme_for_table(table)
        for row in table.rows:
            yield from _row(table, row, scheme)
        if table.has_header:
            yield from _groups(table)
            yield from _totals(table, exec_weight, exec_score)


def _exec_points(funds: list[FundTable], start: int) -> tuple[Decimal | None, Decimal | None]:
    """The 执行率 weight and score of the form an indicator table belongs to.

    A form prints its money rows above its indicator rows, so the nearest fund table before the
    indicator table is its own; with several forms in one document the first would be wrong.
    """
    before = [t for t in funds if t.start <= start]
    candidates = list(reversed(before)) + [t for t in funds if t.start > start]
    for table in candidates:
        for row in table.rows:
            if row.is_total and row.number("weight") is not None:
                return row.number("weight"), row.number("score")
    return None, None


def _row(table: IndicatorTable, row: Row, scheme: Scheme) -> Iterable[Issue]:
    target, actual = row.get("target"), row.get("actual")
    weight, score = row.number("weight"), row.number("score")
    where = f"指标“{row.name}”"
    src = row.source
    if target is not None and actual is None and "actual" in table.order:
        yield issue("A-IND-01", ERROR, f"{where}的完成值为空", src, hint="请填写实际完成值")
    if actual is not None and actual.operator and actual.is_number:
        yield issue(
            "A-IND-02",
            ERROR,
            f"{where}的完成值写作“{actual.text}”，照抄了指标值（带比较符号），无法判断是否完成",
            row.sources.get("actual", src),
            hint="完成值应填写实际达到的数值",
        )
    op_cell = row.get("operator")
    op = op_cell.operator if op_cell is not None else (target.operator if target else None)
    quantitative = op in ("≥", "≤", "=", ">", "<") and target is not None and target.is_number
    if quantitative and actual is not None and not actual.is_number:
        yield issue(
            "A-IND-06",
            ERROR,
            f"{where}是定量指标，完成值却写作“{actual.text}”，不是数值",
            row.sources.get("actual", src),
            hint="定量指标的完成值应填写实际数值（rules.md V-IND-03）",
        )
    if target is not None and not target.is_number and not re.search(r"\d", target.text):
        yield issue(
            "A-IND-05", INFO, f"{where}的指标值“{target.text}”不可衡量（没有数值或判断标准）", src
        )
    if weight is not None and score is not None and score > weight:
        yield issue(
            "A-IND-04",
            ERROR,
            f"{where}得分 {p(score)} 超过分值 {p(weight)}",
            row.sources.get("score", src),
            weight,
            score,
        )
    if (
        weight is not None
        and score is not None
        and score < weight
        and "reason" in table.order
        and "reason" not in row.cells
    ):
        yield issue(
            "A-REQ-02",
            WARNING,
            f"{where}未得满分（{p(score)}/{p(weight)}），但没有说明偏差原因",
            row.sources.get("score", src),
            hint="请填写偏差原因分析及改进措施",
        )
    yield from _score(row, where, scheme, table.order)


def _score(row: Row, where: str, scheme: Scheme, order: tuple[str, ...]) -> Iterable[Issue]:
    target, actual = row.get("target"), row.get("actual")
    weight, score = row.number("weight"), row.number("score")
    if None in (target, actual, weight, score):
        return
    assert target is not None and actual is not None and weight is not None and score is not None
    if not (target.is_number and actual.is_number) or actual.operator:
        return
    unit_t, unit_a = target.unit_or_percent, actual.unit_or_percent
    if unit_t and unit_a and unit_t != unit_a:
        return
    op_cell = row.get("operator")
    op = op_cell.operator if op_cell is not None else target.operator
    assert target.number is not None and actual.number is not None
    if op is None and "operator" in order:
        yield issue(
            "A-IND-03",
            ERROR,
            f"{where}的指标性质为空，无法计分",
            row.source,
            hint="指标性质应为 ≥ ≤ = > < 定性 之一",
        )
        return
    if op is None:  # the national layout prints no operator: a target reached is met (≥)
        row = _with_operator(row, "≥")
    found = expected_score(row, weight, scheme)
    if found is None:
        return
    expected = found.quantize(TWO)
    if abs(expected - score) > printed_tolerance(score, minimum=TWO):
        yield issue(
            "A-SCORE-01",
            ERROR,
            f"{where}：指标值 {op or ''}{p(target.number)}，完成值 {p(actual.number)}，分值 "
            f"{p(weight)}，按评分规则应得 {p(expected)} 分，表中为 {p(score)} 分",
            row.sources.get("score", row.source),
            expected,
            score,
        )


def _with_operator(row: Row, op: str) -> Row:
    from jixiao.audit.values import Value

    copy = Row(row.name, row.source, row.level1, row.level2, dict(row.cells), dict(row.sources))
    copy.cells["operator"] = Value(op, operator=op)
    return copy


def _groups(table: IndicatorTable) -> Iterable[Issue]:
    for group, (stated, src) in table.groups.items():
        if group not in table.closed_groups:
            continue
        weights = [r.number("weight") for r in table.rows if r.level1 == group]
        if not weights or any(w is None for w in weights):
            continue
        summed = sum((w for w in weights if w is not None), Decimal(0))
        if summed != stated:
            yield issue(
                "A-WGT-01",
                ERROR,
                f"{group}标注 {p(stated)} 分，其下三级指标分值之和为 {p(summed)} 分",
                src,
                stated,
                summed,
            )


def _totals(
    table: IndicatorTable, exec_weight: Decimal | None, exec_score: Decimal | None
) -> Iterable[Issue]:
    if table.total_weight is not None:
        stated, src = table.total_weight
        weights = [r.number("weight") for r in table.rows]
        if weights and all(w is not None for w in weights):
            summed = sum((w for w in weights if w is not None), Decimal(0)) + (exec_weight or 0)
            if summed != stated:
                what = "预算执行率分值与各指标分值" if exec_weight is not None else "各指标分值"
                yield issue(
                    "A-WGT-02",
                    ERROR,
                    f"{what}之和为 {p(summed)}，而总分分值为 {p(stated)}",
                    src,
                    stated,
                    summed,
                )
    if table.total_score is not None:
        stated, src = table.total_score
        scores = [r.number("score") for r in table.rows]
        if scores and all(s is not None for s in scores):
            summed = sum((s for s in scores if s is not None), Decimal(0)) + (exec_score or 0)
            if abs(summed - stated) > TWO:
                yield issue(
                    "A-TOT-01",
                    ERROR,
                    f"总分得分 {p(stated)} 不等于各项得分之和 {p(summed)}",
                    src,
                    summed,
                    stated,
                )


_STANDARD = re.compile(r"(产出|效益|满意度)指标\s*(\d+(?:\.\d+)?)\s*分")


def check_standard_split(text: str, tables: list[IndicatorTable]) -> Iterable[Issue]:
    """A form's own note ("一级指标分值统一设置为：产出指标50分…") against its group weights."""
    for sentence in re.split(r"[。;；]", text):
        if not re.search(r"统一设置|原则上|统一为", sentence):
            continue
        standard = {f"{m.group(1)}指标": Decimal(m.group(2)) for m in _STANDARD.finditer(sentence)}
        if len(standard) < 2:
            continue
        for table in tables:
            for group, (stated, src) in table.groups.items():
                norm = standard.get(group)
                if norm is not None and norm != stated:
                    yield issue(
                        "A-WGT-03",
                        WARNING,
                        f"{group}分值为 {p(stated)} 分，而表中说明要求统一设置为 {p(norm)} 分",
                        src,
                        norm,
                        stated,
                    )
        return
