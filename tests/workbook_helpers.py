"""Shared helpers of the workbook tests: compare models without their sources."""

from __future__ import annotations

import dataclasses
from typing import Any

from jixiao.model import NO_META, Meta


def strip_meta(obj: Any) -> Any:
    """The same model with every Meta replaced by the empty one (sources are not compared)."""
    if isinstance(obj, Meta):
        return NO_META
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        changes = {f.name: strip_meta(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
        return dataclasses.replace(obj, **changes)
    if isinstance(obj, tuple):
        return tuple(strip_meta(x) for x in obj)
    if isinstance(obj, dict):
        return {k: strip_meta(v) for k, v in obj.items()}
    return obj
