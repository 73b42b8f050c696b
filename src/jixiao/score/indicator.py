"""Scoring one 绩效指标 per rules.md §2.3-§2.5 (财预〔2020〕10号 and the 填表说明).

Pure functions: ``score_indicator(indicator, weight, scheme)`` returns the score in [0, W]
(rounded to the scheme's places), the Chinese basis with every number of the formula, the
flags a reviewer needs and the issues a person must fix. Nothing here deducts on its own for
over-completion: the official text gives no formula (only the scheme's deviation penalty).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from jixiao.issues import Issue, Severity
from jixiao.model import QUANTITATIVE, Indicator
from jixiao.number import fmt_amount, fmt_plain, round_half_up
from jixiao.score.scheme import Band, Scheme

ZERO = Decimal(0)

# Money units convertible into each other (rules.md §2.4: normalise 万元/元 before comparing).
_MONEY = {"万元": Decimal(1), "万": Decimal(1), "元": Decimal("0.0001"), "亿元": Decimal(10000)}


@dataclass(frozen=True)
class IndicatorResult:
    """The engine's judgement of one indicator, before manual deductions."""

    score: Decimal
    basis: str
    flags: tuple[str, ...] = ()
    issues: tuple[Issue, ...] = ()
    completion: Decimal | None = None  # A/T for ≥ > =, T/A for ≤ < (over-completion ratio)
    met: bool = False


def _n(value: Decimal) -> str:
    return fmt_plain(value)


def score_indicator(ind: Indicator, weight: Decimal, scheme: Scheme) -> IndicatorResult:
    """Score ``ind`` out of ``weight`` under ``scheme``; never raises on bad values."""
    w = max(weight, ZERO)
    try:
        if ind.operator == "定性":
            result = _qualitative(ind, w, scheme)
        elif ind.operator in QUANTITATIVE:
            result = _quantitative(ind, w, scheme)
        else:
            result = _zero(
                ind,
                f"指标性质“{ind.operator or '（空）'}”无法计分",
                "bad_operator",
                "V-IND-02",
                "指标性质应为 ≥ ≤ = > < 定性 之一",
                "operator",
            )
    except ArithmeticError:
        result = _zero(
            ind, "数值超出可计算范围", "not_computable", "V-IND-03", "请检查指标值与完成值"
        )
    score = round_half_up(min(max(result.score, ZERO), w), scheme.places)
    return IndicatorResult(
        score, result.basis, result.flags, result.issues, result.completion, result.met
    )


def _issue(
    ind: Indicator, code: str, message: str, field: str, hint: str = "", **nums: object
) -> Issue:
    return Issue(
        code,
        Severity.ERROR,
        f"指标“{ind.name}”{message}",
        ind.meta.of(field),
        expected=nums.get("expected"),
        actual=nums.get("actual"),
        hint=hint,
    )


def _zero(
    ind: Indicator, why: str, flag: str, code: str, hint: str, field: str = "actual"
) -> IndicatorResult:
    return IndicatorResult(
        ZERO,
        f"{why}，按 0 分计",
        (flag,),
        (_issue(ind, code, why, field, hint),),
    )


def _qualitative(ind: Indicator, w: Decimal, scheme: Scheme) -> IndicatorResult:
    flags: list[str] = []
    issues: list[Issue] = []
    band_name = (ind.band or "").strip().upper() or None
    note = ""
    if band_name is None:
        written = (ind.actual_text or "").strip()
        if written and any(word == written for word in scheme.band_vocabulary):
            band_name, note = "A", f"完成值“{written}”视为 A 档；"
            flags.append("band_from_text")
        else:
            return _zero(
                ind,
                "定性指标未选择评价档次（A/B/C）",
                "missing_band",
                "V-IND-08",
                "请按完成情况选择 A（达成）、B（部分达成）或 C（未达成）档",
                "band",
            )
    band = scheme.bands.get(band_name)
    if band is None:
        return _zero(
            ind,
            f"定性档次“{ind.band}”无效",
            "bad_band",
            "V-IND-08",
            f"应为 {'、'.join(scheme.bands)} 之一",
            "band",
        )
    coef = ind.coefficient
    if coef is None:
        coef = band.default
        note += f"未填系数，取 {band.name} 档默认系数；"
    elif not band.contains(coef):
        issues.append(_band_issue(ind, band, coef))
        flags.append("coefficient_outside_band")
        note += f"系数 {_n(coef)} 不在 {band.name} 档区间 {band.interval} 内，改取默认系数；"
        coef = band.default
    if band.name == "A" and coef < band.high and not (ind.deviation_reason or ind.deduction_reason):
        flags.append("reason_required")
    score = w * coef
    basis = (
        f"定性 {band.name} 档（{band.label}，{band.interval}）：{note}"
        f"系数 {fmt_amount(coef)} × 权重 {_n(w)} = {fmt_amount(score, scheme.places)}"
    )
    return IndicatorResult(score, basis, tuple(flags), tuple(issues), None, band.name == "A")


