"""Reading and validating scheme files, with file:line in every message.

A scheme file is read as YAML nodes (no YAML type guessing), flattened into plain values with
the location of each, merged over its ``base`` scheme, then validated key by key. Any problem
raises :class:`SchemeError` naming the file and line: a broken scheme cannot be used at all.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from jixiao.number import parse_number
from jixiao.score.scheme import (
    DEFAULT_GRADES,
    SCHEME_DIR,
    Alerts,
    Band,
    Cap,
    Penalty,
    Scheme,
    SchemeError,
    Step,
    list_schemes,
)
from jixiao.source import Source

Locs = dict[str, Source]

TOP_KEYS = (
    "name",
    "title",
    "region",
    "description",
    "base",
    "execution",
    "indicators",
    "qualitative",
    "rounding",
    "grades",
    "caps",
    "deviation_penalty",
    "alerts",
    "require_score_in_conclusion",
    "require_scores",
    "checks",
)
MAX_BASE_DEPTH = 5


def read_scheme(name: str, depth: int = 0) -> Scheme:
    data, locs, path = _read_merged(name, depth)
    return _build(data, locs, path)


def scheme_stamp(name: str) -> tuple[int, ...] | None:
    """A cheap fingerprint for memoising: modification times of the scheme file and of the
    scheme files its bases may come from (its own folder and the shipped ones)."""
    try:
        path = _locate(name)
        folders = {path.parent, SCHEME_DIR}
        files = sorted(f for d in folders for f in d.glob("*.y*ml"))
        return (path.stat().st_mtime_ns, *(f.stat().st_mtime_ns for f in files))
    except (SchemeError, OSError):
        return None


def _locate(name: str) -> Path:
    if name.endswith((".yaml", ".yml")) or "/" in name or "\\" in name:
        path = Path(name)
        if not path.is_file():
            raise SchemeError(f"评分方案文件不存在：{name}", Source(name))
        return path
    path = SCHEME_DIR / f"{name}.yaml"
    if not name or not path.is_file():
        known = "、".join(list_schemes())
        raise SchemeError(f"未知的评分方案“{name}”。可用的方案：{known}")
    return path


def _read_merged(name: str, depth: int) -> tuple[dict[str, Any], Locs, Path]:
    path = _locate(name)
    data, locs = _read_file(path)
    base = data.pop("base", None)
    if base is None:
        return data, locs, path
    if depth >= MAX_BASE_DEPTH or not isinstance(base, str):
        raise SchemeError("base 应为一个方案名称，且继承不可循环", locs.get("base"))
    if base.endswith((".yaml", ".yml")) and not Path(base).is_absolute():
        base = str(path.parent / base)
    try:
        parent, parent_locs, _ = _read_merged(base, depth + 1)
    except SchemeError as exc:
        raise SchemeError(f"base“{base}”无法使用：{exc}", locs.get("base")) from exc
    for key in ("name", "title", "description"):
        parent.pop(key, None)
        parent_locs.pop(key, None)
    return _merge(parent, data), {**parent_locs, **locs}, path


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        # An empty mapping replaces the base's (``level1: {}`` means a free split).
        if isinstance(value, dict) and value and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _read_file(path: Path) -> tuple[dict[str, Any], Locs]:
    file = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError) as exc:
        raise SchemeError(f"无法读取评分方案：{exc}", Source(file)) from exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise SchemeError(
            f"评分方案 YAML 语法错误：{exc.problem or exc}",
            Source(file, mark.line + 1 if mark else None),
        ) from exc
    except yaml.YAMLError as exc:
        raise SchemeError(f"评分方案 YAML 语法错误：{exc}", Source(file)) from exc
    if not isinstance(root, yaml.MappingNode):
        raise SchemeError("评分方案顶层应为映射（name: …）", Source(file, 1))
    locs: Locs = {}
    data = _plain(root, "", file, locs)
    assert isinstance(data, dict)
    return data, locs


def _plain(node: yaml.Node, path: str, file: str, locs: Locs) -> Any:
    locs[path] = Source(file, node.start_mark.line + 1, path=path or None)
    if isinstance(node, yaml.ScalarNode):
        return str(node.value)
    if isinstance(node, yaml.SequenceNode):
        return [_plain(n, f"{path}[{i}]", file, locs) for i, n in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for k, v in node.value:
            key = str(k.value) if isinstance(k, yaml.ScalarNode) else ""
            sub = f"{path}.{key}" if path else key
            if not key or key in out:
                raise SchemeError(f"键“{key}”无效或重复", Source(file, k.start_mark.line + 1))
            out[key] = _plain(v, sub, file, locs)
            locs[sub] = Source(file, k.start_mark.line + 1, path=sub)  # point at the key's line
        return out
    raise SchemeError("不支持的 YAML 结构", Source(file, node.start_mark.line + 1))


class _Reader:
    """Typed access to a merged scheme mapping; every failure names the key's file:line."""

    def __init__(self, data: Mapping[str, Any], locs: Locs, path: str, fallback: Source) -> None:
        self.data, self.locs, self.path, self.fallback = data, locs, path, fallback

    def src(self, key: str = "") -> Source:
        p = f"{self.path}.{key}" if self.path and key else (key or self.path)
        return self.locs.get(p) or self.locs.get(self.path) or self.fallback

    def fail(self, key: str, what: str) -> SchemeError:
        label = f"{self.path}.{key}" if self.path else key
        return SchemeError(f"评分方案“{label}”{what}", self.src(key))

    def check_keys(self, allowed: tuple[str, ...]) -> None:
        for key in self.data:
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = f"，是否应为“{close[0]}”？" if close else f"；可用的键：{'、'.join(allowed)}"
                raise self.fail(key, f"是未知的键{hint}")

    def sub(self, key: str) -> _Reader:
        value = self.data.get(key, {})
        if not isinstance(value, dict):
            raise self.fail(key, "应为映射（键: 值）")
        path = f"{self.path}.{key}" if self.path else key
        return _Reader(value, self.locs, path, self.src(key))

    def items(self, key: str) -> list[_Reader]:
        value = self.data.get(key, [])
        if not isinstance(value, list):
            raise self.fail(key, "应为列表（每项以 - 开头）")
        out = []
        for i, item in enumerate(value):
            path = f"{self.path}.{key}[{i}]" if self.path else f"{key}[{i}]"
            if not isinstance(item, dict):
                raise SchemeError(f"评分方案“{path}”应为映射", self.locs.get(path, self.fallback))
            out.append(_Reader(item, self.locs, path, self.locs.get(path, self.fallback)))
        return out

    def text(self, key: str, default: str = "", required: bool = False) -> str:
        value = self.data.get(key)
        if value is None:
            if required:
                raise self.fail(key, "缺失（必填）")
            return default
        if not isinstance(value, str):
            raise self.fail(key, "应为文字")
        return value.strip()

    def choice(self, key: str, options: tuple[str, ...], default: str) -> str:
        value = self.text(key, default)
        if value not in options:
            raise self.fail(key, f"应为 {' / '.join(options)} 之一，这里是“{value}”")
        return value

    def number(self, key: str, default: Decimal | None = None, *, rate: bool = False) -> Decimal:
        value = self.data.get(key)
        if value is None:
            if default is None:
                raise self.fail(key, "缺失（必填）")
            return default
        parsed = parse_number(value) if isinstance(value, str) else None
        if parsed is None or parsed.unit or (parsed.percent and not rate):
            kind = "数字或百分数（如 80%）" if rate else "数字"
            raise self.fail(key, f"应为{kind}，这里是“{value}”")
        number = parsed.value / 100 if parsed.percent else parsed.value
        if number < 0:
            raise self.fail(key, f"不能为负数：{value}")
        return number

    def optional_number(self, key: str, *, rate: bool = False) -> Decimal | None:
        if self.data.get(key) in (None, "", "null", "~"):
            return None
        return self.number(key, rate=rate)

    def boolean(self, key: str, default: bool = False) -> bool:
        value = self.text(key, "true" if default else "false").lower()
        if value in ("true", "yes", "是"):
            return True
        if value in ("false", "no", "否"):
            return False
        raise self.fail(key, f"应为 true 或 false，这里是“{value}”")


