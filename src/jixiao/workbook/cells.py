"""Reading one cell the way people fill it in: typed values, or an issue pointing at sheet!cell.

Excel hands us ints, floats, strings, booleans, datetimes and error values; people type
"1,234.56", "92.73%", full-width digits, "37.24万元", or a date where a number belongs. Each
reader method returns the value in the model's terms (``Decimal`` 万元, fractions for rates)
or ``None``, and records every problem as an :class:`~jixiao.issues.Issue` with its cell.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from openpyxl.utils.cell import coordinate_to_tuple

from jixiao.issues import Issue, Severity
from jixiao.number import (
    MONEY_UNITS,
    ONE,
    normalize_text,
    parse_number,
    percent_to_fraction,
    strip_direction,
)
from jixiao.source import Source
from jixiao.vocabulary import is_draft_gap

# Cells that say "no value" in official tables: "/" in 权重 of sub-rows, "—" for 分值.
PLACEHOLDERS = frozenset({"/", "-", "—", "－", "--", "——", "\\", "／", "–"})
_TRUE = frozenset({"是", "true", "yes", "y", "1", "√", "✓", "真"})
_FALSE = frozenset({"否", "false", "no", "n", "0", "×", "假"})
_DECIMALS_RE = re.compile(r"0\.(0+)")
_INT_UNITS = ("", "人", "个", "年", "年度", "名")
# A %-formatted value of 10 or more shows as 1000% or more: no 执行率/到位率/占比 is that large.
_PASTED_PERCENT = 10
_AMOUNT_HINT = "请只填数字，单位万元，如 1106.08（不要写“约”“左右”等文字）"
_NUMBER_HINT = "请只填数字（阿拉伯数字），如 22.5"
_INT_HINT = "请只填整数（阿拉伯数字），如 63"
_RATE_HINT = "请写成百分数，如 92.73%"


def float_decimal(value: float) -> Decimal:
    """A float from Excel as the Decimal Excel shows: 15 significant digits (0.1+0.2 -> 0.3)."""
    return Decimal(f"{value:.15g}")


def format_decimals(number_format: str) -> int:
    """How many decimal places a number format prints ("0.00%" -> 2, "General" -> 0)."""
    m = _DECIMALS_RE.search(number_format or "")
    return len(m.group(1)) if m else 0


def keep_places(value: Decimal, places: int) -> Decimal:
    """Give ``value`` at least ``places`` decimals, so a shown "99.50%" keeps its stated precision."""
    exponent = value.as_tuple().exponent
    if places > 0 and isinstance(exponent, int) and -exponent < places:
        try:
            return value.quantize(Decimal(1).scaleb(-places))
        except InvalidOperation:  # too many digits to show more places
            return value
    return value


@dataclass
class CellReader:
    """Converts cells of one workbook, collecting issues. ``uncached`` maps a sheet title to the
    cells holding a formula without a cached value (the file was never opened in Excel)."""

    file: str
    issues: list[Issue] = field(default_factory=list)
    uncached: dict[str, frozenset[str]] = field(default_factory=dict)
    # the same cells as 0-based (row, col), for a quick test while reading tables
    uncached_at: dict[str, frozenset[tuple[int, int]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.uncached_at = {
            sheet: frozenset((r - 1, c - 1) for r, c in map(coordinate_to_tuple, refs))
            for sheet, refs in self.uncached.items()
        }

    def source(self, sheet: str, cell: str, path: str | None = None) -> Source:
        return Source(self.file, sheet=sheet, cell=cell, path=path)

    def report(
        self,
        code: str,
        severity: Severity,
        message: str,
        src: Source,
        hint: str = "",
        actual: Any = None,
    ) -> None:
        self.issues.append(Issue(code, severity, message, src, actual=actual, hint=hint))

    # -- the raw value -------------------------------------------------------------------

    def raw(self, cell: Any, src: Source) -> Any:
        """The cell's value, ``None`` when empty; error values and uncached formulas are issues."""
        value = getattr(cell, "value", None)
        if value is None:
            if src.cell and src.cell in self.uncached.get(src.sheet or "", ()):
                self.report(
                    "L-XLS-03",
                    Severity.ERROR,
                    "单元格是公式，但文件中没有计算结果",
                    src,
                    hint="请用 Excel 或 WPS 打开该文件并保存一次，或直接填写数值",
                )
            return None
        if getattr(cell, "data_type", None) == "e":
            self.report(
                "L-XLS-04",
                Severity.ERROR,
                f"单元格是错误值 {value}",
                src,
                hint="请修正公式或直接填写数值",
                actual=str(value),
            )
            return None
        if isinstance(value, float) and not math.isfinite(value):
            self.report(
                "L-XLS-04",
                Severity.ERROR,
                f"单元格的数值无效（{value}）",
                src,
                hint="请填写有限的数字",
                actual=str(value),
            )
            return None
        if isinstance(value, str):
            value = value.strip()
            if is_draft_gap(value):  # a rendered draft's "【待填写：…】" is an empty cell
                return None
            return value or None
        return value

    def _number_format(self, cell: Any) -> str:
        try:
            return str(cell.number_format or "")
        except (AttributeError, IndexError, KeyError):
            return ""

    # -- typed readers -------------------------------------------------------------------

    def text(self, cell: Any, src: Source) -> str:
        """Any cell as text: numbers as shown (percent-formatted numbers keep their %)."""
        value = self.raw(cell, src)
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        if isinstance(value, bool):
            return "是" if value else "否"
        if isinstance(value, dt.datetime):
            return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
        if isinstance(value, dt.date | dt.time):
            return value.isoformat()
        if isinstance(value, int | float):
            fmt = self._number_format(cell)
            if "%" in fmt:
                pct = keep_places(float_decimal(value * 100), format_decimals(fmt))
                return f"{pct:f}%"
            number = keep_places(float_decimal(value), format_decimals(fmt))
            return f"{number:f}"
        return str(value)

    def amount(self, cell: Any, src: Source) -> Decimal | None:
        """Money in 万元: a number, or text such as "1,234.56" / "37.24万元" / "3000元"."""
        value = self._numeric(cell, src, "金额", _AMOUNT_HINT)
        if isinstance(value, Decimal) or value is None:
            return value
        parsed = parse_number(value)
        if parsed is None or parsed.percent or parsed.unit not in MONEY_UNITS:
            self._bad(src, "应为金额（万元）", value, _AMOUNT_HINT)
            return None
        return parsed.value * MONEY_UNITS[parsed.unit]

    def number(self, cell: Any, src: Source) -> Decimal | None:
        """A plain number: a weight or a score ("22.5", "22.5分")."""
        value = self._numeric(cell, src, "数字", _NUMBER_HINT)
        if isinstance(value, Decimal) or value is None:
            return value
        parsed = parse_number(value)
        if parsed is None or parsed.percent or parsed.unit not in ("", "分"):
            self._bad(src, "应为数字", value, _NUMBER_HINT)
            return None
        return parsed.value

    def integer(self, cell: Any, src: Source) -> int | None:
        value = self._numeric(cell, src, "整数", _INT_HINT)
        if value is None:
            return None
        if isinstance(value, str):
            parsed = parse_number(value)
            if parsed is None or parsed.percent or parsed.unit not in _INT_UNITS:
                self._bad(src, "应为整数", value, _INT_HINT)
                return None
            value = parsed.value
        if value != value.to_integral_value():
            self._bad(src, "应为整数", value, _INT_HINT)
            return None
        return int(value)

    def rate(self, cell: Any, src: Source, signed: bool = False) -> Decimal | None:
        """A rate as a fraction: a %-formatted number, "92.73%", or (signed) "下降49.03%"."""
        value = self.raw(cell, src)
        if value is None or (isinstance(value, str) and normalize_text(value) in PLACEHOLDERS):
            return None
        if isinstance(value, bool | dt.date | dt.time | dt.timedelta):
            self._bad(src, "应为百分数", value, _RATE_HINT, code="L-NUM-02")
            return None
        if isinstance(value, int | float):
            fmt = self._number_format(cell)
            if "%" in fmt:
                if not signed and abs(value) >= _PASTED_PERCENT:
                    return self._pasted_rate(float_decimal(value), src)
                pct = keep_places(float_decimal(value * 100), format_decimals(fmt))
                return percent_to_fraction(pct)
            return self._bare_rate(float_decimal(value), src)
        sign, text = strip_direction(str(value)) if signed else (ONE, normalize_text(str(value)))
        parsed = parse_number(text)
        if parsed is None or parsed.unit:
            self._bad(src, "应为百分数", value, _RATE_HINT, code="L-NUM-02")
            return None
        if not parsed.percent:
            return sign * self._bare_rate(parsed.value, src)
        return sign * percent_to_fraction(parsed.value)

    def _bare_rate(self, value: Decimal, src: Source) -> Decimal:
        # A number without % in a rate cell: 0.9273 is a fraction; 92.73 can only mean percent.
        if abs(value) <= Decimal("1.5"):
            return value
        self.report(
            "L-NUM-02",
            Severity.WARNING,
            f"填的是不带 % 的数字 {value}，已按 {value}% 读取",
            src,
            hint=f"如果本意是 {value}%，请在单元格中写成 {value}%；否则请改正",
            actual=value,
        )
        return percent_to_fraction(value)

    def _pasted_rate(self, value: Decimal, src: Source) -> Decimal:
        # 92.73 pasted (or written by a program) into a cell formatted as percent shows as
        # 9273.00%: no execution, arrival or share rate is that large, so 92.73% was meant.
        shown = f"{value * 100:f}%"
        self.report(
            "L-NUM-02",
            Severity.WARNING,
            f"单元格显示为 {shown}（百分比格式的单元格里填了 {value}），已按 {value}% 读取",
            src,
            hint=f"请在单元格中重新输入 {value}%，Excel 就会显示为 {value}%",
            actual=value,
        )
        return percent_to_fraction(value)

    def boolean(self, cell: Any, src: Source) -> bool:
        value = self.raw(cell, src)
        if value is None:
            return False
        if isinstance(value, bool):
            return value
        key = normalize_text(str(value)).lower()
        if isinstance(value, int | float) and not isinstance(value, bool):
            key = f"{float_decimal(value):f}"
        if key in _TRUE:
            return True
        if key in _FALSE:
            return False
        self._bad(src, "应为“是”或“否”", value, "请从下拉列表选择 是 或 否", code="L-TYPE-01")
        return False

    # -- helpers -------------------------------------------------------------------------

    def _numeric(self, cell: Any, src: Source, what: str, hint: str) -> Decimal | str | None:
        """A Decimal for numeric cells, the text for text cells, None (with issue) otherwise."""
        value = self.raw(cell, src)
        if value is None:
            return None
        if isinstance(value, bool):
            self._bad(src, f"应为{what}", value, hint)
            return None
        if isinstance(value, int):
            return Decimal(value)
        if isinstance(value, float):
            if value != value or value in (float("inf"), float("-inf")):
                self._bad(src, f"应为{what}", value, hint)
                return None
            return keep_places(float_decimal(value), format_decimals(self._number_format(cell)))
        if isinstance(value, dt.date | dt.time | dt.timedelta):
            shown = _date_text(value)
            self.report(
                "L-XLS-07",
                Severity.ERROR,
                f"应为{what}，单元格却是日期/时间 {shown}（Excel 把输入的内容当成了日期）",
                src,
                hint="请选中该单元格，设为“数值”格式（开始 → 数字格式）后重新填写",
                actual=shown,
            )
            return None
        text = str(value)
        if normalize_text(text) in PLACEHOLDERS:
            return None
        return text

    def _bad(self, src: Source, what: str, value: Any, hint: str, code: str = "L-NUM-01") -> None:
        shown = value if isinstance(value, str) else str(value)
        self.report(
            code, Severity.ERROR, f"{what}，“{shown}”无法识别", src, hint=hint, actual=shown
        )


def _date_text(value: dt.date | dt.time | dt.timedelta) -> str:
    """A date as a person reads it: 2023-03-07, without a midnight time."""
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    return value.isoformat() if isinstance(value, dt.date | dt.time) else str(value)