def _band_issue(ind: Indicator, band: Band, coef: Decimal) -> Issue:
    return Issue(
        "V-IND-08",
        Severity.ERROR,
        f"指标“{ind.name}”定性系数 {_n(coef)} 不在 {band.name} 档区间 {band.interval} 内",
        ind.meta.of("coefficient"),
        expected=band.interval,
        actual=coef,
        hint=f"请调整系数或档次；{band.name} 档默认系数为 {_n(band.default)}",
    )


def _values(ind: Indicator) -> tuple[Decimal, Decimal] | IndicatorResult:
    """(T, A) in the same unit, or a zero result saying why they cannot be compared."""
    if ind.target is None:
        return _zero(
            ind,
            "指标值不是数字，定量指标无法计分" if ind.target_text else "缺少指标值",
            "missing_target",
            "V-IND-02",
            "定量指标的指标值须为数字（含度量单位）",
            "target",
        )
    if ind.actual is None:
        if ind.actual_text:
            return _zero(
                ind,
                f"完成值“{ind.actual_text}”不是数字，定量指标无法计分",
                "non_numeric_actual",
                "V-IND-03",
                "请填写实际完成的数值，不要写“完成”“达标”或照抄指标值",
            )
        return _zero(
            ind, "缺少完成值", "missing_actual", "V-IND-03", "请填写实际完成值（草稿按 0 分计）"
        )
    target, actual = ind.target, ind.actual
    if not (target.is_finite() and actual.is_finite()):
        return _zero(ind, "数值无效", "not_computable", "V-IND-03", "请检查指标值与完成值")
    t_unit, a_unit = ind.unit.strip(), (ind.actual_unit or ind.unit).strip()
    if t_unit != a_unit:
        if t_unit in _MONEY and a_unit in _MONEY:
            actual = actual * _MONEY[a_unit] / _MONEY[t_unit]
        else:
            return _zero(
                ind,
                f"完成值单位“{a_unit}”与指标值单位“{t_unit}”不一致",
                "unit_mismatch",
                "V-IND-03",
                "请按指标值的度量单位填写完成值",
            )
    if target < 0:
        return _zero(
            ind,
            "指标值为负数，比值公式不适用",
            "negative_value",
            "V-IND-02",
            "请改写为幅度加方向（如“降幅 ≥ 5%”）或按定性计分",
            "target",
        )
    if actual < 0:
        return _zero(
            ind,
            "完成值为负数，比值公式不适用",
            "negative_value",
            "V-IND-03",
            "请改写为幅度加方向（如“降幅 ≥ 5%”）或按定性计分",
        )
    return target, actual


def _quantitative(ind: Indicator, w: Decimal, scheme: Scheme) -> IndicatorResult:
    values = _values(ind)
    if isinstance(values, IndicatorResult):
        return values
    t, a = values
    op = ind.operator or ""
    if op in ("≥", ">"):
        return _forward(op, t, a, w, scheme)
    if op == "=":
        return _equal(t, a, w, scheme)
    return _reverse(op, t, a, w, scheme)


def _fmt(score: Decimal, scheme: Scheme) -> str:
    return fmt_amount(round_half_up(min(score, Decimal("1e12")), scheme.places), scheme.places)


