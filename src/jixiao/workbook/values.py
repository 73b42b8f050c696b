"""The model's values keyed the way the workbook layout names them (for pre-filling)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jixiao.model import Evaluation, Indicator, Line, Project
from jixiao.number import fmt_plain
from jixiao.workbook.layout import FUNDS_FIELDS, PROJECT_FIELDS, PROJECT_TEXT_FIELDS, UNIT_FIELDS


def _dig(obj: Any, path: str) -> Any:
    """``funds.additions.total`` on an object tree, or on the mappings report/goals/sections."""
    for part in path.split("."):
        if obj is None:
            return None
        obj = obj.get(part) if isinstance(obj, Mapping) else getattr(obj, part, None)
    return obj


def evaluation_values(ev: Evaluation) -> dict[str, Any]:
    return {f.path: _dig(ev, f.path) for f in (*UNIT_FIELDS, *FUNDS_FIELDS)}


def project_values(p: Project) -> dict[str, Any]:
    return {f.path: _dig(p, f.path) for f in (*PROJECT_FIELDS, *PROJECT_TEXT_FIELDS)}


def lines_of(ev: Evaluation, key: str) -> list[Line]:
    f = ev.funds
    if key == "assets":
        return list(ev.assets.items)
    if key == "by_function":
        return list(f.by_function)
    if key in ("basic", "project", "personnel", "public"):
        line = getattr(f, key)
        return [line] if line is not None else []
    return list(getattr(f, key).items)


def ledger_rows(ev: Evaluation | None) -> list[dict[str, Any]]:
    if ev is None:
        return []
    return [
        {"name": a.name, "amount": a.amount, "kind": a.kind, "excluded": a.excluded}
        for a in ev.funds.adjustment_ledger
    ]


def goal_rows(ev: Evaluation | None) -> list[dict[str, Any]]:
    if ev is None:
        return []
    return [{"name": g.name, "target": g.target, "result": g.result} for g in ev.goals]


def goal_indicator_rows(ev: Evaluation | None) -> list[dict[str, Any]]:
    if ev is None:
        return []
    return [{"goal": g.name, **indicator_values(i)} for g in ev.goals for i in g.indicators]


def funding_rows(p: Project) -> list[dict[str, Any]]:
    return [
        {
            "source": r.source,
            "initial": r.initial,
            "adjusted": r.adjusted,
            "executed": r.executed,
            "rate": r.rate,
        }
        for r in p.funding
    ]


def indicator_values(i: Indicator) -> dict[str, Any]:
    """An indicator row; values keep the text as written (target_text, actual_text)."""
    return {
        "level1": i.level1,
        "level2": i.level2,
        "name": i.name,
        "operator": i.operator or "",
        "target": i.target_text or (fmt_plain(i.target) if i.target is not None else ""),
        "unit": i.unit,
        "actual": i.actual_text or (fmt_plain(i.actual) if i.actual is not None else ""),
        "weight": i.weight,
        "score": i.score,
        "band": i.band or "",
        "coefficient": i.coefficient,
        "deviation_reason": i.deviation_reason,
        "deduction": i.deduction,
        "deduction_reason": i.deduction_reason,
        "justification": i.justification,
        "not_applicable": i.not_applicable,
        "approved_operator": i.approved_operator or "",
        "approved_target": fmt_plain(i.approved_target) if i.approved_target is not None else "",
        "approved_unit": i.approved_unit or "",
        "adjustment_approved": i.adjustment_approved,
        "evidence": "\n".join(i.evidence),
    }
