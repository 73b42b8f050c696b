"""Department ratios of the 2013 common framework (财预〔2013〕53号, rules.md §4.1).

Each ratio is computed only where its inputs exist; a zero denominator follows rules.md §4.1's
policy (不适用 when both are zero, an explanation when only the denominator is). Every ratio
carries its formula with the numbers, so a reviewer can redo it by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.model import Evaluation, Funds, Line
from jixiao.number import fmt_percent, fmt_plain
from jixiao.source import Source


@dataclass(frozen=True)
class Ratio:
    """One computed department ratio with its inputs, so the figure can be traced."""

    key: str  # e.g. staff_control
    name: str  # 在职人员控制率
    value: Decimal | None  # fraction; None when not computable
    numerator: Decimal | None
    denominator: Decimal | None
    formula: str  # 在职人员数 / 编制数 = 57 / 63
    direction: str  # e.g. "≤ 100%", "越低越好"
    note: str = ""  # 不适用 / why it could not be computed
    source: Source = field(default_factory=Source)

    @property
    def display(self) -> str:
        """The value as printed (90.48%), or 不适用 / 无法计算."""
        if self.value is not None:
            return fmt_percent(self.value)
        return "不适用" if self.numerator == 0 else "无法计算"


@dataclass(frozen=True)
class RatioOptions:
    """The bases on which sources disagree (rules.md §4.1 [D]); a scheme may set them.

    ``carryover_basis``: denominator of 结转结余率, ``adjusted`` (调整预算数, the 2013 text's
    预算数), ``initial`` (年初预算数) or ``final`` (本年支出完成数, one local table).
    ``three_public_basis``: 三公经费变动率 compares ``budget`` (预算数) or ``actual`` figures.
    """

    carryover_basis: str = "adjusted"
    three_public_basis: str = "budget"


_CARRYOVER_BASES = {"adjusted": "调整预算数", "initial": "年初预算数", "final": "本年支出完成数"}


def _n(value: Decimal) -> str:
    return fmt_plain(value)


def make_ratio(
    key: str,
    name: str,
    numerator: Decimal,
    denominator: Decimal,
    words: str,
    direction: str,
    *,
    shown_numerator: str | None = None,
    note: str = "",
    source: Source | None = None,
) -> Ratio:
    """A ratio ``numerator / denominator`` with its formula; zero denominators per §4.1."""
    top = shown_numerator or _n(numerator)
    formula = f"{words} = {top} / {_n(denominator)}"
    value: Decimal | None = None
    if denominator != 0:
        value = numerator / denominator
        formula += f" = {fmt_percent(value)}"
    elif numerator == 0:
        note = _join(note, "分子、分母均为0，不适用（该指标不参与评价，权重按比例重新分配）")
    else:
        note = _join(
            note, f"分母为0而分子为{_n(numerator)}，比率无定义：请改报绝对数（{_n(numerator)}）"
        )
    return Ratio(
        key, name, value, numerator, denominator, formula, direction, note, source or Source()
    )


def _join(a: str, b: str) -> str:
    return f"{a}；{b}" if a else b


def _amount(line: Line | None) -> Decimal | None:
    return line.amount if line is not None else None


def department_ratios(ev: Evaluation, options: RatioOptions | None = None) -> list[Ratio]:
    """Every §4.1 ratio whose inputs the evaluation gives, in the order of the framework."""
    opts = options or RatioOptions()
    out: list[Ratio] = []
    out.extend(_staffing_ratios(ev))
    out.extend(_three_public_ratios(ev.funds, opts))
    out.extend(_key_spending(ev.funds))
    out.extend(_execution_ratios(ev.funds))
    out.extend(_adjustment_ratio(ev.funds))
    out.extend(_carryover_ratios(ev.funds, opts))
    out.extend(_control_ratios(ev.funds))
    out.extend(_asset_ratios(ev))
    out.extend(_structure_shares(ev.funds))
    return out


def _staffing_ratios(ev: Evaluation) -> list[Ratio]:
    s = ev.staffing
    if s.actual is None or s.authorized is None:
        return []
    return [
        make_ratio(
            "staff_control",
            "在职人员控制率",
            Decimal(s.actual),
            Decimal(s.authorized),
            "在职人员数 / 编制数",
            "≤ 100%",
            source=s.meta.of("actual"),
        )
    ]


def _three_public_ratios(f: Funds, opts: RatioOptions) -> list[Ratio]:
    tp = f.three_public
    if tp is None:
        return []
    out: list[Ratio] = []
    by_actual = opts.three_public_basis == "actual"
    now, prior = (tp.actual, tp.prior_actual) if by_actual else (tp.budget, tp.prior_budget)
    label = "实际支出数" if by_actual else "预算数"
    if now is not None and prior is not None:
        out.append(
            make_ratio(
                "three_public_change",
                "“三公经费”变动率",
                now - prior,
                prior,
                f"（本年度“三公经费”{label} − 上年度{label}） / 上年度{label}",
                "≤ 0",
                shown_numerator=f"（{_n(now)} − {_n(prior)}）",
                note=f"口径：{label}",
                source=tp.meta.of("actual" if by_actual else "budget"),
            )
        )
    if tp.actual is not None and tp.budget is not None:
        out.append(
            make_ratio(
                "three_public_control",
                "“三公经费”控制率",
                tp.actual,
                tp.budget,
                "“三公经费”实际支出数 / 预算安排数",
                "≤ 100%",
                source=tp.meta.of("actual"),
            )
        )
    return out


def _key_spending(f: Funds) -> list[Ratio]:
    total = _amount(f.project)
    if f.key_projects is None or total is None:
        return []
    return [
        make_ratio(
            "key_spending",
            "重点支出安排率",
            f.key_projects,
            total,
            "重点项目支出 / 项目总支出（年初预算）",
            "越高越好",
            source=f.meta.of("key_projects"),
        )
    ]


def _execution_ratios(f: Funds) -> list[Ratio]:
    if f.final is None or f.adjusted is None:
        return []
    return [
        make_ratio(
            "budget_completion",
            "预算完成率",
            f.final,
            f.adjusted,
            "预算完成数（决算数） / 预算数（调整预算数）",
            "→ 100%",
            note="口径：预算数取全年调整预算数",
            source=f.meta.of("final"),
        )
    ]


def _adjustment_ratio(f: Funds) -> list[Ratio]:
    if f.initial is None:
        return []
    if f.adjustment_ledger:
        counted = [a for a in f.adjustment_ledger if not a.excluded]
        gross = sum((abs(a.amount) for a in counted), Decimal(0))
        parts = " + ".join(_n(abs(a.amount)) for a in counted) or "0"
        excluded = len(f.adjustment_ledger) - len(counted)
        return [
            make_ratio(
                "budget_adjustment",
                "预算调整率",
                gross,
                f.initial,
                "预算调整数（追加、追减、结构调整绝对值之和，剔除政策性等调整） / 年初预算数",
                "越低越好",
                shown_numerator=f"（{parts}）" if len(counted) > 1 else parts,
                note=f"口径：调整台账 {len(counted)} 笔计入，{excluded} 笔按规定剔除",
                source=f.adjustment_ledger[0].meta.source,
            )
        ]
    if f.adjusted is None:
        return []
    return [
        make_ratio(
            "budget_adjustment_net",
            "预算调整率（净变动，非2013口径）",
            f.adjusted - f.initial,
            f.initial,
            "（调整预算数 − 年初预算数） / 年初预算数",
            "越低越好",
            shown_numerator=f"（{_n(f.adjusted)} − {_n(f.initial)}）",
            note=(
                "这是净变动，不是财预〔2013〕53号的预算调整率：后者按调整台账逐笔累计追加、"
                "追减和结构调整的绝对值，并剔除国家政策、不可抗力、上级或党委政府临时交办等调整；"
                "请在 funds.adjustment_ledger 中逐笔填写"
            ),
            source=f.meta.of("adjusted"),
        )
    ]


def _carryover_ratios(f: Funds, opts: RatioOptions) -> list[Ratio]:
    c = f.carryover
    out: list[Ratio] = []
    basis = opts.carryover_basis if opts.carryover_basis in _CARRYOVER_BASES else "adjusted"
    denominator = {"adjusted": f.adjusted, "initial": f.initial, "final": f.final}[basis]
    if c.ending is not None and denominator is not None:
        out.append(
            make_ratio(
                "carryover_rate",
                "结转结余率",
                c.ending,
                denominator,
                f"年末结转结余总额 / {_CARRYOVER_BASES[basis]}",
                "越低越好",
                note=f"口径：分母取{_CARRYOVER_BASES[basis]}",
                source=c.meta.of("ending"),
            )
        )
    if c.ending is not None and c.prior is not None:
        out.append(
            make_ratio(
                "carryover_change",
                "结转结余变动率",
                c.ending - c.prior,
                c.prior,
                "（本年累计结转结余 − 上年累计结转结余） / 上年累计结转结余",
                "≤ 0",
                shown_numerator=f"（{_n(c.ending)} − {_n(c.prior)}）",
                source=c.meta.of("ending"),
            )
        )
    return out


def _control_ratios(f: Funds) -> list[Ratio]:
    out: list[Ratio] = []
    budget = _amount(f.public)
    if f.public_actual is not None and budget is not None:
        out.append(
            make_ratio(
                "public_control",
                "公用经费控制率",
                f.public_actual,
                budget,
                "实际支出公用经费总额 / 预算安排公用经费总额",
                "≤ 100%",
                source=f.meta.of("public_actual"),
            )
        )
    p = f.procurement
    if p is not None and p.actual is not None and p.budget is not None:
        out.append(
            make_ratio(
                "procurement_execution",
                "政府采购执行率",
                p.actual,
                p.budget,
                "实际政府采购金额 / 政府采购预算数",
                "→ 100%",
                source=p.meta.of("actual"),
            )
        )
    return out


def _asset_ratios(ev: Evaluation) -> list[Ratio]:
    a = ev.assets
    if a.fixed_in_use is None or a.fixed_total is None:
        return []
    return [
        make_ratio(
            "fixed_asset_use",
            "固定资产利用率",
            a.fixed_in_use,
            a.fixed_total,
            "实际在用固定资产总额 / 所有固定资产总额",
            "越高越好",
            source=a.meta.of("fixed_in_use"),
        )
    ]


def _structure_shares(f: Funds) -> list[Ratio]:
    """Plain structure shares: 基本/项目 of 年初, 人员/公用 of 基本支出 (no direction)."""
    out: list[Ratio] = []
    pairs = (
        ("basic_share", "基本支出占年初预算比重", f.basic, f.initial, "基本支出 / 年初预算数"),
        ("project_share", "项目支出占年初预算比重", f.project, f.initial, "项目支出 / 年初预算数"),
        (
            "personnel_share",
            "人员经费占基本支出比重",
            f.personnel,
            _amount(f.basic),
            "人员经费 / 基本支出",
        ),
        (
            "public_share",
            "公用经费占基本支出比重",
            f.public,
            _amount(f.basic),
            "公用经费 / 基本支出",
        ),
    )
    for key, name, line, total, words in pairs:
        if line is None or line.amount is None or total is None:
            continue
        out.append(
            make_ratio(key, name, line.amount, total, words, "结构", source=line.meta.source)
        )
    return out