def _overshoot(r: Decimal, scheme: Scheme, flags: list[str]) -> str:
    if r >= scheme.overshoot:
        flags.append("overshoot")
        return f"；超额完成（比值 {fmt_amount(r)} ≥ {_n(scheme.overshoot)}），需说明原因或酌情扣分"
    return ""


def _forward(op: str, t: Decimal, a: Decimal, w: Decimal, scheme: Scheme) -> IndicatorResult:
    head = f"正向指标 {op}"
    if t == 0:
        return IndicatorResult(
            w,
            f"{head}：指标值为 0，视为达成，得满分 {_n(w)}；指标值 0 无实际约束",
            ("target_zero",),
            (),
            None,
            True,
        )
    r = a / t
    flags: list[str] = []
    if r >= 1:
        tail = _overshoot(r, scheme, flags)
        return IndicatorResult(
            w,
            f"{head}：完成值 {_n(a)} 达到指标值 {_n(t)}，得满分 {_n(w)}{tail}",
            tuple(flags),
            (),
            r,
            True,
        )
    score = w * r
    return IndicatorResult(
        score,
        f"{head}：完成值 {_n(a)} / 指标值 {_n(t)} × 权重 {_n(w)} = {_fmt(score, scheme)}",
        (),
        (),
        r,
        False,
    )


def _equal(t: Decimal, a: Decimal, w: Decimal, scheme: Scheme) -> IndicatorResult:
    head = "等于指标 ="
    if t == 0:
        if a == 0:
            return IndicatorResult(
                w, f"{head}：完成值 0 等于指标值 0，得满分 {_n(w)}", (), (), None, True
            )
        return IndicatorResult(
            ZERO, f"{head}：指标值为 0 而完成值为 {_n(a)}，得 0 分", (), (), None, False
        )
    r = a / t
    if abs(a - t) <= scheme.equal_tolerance * t:
        return IndicatorResult(
            w, f"{head}：完成值 {_n(a)} 等于指标值 {_n(t)}，得满分 {_n(w)}", (), (), r, True
        )
    if a < t:
        score = w * r
        return IndicatorResult(
            score,
            f"{head}：完成值 {_n(a)} / 指标值 {_n(t)} × 权重 {_n(w)} = {_fmt(score, scheme)}",
            (),
            (),
            r,
            False,
        )
    if scheme.equal_above == "deviation":
        score = max(w * (1 - (a - t) / t), ZERO)
        return IndicatorResult(
            score,
            f"{head}（偏离度计分）：权重 {_n(w)} × (1 − |{_n(a)} − {_n(t)}| / {_n(t)}) = {_fmt(score, scheme)}",
            ("over_target",),
            (),
            r,
            False,
        )
    flags = ["over_target"]
    tail = _overshoot(r, scheme, flags)
    return IndicatorResult(
        w,
        f"{head}：完成值 {_n(a)} 超过指标值 {_n(t)}，按达成计满分 {_n(w)}{tail}",
        tuple(flags),
        (),
        r,
        True,
    )


def _reverse(op: str, t: Decimal, a: Decimal, w: Decimal, scheme: Scheme) -> IndicatorResult:
    head = f"反向指标 {op}"
    if a <= t:
        flags: list[str] = []
        tail = _overshoot(t / a, scheme, flags) if a > 0 else ""
        return IndicatorResult(
            w,
            f"{head}：完成值 {_n(a)} 未超过指标值 {_n(t)}，得满分 {_n(w)}{tail}",
            tuple(flags),
            (),
            t / a if a > 0 else None,
            True,
        )
    if t == 0:
        return IndicatorResult(
            ZERO, f"{head}：指标值为 0 而完成值为 {_n(a)}，得 0 分", (), (), ZERO, False
        )
    score = w * t / a
    return IndicatorResult(
        score,
        f"{head}：指标值 {_n(t)} / 完成值 {_n(a)} × 权重 {_n(w)} = {_fmt(score, scheme)}",
        (),
        (),
        t / a,
        False,
    )