def _build(data: dict[str, Any], locs: Locs, path: Path) -> Scheme:
    r = _Reader(data, locs, "", Source(str(path), 1))
    r.check_keys(TOP_KEYS)
    name = r.text("name", required=True)
    execution_weight, mode, steps = _execution(r.sub("execution"))
    ind = r.sub("indicators")
    ind.check_keys(
        ("total", "level1", "default_allocation", "overshoot", "equal_above", "equal_tolerance")
    )
    total = ind.number("total", Decimal(90))
    level1 = _level1(ind, total)
    bands, vocabulary = _qualitative(r.sub("qualitative"))
    rounding = r.sub("rounding")
    rounding.check_keys(("places",))
    places = int(rounding.number("places", Decimal(2)))
    if places > 6:
        raise rounding.fail("places", "不能超过 6 位")
    scheme = Scheme(
        name=name,
        title=r.text("title", name),
        region=r.text("region", "national"),
        description=r.text("description"),
        file=str(path),
        execution_weight=execution_weight,
        execution_mode=mode,
        execution_steps=steps,
        indicator_total=total,
        level1_weights=level1,
        default_allocation=ind.choice("default_allocation", ("by_level1", "even"), "by_level1"),
        overshoot=ind.number("overshoot", Decimal("1.2"), rate=True),
        equal_above=ind.choice("equal_above", ("full", "deviation"), "full"),
        equal_tolerance=ind.number("equal_tolerance", Decimal(0), rate=True),
        bands=bands,
        band_vocabulary=vocabulary,
        places=places,
        grades=_grades(r),
        caps=_caps(r),
        deviation_penalty=_penalty(r),
        alerts=_alerts(r.sub("alerts")),
        require_score_in_conclusion=r.boolean("require_score_in_conclusion"),
        require_scores=r.boolean("require_scores"),
        checks=_checks(r),
    )
    if scheme.default_allocation == "by_level1" and not level1:
        raise ind.fail("default_allocation", "为 by_level1 时须给出 indicators.level1 权重")
    return scheme


