"""Each deliberately damaged workbook gives the right issue at the right cell, or still reads to
the same model; none crashes (the workbooks come from tests/make_damaged_workbooks.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.issues import Severity
from jixiao.workbook import load_workbook_file
from make_damaged_workbooks import DAMAGES, FILE_DAMAGES, base_evaluation, build_one
from workbook_helpers import strip_meta


@pytest.mark.parametrize("name", [*DAMAGES, *FILE_DAMAGES])
def test_damage_gives_its_issue_at_its_cell(tmp_path: Path, name: str) -> None:
    path, expect = build_one(tmp_path, name)
    ev, issues = load_workbook_file(path)
    found = {(i.code, i.source.sheet or "", i.source.cell or "") for i in issues}
    for code, sheet, cell in expect.issues:
        assert (code, sheet, cell) in found, (name, sorted(found))
    if not expect.issues:
        assert not [i for i in issues if i.severity is not Severity.INFO], issues
    if expect.same_as_base:
        assert ev is not None
        assert strip_meta(ev) == strip_meta(base_evaluation())
    if expect.check:
        expect.check(ev)
    for issue in issues:
        assert issue.source.file == str(path)
        assert issue.message and issue.code


def test_every_issue_of_a_damage_is_expected(tmp_path: Path) -> None:
    """A damage gives its own issue and no unrelated ones (so messages stay trustworthy)."""
    path, expect = build_one(tmp_path, "text_in_amount")
    _ev, issues = load_workbook_file(path)
    assert [(i.code, i.source.cell) for i in issues] == [
        (code, cell) for code, _s, cell in expect.issues
    ]
    assert "一千一百万" in issues[0].message
    assert issues[0].source.path == "funds.initial"


def test_a_misspelt_label_suggests_the_right_one(tmp_path: Path) -> None:
    path, _expect = build_one(tmp_path, "misspelt_label")
    _ev, issues = load_workbook_file(path)
    [issue] = [i for i in issues if i.code == "L-XLS-05"]
    assert "决算数额" in issue.message and "决算数" in issue.hint


def test_a_sheet_too_wide_to_be_a_form_is_refused_quickly(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for r in range(1, 200):
        ws.cell(r, 16000, "x")  # every row reaches column 16000: 3 million cells to pad
    path = tmp_path / "wide.xlsx"
    wb.save(path)
    ev, issues = load_workbook_file(path)
    assert ev is None
    assert [(i.code, i.source.file) for i in issues] == [("L-XLS-01", str(path))]
