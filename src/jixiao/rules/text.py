"""Validation rules: text (filled in by the catalogue work)."""

from __future__ import annotations

from jixiao.rules import Rule

RULES: tuple[Rule, ...] = ()
