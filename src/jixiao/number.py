"""Decimal helpers: parsing numbers as people write them, rounding, and tolerant comparison.

Money is ``Decimal`` in 万元 unless a unit says otherwise; rates are ``Decimal`` fractions
(0.9273 for 92.73%). Rounding happens only when presenting, through :func:`round_half_up`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
CENT = Decimal("0.01")

# Money units to 万元, the unit every amount of the model is kept in.
MONEY_UNITS: dict[str, Decimal] = {
    "": Decimal(1),
    "万元": Decimal(1),
    "万": Decimal(1),
    "元": Decimal("0.0001"),
    "亿元": Decimal(10000),
}

_NUMBER_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_GROUPED_RE = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")


@dataclass(frozen=True)
class Parsed:
    """A number read from text: its value, whether it was written as a percentage, and its unit."""

    value: Decimal
    percent: bool = False
    unit: str = ""


def normalize_text(text: str) -> str:
    """Fold full-width digits, signs and spaces to ASCII (NFKC) and trim."""
    folded = unicodedata.normalize("NFKC", text)
    return folded.replace("\u3000", " ").strip()


def parse_number(text: object) -> Parsed | None:
    """Read a number as finance staff write it; ``None`` when it is not one.

    Accepts ``1234.56``, ``1,234.56``, full-width ``１２３``, ``92.73%`` (percent=True, value
    92.73) and a trailing unit such as ``万元`` or ``人`` (kept in ``unit``). Rejects text with
    anything else around the number, so ``完成`` or ``约100`` are not numbers.
    """
    if isinstance(text, bool):
        return None
    if isinstance(text, int | Decimal):
        return Parsed(Decimal(text))
    if isinstance(text, float):
        return Parsed(Decimal(repr(text)))
    if not isinstance(text, str):
        return None
    s = normalize_text(text).replace(" ", "")
    if not s:
        return None
    percent = False
    if s.endswith("%") or s.endswith("％"):
        percent = True
        s = s[:-1]
    m = re.match(r"^([+-]?[\d.,]+)(.*)$", s)
    if not m:
        return None
    num, unit = m.group(1), m.group(2)
    if unit and not re.fullmatch(r"[\u4e00-\u9fff/·a-zA-Z²³]{1,8}", unit):
        return None
    if unit and percent:
        return None
    if "," in num:
        if not _GROUPED_RE.match(num):
            return None
        num = num.replace(",", "")
    if not _NUMBER_RE.match(num):
        return None
    try:
        value = Decimal(num)
    except InvalidOperation:  # pragma: no cover - guarded by the regex
        return None
    if not value.is_finite():
        return None
    return Parsed(value, percent, unit)


def round_half_up(value: Decimal, places: int = 2) -> Decimal:
    """Round for presentation, half away from zero (the finance convention: 0.005 -> 0.01)."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def within(actual: Decimal, expected: Decimal, tolerance: Decimal) -> bool:
    """True when ``actual`` differs from ``expected`` by at most ``tolerance``."""
    return abs(actual - expected) <= tolerance


def decimals_of(value: Decimal) -> int:
    """How many decimal places a stated figure carries (92.73 -> 2, 99.5 -> 1, 100 -> 0)."""
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def stated_tolerance(stated: Decimal, minimum: Decimal = ZERO) -> Decimal:
    """Half a unit in the last printed place: 99.5 stands for anything in [99.45, 99.55]."""
    half_unit = Decimal(1).scaleb(-decimals_of(stated)) / 2
    return max(half_unit, minimum)


def ratio(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    """numerator / denominator, or ``None`` when the denominator is zero."""
    if denominator == 0:
        return None
    return numerator / denominator


def fmt_amount(value: Decimal, places: int = 2) -> str:
    """Money as printed in tables: two decimals, no grouping (1106.08)."""
    return f"{round_half_up(value, places):f}"


def fmt_percent(fraction: Decimal, places: int = 2) -> str:
    """A fraction as a percentage with fixed places (0.9273 -> '92.73%')."""
    return f"{round_half_up(fraction * HUNDRED, places):f}%"


def fmt_plain(value: Decimal) -> str:
    """A figure as people write it, without trailing zeros (6.00 -> '6', 92.70 -> '92.7')."""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


_OPERATOR_SYNONYMS = {
    ">=": "≥",
    "≧": "≥",
    "大于等于": "≥",
    "不低于": "≥",
    "不少于": "≥",
    "≥": "≥",
    "<=": "≤",
    "≦": "≤",
    "小于等于": "≤",
    "不高于": "≤",
    "不超过": "≤",
    "≤": "≤",
    "＝": "=",
    "==": "=",
    "═": "=",
    "等于": "=",
    "=": "=",
    ">": ">",
    "大于": ">",
    "<": "<",
    "小于": "<",
    "定性": "定性",
}


def normalize_operator(text: str | None) -> str | None:
    """Map the ways people write 指标性质 onto ≥ ≤ = > < 定性; unknown text is returned as is."""
    if text is None:
        return None
    s = normalize_text(text).replace(" ", "")
    if not s:
        return None
    # NFKC folds ＞ and ＜ to > and <; check two-character forms before one-character ones.
    return _OPERATOR_SYNONYMS.get(s, s)


def split_operator(text: str) -> tuple[str | None, str]:
    """Split a combined target such as "≥90%" into ("≥", "90%"); no operator gives (None, text)."""
    s = normalize_text(text)
    for prefix in sorted(_OPERATOR_SYNONYMS, key=len, reverse=True):
        if s.startswith(prefix) and prefix != "定性":
            return _OPERATOR_SYNONYMS[prefix], s[len(prefix) :].strip()
    return None, s


def percent_to_fraction(percent: Decimal) -> Decimal:
    """92.73 (per cent) -> 0.9273, keeping the printed places: "4.40%" -> 0.0440, "100%" -> 1.00.

    Division would drop trailing zeros ("4.40" / 100 = 0.044); the printed precision of a stated
    rate decides how strictly it is compared, so it must survive.
    """
    return percent.scaleb(-2)


def printed_percent_places(fraction: Decimal) -> int:
    """Decimal places with which a rate was printed, from a fraction made by percent_to_fraction."""
    return max(0, decimals_of(fraction) - 2)


_UP_WORDS = ("增长", "上升", "增加", "提高")
_DOWN_WORDS = ("下降", "减少", "降低")


def strip_direction(text: str) -> tuple[Decimal, str]:
    """Read "较上年下降49.03%" as (−1, "49.03%") and "增长10.07%" as (1, "10.07%")."""
    s = normalize_text(text)
    sign = ONE
    for word in _UP_WORDS:
        s = s.replace(word, "")
    for word in _DOWN_WORDS:
        if word in s:
            sign = -ONE
            s = s.replace(word, "")
    return sign, s
