"""What a document is: its kind (four kinds of rules.md §5), its unit and its budget year."""

from __future__ import annotations

import re

KINDS = {
    "dept_report": "部门整体报告",
    "dept_table": "部门整体自评表",
    "project_report": "项目支出自评报告",
    "project_table": "项目支出自评表",
}
_KIND_WORD = re.compile(r"(自评表|评价表|目标自评表|自评报告|评价报告|总结报告)")
_DEPT = re.compile(r"(部门整体|整体支出|部门预算整体|单位整体)")
_UNIT_SUFFIX = (
    r"(?:局|中心|政府|委员会|委|办公室|办|学校|中学|小学|医院|院|所|站|队|馆|厅|部|会|协会|公司)"
)
_LABELS = ("实施单位", "资金使用单位", "预算部门、单位名称", "单位名称", "部门", "发布机构", "来源")
_UNIT_AFTER_LABEL = [
    re.compile(
        rf"{label}\s*[:：(（盖章)）]*\s*\|?\s*"
        rf"(?:\d+-)?([\u4e00-\u9fff（）()]{{2,30}}?{_UNIT_SUFFIX})(?![\u4e00-\u9fff])"
    )
    for label in _LABELS
]
_UNIT_BEFORE_TITLE = re.compile(
    rf"(?:\d{{4}}\s*年度?\s*)?([\u4e00-\u9fff]{{2,24}}?{_UNIT_SUFFIX})\s*(?:\d{{4}}\s*年度?)?\s*"
    r"(?:部门|项目|整体|关于|预算|决算|\d{4})"
)
_UNIT_LINE = re.compile(rf"^([\u4e00-\u9fff]{{2,24}}{_UNIT_SUFFIX})$")


def detect_kind(head: str) -> str:
    """From the first title-like words: 自评表 vs 报告, 部门整体 vs 项目."""
    m = _KIND_WORD.search(head)
    if not m:
        return "project_report" if "一、" in head else "project_table"
    word = m.group(1)
    before = head[max(0, m.start() - 40) : m.start()]
    dept = bool(_DEPT.search(before))
    table = word.endswith("表")
    return ("dept_" if dept else "project_") + ("table" if table else "report")


def detect_year(head: str) -> int | None:
    for pattern in (r"(20\d{2})\s*年度", r"(20\d{2})\s*年"):
        m = re.search(pattern, head)
        if m:
            return int(m.group(1))
    return None


def detect_unit(head: str) -> str:
    for line in head.splitlines()[:8]:
        m = _UNIT_LINE.match(line.strip())
        if m:
            return m.group(1)
    for pattern in (*_UNIT_AFTER_LABEL, _UNIT_BEFORE_TITLE):
        m = pattern.search(head)
        if m:
            return re.sub(r"^\d{4}年度?", "", m.group(1))
    return ""
