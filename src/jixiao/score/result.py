"""What the scorer returns: one line per point-bearing item, a project total and its grade.

The lines of a project always add up exactly to its total: execution and indicator lines are
in [0, weight]; deductions, penalties and caps are negative lines; a rescale line (when
indicators do not apply) carries the difference made by rescaling to the full-marks basis.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from jixiao.issues import Issue
from jixiao.source import Source

if TYPE_CHECKING:
    from jixiao.score.scheme import Scheme

LINE_KINDS = ("execution", "indicator", "cap", "deduction", "penalty", "rescale")


@dataclass(frozen=True)
class ScoreLine:
    """One line of a score sheet, with its rule and formula written out in Chinese."""

    item: str
    kind: str  # one of LINE_KINDS
    weight: Decimal | None
    score: Decimal
    basis: str  # e.g. "正向指标 ≥：完成值 88 / 指标值 90 × 权重 10 = 9.78"
    level1: str = ""
    level2: str = ""
    flags: tuple[str, ...] = ()
    source: Source = field(default_factory=Source)
    index: int | None = None  # position of the indicator in Project.indicators


@dataclass(frozen=True)
class ProjectScore:
    """The engine's score of one project under one scheme."""

    name: str
    total: Decimal
    grade: str
    lines: tuple[ScoreLine, ...]
    execution_rate: Decimal | None
    assumed_weights: bool
    notes: tuple[str, ...] = ()
    issues: tuple[Issue, ...] = ()

    def indicator_score(self, index: int) -> Decimal | None:
        """The net engine score of indicator ``index``: its line plus its deduction/penalty."""
        lines = [
            ln
            for ln in self.lines
            if ln.index == index and ln.kind in ("indicator", "deduction", "penalty")
        ]
        return sum((ln.score for ln in lines), Decimal(0)) if lines else None

    def indicator_line(self, index: int) -> ScoreLine | None:
        for ln in self.lines:
            if ln.index == index and ln.kind == "indicator":
                return ln
        return None

    @property
    def execution_line(self) -> ScoreLine | None:
        for ln in self.lines:
            if ln.kind == "execution":
                return ln
        return None


@dataclass(frozen=True)
class EvaluationScore:
    """Every project of a unit-year scored under one scheme."""

    scheme: Scheme
    projects: tuple[ProjectScore, ...]

    @property
    def issues(self) -> tuple[Issue, ...]:
        return tuple(i for p in self.projects for i in p.issues)
