"""Hypothesis: no cell values, in any field or column of a workbook, crash the importer."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from jixiao.workbook import load_workbook_file
from jixiao.workbook.layout import FORM_HEADER, FUNDING, FUNDS_FIELDS, INDICATORS, UNIT_FIELDS

safe_text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)
values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    safe_text,
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 1, 1)),
    st.sampled_from(["#N/A", "=", "≥90%", "1,234.5", "９２％", "/", "是", "合计", "注：x"]),
)
FORM_LABELS = [f.label for f in (*UNIT_FIELDS, *FUNDS_FIELDS)]


def _cell(ws: Any, row: int, col: int, value: Any) -> None:
    cell = ws.cell(row, col)
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.sampled_from(FORM_LABELS), values), max_size=12),
    st.lists(st.lists(values, min_size=6, max_size=6), max_size=4),
    st.lists(st.lists(values, min_size=12, max_size=12), max_size=6),
    safe_text,
)
def test_random_cells_never_crash_the_importer(
    form: list[tuple[str, Any]],
    funding: list[list[Any]],
    indicators: list[list[Any]],
    project_name: str,
) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(list(FORM_HEADER))
    for label, value in form:
        ws.append([label])
        _cell(ws, ws.max_row, 2, value)
    p = wb.create_sheet("项目")
    p.append(list(FORM_HEADER))
    p.append(["项目名称"])
    _cell(p, 2, 2, project_name)
    p.append([c.header for c in FUNDING.columns])
    for row in funding:
        r = p.max_row + 1
        for c, v in enumerate(row, start=1):
            _cell(p, r, c, v)
    p.append([c.header for c in INDICATORS.columns])
    for row in indicators:
        r = p.max_row + 1
        for c, v in enumerate(row, start=1):
            _cell(p, r, c, v)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "h.xlsx"
        wb.save(path)
        ev, issues = load_workbook_file(path)
    for issue in issues:
        assert issue.source.sheet is not None and issue.source.cell, issue
        assert issue.message
    if ev is not None:  # every value read remembers its cell
        for project in ev.projects:
            for ind in project.indicators:
                assert all(src.sheet == "项目" and src.cell for src in ind.meta.fields.values())


def _base_grid() -> list[tuple[str, list[list[Any]]]]:
    """The base template's values, sheet by sheet (styles dropped, so rewriting is fast)."""
    from openpyxl import load_workbook

    from jixiao.workbook import write_template
    from make_damaged_workbooks import base_evaluation

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "base.xlsx"
        write_template(path, base_evaluation())
        wb = load_workbook(path, read_only=True)
        grid = [(ws.title, [list(r) for r in ws.iter_rows(values_only=True)]) for ws in wb]
        wb.close()
    return grid


BASE_GRID = _base_grid()
edits = st.lists(
    st.tuples(
        st.sampled_from(["delete_row", "copy_row", "swap_cols", "blank", "move_sheet", "set"]),
        st.integers(min_value=0, max_value=10_000),
        st.integers(min_value=0, max_value=10_000),
        values,
    ),
    max_size=8,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits)
def test_rows_and_sheets_moved_about_never_crash_the_importer(ops: list[Any]) -> None:
    sheets = [(title, [list(r) for r in rows]) for title, rows in BASE_GRID]
    for op, a, b, value in ops:
        title, rows = sheets[a % len(sheets)]
        if not rows:
            continue
        r = rows[b % len(rows)]
        if op == "delete_row":
            rows.remove(r)
        elif op == "copy_row":
            rows.insert(a % len(rows), list(r))
        elif op == "swap_cols" and len(r) > 1:
            i, j = a % len(r), b % len(r)
            for row in rows:
                if len(row) > max(i, j):
                    row[i], row[j] = row[j], row[i]
        elif op == "blank" and r:
            r[a % len(r)] = None
        elif op == "move_sheet":
            sheets.append(sheets.pop(a % len(sheets)))
        elif op == "set" and r:
            r[a % len(r)] = value
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets:
        ws = wb.create_sheet(title)
        for i, row in enumerate(rows, start=1):
            for j, v in enumerate(row, start=1):
                if v is not None:
                    _cell(ws, i, j, v)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "moved.xlsx"
        wb.save(path)
        _ev, issues = load_workbook_file(path)
    for issue in issues:
        assert issue.source.file == str(path) and issue.message
        if issue.code != "L-XLS-02":
            assert issue.source.sheet and issue.source.cell, issue