def _execution(r: _Reader) -> tuple[Decimal, str, tuple[Step, ...]]:
    r.check_keys(("weight", "mode", "steps"))
    weight = r.number("weight", Decimal(10))
    mode = r.choice("mode", ("proportional", "tiered"), "proportional")
    steps = []
    for item in r.items("steps"):
        item.check_keys(("from", "score"))
        step = Step(item.number("from", rate=True), item.number("score"))
        if step.score > weight:
            raise item.fail("score", f"超过执行率权重 {weight}")
        steps.append(step)
    steps.sort(key=lambda s: s.rate, reverse=True)
    if mode == "tiered" and not steps:
        raise r.fail("steps", "在 mode: tiered 时不能为空")
    return weight, mode, tuple(steps)


def _level1(r: _Reader, total: Decimal) -> dict[str, Decimal]:
    sub = r.sub("level1")
    weights = {key: sub.number(key) for key in sub.data}
    if weights and sum(weights.values()) != total:
        raise r.fail("level1", f"各一级指标权重之和 {sum(weights.values())} 不等于 total {total}")
    return weights


_DEFAULT_BANDS = {
    "A": ("达成年度指标", "80%", "100%", True, "1.0"),
    "B": ("部分达成年度指标并具有一定效果", "60%", "80%", False, "0.7"),
    "C": ("未达成年度指标且效果较差", "0", "60%", False, "0.3"),
}


def _qualitative(r: _Reader) -> tuple[dict[str, Band], tuple[str, ...]]:
    r.check_keys(("bands", "vocabulary_a"))
    bands_r = r.sub("bands")
    bands: dict[str, Band] = {}
    names = list(bands_r.data) or list(_DEFAULT_BANDS)
    for name in names:
        label, low, high, inclusive, default = _DEFAULT_BANDS.get(name, ("", "0", "0", False, "0"))
        b = bands_r.sub(name) if name in bands_r.data else _Reader({}, {}, "", bands_r.fallback)
        b.check_keys(("label", "from", "to", "to_inclusive", "default"))
        band = Band(
            name=name,
            label=b.text("label", label),
            low=b.number("from", _rate(low), rate=True),
            high=b.number("to", _rate(high), rate=True),
            high_inclusive=b.boolean("to_inclusive", inclusive),
            default=b.number("default", _rate(default), rate=True),
        )
        if band.high > 1 or band.low > band.high or not band.contains(band.default):
            raise b.fail(
                "default", f"（默认系数）须在档次区间 {band.interval} 内，且区间在 0–100% 之间"
            )
        bands[name] = band
    vocabulary = r.data.get("vocabulary_a", [])
    if not isinstance(vocabulary, list) or not all(isinstance(v, str) for v in vocabulary):
        raise r.fail("vocabulary_a", "应为文字列表")
    return bands, tuple(vocabulary)


def _rate(text: str) -> Decimal:
    parsed = parse_number(text)
    assert parsed is not None
    return parsed.value / 100 if parsed.percent else parsed.value


def _grades(r: _Reader) -> tuple[tuple[str, Decimal], ...]:
    if "grades" not in r.data:
        return DEFAULT_GRADES
    out = []
    for item in r.items("grades"):
        item.check_keys(("label", "from"))
        out.append((item.text("label", required=True), item.number("from")))
    out.sort(key=lambda g: g[1], reverse=True)
    if not out or out[-1][1] != 0:
        raise r.fail("grades", "最低一档的 from 须为 0，保证每个分数都有等级")
    return tuple(out)


def _caps(r: _Reader) -> tuple[Cap, ...]:
    out = []
    for item in r.items("caps"):
        item.check_keys(("below", "max"))
        out.append(Cap(item.number("below", rate=True), item.number("max")))
    return tuple(sorted(out, key=lambda c: c.maximum))


def _penalty(r: _Reader) -> Penalty | None:
    if r.data.get("deviation_penalty") in (None, "", "null"):
        return None
    p = r.sub("deviation_penalty")
    p.check_keys(("from", "points"))
    penalty = Penalty(p.number("from", rate=True), p.number("points"))
    if penalty.ratio <= 1:
        raise p.fail("from", "应大于 100%（完成值超出指标值的比例）")
    return penalty


def _alerts(r: _Reader) -> Alerts:
    r.check_keys(("gap", "low_execution", "high_total", "unspent"))
    d = Alerts()
    return Alerts(
        gap=r.number("gap", d.gap, rate=True),
        low_execution=r.number("low_execution", d.low_execution, rate=True),
        high_total=r.number("high_total", d.high_total),
        unspent=r.optional_number("unspent", rate=True),
    )


def _checks(r: _Reader) -> dict[str, Any]:
    checks = r.data.get("checks", {})
    if not isinstance(checks, dict):
        raise r.fail("checks", "应为映射（键: 值）")
    from jixiao.rules import options_from_mapping

    try:
        options_from_mapping(checks)
    except (ValueError, TypeError, AttributeError) as exc:
        raise r.fail("checks", f"无效：{exc}") from exc
    return checks
