"""docs/audit.md documents every audit code and every option of ``jixiao audit``."""

from __future__ import annotations

import re
from pathlib import Path

from jixiao.audit.output import to_html
from jixiao.audit.run import DocumentResult
from jixiao.cli.audit import audit_command

ROOT = Path(__file__).resolve().parents[1]
DOC = (ROOT / "docs" / "audit.md").read_text(encoding="utf-8")


def test_every_audit_code_has_a_row() -> None:
    used = set()
    for path in (ROOT / "src" / "jixiao" / "audit").glob("*.py"):
        used |= set(re.findall(r'"((?:A|X)-[A-Z]+(?:-\d+)?)"', path.read_text(encoding="utf-8")))
    rows = set(re.findall(r"^\| ((?:A|X)-[A-Z]+(?:-\d+)?) \|", DOC, re.M))
    assert used and used <= rows, sorted(used - rows)


def test_every_option_is_documented() -> None:
    for param in audit_command.params:
        for opt in getattr(param, "opts", []):
            if opt.startswith("--"):
                assert f"`{opt}" in DOC or f"{opt} " in DOC, opt


def test_html_summary_escapes_and_orders_worst_first() -> None:
    good = DocumentResult("a<b>.txt", kind="dept_report")
    bad = DocumentResult("z.txt", error="文件为空")
    page = to_html([good, bad])
    assert "a&lt;b&gt;.txt" in page and page.index("z.txt") < page.index("a&lt;b")
