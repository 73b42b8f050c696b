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
