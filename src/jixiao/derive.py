"""Department ratios of the 2013 common framework (财预〔2013〕53号, rules.md §4.1).

Each ratio is computed only where its inputs exist; a zero denominator follows rules.md §4.1's
policy (不适用 when both are zero, an explanation when only the denominator is).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

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
