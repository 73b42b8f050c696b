"""Writing a unit-year back as YAML in the documented format (docs/format.md).

``dump_evaluation(ev)`` is the inverse of the YAML loader: loading its output gives the same
model (sources aside), and dumping that again gives the same text. Long or multi-line text is
written as a literal block (``|``), rates as percentages ("92.73%"), amounts as plain decimals
in the model's unit, and absent values are left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from jixiao.load.fields import parse_value
from jixiao.model import (
    GOAL_CATEGORIES,
    PROJECT_SECTIONS,
    REPORT_SECTIONS,
    Adjustment,
    Assets,
    Breakdown,
    Carryover,
    Evaluation,
    FundingRow,
    Funds,
    Goal,
    Indicator,
    Line,
    PairFigure,
    Project,
    Publication,
    Staffing,
    Unit,
)

# A node of the tree to write: a scalar already formatted, a mapping or a list of mappings.
Node = str | dict[str, "Node"] | list[dict[str, "Node"]]

BLOCK_OVER = 40  # characters; longer text is written as a literal block
FORMAT_VERSION = 1

# Characters YAML treats as line breaks or marks, which plain and block scalars cannot carry.
_BREAKS = "\r\x85\u2028\u2029\ufeff"
_INDICATORS = "-?:,[]{}#&*!|>'\"%@`"
_NULLS = ("~", "null", "Null", "NULL")


def dump_evaluation(ev: Evaluation) -> str:
    """The YAML text of ``ev`` in the format of docs/format.md."""
    tree: dict[str, Node] = {"jixiao": str(FORMAT_VERSION)}
    _put(tree, "title", ev.title)
    tree["year"] = str(ev.year)
    _put(tree, "scheme", ev.scheme)
    tree["unit"] = _unit(ev.unit)
    _put(tree, "staffing", _staffing(ev.staffing))
    _put(tree, "assets", _assets(ev.assets))
    _put(tree, "funds", _funds(ev.funds))
    _put(tree, "goals", [_goal(g) for g in ev.goals])
    _put(tree, "report", _sections(ev.report, REPORT_SECTIONS))
    _put(tree, "publication", _publication(ev.publication))
    _put(tree, "projects", [_project(p) for p in ev.projects])
    # A blank line before each top-level section, as a person would lay the file out.
    parts = ["".join(_emit_mapping({key: value}, 0)) for key, value in tree.items()]
    return "".join(
        ("\n" if i and not isinstance(value, str) else "") + part
        for i, (part, value) in enumerate(zip(parts, tree.values(), strict=True))
    )


# --- scalars ---------------------------------------------------------------------------------


def amount_text(value: Decimal) -> str:
    """An amount as a plain decimal, exactly as held (no rounding, no grouping)."""
    return f"{value:f}"


def rate_text(fraction: Decimal) -> str:
    """A fraction as the percentage people write: 0.9273 -> "92.73%", 1 -> "100%"."""
    text = f"{fraction.scaleb(2):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}%"


def _plain_ok(text: str) -> bool:
    if not text or text != text.strip() or text in _NULLS:
        return False
    if any(c in _BREAKS or c == "\n" or c == "\t" or not _printable(c) for c in text):
        return False
    first = text[0]
    if first in _INDICATORS and not (first == "-" and text[1:2].isdigit()):
        return False
    return ": " not in text and " #" not in text and not text.endswith(":")


def _block_ok(text: str) -> bool:
    return text == text.strip() and all(
        c == "\n" or c == "\t" or (_printable(c) and c not in _BREAKS) for c in text
    )


def _printable(c: str) -> bool:
    # The YAML 1.1 printable set that PyYAML's reader accepts (tab and newline handled apart).
    o = ord(c)
    return (
        0x20 <= o <= 0x7E
        or o == 0x85
        or 0xA0 <= o <= 0xD7FF
        or 0xE000 <= o <= 0xFFFD
        or 0x10000 <= o <= 0x10FFFF
    )


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\x00": "\\0"}


def _quoted(text: str) -> str:
    out = []
    for c in text:
        if c in _ESCAPES:
            out.append(_ESCAPES[c])
        elif _printable(c) and c not in _BREAKS:
            out.append(c)
        elif ord(c) <= 0xFF:
            out.append(f"\\x{ord(c):02X}")
        elif ord(c) <= 0xFFFF:
            out.append(f"\\u{ord(c):04X}")
        else:
            out.append(f"\\U{ord(c):08X}")
    return '"' + "".join(out) + '"'


def scalar_lines(text: str, indent: int) -> list[str]:
    """The scalar after "key:": " plain", ' "quoted"', or " |" and its lines at ``indent``."""
    if ("\n" in text or len(text) > BLOCK_OVER) and _block_ok(text):
        pad = " " * indent
        return [" |\n", *(f"{pad}{line}\n" if line else "\n" for line in text.split("\n"))]
    if _plain_ok(text):
        return [f" {text}\n"]
    return [f" {_quoted(text)}\n"]


# --- emitting the tree -----------------------------------------------------------------------


def _emit_mapping(tree: Mapping[str, Node], indent: int, first_prefix: str = "") -> list[str]:
    out: list[str] = []
    pad = " " * indent
    for i, (key, value) in enumerate(tree.items()):
        lead = first_prefix if i == 0 and first_prefix else pad
        if isinstance(value, str):
            out.append(f"{lead}{key}:")
            out.extend(scalar_lines(value, indent + 2))
        elif isinstance(value, dict) and not value:
            out.append(f"{lead}{key}: {{}}\n")  # given, with nothing known inside
        elif isinstance(value, dict):
            out.append(f"{lead}{key}:\n")
            out.extend(_emit_mapping(value, indent + 2))
        else:
            out.append(f"{lead}{key}:\n")
            prefix = " " * (indent + 2) + "- "
            for item in value:
                out.extend(_emit_mapping(item, indent + 4, prefix) or [f"{prefix}{{}}\n"])
    return out


def _put(tree: dict[str, Node], key: str, value: object) -> None:
    """Set ``key`` unless the value is absent: None, "", empty, False."""
    if value is None or value is False or value == "" or value == {} or value == []:
        return
    if value is True:
        tree[key] = "true"
    elif isinstance(value, int):
        tree[key] = str(value)
    elif isinstance(value, str | dict | list):
        tree[key] = value
    else:  # pragma: no cover - guarded by the callers
        raise TypeError(type(value))


def _amounts(tree: dict[str, Node], values: Iterable[tuple[str, Decimal | None]]) -> None:
    for key, value in values:
        if value is not None:
            tree[key] = amount_text(value)


def _rates(tree: dict[str, Node], values: Iterable[tuple[str, Decimal | None]]) -> None:
    for key, value in values:
        if value is not None:
            tree[key] = rate_text(value)


# --- records ---------------------------------------------------------------------------------


def _unit(u: Unit) -> dict[str, Node]:
    t: dict[str, Node] = {"name": u.name}
    for key in ("code", "region", "parent", "kind", "functions"):
        _put(t, key, getattr(u, key))
    return t


def _staffing(s: Staffing) -> dict[str, Node]:
    t: dict[str, Node] = {}
    for key in ("authorized", "actual", "retired", "contract"):
        value = getattr(s, key)
        if value is not None:
            t[key] = str(value)
    _put(t, "text", s.text)
    return t


def _line(line: Line, default_name: str = "") -> dict[str, Node]:
    t: dict[str, Node] = {}
    if line.name != default_name:
        t["name"] = line.name
    _amounts(t, [("amount", line.amount)])
    _rates(t, [("share", line.share), ("change", line.change)])
    _amounts(t, [("prior", line.prior)])
    _put(t, "project", line.project)
    _put(t, "note", line.note)
    return t


def _assets(a: Assets) -> dict[str, Node]:
    t: dict[str, Node] = {}
    _put(t, "kind", a.kind)
    _amounts(t, [("total", a.total), ("prior_total", a.prior_total)])
    _put(t, "items", [_line(i) for i in a.items])
    _amounts(t, [("fixed_in_use", a.fixed_in_use), ("fixed_total", a.fixed_total)])
    return t


def _breakdown(b: Breakdown) -> dict[str, Node]:
    t: dict[str, Node] = {}
    _amounts(t, [("total", b.total)])
    _put(t, "text", b.text)
    _put(t, "items", [_line(i) for i in b.items])
    return t


def _carryover(c: Carryover) -> dict[str, Node]:
    t: dict[str, Node] = {}
    _amounts(t, [("prior", c.prior), ("ending", c.ending)])
    _put(t, "text", c.text)
    return t


def _pair(p: PairFigure) -> dict[str, Node]:
    t: dict[str, Node] = {}
    keys = ("budget", "actual", "prior_budget", "prior_actual")
    _amounts(t, [(k, getattr(p, k)) for k in keys])
    return t


def _adjustment(a: Adjustment) -> dict[str, Node]:
    t: dict[str, Node] = {"name": a.name, "amount": amount_text(a.amount), "kind": a.kind}
    _put(t, "excluded", a.excluded)
    return t


def _funds(f: Funds) -> dict[str, Node]:
    t: dict[str, Node] = {}
    if f.unit != "万元":
        t["unit"] = f.unit
    _amounts(t, [("initial", f.initial)])
    _put(t, "by_function", [_line(i) for i in f.by_function])
    for key, default in (
        ("basic", "基本支出"),
        ("project", "项目支出"),
        ("personnel", "人员经费"),
        ("public", "公用经费"),
    ):
        line = getattr(f, key)
        if line is not None:
            t[key] = _line(line, default)
    _put(t, "project_text", f.project_text)
    for key in ("additions", "reductions", "special", "superior", "other"):
        _put(t, key, _breakdown(getattr(f, key)))
    _put(t, "carryover", _carryover(f.carryover))
    _amounts(t, [("adjusted", f.adjusted), ("final", f.final)])
    _rates(t, [("execution_rate", f.execution_rate)])
    _put(t, "adjustment_ledger", [_adjustment(a) for a in f.adjustment_ledger])
    _amounts(t, [("public_actual", f.public_actual)])
    if f.three_public is not None:
        t["three_public"] = _pair(f.three_public)
    if f.procurement is not None:
        t["procurement"] = _pair(f.procurement)
    _amounts(t, [("key_projects", f.key_projects)])
    _put(t, "other_notes", f.other_notes)
    return t


def _value_text(value: Decimal | None, written: str, unit: str, implied_unit: str) -> str:
    """A target or actual: the text as written, else the number with the unit it implies."""
    if written:
        return written
    if value is None:
        return ""
    return amount_text(value) + ("%" if unit == "%" or implied_unit == "%" else "")


def _indicator(i: Indicator) -> dict[str, Node]:
    t: dict[str, Node] = {"name": i.name}
    _put(t, "level1", i.level1)
    _put(t, "level2", i.level2)
    target = _value_text(i.target, i.target_text, i.unit, "")
    target_op = parse_value(target)[2] if target else None
    if i.operator is not None and i.operator != target_op:
        t["operator"] = i.operator
    _put(t, "target", target)
    if i.unit and i.unit != (parse_value(target)[1] if target else ""):
        t["unit"] = i.unit
    _put(t, "actual", _value_text(i.actual, i.actual_text, i.unit, i.actual_unit))
    _amounts(t, [("weight", i.weight), ("score", i.score)])
    _put(t, "band", i.band)
    _amounts(t, [("coefficient", i.coefficient), ("deduction", i.deduction)])
    for key in ("deduction_reason", "justification", "deviation_reason"):
        _put(t, key, getattr(i, key))
    _put(t, "not_applicable", i.not_applicable)
    _put(t, "approved_operator", i.approved_operator)
    _amounts(t, [("approved_target", i.approved_target)])
    _put(t, "approved_unit", i.approved_unit)
    _put(t, "adjustment_approved", i.adjustment_approved)
    _put(t, "evidence", "\n".join(i.evidence))
    return t


def _funding_row(r: FundingRow) -> dict[str, Node]:
    t: dict[str, Node] = {"source": r.source}
    _amounts(t, [("initial", r.initial), ("adjusted", r.adjusted), ("executed", r.executed)])
    _rates(t, [("rate", r.rate)])
    return t


def _sections(texts: Mapping[str, str], keys: tuple[tuple[str, str], ...]) -> dict[str, Node]:
    return {k: texts[k] for k, _title in keys if texts.get(k)}


def _project(p: Project) -> dict[str, Node]:
    t: dict[str, Node] = {"name": p.name}
    _put(t, "code", p.code)
    _put(t, "attachment", p.attachment)
    _put(t, "implementer", p.implementer)
    _put(t, "funding", [_funding_row(r) for r in p.funding])
    _amounts(t, [("arrived", p.arrived)])
    _rates(t, [("arrival_rate", p.arrival_rate), ("execution_rate", p.execution_rate)])
    for key in ("execution_reason", "adjustment_reason"):
        _put(t, key, getattr(p, key))
    _put(t, "no_budget", p.no_budget)
    _put(t, "annual_goal", p.annual_goal)
    _put(t, "goal_result", p.goal_result)
    _put(t, "goals", _sections(p.goals, GOAL_CATEGORIES))
    _put(t, "indicators", [_indicator(i) for i in p.indicators])
    _put(t, "sections", _sections(p.sections, PROJECT_SECTIONS))
    _amounts(t, [("stated_score", p.stated_score)])
    _put(t, "stated_grade", p.stated_grade)
    return t


def _goal(g: Goal) -> dict[str, Node]:
    t: dict[str, Node] = {"name": g.name}
    _put(t, "target", g.target)
    _put(t, "result", g.result)
    _put(t, "indicators", [_indicator(i) for i in g.indicators])
    return t


def _publication(p: Publication) -> dict[str, Node]:
    t: dict[str, Node] = {}
    for key in ("measures", "channel", "url", "date", "approval_date"):
        _put(t, key, getattr(p, key))
    return t
