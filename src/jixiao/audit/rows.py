"""Indicator rows (绩效指标) from the cell stream, for the national and Sichuan layouts alike.

The header fixes the order of the value columns (national: 年度指标值 实际完成值 分值 得分;
Sichuan 0013zp: 指标性质 指标值 度量单位 完成值 权重 得分; some forms put 分值 first). Rows are read
cell by cell: 一级/二级 labels set the group, a text cell where a name is due starts a row, and
values fill the columns in order, each column accepting only what fits it (an operator, a
number, a unit …). A combined target such as "≥90%" fills operator, value and unit at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.audit.stream import LEVEL1, LEVEL2, Token
from jixiao.audit.values import Value, looks_like_unit, read_value
from jixiao.source import Source

FIELDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("level1", ("一级指标",)),
    ("level2", ("二级指标",)),
    ("name", ("三级指标", "指标名称", "绩效指标名称", "评价内容")),
    ("operator", ("指标性质",)),
    ("target", ("年度指标值", "指标值", "年初指标值", "年度目标指标值", "目标值", "年度目标值")),
    ("unit", ("度量单位", "计量单位")),
    ("actual", ("实际完成值", "完成值", "全年实际值", "全年实际完成值", "年终完成值", "实际值")),
    ("weight", ("分值", "权重")),
    ("score", ("得分", "自评分", "自评得分")),
    (
        "reason",
        ("偏差原因分析及改进措施", "未完成原因分析", "未完成原因及拟采取的改进措施", "原因"),
    ),
    ("skip", ("复核分", "评价标准及依据", "评价标准")),
)
_HEADER_OF = {name: key for key, names in FIELDS for name in names}
END_WORDS = (
    "总分",
    "合计",
    "评价结论",
    "其他需要说明",
    "存在问题",
    "改进措施",
    "项目负责人",
    "注:",
)
DEFAULT_ORDER = ("operator", "target", "unit", "actual", "weight", "score", "reason")
_GROUP = re.compile(r"^(产出指标|效益指标|满意度指标|成本指标)\((\d+(?:\.\d+)?)分\)$")
_REASON_HINT = re.compile(r"原因|由于|因为|未|偏差|措施|下一步|加强|不足|影响")


@dataclass
class Row:
    name: str
    source: Source
    level1: str = ""
    level2: str = ""
    cells: dict[str, Value] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)

    def get(self, key: str) -> Value | None:
        return self.cells.get(key)

    def number(self, key: str) -> Decimal | None:
        v = self.cells.get(key)
        return v.number if v is not None else None

    @property
    def filled(self) -> bool:
        return any(k in self.cells for k in ("target", "actual", "weight", "score"))


@dataclass
class IndicatorTable:
    rows: list[Row]
    source: Source
    has_header: bool
    groups: dict[str, tuple[Decimal, Source]] = field(default_factory=dict)  # 一级 -> (N分)
    closed_groups: set[str] = field(default_factory=set)
    total_weight: tuple[Decimal, Source] | None = None
    total_score: tuple[Decimal, Source] | None = None
    order: tuple[str, ...] = DEFAULT_ORDER
    weight_word: str = ""  # 分值 or 权重, as the header prints it
    start: int = 0  # token range read, so that no row is read twice
    end: int = 0


def header_field(text: str) -> str | None:
    t = re.sub(r"\(.*?\)$", "", text).strip(" :：")
    return _HEADER_OF.get(t)


def find_indicator_tables(tokens: list[Token]) -> list[IndicatorTable]:
    tables: list[IndicatorTable] = []
    i = 0
    while i < len(tokens):
        fields, end = _header(tokens, i)
        if len(fields) >= 3 and (
            {"name", "weight"} <= set(fields) or {"level1", "target"} <= set(fields)
        ):
            cols = {
                t.col: f for t in tokens[i:end] if t.col is not None and (f := header_field(t.text))
            }
            table, stop = _read(tokens, end, _order(fields), True, cols)
            if cols and not table.rows:  # a grid whose rows do not line up with its header
                table, stop = _read(tokens, end, _order(fields), True)
            table.start, table.end = i, stop
            table.weight_word = _weight_word(tokens, i, end)
            tables.append(table)
            i = stop
            continue
        i = max(end, i + 1)
    consumed = [(t.start, t.end) for t in tables]
    tables.extend(_orphans(tokens, consumed))
    return [t for t in tables if t.rows]


def _orphans(tokens: list[Token], consumed: list[tuple[int, int]]) -> list[IndicatorTable]:
    """Rows of a table whose header was cut off: a name, then an operator, then a number."""
    out: list[IndicatorTable] = []
    i = 0
    while i + 2 < len(tokens):
        if any(a <= i < b for a, b in consumed):
            i += 1
            continue
        name, op, num = (read_value(tokens[k].text) for k in (i, i + 1, i + 2))
        if (
            not (name.is_number or name.operator or name.placeholder)
            and op.operator in ("≥", "≤", "=", ">", "<", "定性")
            and not op.is_number
            and (num.is_number or op.operator == "定性")
        ):
            table, end = _read(tokens, i, DEFAULT_ORDER, False)
            table.start, table.end = i, end
            out.append(table)
            consumed.append((i, end))
            i = max(end, i + 1)
            continue
        i += 1
    return out


def _weight_word(tokens: list[Token], start: int, end: int) -> str:
    return next((t.text for t in tokens[start:end] if t.text in ("分值", "权重")), "")


def _header(tokens: list[Token], start: int) -> tuple[list[str], int]:
    fields: list[str] = []
    i = start
    misses = 0
    while i < len(tokens) and misses <= 1:
        f = header_field(tokens[i].text)
        if f is None:
            if not fields:
                return [], start + 1
            misses += 1
        else:
            misses = 0
            if f not in fields:
                fields.append(f)
        i += 1
    return fields, i - misses


def _order(fields: list[str]) -> tuple[str, ...]:
    """Value columns in header order; 指标性质 and 度量单位 sit around 指标值."""
    order: list[str] = []
    for f in fields:
        if f in ("level1", "level2", "name", "skip", "operator", "unit") or f in order:
            continue
        if f == "target":
            order += [x for x in ("operator", "target", "unit") if x == "target" or x in fields]
        else:
            order.append(f)
    if "target" not in order and "operator" in fields:
        order = ["operator", "target", "unit", *order]
    return tuple(order)


def read_headerless(tokens: list[Token]) -> IndicatorTable:
    """Rows of a table whose header was cut off: default Sichuan column order."""
    table, _ = _read(tokens, 0, DEFAULT_ORDER, False)
    return table


def _read(
    tokens: list[Token],
    start: int,
    order: tuple[str, ...],
    has_header: bool,
    cols: dict[int, str] | None = None,
) -> tuple[IndicatorTable, int]:
    table = IndicatorTable([], tokens[start - 1].source if start else tokens[0].source, has_header)
    table.order = order
    reader = _RowReader(table, order, cols or {})
    i = start
    after_level2 = False  # the previous cell was a 二级 label
    while i < len(tokens):
        token = tokens[i]
        text = token.text
        if any(text.startswith(w) for w in END_WORDS):
            i = reader.finish_with_totals(tokens, i)
            break
        if reader.cols:  # a grid: cells outside it (page numbers, notes) are not row values
            if token.col is not None and header_field(text) is None:
                reader.by_column(token)
            i += 1
            continue
        if header_field(text) is not None and text not in LEVEL1:
            i += 1
            continue
        group = _GROUP.match(text)
        if group or (text in LEVEL1 and not (text == "成本指标" and reader.level1 == "产出指标")):
            reader.set_level1(group.group(1) if group else text, group, token)
        elif _level2(text) and not after_level2:
            # "服务对象满意度指标" then "服务对象满意度": the second is the 三级 name
            reader.level2 = _level2(text)
            after_level2 = True
            i += 1
            continue
        elif _is_group_weight(tokens, i):  # "项目管理 13 分": a group label with its points
            reader.set_level1(text, None, token)
            i += 3
            continue
        else:
            # The last cell of a text table's line, after the row's figures: its 原因 column.
            ends_line = token.row is not None and (
                i + 1 == len(tokens) or tokens[i + 1].row != token.row
            )
            reader.feed(token, ends_line)
        after_level2 = False
        i += 1
    reader.close()
    return table, i


def _level2(text: str) -> str:
    """A 二级 label, also when a form adds a word ("服务对象满意度指标等")."""
    for label in sorted(LEVEL2, key=len, reverse=True):
        if text == label or (text.startswith(label) and len(text) <= len(label) + 2):
            return label
    return ""


def _is_group_weight(tokens: list[Token], i: int) -> bool:
    if i + 2 >= len(tokens):
        return False
    return (
        read_value(tokens[i].text).number is None
        and bool(re.fullmatch(r"\d+(\.\d+)?", tokens[i + 1].text))
        and tokens[i + 2].text == "分"
    )


class _RowReader:
    def __init__(self, table: IndicatorTable, order: tuple[str, ...], cols: dict[int, str]) -> None:
        self.table = table
        self.order = order
        self.cols = cols  # grid column -> field, when the format keeps columns
        self.grid_row: tuple[object, ...] | None = None
        self.level1 = ""
        self.level2 = ""
        self.row: Row | None = None
        self.next = 0  # index into order of the next column to fill

    def set_level1(self, name: str, group: re.Match[str] | None, token: Token) -> None:
        self.close()
        if self.level1:
            self.table.closed_groups.add(self.level1)
        self.level1 = name
        self.level2 = ""
        if group:
            self.table.groups[name] = (Decimal(group.group(2)), token.source)

    def by_column(self, token: Token) -> None:
        """A grid cell: its column says what it is, so empty cells shift nothing."""
        field = self.cols.get(token.col) if token.col is not None else None
        text = token.text
        if field == "level1":
            group = _GROUP.match(text)
            if group or text in LEVEL1:
                self.set_level1(group.group(1) if group else text, group, token)
            return
        if field == "level2":
            self.level2 = _level2(text) or text
            return
        if field == "name":
            self.close()
            self._start(token)
            self.grid_row = token.row
            return
        if field is None or field == "skip" or self.row is None or token.row != self.grid_row:
            return
        value = read_value(text)
        if value.placeholder:
            return
        if field == "operator" and value.operator:
            self.row.cells["operator"] = value
        elif field == "target":
            self.row.cells["target"] = value
            if value.operator and value.is_number:
                self.row.cells.setdefault("operator", value)
            if value.unit_or_percent:
                self.row.cells.setdefault("unit", Value(value.unit_or_percent))
        elif field in ("unit", "reason"):
            self.row.cells[field] = Value(text)
        elif field in ("actual", "weight", "score"):
            self.row.cells[field] = value
        self.row.sources[field] = token.source

    def close(self) -> None:
        row = self.row
        self.row = None
        if row is None or not _plausible_name(row.name):
            return
        if not self.cols:
            _weight_not_actual(row, self.order)
            _weight_score_not_actual(row, self.order)
        if sum(1 for k in ("target", "actual", "weight", "score") if k in row.cells) >= 2:
            self.table.rows.append(row)

    def feed(self, token: Token, ends_line: bool = False) -> None:
        value = read_value(token.text)
        if self.row is None:
            if value.is_number or value.operator or value.placeholder:
                return
            self._start(token)
            return
        if not (value.is_number or value.operator or value.placeholder):
            if self._accepts_text(token.text):
                return
            if ends_line and self._last_cell_of_row(token):
                return
            self.close()
            self._start(token)
            return
        self._put(value, token.source)

    def _start(self, token: Token) -> None:
        self.row = Row(token.text, token.source, self.level1, self.level2)
        self.grid_row = token.row
        self.next = 0

    def _last_cell_of_row(self, token: Token) -> bool:
        """Text closing the line its row started on, after the weight and score: the reason."""
        row = self.row
        if row is None or "reason" not in self.order or token.row != self.grid_row:
            return False
        if row.number("weight") is None or row.number("score") is None:
            return False
        row.cells["reason"] = Value(token.text)
        row.sources["reason"] = token.source
        self.next = len(self.order)
        return True

    def _due(self) -> str | None:
        return self.order[self.next] if self.next < len(self.order) else None

    def _accepts_text(self, text: str) -> bool:
        assert self.row is not None
        while (due := self._due()) is not None:
            if due == "operator":
                self.next += 1
                continue
            if due == "unit":
                if self.row.number("target") is not None and looks_like_unit(text):
                    self._set("unit", Value(text), self.row.source)
                    return True
                self.next += 1
                continue
            if due in ("target", "actual"):
                self._set(due, read_value(text), self.row.source)
                return True
            if due == "reason":
                return self._maybe_reason(text)
            return False  # a number is due: the text starts the next row
        return self._maybe_reason(text) if "reason" in self.order else False

    def _maybe_reason(self, text: str) -> bool:
        assert self.row is not None
        w, s = self.row.number("weight"), self.row.number("score")
        if w is not None and s is not None and s < w and _REASON_HINT.search(text):
            self.row.cells["reason"] = Value(text)
            self.next = len(self.order)
            return True
        return False

    def _put(self, value: Value, source: Source) -> None:
        assert self.row is not None
        while (due := self._due()) is not None:
            if due == "operator":
                if (value.operator and not value.is_number) or value.placeholder:
                    self._set("operator", value, source)  # "/" keeps the column empty
                    return
                self.next += 1
                continue
            if due == "unit":
                self.next += 1
                continue
            if due == "target":
                if value.operator and value.is_number:
                    self.row.cells["operator"] = value
                if not value.is_number and not value.placeholder:
                    return
                self._set("target", value, source)
                if value.unit_or_percent and "unit" not in self.row.cells:
                    self.row.cells["unit"] = Value(value.unit_or_percent)
                    if self._due() == "unit":
                        self.next += 1
                return
            if due == "reason":
                return
            self._set(due, value, source)
            return

    def _set(self, key: str, value: Value, source: Source) -> None:
        assert self.row is not None
        if not value.placeholder:
            self.row.cells[key] = value
            self.row.sources[key] = source
        self.next = self.order.index(key) + 1 if key in self.order else self.next + 1

    def finish_with_totals(self, tokens: list[Token], i: int) -> int:
        self.close()
        if self.level1:
            self.table.closed_groups.add(self.level1)
        for k in range(i, min(i + 4, len(tokens))):
            if tokens[k].text.startswith(("总分", "合计")):
                i = k
                break
        else:
            return i
        numbers: list[tuple[Decimal, Source]] = []
        j = i + 1
        while j < len(tokens) and len(numbers) < 2:
            v = read_value(tokens[j].text)
            if v.number is None:
                break
            numbers.append((v.number, tokens[j].source))
            j += 1
        if numbers:
            self.table.total_weight = numbers[0]
        if len(numbers) > 1:
            self.table.total_score = numbers[1]
        return j


def _weight_not_actual(row: Row, order: tuple[str, ...]) -> None:
    """A lone number after the target is the weight: published forms come pre-filled with
    weights, and it is the 完成值/得分 cells that are left empty (and lost when copied)."""
    actual = row.cells.get("actual")
    if (
        "weight" in order
        and "weight" not in row.cells
        and "score" not in row.cells
        and actual is not None
        and actual.is_number
        and not actual.unit_or_percent
        and not actual.operator
        and order.index("actual") < order.index("weight")
    ):
        row.cells["weight"] = row.cells.pop("actual")
        row.sources["weight"] = row.sources.pop("actual", row.source)


def _weight_score_not_actual(row: Row, order: tuple[str, ...]) -> None:
    """Two numbers after the target where 完成值, 权重 and 得分 remain: which cell was empty?

    They are 权重 and 得分 (the 完成值 left empty) when the second is 0 (no weight is 0), when
    the target is words (a qualitative 完成值 would be words too), or when both are equal and
    differ from the target (full marks); otherwise 完成值 and 权重 (the 得分 left empty)."""
    if not all(k in order for k in ("actual", "weight", "score")):
        return
    if not order.index("actual") < order.index("weight") < order.index("score"):
        return
    actual, weight = row.cells.get("actual"), row.cells.get("weight")
    if actual is None or weight is None or "score" in row.cells:
        return
    if not (actual.is_number and weight.is_number) or actual.unit_or_percent or actual.operator:
        return
    target = row.cells.get("target")
    x, y = actual.number, weight.number
    words = target is not None and not target.is_number
    full = x == y and (target is None or target.number != x)
    if y == 0 or words or full:
        row.cells["score"], row.cells["weight"] = weight, actual
        del row.cells["actual"]
        row.sources["score"] = row.sources.get("weight", row.source)
        row.sources["weight"] = row.sources.pop("actual", row.source)


def _plausible_name(name: str) -> bool:
    """A name, not a sentence, and not the debris of text set vertically in narrow cells."""
    return 2 <= len(name) <= 40 and not re.search(r"[。;；]|\s", name)


def is_reliable(table: IndicatorTable) -> bool:
    """False for a table whose rows are fragments: names cut into pieces of a few characters,
    as when a PDF table without borders wraps its cells onto many lines."""
    if len(table.rows) < 3:
        return True
    short = sum(1 for r in table.rows if len(r.name) <= 3)
    return short * 2 < len(table.rows)
