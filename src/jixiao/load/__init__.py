"""Loaders: turn an input file into an :class:`~jixiao.model.Evaluation` plus issues.

Every loader is ``load_*(path) -> (Evaluation | None, list[Issue])`` and never raises on bad
content: a problem in the file becomes an issue with its location.
"""

from __future__ import annotations

from pathlib import Path

from jixiao.issues import Issue, Severity
from jixiao.model import Evaluation
from jixiao.source import Source


def load_evaluation(path: str | Path) -> tuple[Evaluation | None, list[Issue]]:
    """Load a unit-year from a file, choosing the reader by extension."""
    p = Path(path)
    if not p.exists():
        return None, [_cannot(p, "文件不存在", "请检查文件路径")]
    if p.is_dir():
        return None, [_cannot(p, "这是一个目录，不是文件", "请给出 .yaml 文件")]
    suffix = p.suffix.lower()
    if suffix in (".yaml", ".yml"):
        from jixiao.load.evaluation_yaml import load_yaml_file

        return load_yaml_file(p)
    if suffix in (".xlsx", ".xlsm"):
        from jixiao.workbook import load_workbook_file

        return load_workbook_file(p)
    return None, [
        _cannot(
            p, f"不支持的文件类型 {suffix or '（无扩展名）'}", "请使用 .yaml / .yml 或 .xlsx 文件"
        )
    ]


def _cannot(p: Path, what: str, hint: str) -> Issue:
    return Issue("L-FILE-01", Severity.ERROR, f"无法读取：{what}", Source(str(p)), hint=hint)
