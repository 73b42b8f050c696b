"""The output forms of ``jixiao audit``: text, JSON (the public interface, docs/audit.md),
and a per-document summary as CSV or HTML, sorted worst first."""

from __future__ import annotations

import csv
import html
import io
import json
from typing import Any

from jixiao.audit.detect import KINDS
from jixiao.audit.run import DocumentResult, summary_counts
from jixiao.issues import Severity, sort_issues


def to_json(results: list[DocumentResult]) -> str:
    data: dict[str, Any] = {
        "documents": [r.to_dict() for r in results],
        "summary": summary_counts(results),
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def to_text(results: list[DocumentResult]) -> str:
    lines = []
    for r in results:
        head = f"== {r.file}"
        if r.error:
            lines.append(f"{head}: 无法审核：{r.error}")
            continue
        lines.append(
            f"{head}: {KINDS.get(r.kind, r.kind)}，{r.unit or '单位未识别'}，{r.year or '年度未识别'}年度，"
            f"事实 {len(r.facts)} 项，指标 {len(r.indicators)} 行"
        )
        lines.extend(i.to_text() for i in sort_issues(r.issues))
    return "\n".join(lines)


SUMMARY_COLUMNS = (
    "file",
    "kind",
    "unit",
    "year",
    "facts",
    "indicators",
    "errors",
    "warnings",
    "infos",
    "error",
)


def _rank(r: DocumentResult) -> tuple[int, int, int, str]:
    return (0 if r.error else 1, -r.count(Severity.ERROR), -r.count(Severity.WARNING), r.file)


def summary_rows(results: list[DocumentResult]) -> list[dict[str, Any]]:
    return [
        {
            "file": r.file,
            "kind": KINDS.get(r.kind, r.kind),
            "unit": r.unit,
            "year": r.year or "",
            "facts": len(r.facts),
            "indicators": len(r.indicators),
            "errors": r.count(Severity.ERROR),
            "warnings": r.count(Severity.WARNING),
            "infos": r.count(Severity.INFO),
            "error": r.error or "",
        }
        for r in sorted(results, key=_rank)
    ]


def to_csv(results: list[DocumentResult]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=SUMMARY_COLUMNS)
    writer.writeheader()
    writer.writerows(summary_rows(results))
    return buf.getvalue()


_HEAD = ("文件", "类型", "单位", "年度", "事实", "指标行", "错误", "警告", "提示", "无法读取")


def to_html(results: list[DocumentResult]) -> str:
    rows = []
    for row in summary_rows(results):
        cells = "".join(f"<td>{html.escape(str(row[c]))}</td>" for c in SUMMARY_COLUMNS)
        cls = "bad" if row["error"] or row["errors"] else ("warn" if row["warnings"] else "ok")
        rows.append(f'<tr class="{cls}">{cells}</tr>')
    head = "".join(f"<th>{h}</th>" for h in _HEAD)
    counts = summary_counts(results)
    return (
        '<!doctype html><html lang="zh-hans"><meta charset="utf-8"><title>绩效自评审核汇总</title>'
        "<style>body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
        "padding:2px 6px}.bad{background:#fdd}.warn{background:#ffd}</style>"
        f"<h1>绩效自评审核汇总</h1><p>共 {counts['documents']} 份文件，无法读取 {counts['unreadable']} 份，"
        f"错误 {counts['errors']} 个，警告 {counts['warnings']} 个。</p>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></html>\n"
    )


FORMATS = {"text": to_text, "json": to_json, "csv": to_csv, "html": to_html}
