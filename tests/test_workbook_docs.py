"""docs/workbook.md documents every issue code, field, column and option of the workbook
(undocumented fails, the Datasette way)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jixiao.cli.import_cmd import import_command
from jixiao.cli.template import template_command
from jixiao.workbook.layout import (
    FUNDS_FIELDS,
    PROJECT_FIELDS,
    PROJECT_TEXT_FIELDS,
    TABLES,
    UNIT_FIELDS,
)

ROOT = Path(__file__).resolve().parents[1]
DOC = (ROOT / "docs" / "workbook.md").read_text(encoding="utf-8")


def test_every_issue_code_of_the_workbook_reader_is_documented() -> None:
    codes: set[str] = set()
    for path in (ROOT / "src" / "jixiao" / "workbook").glob("*.py"):
        codes |= set(re.findall(r'"(L-[A-Z]+-\d+)"', path.read_text(encoding="utf-8")))
    assert "L-XLS-03" in codes
    assert sorted(c for c in codes if f"`{c}`" not in DOC) == []


@pytest.mark.parametrize("f", [*UNIT_FIELDS, *FUNDS_FIELDS, *PROJECT_FIELDS, *PROJECT_TEXT_FIELDS])
def test_every_field_is_documented_with_its_yaml_key(f) -> None:  # type: ignore[no-untyped-def]
    assert f"| {f.label}" in DOC and f"`{f.path}`" in DOC


def test_every_table_column_is_documented() -> None:
    for table in TABLES:
        assert table.title in DOC
        for column in table.columns:
            assert f"| {column.header} |" in DOC, (table.name, column.header)


def test_every_command_option_is_documented() -> None:
    for command in (template_command, import_command):
        for param in command.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("-"):
                    assert f"`{opt}" in DOC or f", {opt}" in DOC, (command.name, opt)
