"""Weights of a project's indicators: as entered, or the scheme's default allocation.

When a unit gives no weights (the seed's project reports have none), the scheme says how the
indicator points are spread: ``by_level1`` (national 财预〔2020〕10号: each 一级's points evenly
over its indicators) or ``even`` (Sichuan 0013zp: the 90 points evenly over all indicators).
Allocated weights are rounded to the scheme's places, the last one taking the remainder, so
they add up exactly.
"""

from __future__ import annotations

from decimal import Decimal

from jixiao.model import Indicator
from jixiao.number import fmt_plain, round_half_up
from jixiao.score.scheme import Scheme

ZERO = Decimal(0)


def allocate_weights(
    indicators: tuple[Indicator, ...], scheme: Scheme
) -> tuple[list[Decimal], bool, list[str]]:
    """(weight per indicator, whether any was assumed, notes saying how)."""
    entered = [ind.weight for ind in indicators]
    if all(w is not None for w in entered):
        return [max(w, ZERO) for w in entered if w is not None], False, []
    out: list[Decimal | None] = [max(w, ZERO) if w is not None else None for w in entered]
    if scheme.default_allocation == "by_level1" and scheme.level1_weights:
        for key, points in scheme.level1_weights.items():
            members = [i for i, ind in enumerate(indicators) if scheme.level1_of(ind.level1) == key]
            _spread(out, members, points, scheme.places)
        split = " / ".join(f"{k} {fmt_plain(v)}" for k, v in scheme.level1_weights.items())
        how = f"各一级指标分值（{split}）在其指标间平均分配"
    else:
        how = f"指标总分 {fmt_plain(scheme.indicator_total)} 在指标间平均分配"
    rest = [i for i, w in enumerate(out) if w is None]
    if rest:
        _spread(out, list(range(len(out))), scheme.indicator_total, scheme.places)
        if scheme.default_allocation == "by_level1":
            how += "；一级指标不在方案中的，分得剩余分值"
    weights = [w if w is not None else ZERO for w in out]
    note = f"未填写（或未全部填写）权重，按方案“{scheme.name}”默认分配：{how}（assumed_weights）"
    return weights, True, [note]


def _spread(out: list[Decimal | None], members: list[int], points: Decimal, places: int) -> None:
    """Give the points not yet taken by ``members`` evenly to those without a weight."""
    missing = [i for i in members if out[i] is None]
    if not missing:
        return
    taken = sum((out[i] or ZERO for i in members if out[i] is not None), ZERO)
    left = max(points - taken, ZERO)
    share = round_half_up(left / len(missing), places)
    for i in missing[:-1]:
        out[i] = min(share, left)
        left -= out[i] or ZERO
    out[missing[-1]] = max(left, ZERO)
