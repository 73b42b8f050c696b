"""Excel workbooks: the fill-in template, its import, and the official 自评表 layouts as input.

Public entry points (each returns issues as values, never raises on a user's file):

- :func:`load_workbook_file` ``(path) -> (Evaluation | None, issues)``: a filled-in jixiao
  workbook, or a workbook of official 项目支出绩效自评表 (national or Sichuan 0013zp).
- :func:`read_official_tables` ``(path) -> (projects, issues)``: only the official tables.
- :func:`write_template` ``(path, evaluation=None, scheme="")``: the workbook to fill in.
"""

from __future__ import annotations

from pathlib import Path

from jixiao.issues import Issue, Severity
from jixiao.model import Evaluation, Project
from jixiao.source import Source
from jixiao.workbook.cells import CellReader
from jixiao.workbook.grid import open_book
from jixiao.workbook.importer import cannot_read, import_book, is_template
from jixiao.workbook.official import find_official_tables, read_official_book
from jixiao.workbook.template import write_template

__all__ = ["load_workbook_file", "read_official_tables", "write_template"]


def load_workbook_file(path: str | Path) -> tuple[Evaluation | None, list[Issue]]:
    """Read a workbook into a unit-year; every problem is an issue pointing at sheet!cell."""
    p = Path(path)
    book, issues = open_book(p)
    if book is None:
        return None, issues
    reader = CellReader(str(p), uncached=book.uncached)
    if is_template(book):
        evaluation = import_book(book, reader)
        return evaluation, issues + reader.issues
    if find_official_tables(book):
        projects, year, unit = read_official_book(book, reader)
        if not projects:
            return None, issues + reader.issues
        evaluation = Evaluation(unit=unit, year=year or 0, projects=tuple(projects))
        if year is None:
            reader.report(
                "L-REQ-01",
                Severity.WARNING,
                "自评表标题中没有年度（如“（2023年度）”），年度按 0 处理",
                projects[0].meta.source,
                hint="请在标题中写明年度",
            )
        note = Issue(
            "L-XLS-11",
            Severity.INFO,
            f"按官方项目支出绩效自评表读取了 {len(projects)} 个项目",
            Source(str(p), sheet=book.sheets[0].title, cell="A1"),
        )
        return evaluation, [*issues, *reader.issues, note]
    return None, [*issues, cannot_read(book)]


def read_official_tables(path: str | Path) -> tuple[list[Project], list[Issue]]:
    """The projects of every official 项目支出绩效自评表 in a workbook (for audits)."""
    p = Path(path)
    book, issues = open_book(p)
    if book is None:
        return [], issues
    reader = CellReader(str(p), uncached=book.uncached)
    projects, _year, _unit = read_official_book(book, reader)
    if not projects and not reader.issues:
        issues.append(
            Issue(
                "L-XLS-02",
                Severity.ERROR,
                "工作簿中没有找到项目支出绩效自评表",
                Source(str(p), sheet=book.sheets[0].title if book.sheets else None, cell="A1"),
                hint="表中应有“项目名称”和“三级指标”等表头",
            )
        )
    return projects, issues + reader.issues
