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
# A name may end in a parenthesised qualifier that belongs to it: "…教育局（本级）",
# "…中心（…鉴定中心）"; never the "（盖章）" a form prints after the label.
_QUALIFIER = r"(?:\s*[（(](?!盖章)[\u4e00-\u9fff]{1,20}[）)])?"
# 主管部门 names the supervising department, not the unit: "部门" counts only as "部门：".
_LABELS = (
    "实施单位",
    "资金使用单位",
    "预算部门、单位名称",
    "单位名称",
    "部门[:：]",
    "发布机构",
    "来源",
)
_FORM_LABELS = ("实施单位", "资金使用单位", "预算部门、单位名称", "单位名称")


def _after(label: str, end: str) -> re.Pattern[str]:
    return re.compile(
        rf"{label}\s*[:：(（盖章)）]*\s*\|?\s*"
        rf"(?:\d+-)?([\u4e00-\u9fff（）()]{{2,30}}?{_UNIT_SUFFIX}{_QUALIFIER}){end}"
    )


# The name ends where its cell ends; after a form's own labels, also where text runs on.
_UNIT_AFTER_LABEL = [_after(label, r"(?![\u4e00-\u9fff])") for label in _LABELS]
_UNIT_AFTER_FORM_LABEL = [_after(label, "") for label in _FORM_LABELS]
_UNIT_BEFORE_TITLE = re.compile(
    rf"(?:\d{{4}}\s*年度?\s*)?([\u4e00-\u9fff]{{2,24}}?{_UNIT_SUFFIX}{_QUALIFIER})\s*"
    r"(?:\d{4}\s*年度?)?\s*"
    r"(?:部门|项目|整体|关于|预算|决算|\d{4})"
)
_UNIT_LINE = re.compile(rf"^([\u4e00-\u9fff]{{2,24}}{_UNIT_SUFFIX}{_QUALIFIER})$")


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
    for pattern in (*_UNIT_AFTER_LABEL, *_UNIT_AFTER_FORM_LABEL):
        m = pattern.search(head)
        if m:  # a name wrapped in its cell is one name
            return re.sub(r"^\d{4}年度?|\s+", "", m.group(1))
    for line in head.splitlines()[:8]:
        m = _UNIT_LINE.match(line.strip())
        if m:
            return m.group(1)
    plain = re.sub(r"《[^》]*》", "", head)  # names inside cited titles are other bodies
    for m in _UNIT_BEFORE_TITLE.finditer(plain):
        name = re.sub(r"^\d{4}年度?", "", m.group(1))
        if not re.search(r"我|^(对|根据|关于|按照|现将)", name):
            return name
    return _most_named(plain)


_PLACED = re.compile(
    rf"(?:^|(?<=[\s，。、：:；;（()）\d年]))"
    rf"[\u4e00-\u9fff]{{1,6}}?(?:省|市|县|区|州|盟|旗)[\u4e00-\u9fff]{{1,12}}?{_UNIT_SUFFIX}"
    r"(?![\u4e00-\u9fff]{0,2}(?:印发|下达|关于))"
)


def _most_named(text: str) -> str:
    """The place-named body the text names most; never a finance bureau, which issues funds."""
    counts: dict[str, int] = {}
    for m in _PLACED.finditer(text):
        name = re.sub(r"^(现将|根据|按照|关于|对|在|经|由|向|是|为|的|年)+", "", m.group())
        if len(name) >= 5 and not re.search(r"我|网站", name):
            counts[name] = counts.get(name, 0) + 1
    if not counts:
        return ""
    ranked = [n for n in sorted(counts, key=lambda n: -counts[n]) if "财政" not in n]
    return ranked[0] if ranked else ""
