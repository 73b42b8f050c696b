"""Validation rules that need the engine's scores (filled in by the scoring work)."""

from __future__ import annotations

from jixiao.rules import Rule

RULES: tuple[Rule, ...] = ()
