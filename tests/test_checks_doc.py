"""docs/checks.md documents every rule of the catalogue (the Datasette way: undocumented fails).

``JIXIAO_UPDATE_DOCS=1 pytest tests/test_checks_doc.py`` appends a row for each missing code to
its family's table (before the ``<!-- rows: family -->`` marker); review the diff and complete it.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path

from jixiao.rules import Rule
from jixiao.rules.catalogue import ALL_RULES

DOC = Path(__file__).resolve().parents[1] / "docs" / "checks.md"

# rule module -> the family table its rows go in
FAMILIES = {
    "funds": "funds",
    "report": "report",
    "indicators": "indicators",
    "indicator_quality": "indicators",
    "plausibility": "indicators",
    "scoring": "scoring",
    "text": "text",
    "reasons": "text",
}
OWN_SECTIONS = ("funds", "report")  # families documented with a section per code
ROW_RE = re.compile(
    r"^\|\s*`?([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*)`?\s*\|\s*([a-z]+|错误|警告|提示)\s*\|", re.M
)
LABELS = {"错误": "error", "警告": "warning", "提示": "info"}


def family(r: Rule) -> str:
    return FAMILIES.get(r.check.__module__.rsplit(".", 1)[-1], "other")


def documented(text: str) -> dict[str, str]:
    """code -> severity as written in the tables."""
    return {m.group(1): LABELS.get(m.group(2), m.group(2)) for m in ROW_RE.finditer(text)}


def row(r: Rule) -> str:
    return f"| {r.code} | {r.severity.value} | {r.title} | |"


def add_missing_rows(text: str, rules: tuple[Rule, ...]) -> str:
    """Insert a row for every undocumented rule before its family's marker."""
    known = documented(text)
    for r in rules:
        if r.code in known:
            continue
        marker = f"<!-- rows: {family(r)} -->"
        if marker not in text:
            marker = "<!-- rows: other -->"
        text = text.replace(marker, f"{row(r)}\n{marker}", 1)
        known[r.code] = r.severity.value
    return text


def test_catalogue_codes_are_unique():
    dupes = [c for c, n in Counter(r.code for r in ALL_RULES).items() if n > 1]
    assert not dupes, f"rule codes used twice: {dupes}"


def test_every_rule_is_documented_with_its_severity():
    text = DOC.read_text(encoding="utf-8")
    if os.environ.get("JIXIAO_UPDATE_DOCS"):
        updated = add_missing_rows(text, ALL_RULES)
        if updated != text:
            DOC.write_text(updated, encoding="utf-8")
            text = updated
    known = documented(text)
    missing = [row(r) for r in ALL_RULES if r.code not in known]
    assert not missing, "docs/checks.md lacks (run with JIXIAO_UPDATE_DOCS=1):\n" + "\n".join(
        missing
    )
    wrong = [
        f"{r.code}: doc {known[r.code]}, rule {r.severity.value}"
        for r in ALL_RULES
        if known[r.code] != r.severity.value
    ]
    assert not wrong, wrong


def test_own_families_have_a_section_per_code():
    text = DOC.read_text(encoding="utf-8")
    headings = set(re.findall(r"^###\s+(.+)$", text, re.M))
    for r in ALL_RULES:
        if family(r) in OWN_SECTIONS:
            assert any(r.code in h for h in headings), f"no ### section for {r.code}"


def test_updater_inserts_rows_in_the_family_table():
    text = "## 文字\n| 代码 | 级别 |\n|---|---|\n<!-- rows: text -->\n<!-- rows: other -->\n"
    rule = ALL_RULES[0]  # a funds rule: its family has no table here, so it goes to "other"
    updated = add_missing_rows(text, (rule,))
    assert f"{row(rule)}\n<!-- rows: other -->" in updated
    assert documented(updated) == {rule.code: rule.severity.value}
    assert add_missing_rows(updated, (rule,)) == updated  # idempotent
