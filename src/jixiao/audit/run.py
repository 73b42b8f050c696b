"""Audit one file: read, detect, extract, check; a file that cannot be read gets an error."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from jixiao.audit import checks_faults, checks_numbers, checks_rows, checks_text
from jixiao.audit.detect import detect_kind, detect_unit, detect_year
from jixiao.audit.document import Document, Paragraph, ReadError
from jixiao.audit.draft import build_draft
from jixiao.audit.facts import Fact, document_facts
from jixiao.audit.findings import ERROR, INFO, WARNING, issue
from jixiao.audit.funds import FundTable, find_fund_tables
from jixiao.audit.read import read_document
from jixiao.audit.rows import IndicatorTable, Row, find_indicator_tables, is_reliable
from jixiao.audit.stream import Token, document_stream, fold, is_flattened_table
from jixiao.issues import Issue, Severity, json_value, sort_issues
from jixiao.number import HUNDRED
from jixiao.source import Source

# A catalogue rule (rules.md §8) reporting the same thing at the same place replaces ours.
EQUIVALENT = {
    "V-FUND-01": "A-SUM-01",
    "V-FUND-02": "A-RATE-01",
    "V-RPT-03": "A-SUM-04",
    "V-IND-05": "A-SCORE-01",
    "V-IND-04": "A-IND-04",
    "V-IND-06": "A-REQ-02",
    "V-TOT-01": "A-TOT-01",
    "V-W-01": "A-WGT-02",
    "V-FUND-03": "A-REQ-01",
    "V-FUND-04": "A-REQ-03",
    "V-IND-03": "A-IND-06",
    "L-XLS-04": "A-CELL-01",
}


# Catalogue rules whose inputs a published document gives us faithfully. The others need
# what extraction does not read (narrative sections, reasons, schemes, attachments) and would
# report a document's figures as missing when only our reading of it is partial.
APPLICABLE = frozenset(
    {
        "V-FUND-01",
        "V-FUND-02",
        "V-FUND-05",
        "V-RPT-03",
        "V-SUM-01",
        "V-STAFF-01",
        "V-STAFF-02",
        "V-DEPT-01",
        "V-IND-04",
    }
)


@dataclass
class DocumentResult:
    file: str
    kind: str = ""
    unit: str = ""
    year: int | None = None
    facts: list[Fact] = field(default_factory=list)
    indicators: list[tuple[Row, IndicatorTable]] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    error: str | None = None
    format: str = ""

    def count(self, severity: Severity) -> int:
        return sum(1 for i in self.issues if i.severity is severity)

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "format": self.format,
            "kind": self.kind,
            "unit": self.unit,
            "year": self.year,
            "facts": [f.to_dict() for f in self.facts],
            "indicators": [indicator_dict(r) for r, _ in self.indicators],
            "issues": [i.to_dict() for i in sort_issues(self.issues)],
            "error": self.error,
        }


def indicator_dict(row: Row) -> dict[str, Any]:
    target, actual = row.get("target"), row.get("actual")
    op_cell = row.get("operator")
    op = op_cell.operator if op_cell else (target.operator if target else None)
    unit = row.get("unit")

    def val(v: Any, copied_operator_is_text: bool = False) -> Any:
        if v is None:
            return None
        copied = copied_operator_is_text and v.operator is not None
        return json_value(v.number) if v.is_number and not copied else v.text

    return {
        "level1": row.level1,
        "level2": row.level2,
        "name": row.name,
        "operator": op,
        "target": val(target),
        "unit": unit.text if unit else (target.unit_or_percent if target else ""),
        "actual": val(actual, copied_operator_is_text=True),  # "≥266米" stays as written
        "weight": json_value(row.number("weight")),
        "score": json_value(row.number("score")),
        "reason": row.cells["reason"].text if "reason" in row.cells else "",
        "source": row.source.to_dict(),
    }


def audit_file(path: str | Path) -> DocumentResult:
    p = Path(path)
    result = DocumentResult(str(p))
    try:
        document, note = read_document(p)
    except ReadError as exc:
        result.error = exc.message + (f"（{exc.hint}）" if exc.hint else "")
        result.issues.append(
            Issue(
                "A-FILE-01",
                Severity.ERROR,
                f"无法读取：{exc.message}",
                Source(str(p)),
                hint=exc.hint,
            )
        )
        return result
    result.format = document.format
    if note:
        result.issues.append(issue("A-FILE-02", Severity.INFO, note, Source(str(p))))
    for remark in document.notes:
        result.issues.append(
            issue("A-FILE-03", ERROR, remark, Source(str(p)), hint="只审核了已读取的部分")
        )
    try:
        audit_document(document, result)
    except Exception as exc:  # a defect of ours: this file's error, never a traceback
        result.error = f"审核时出错：{type(exc).__name__}"
        result.issues.append(
            issue(
                "X-AUDIT",
                ERROR,
                f"审核时出错：{type(exc).__name__}: {exc}",
                Source(str(p)),
                hint="这是 jixiao 的缺陷，请报告；其他文件不受影响",
            )
        )
    return result


def audit_document(document: Document, result: DocumentResult) -> None:
    head = document.text(4000)
    result.kind, result.year, result.unit = detect_kind(head), detect_year(head), detect_unit(head)
    tokens = document_stream(document)
    skip = {
        i
        for i, b in enumerate(document.blocks)
        if isinstance(b, Paragraph) and is_flattened_table(b.text)
    }
    funds = find_fund_tables(tokens)
    tables: list[IndicatorTable] = []
    broken: list[IndicatorTable] = []
    for table in find_indicator_tables(tokens):
        (tables if is_reliable(table) else broken).append(table)
    inside = {k for t in tables if t.has_header for k in range(t.start, t.end)}
    inside |= {k for t in funds for k in range(t.start, t.end)}
    projects = project_names(tokens, [t.start for t in funds])
    facts = document_facts(document, tokens, skip, inside)
    facts += _fund_facts(funds, projects) + _table_facts(tables)
    result.facts = facts
    result.indicators = [(r, t) for t in tables for r in t.rows]
    found: list[Issue] = [
        issue(
            "A-TAB-01",
            INFO,
            f"指标表无法可靠识别（{len(t.rows)} 行中多数指标名称只有几个字，"
            "可能是 PDF 表格断行），未逐行核对",
            t.source,
            hint="请提供 Word、Excel 或带表格线的 PDF",
        )
        for t in broken
    ]
    found += checks_numbers.check_fund_tables(funds, facts)
    found += checks_numbers.check_narrative(document, skip)
    found += checks_numbers.check_facts(facts)
    found += checks_rows.check_indicator_tables(tables, funds)
    found += checks_rows.check_standard_split(fold(document.text()), tables)
    found += checks_text.check_outline(document)
    found += checks_text.check_repeats(document)
    found += checks_text.check_dates(document)
    found += checks_text.check_goal_year(tokens, result.year)
    found += checks_text.check_brackets(document)
    found += checks_text.check_error_cells(document)
    low = _low_rates(funds)
    found += checks_text.check_low_rate_reason(document, _low_rates(funds, unexplained=True))
    found += checks_faults.check_beneficiaries(document, facts)
    found += checks_faults.check_denied_deviation(document, low)
    found += checks_faults.check_template_text(document)
    found += _catalogue(document.file, result, facts, funds, tables, found)
    if document.format == "xlsx":
        found += _workbook_cells(document.file)
    result.issues.extend(_dedupe(found))


def project_names(tokens: list[Token], starts: list[int]) -> list[str]:
    """The 项目名称 printed above each table (code prefixes dropped), or ""."""
    names = []
    previous = 0
    for start in starts:
        name = ""
        for k in range(start - 1, max(previous, start - 60) - 1, -1):
            if tokens[k].text.rstrip(":：") == "项目名称" and k + 1 < start:
                name = re.sub(r"^[0-9A-Za-z_]{6,}[-－]", "", tokens[k + 1].text).strip()
                break
        names.append(name)
        previous = start
    return names


def _fund_facts(funds: list[FundTable], projects: list[str]) -> list[Fact]:
    keys = {
        "initial": "年初预算",
        "adjusted": "调整后预算",
        "executed": "执行数",
        "rate": "预算执行率",
        "weight": "执行率分值",
        "score": "执行率得分",
    }
    out = []
    for table, project in zip(funds, projects, strict=True):
        for row in table.rows:
            subject = row.subject or project or ("项目合计" if table.listing else "")
            for col, (value, src) in row.values.items():
                if col not in keys or value.number is None:
                    continue
                number = value.number
                unit = (
                    "%" if col == "rate" else ("分" if col in ("weight", "score") else table.unit)
                )
                if col == "rate" and not value.percent and number <= 1 and number != 0:
                    number = number * HUNDRED
                text = f"{row.label} {value.text}"
                out.append(
                    Fact(keys[col], number, unit, subject, text, src, row.label, "table", project)
                )
    return out


def _table_facts(tables: list[IndicatorTable]) -> list[Fact]:
    """Group weights printed in the 一级 labels and the 总分/合计 row."""
    out = []
    for table in tables:
        for group, (value, src) in table.groups.items():
            out.append(
                Fact(f"{group}分值", value, "分", "", f"{group}({value}分)", src, group, "table")
            )
        for name, got in (("总分分值", table.total_weight), ("总分得分", table.total_score)):
            if got is not None:
                out.append(
                    Fact(name, got[0], "分", "", f"总分/合计 {got[0]}", got[1], "合计", "table")
                )
    return out


def _low_rates(funds: list[FundTable], unexplained: bool = False) -> list[tuple[Decimal, Source]]:
    """Total rows executed under 90% (only those with an empty 原因 cell when asked)."""
    out: list[tuple[Decimal, Source]] = []
    for table in funds:
        if unexplained and table.listing:  # each listed project explains its own rate
            continue
        for row in table.rows:
            adjusted, executed = row.number("adjusted"), row.number("executed")
            if not row.is_total or not adjusted or executed is None or adjusted <= 0:
                continue
            if unexplained and "reason" in row.values and row.values["reason"][0].text.strip():
                continue
            rate = executed / adjusted * HUNDRED
            if rate < 90:
                out.append((rate.quantize(Decimal("0.01")), row.source))
    return out


def _catalogue(
    file: str,
    result: DocumentResult,
    facts: list[Fact],
    funds: list[FundTable],
    tables: list[IndicatorTable],
    ours: list[Issue],
) -> list[Issue]:
    """The rule catalogue on the draft evaluation; a crash there is reported, never raised."""
    try:
        from jixiao.rules import Options, run_rules
        from jixiao.rules.catalogue import ALL_RULES

        # The department's figures come from the narrative; tables are the projects' own
        # money (their rows go into the draft's projects), and grids have ambiguous columns.
        plain = [f for f in facts if f.origin == "text"]
        draft = build_draft(file, result.unit, result.year, plain, funds, tables)
        rules = [r for r in ALL_RULES if r.code in APPLICABLE]
        return list(run_rules(draft, rules, Options()))
    except Exception as exc:
        return [
            issue(
                "X-AUDIT",
                WARNING,
                f"规则目录未能在草稿上运行：{type(exc).__name__}: {exc}",
                Source(file),
            )
        ]


# Problems of the cells themselves that the workbook reader (jixiao.workbook) finds and a grid
# of values cannot see: a formula saved without its result, an error value, a date for a number.
WORKBOOK_CELL_CODES = frozenset({"L-XLS-03", "L-XLS-04", "L-XLS-07"})


def _workbook_cells(file: str) -> list[Issue]:
    try:
        from jixiao.workbook import read_official_tables

        _projects, issues = read_official_tables(file)
    except Exception as exc:  # another module's failure must not stop this audit
        return [
            issue(
                "X-AUDIT", WARNING, f"工作簿单元格检查未能运行：{type(exc).__name__}", Source(file)
            )
        ]
    return [i for i in issues if i.code in WORKBOOK_CELL_CODES]


def _dedupe(found: list[Issue]) -> list[Issue]:
    covered = {(EQUIVALENT[i.code], _place(i.source)[:2]) for i in found if i.code in EQUIVALENT}
    out, seen = [], set()
    for i in found:
        if (i.code, _place(i.source)[:2]) in covered:
            continue
        key = (i.code, _place(i.source), i.message)
        if key not in seen:
            seen.add(key)
            out.append(i)
    return out


def _place(s: Source) -> tuple[Any, ...]:
    return (s.file, (s.line, s.page, s.sheet, s.cell, s.table, s.paragraph), s.column)


def summary_counts(results: list[DocumentResult]) -> dict[str, int]:
    return {
        "documents": len(results),
        "unreadable": sum(1 for r in results if r.error),
        "errors": sum(r.count(Severity.ERROR) for r in results),
        "warnings": sum(r.count(Severity.WARNING) for r in results),
        "infos": sum(r.count(Severity.INFO) for r in results),
        "facts": sum(len(r.facts) for r in results),
        "indicators": sum(len(r.indicators) for r in results),
    }


_ = (re, Token)
