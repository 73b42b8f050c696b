"""The fixed wording of the documents (headings, sentences), read from a template file.

Wording files live in ``jixiao/templates/wording/`` and are chosen per region and year; a
bureau's local variant is a copy passed with ``--wording``. This module also words figures as a
finance officer writes them: 1106.08 (万元, trailing zeros dropped as in "6万元"), "92.73%",
"较上年增长10.07%".
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from jixiao.number import HUNDRED, fmt_plain, round_half_up

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"
WORDING_DIR = TEMPLATE_DIR / "wording"
DEFAULT_WORDING = "sichuan-panzhihua-2021"
HEADING_KEYS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4}


class RenderError(Exception):
    """The documents cannot be produced (missing engine, bad template); Chinese, for people."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class Node:
    """One outline entry: a heading (level > 0), or a lead and/or content key."""

    level: int = 0
    text: str = ""
    lead: str = ""
    content: str = ""
    need: str = ""
    optional: bool = False


@dataclass(frozen=True)
class Wording:
    name: str
    path: Path
    layout: str
    placeholder: str
    department_title: tuple[str, ...]
    department: tuple[Node, ...]
    project_title: tuple[str, ...]
    project: tuple[Node, ...]
    table_title: str
    sentences: dict[str, str]

    def say(self, key: str, **fields: object) -> str:
        return self.sentences[key].format(**fields)

    def gap(self, need: str) -> str:
        return self.placeholder.format(need=need)


def money(value: Decimal) -> str:
    """万元 in running text, rounded half up to the cent, trailing zeros dropped (6, 1106.08)."""
    return fmt_plain(round_half_up(value, 2))


def percent(fraction: Decimal) -> str:
    """A rate in running text: "92.73%", "100%"."""
    return fmt_plain(round_half_up(fraction * HUNDRED, 2)) + "%"


def change(current: Decimal, prior: Decimal) -> str | None:
    """Year-on-year wording, "较上年增长10.07%" / "较上年下降49.03%"; None when prior is 0."""
    if prior == 0:
        return None
    rate = (current - prior) / prior
    if round_half_up(rate * HUNDRED, 2) == 0:
        return "与上年持平"
    word = "增长" if rate > 0 else "下降"
    return f"较上年{word}{percent(abs(rate))}"


def stated_change(rate: Decimal) -> str:
    if rate == 0:
        return "与上年持平"
    return f"较上年{'增长' if rate > 0 else '下降'}{percent(abs(rate))}"


def find_wording(region: str, year: int) -> Path:
    """The wording file for a region and year: the one whose region and years match best."""
    best, best_score = WORDING_DIR / f"{DEFAULT_WORDING}.yaml", 0
    for path in sorted(WORDING_DIR.glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError):
            continue
        parts = [p for p in str(data.get("region", "")).split("/") if p]
        if not parts or not all(p in region for p in parts):
            continue
        score = len(parts) * 2 + (1 if year in (data.get("years") or []) else 0)
        if score > best_score:
            best, best_score = path, score
    return best


def load_wording(path: str | Path | None = None, region: str = "", year: int = 0) -> Wording:
    """Read a wording file (by path, else the best match for region/year)."""
    p = Path(path) if path else find_wording(region, year)
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RenderError(f"无法读取措辞模板 {p}：{exc.strerror}") from exc
    except yaml.YAMLError as exc:
        raise RenderError(f"措辞模板 {p} 不是有效的 YAML：{exc}") from exc
    try:
        return _wording(p, data)
    except (KeyError, TypeError, AttributeError) as exc:
        raise RenderError(
            f"措辞模板 {p} 缺少或写错了 {exc}", hint="请对照 docs/templates.md 检查"
        ) from exc


def _wording(p: Path, data: dict[str, Any]) -> Wording:
    dep, proj = data["department"], data["project"]
    return Wording(
        name=str(data.get("name", p.stem)),
        path=p,
        layout=str(data.get("layout", "sichuan")),
        placeholder=str(data.get("placeholder", "【待填写：{need}】")),
        department_title=tuple(str(t) for t in dep["title"]),
        department=tuple(_node(n) for n in dep["outline"]),
        project_title=tuple(str(t) for t in proj["title"]),
        project=tuple(_node(n) for n in proj["outline"]),
        table_title=str(proj.get("table_title", "{project}项目支出绩效自评表")),
        sentences={
            **_default_sentences(p),
            **{str(k): str(v) for k, v in data["sentences"].items()},
        },
    )


def _default_sentences(p: Path) -> dict[str, str]:
    """The default file's sentences, so a local wording file need only set what it changes."""
    default = WORDING_DIR / f"{DEFAULT_WORDING}.yaml"
    if p.resolve() == default.resolve():
        return {}
    data = yaml.safe_load(default.read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in data["sentences"].items()}


def _node(entry: dict[str, Any]) -> Node:
    for key, level in HEADING_KEYS.items():
        if key in entry:
            return Node(level=level, text=str(entry[key]))
    if "lead" not in entry and "content" not in entry:
        raise KeyError(f"outline 条目 {entry!r} 需要 h1–h4、lead 或 content")
    return Node(
        lead=str(entry.get("lead", "")),
        content=str(entry.get("content", "")),
        need=str(entry.get("need", "")),
        optional=bool(entry.get("optional", False)),
    )
