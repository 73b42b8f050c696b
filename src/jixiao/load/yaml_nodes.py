"""Reading YAML as nodes, so every value keeps its line and no scalar is guessed by YAML.

PyYAML's composer gives a node tree with marks; we convert scalars ourselves (``1,234.56``,
``92.73%``, full-width digits) and collect every problem as an :class:`Issue` with file:line.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

import yaml

from jixiao.issues import Issue, Severity
from jixiao.model import Meta
from jixiao.number import (
    MONEY_UNITS,
    normalize_text,
    parse_number,
    percent_to_fraction,
    strip_direction,
)
from jixiao.source import Source


@dataclass
class Context:
    """The file being read and the issues found so far."""

    file: str
    issues: list[Issue] = field(default_factory=list)

    def source(self, node: yaml.Node, path: str) -> Source:
        return Source(self.file, node.start_mark.line + 1, node.start_mark.column + 1, path=path)

    def report(
        self, code: str, sev: Severity, msg: str, node: yaml.Node, path: str, hint: str = ""
    ) -> None:
        self.issues.append(Issue(code, sev, msg, self.source(node, path), hint=hint))


def compose(ctx: Context, text: str) -> yaml.Node | None:
    """Parse YAML text into a node tree; a syntax error becomes one issue with its line."""
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        ctx.issues.append(
            Issue(
                "L-YAML-01",
                Severity.ERROR,
                f"YAML 语法错误：{exc.problem or exc}",
                Source(ctx.file, line),
                hint="请检查该行的缩进、冒号和引号",
            )
        )
    except yaml.reader.ReaderError as exc:
        # A control character or a lone surrogate: PyYAML gives the offset, not the line.
        line = text.count("\n", 0, exc.position) + 1
        ctx.issues.append(
            Issue(
                "L-YAML-01",
                Severity.ERROR,
                f"文件含不可打印的字符（U+{exc.character:04X}）"
                if isinstance(exc.character, int)
                else "文件含不可打印的字符",
                Source(ctx.file, line),
                hint="请删除该行的控制字符后重试",
            )
        )
    except yaml.YAMLError as exc:
        ctx.issues.append(
            Issue(
                "L-YAML-01",
                Severity.ERROR,
                f"YAML 语法错误：{exc}",
                Source(ctx.file),
                hint="请检查文件内容",
            )
        )
    except RecursionError:
        ctx.issues.append(
            Issue(
                "L-YAML-01",
                Severity.ERROR,
                "YAML 嵌套层次过深",
                Source(ctx.file),
                hint="请检查文件内容",
            )
        )
    return None


class MapReader:
    """Typed access to the keys of one YAML mapping; unknown keys and bad values become issues."""

    def __init__(self, ctx: Context, node: yaml.Node, path: str) -> None:
        self.ctx = ctx
        self.node = node
        self.path = path
        self.entries: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        self.used: set[str] = set()
        self.fields: dict[str, Source] = {}
        for key_node, value_node in node.value if isinstance(node, yaml.MappingNode) else []:
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else ""
            if not key:
                ctx.report("L-KEY-02", Severity.ERROR, "键必须是简单文字", key_node, path)
                continue
            if key in self.entries:
                ctx.report(
                    "L-KEY-02",
                    Severity.ERROR,
                    f"键“{key}”重复出现，后者被忽略",
                    key_node,
                    self._p(key),
                    hint="请删除重复的键",
                )
                continue
            self.entries[key] = (key_node, value_node)

    def _p(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def meta(self) -> Meta:
        return Meta(self.ctx.source(self.node, self.path), dict(self.fields))

    def has(self, key: str) -> bool:
        return key in self.entries

    def raw(self, key: str) -> yaml.Node | None:
        """The value node of ``key`` (marking it used), or None when absent or null."""
        self.used.add(key)
        entry = self.entries.get(key)
        if entry is None:
            return None
        node = entry[1]
        self.fields[key] = self.ctx.source(node, self._p(key))
        if (
            isinstance(node, yaml.ScalarNode)
            and node.tag.endswith(":null")
            and node.style is None
            and node.value in ("", "~", "null", "Null", "NULL")
        ):
            return None
        return node

    def _scalar(self, key: str, what: str) -> tuple[yaml.ScalarNode | None, str]:
        node = self.raw(key)
        if node is None:
            return None, ""
        if not isinstance(node, yaml.ScalarNode):
            self.ctx.report(
                "L-TYPE-01",
                Severity.ERROR,
                f"“{key}”应为{what}，这里是列表或映射",
                node,
                self._p(key),
                hint=f"请把“{key}”写成{what}",
            )
            return None, ""
        return node, str(node.value)

    def text(self, key: str, required: bool = False) -> str:
        _node, value = self._scalar(key, "文字")
        entry = self.entries.get(key)
        # Absent, null and "" are all missing; a list or mapping was reported as L-TYPE-01.
        if (
            required
            and not value.strip()
            and (entry is None or isinstance(entry[1], yaml.ScalarNode))
        ):
            self.missing(key)
        return value.strip()

    def missing(self, key: str) -> None:
        """Report a required key as absent, at its own line when it is written but empty."""
        entry = self.entries.get(key)
        self.ctx.report(
            "L-REQ-01",
            Severity.ERROR,
            f"缺少必填项“{key}”" if entry is None else f"必填项“{key}”为空",
            self.node if entry is None else entry[0],
            self._p(key),
            hint=f"请在此处加上“{key}: …”" if entry is None else f"请填写“{key}”的值",
        )

    def amount(self, key: str) -> Decimal | None:
        """Money: a number, optionally with 万元/元/亿元 (converted to 万元)."""
        node, value = self._scalar(key, "金额")
        if node is None:
            return None
        parsed = parse_number(value)
        if parsed is None or parsed.percent or parsed.unit not in MONEY_UNITS:
            self.ctx.report(
                "L-NUM-01",
                Severity.ERROR,
                f"“{key}”不是有效金额：“{value}”",
                node,
                self._p(key),
                hint="请填写数字（万元），如 1106.08",
            )
            return None
        return parsed.value * MONEY_UNITS[parsed.unit]

    def number(self, key: str) -> Decimal | None:
        """A plain number (a weight, a score)."""
        node, value = self._scalar(key, "数字")
        if node is None:
            return None
        parsed = parse_number(value)
        if parsed is None or parsed.percent or parsed.unit:
            self.ctx.report(
                "L-NUM-01",
                Severity.ERROR,
                f"“{key}”不是有效数字：“{value}”",
                node,
                self._p(key),
                hint="请填写数字，如 22.5",
            )
            return None
        return parsed.value

    def integer(self, key: str) -> int | None:
        node, value = self._scalar(key, "整数")
        if node is None:
            return None
        parsed = parse_number(value)
        if (
            parsed is None
            or parsed.percent
            or parsed.value != parsed.value.to_integral_value()
            or parsed.unit not in ("", "人", "个", "年")
        ):
            self.ctx.report(
                "L-NUM-01",
                Severity.ERROR,
                f"“{key}”应为整数：“{value}”",
                node,
                self._p(key),
                hint="请填写整数，如 63",
            )
            return None
        return int(parsed.value)

    def rate(self, key: str, signed: bool = False) -> Decimal | None:
        """A rate or share written as a percentage ("92.73%"); returned as a fraction."""
        node, value = self._scalar(key, "百分数")
        if node is None:
            return None
        sign, text = strip_direction(value) if signed else (Decimal(1), normalize_text(value))
        parsed = parse_number(text)
        if parsed is None or not parsed.percent:
            self.ctx.report(
                "L-NUM-02",
                Severity.ERROR,
                f"“{key}”应为百分数：“{value}”",
                node,
                self._p(key),
                hint="请写成百分数，如 92.73%",
            )
            return None
        return sign * percent_to_fraction(parsed.value)

    def boolean(self, key: str) -> bool:
        node, value = self._scalar(key, "是/否")
        if node is None:
            return False
        v = normalize_text(value).lower()
        if v in ("true", "yes", "是", "y", "1"):
            return True
        if v in ("false", "no", "否", "n", "0"):
            return False
        self.ctx.report(
            "L-TYPE-01",
            Severity.ERROR,
            f"“{key}”应为 true 或 false：“{value}”",
            node,
            self._p(key),
            hint="请填写 true 或 false",
        )
        return False

    def mapping(self, key: str) -> MapReader | None:
        node = self.raw(key)
        if node is None:
            return None
        if not isinstance(node, yaml.MappingNode):
            self.ctx.report(
                "L-TYPE-01",
                Severity.ERROR,
                f"“{key}”应为映射（键: 值）",
                node,
                self._p(key),
                hint=f"请在“{key}:”下逐行缩进填写各项",
            )
            return None
        return MapReader(self.ctx, node, self._p(key))

    def sequence(self, key: str) -> Iterator[tuple[int, yaml.Node, str]]:
        node = self.raw(key)
        if node is None:
            return
        if not isinstance(node, yaml.SequenceNode):
            self.ctx.report(
                "L-TYPE-01",
                Severity.ERROR,
                f"“{key}”应为列表（每项以 - 开头）",
                node,
                self._p(key),
                hint=f"请在“{key}:”下用“- ”逐项填写",
            )
            return
        for i, item in enumerate(node.value):
            yield i, item, f"{self._p(key)}[{i}]"

    def mappings(self, key: str) -> Iterator[MapReader]:
        for _i, item, path in self.sequence(key):
            if not isinstance(item, yaml.MappingNode):
                self.ctx.report(
                    "L-TYPE-01",
                    Severity.ERROR,
                    f"“{key}”的每一项应为映射",
                    item,
                    path,
                    hint="每项应写成“- name: …”的形式",
                )
                continue
            yield MapReader(self.ctx, item, path)

    def texts(self, key: str, allowed: tuple[str, ...]) -> dict[str, str]:
        """A mapping of fixed section keys to narrative text."""
        sub = self.mapping(key)
        if sub is None:
            return {}
        # Read every allowed key (absent ones give ""), so the reader knows them all.
        values = {k: sub.text(k) for k in allowed}
        out = {k: v for k, v in values.items() if sub.has(k)}
        sub.finish()
        self.fields.update({f"{key}.{k}": v for k, v in sub.fields.items()})
        return out

    def finish(self) -> None:
        """Report keys that were never read: a typo or a field jixiao does not know."""
        known = sorted(self.used)
        for key, (key_node, _value) in self.entries.items():
            if key in self.used:
                continue
            close = difflib.get_close_matches(key, known, n=1)
            hint = f"是否应为“{close[0]}”？" if close else f"可用的键：{', '.join(known)}"
            self.ctx.report(
                "L-KEY-01",
                Severity.WARNING,
                f"未知的键“{key}”，已忽略",
                key_node,
                self._p(key),
                hint=hint,
            )
