"""Scoring schemes: the official rules and their regional variants, as data files.

A scheme is a YAML file in ``jixiao/schemes/`` (or any path given to :func:`load_scheme`).
A file may start from another with ``base: <name>`` and override some keys, so a region's
variant needs no code. Every key is documented in docs/scoring.md; the values come from
rules.md §2-§3 (财预〔2020〕10号 and the Sichuan 510000_0013zp form).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from jixiao.source import Source

SCHEME_DIR = Path(__file__).resolve().parent.parent / "schemes"
DEFAULT_SCHEME = "national-2020"


class SchemeError(Exception):
    """A scheme that is unknown or cannot be used; ``message`` is Chinese, for people."""

    def __init__(self, message: str, source: Source | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source or Source()

    def __str__(self) -> str:
        where = str(self.source) if self.source.file else ""
        return f"{where}: {self.message}" if where else self.message


@dataclass(frozen=True)
class Band:
    """A 定性 band: the share of the weight it allows and the default coefficient."""

    name: str  # A / B / C
    label: str  # 达成年度指标 …
    low: Decimal  # inclusive
    high: Decimal
    high_inclusive: bool
    default: Decimal

    def contains(self, coefficient: Decimal) -> bool:
        if coefficient < self.low:
            return False
        return coefficient <= self.high if self.high_inclusive else coefficient < self.high

    @property
    def interval(self) -> str:
        close = "]" if self.high_inclusive else ")"
        return f"[{_pct(self.low)}, {_pct(self.high)}{close}"


@dataclass(frozen=True)
class Step:
    """A tiered execution-rate step: rate ≥ ``rate`` earns ``score`` points."""

    rate: Decimal
    score: Decimal


@dataclass(frozen=True)
class Cap:
    """A total cap: execution rate below ``below`` limits the total to ``maximum`` points."""

    below: Decimal
    maximum: Decimal


@dataclass(frozen=True)
class Penalty:
    """The deviation penalty: completion ratio ≥ ``ratio`` loses ``points`` on the indicator."""

    ratio: Decimal
    points: Decimal


@dataclass(frozen=True)
class Alerts:
    """自评预警 thresholds (faults F05): score vs execution gap, low execution with high total."""

    gap: Decimal = Decimal("0.05")  # relative gap between indicator share and execution share
    low_execution: Decimal = Decimal("0.60")
    high_total: Decimal = Decimal(90)
    unspent: Decimal | None = None  # yellow when more than this share is unspent (vendor rule)


@dataclass(frozen=True)
class Scheme:
    """A named scoring scheme. ``checks`` is passed to ``rules.options_from_mapping``."""

    name: str
    title: str
    region: str
    description: str = ""
    file: str = ""
    execution_weight: Decimal = Decimal(10)
    execution_mode: str = "proportional"  # proportional / tiered
    execution_steps: tuple[Step, ...] = ()
    indicator_total: Decimal = Decimal(90)
    level1_weights: Mapping[str, Decimal] = field(default_factory=dict)  # empty: free split
    default_allocation: str = "by_level1"  # by_level1 / even
    overshoot: Decimal = Decimal("1.20")
    equal_above: str = "full"  # "=" with A > T: full (flag) / deviation
    equal_tolerance: Decimal = Decimal(0)
    bands: Mapping[str, Band] = field(default_factory=dict)
    band_vocabulary: tuple[str, ...] = ()
    places: int = 2
    grades: tuple[tuple[str, Decimal], ...] = ()
    caps: tuple[Cap, ...] = ()
    deviation_penalty: Penalty | None = None
    alerts: Alerts = field(default_factory=Alerts)
    require_score_in_conclusion: bool = False
    require_scores: bool = False  # the form has 权重/得分 columns: every project must be scored
    checks: Mapping[str, Any] = field(default_factory=dict)

    @property
    def full_marks(self) -> Decimal:
        return self.execution_weight + self.indicator_total

    def grade(self, total: Decimal) -> str:
        return grade_of(total, self)

    def level1_of(self, level1: str) -> str | None:
        """The scheme's 一级 key an indicator's 一级 text belongs to ("服务对象满意度指标" -> 满意度)."""
        text = level1.strip()
        for key in self.level1_weights:
            if key and (key in text or text in (key, f"{key}指标")):
                return key
        return None


def grade_of(total: Decimal, scheme: Scheme | None = None) -> str:
    """The grade of a total, compared as printed (rounded to the scheme's places).

    Lower bounds are inclusive (rules.md §2.7): 90.00 is 优, 89.99 is 良; 89.995 prints
    as 90.00 and is therefore 优, so a printed total and its grade never disagree.
    """
    from jixiao.number import round_half_up

    places = scheme.places if scheme else 2
    grades = scheme.grades if scheme and scheme.grades else DEFAULT_GRADES
    shown = round_half_up(total, places)
    for label, low in grades:
        if shown >= low:
            return label
    return grades[-1][0]


DEFAULT_GRADES: tuple[tuple[str, Decimal], ...] = (
    ("优", Decimal(90)),
    ("良", Decimal(80)),
    ("中", Decimal(60)),
    ("差", Decimal(0)),
)


def _pct(value: Decimal) -> str:
    from jixiao.number import fmt_plain

    return f"{fmt_plain(value * 100)}%"


def list_schemes() -> list[str]:
    """Names of the schemes shipped with jixiao."""
    return sorted(p.stem for p in SCHEME_DIR.glob("*.yaml"))


def load_scheme(name: str) -> Scheme:
    """A scheme by name (``national-2020``) or by path to a YAML file; SchemeError if unusable.

    Results are memoised per file and modification time (every rule of ``check`` asks for the
    scheme), so an edited scheme file is read again.
    """
    from jixiao.score.scheme_file import read_scheme, scheme_stamp

    stamp = scheme_stamp(name)
    if stamp is None:
        return read_scheme(name)
    return _memo(name, stamp)


@lru_cache(maxsize=64)
def _memo(name: str, stamp: tuple[int, ...]) -> Scheme:
    from jixiao.score.scheme_file import read_scheme

    return read_scheme(name)
