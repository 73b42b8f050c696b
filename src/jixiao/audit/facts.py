"""Facts: the figures a document states, with their key, value as printed, unit and place.

Three general readers share one key mapping: narrative sentences ("调整预算数1339.13万元"),
label:value cells ("其中:基本支出:900.47") and small flattened grids (column names, then a
row label and its values). A label that maps to none of the standard keys stays a fact under
its own (cleaned) label, so nothing a document states is lost.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from jixiao.audit.document import Document, Paragraph
from jixiao.audit.stream import Token, fold, header_hits, is_flattened_table
from jixiao.audit.values import read_value
from jixiao.source import Source

# (key, pattern on the label). Order matters: the first match wins.
KEYS: tuple[tuple[str, str], ...] = (
    ("预算执行率", r"执行率|预算完成率|支出进度"),
    ("年初预算", r"年初.{0,6}预算|年初批复|年初安排"),
    ("调整后预算", r"调整后.{0,4}预算|调整预算|全年预算|预算调整后"),
    ("执行数", r"执行数|决算数|全年执行|实际支出|支出完成"),
    ("追加预算", r"追加"),
    ("上级下达", r"下达.{0,6}(省级|中央|上级)|(省级|中央|上级).{0,6}下达"),
    ("人员经费", r"人员经费"),
    ("公用经费", r"公用经费"),
    ("基本支出", r"基本支出"),
    ("项目支出", r"项目支出"),
    ("编制数", r"编制"),
    ("实有人数", r"实有|在职人数|在编人员|实际在职"),
    ("资产总额", r"资产总额|国有资产"),
    ("自评得分", r"自评得分|自评分|自评总分|总分得分"),
)
_KEY_RE = [(k, re.compile(p)) for k, p in KEYS]
UNITS = r"亿元|万元|元|%|人次|人|个|户|公里|项|次|件|家|所|天|分"
_AMOUNT = re.compile(rf"(?<![\d.])(\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*({UNITS})")
_DELIM = re.compile(r"[，,。；;：:、（）()\n]|其中")
_LEAD = re.compile(r"^(其中|我单位|本单位|我局|我中心|共计|共|合计|全年|另外|另|全部为|均为)")
_YEAR = re.compile(r"^\d{4}年(度|末|初)?")
_VERB_TAIL = re.compile(r"(安排|为|达到|达|共计|共|合计|是|约|计|总计|金额|资金为)$")
CHANGE = re.compile(r"(增长|下降|增加|减少|同比|较上年|增幅|降幅|变动)")


@dataclass(frozen=True)
class Fact:
    key: str
    value: Decimal
    unit: str
    subject: str
    text: str
    source: Source
    label: str = ""
    origin: str = "text"  # text / cell / grid / table
    project: str = ""  # the project whose table holds the fact, when there are several

    def to_dict(self) -> dict[str, object]:
        from jixiao.issues import json_value

        return {
            "key": self.key,
            "value": json_value(self.value),
            "unit": self.unit,
            "subject": self.subject,
            "text": self.text,
            "source": self.source.to_dict(),
            **({"project": self.project} if self.project else {}),
        }


MEASURES = ("预算执行率", "年初预算", "调整后预算", "执行数")
CATEGORIES = ("基本支出", "项目支出", "人员经费", "公用经费")


def canonical(label: str) -> str | None:
    return keyed(label)[0]


def keyed(label: str) -> tuple[str | None, str]:
    """(key, subject): "项目支出年初预算数" is 年初预算 of the subject 项目支出."""
    if CHANGE.search(label) and not re.search(r"执行率|预算", label):
        return None, ""
    found = [key for key, pattern in _KEY_RE if pattern.search(label)]
    if not found:
        return None, ""
    measure = next((k for k in found if k in MEASURES), None)
    category = next((k for k in found if k in CATEGORIES), None)
    if measure and category:
        return measure, category
    return found[0], ""


def clean_label(label: str) -> str:
    s = label.strip(" ：:，,。")
    s = _YEAR.sub("", s)
    s = _LEAD.sub("", s)
    s = _YEAR.sub("", s)
    s = _VERB_TAIL.sub("", s)
    return s.strip(" ：:，,")


def sentence_facts(paragraph: Paragraph, subject: str = "") -> list[Fact]:
    """Every number with a unit in a paragraph, labelled by the words just before it."""
    text = compact(fold(paragraph.text))
    out: list[Fact] = []
    last_amount_label = ""
    for m in _AMOUNT.finditer(text):
        number, unit = m.group(1).replace(",", ""), m.group(2)
        raw = label_before(text, m.start())
        label = clean_label(raw)
        # the key is read before 全年/其中… are trimmed: "全年预算数" is 调整后预算
        key, own = keyed(raw) if label else (None, "")
        sub = own or subject
        if unit == "%" and (not label or label.startswith("占") or CHANGE.search(label)):
            sub = last_amount_label or subject
            key = key or (("占比" if label.startswith("占") else label) or "比率")
        elif unit in ("万元", "元", "亿元") and label:
            last_amount_label = label
        start = max(0, m.start() - 40)
        out.append(
            Fact(
                key or label or "数值",
                Decimal(number),
                unit,
                sub,
                text[start : m.end() + 2],
                _at(paragraph.source, m.start()),
                label,
            )
        )
    return out


def compact(text: str) -> str:
    """Remove the spaces PDF extraction puts between Chinese characters and figures."""
    return re.sub(r"(?<=[\u4e00-\u9fff\d%）)])\s+(?=[\u4e00-\u9fff\d（(])", "", text)


def label_before(text: str, end: int) -> str:
    window = text[max(0, end - 40) : end]
    window = re.sub(r"[（(][^（()）]*[）)]\s*$", "", window)  # 固定资产（账面净值）16.64万元
    cuts = [d for d in _DELIM.finditer(window)]
    if not cuts:
        return window
    label = window[cuts[-1].end() :]
    if not label.strip() and cuts[-1].group() in ":：" and len(cuts) >= 1:
        before = cuts[-2].end() if len(cuts) >= 2 else 0
        label = window[before : cuts[-1].start()]  # "收入:792.22万元"
    return label


def _at(src: Source, offset: int) -> Source:
    if src.line is None and src.paragraph is None:
        return src
    col = (src.column or 1) + offset
    return Source(src.file, src.line, col, src.sheet, src.cell, src.page, src.paragraph, src.table)


_LABEL_VALUE = re.compile(r"^(.{1,24}?)[:：]\s*(-?\d+(?:\.\d+)?)\s*(%|万元|元|人)?$")


def cell_facts(tokens: list[Token], inside: set[int] | None = None) -> list[Fact]:
    """label:value cells and small flattened grids (column names, then values).

    ``inside`` holds the positions of tokens already read as fund or indicator rows."""
    out: list[Fact] = []
    unit = ""
    if inside:
        tokens = [t for k, t in enumerate(tokens) if k not in inside]
    for k, token in enumerate(tokens):
        if "(万元" in token.text or "(万元)" in token.text:
            unit = "万元"
        elif token.text.endswith("(人") or "(人)" in token.text:
            unit = "人"
        m = _LABEL_VALUE.match(token.text)
        if m and not re.search(r"\d{4}-|\d:\d", token.text):
            label = clean_label(re.sub(r"^其中[:：]?\s*", "", m.group(1)))
            if label:
                u = m.group(3) or unit
                key = canonical(label) or label
                out.append(
                    Fact(key, Decimal(m.group(2)), u, "", token.text, token.source, label, "cell")
                )
        elif token.text.endswith((":", "：")) and k + 1 < len(tokens):
            v = read_value(tokens[k + 1].text)
            label = clean_label(token.text)
            if v.number is not None and label and _is_label(label):
                key = canonical(label) or label
                unit = "%" if v.percent else v.unit
                out.append(
                    Fact(
                        key,
                        v.number,
                        unit,
                        "",
                        token.text + tokens[k + 1].text,
                        tokens[k + 1].source,
                        label,
                        "cell",
                    )
                )
    return out + _grid_facts(tokens)


def _grid_facts(tokens: list[Token]) -> list[Fact]:
    out: list[Fact] = []
    i = 0
    n = len(tokens)
    while i < n:
        labels, i = _run(tokens, i, _is_label)
        numbers, i = _run(tokens, i, _is_figure)
        if len(labels) >= 2 and 2 <= len(numbers) <= 6 and len(numbers) < len(labels) + 1:
            width = len(numbers)
            if len(labels) > width and _repeats(tokens, i, width):
                heads = labels[-width - 1 : -1]
                out.extend(_row_facts(labels[-1].text, heads, numbers))
                i = _more_rows(tokens, i, heads, out)
            else:
                out.extend(_row_facts("", labels[-width:], numbers))
        if not labels and not numbers:
            i += 1
    return out


def _run(tokens: list[Token], i: int, accept: Callable[[str], bool]) -> tuple[list[Token], int]:
    taken: list[Token] = []
    while i < len(tokens) and accept(tokens[i].text):
        taken.append(tokens[i])
        i += 1
    return taken, i


def _more_rows(tokens: list[Token], i: int, heads: list[Token], out: list[Fact]) -> int:
    """Further rows of a table with row labels: a label, then one figure per column.

    Rows left empty (a label with no figures) are passed over; a row with some figures
    but not all ends the table, since its columns can no longer be told apart."""
    while i < len(tokens):
        while i < len(tokens) and read_value(tokens[i].text).placeholder:
            i += 1  # "……" rows of a form left unfilled
        labels, j = _run(tokens, i, _is_label)
        numbers, j = _run(tokens, j, _is_figure)
        if not labels or len(labels) > 8 or (numbers and len(numbers) != len(heads)):
            return i
        if numbers:
            out.extend(_row_facts(labels[-1].text, heads, numbers))
        i = j
    return i


def _row_facts(row_label: str, heads: list[Token], numbers: list[Token]) -> list[Fact]:
    out = []
    for head, num in zip(heads, numbers, strict=False):
        v = read_value(num.text)
        assert v.number is not None
        label = clean_label(re.sub(r"^其中[:：]?", "", row_label or head.text))
        key = canonical(label) or label
        unit = "%" if v.percent else v.unit
        text = f"{row_label} {head.text}".strip()
        out.append(Fact(key, v.number, unit, "", text, num.source, label, "grid"))
    return out


def _repeats(tokens: list[Token], i: int, width: int) -> bool:
    """After the values, another row label with as many values: a table with row labels."""
    if i >= len(tokens) or not _is_label(tokens[i].text):
        return False
    following = tokens[i + 1 : i + 1 + width]
    return len(following) == width and all(_is_figure(t.text) for t in following)


def _is_figure(text: str) -> bool:
    value = read_value(text)
    return value.is_number and len(value.unit) <= 3 and not value.operator


def _is_label(text: str) -> bool:
    value = read_value(text)
    return (
        1 < len(text) <= 20
        and not (value.is_number and len(value.unit) <= 3)
        and bool(re.search(r"[\u4e00-\u9fff]", text))
        and not re.search(r"[。；;]", text)
        and header_hits(text) == 0
    )


def sentence_facts_in(paragraph: Paragraph) -> list[Paragraph]:
    return sentences_in_table(paragraph)


def sentences_in_table(paragraph: Paragraph) -> list[Paragraph]:
    """The sentences inside a table flattened with spaces (a 预期目标 cell, a note)."""
    out = []
    for m in re.finditer(r"\S{15,}", paragraph.text):
        piece = m.group()
        if re.search(r"[。，,；;]", piece) and header_hits(piece) == 0:
            out.append(Paragraph(piece, _at(paragraph.source, m.start())))
    return out


# "（劳务费）" on its own line, or closing a one-line title "…项目支出绩效自评报告（劳务费）".
_PROJECT_TITLE = re.compile(r"^(?:.{0,60}(?:报告|自评表|评价表)\s*)?[（(](.{2,40})[）)]$")


def _unclosed(text: str) -> bool:
    opened = text.count("（") + text.count("(")
    return text.startswith(("（", "(")) and len(text) <= 40 and opened > _closed(text)


def _closed(text: str) -> int:
    return text.count("）") + text.count(")")


def project_title(text: str) -> str | None:
    """The project a title line names in parentheses ("（…资金（第二批））"); not a year."""
    m = _PROJECT_TITLE.match(text)
    if not m:
        return None
    name = m.group(1)
    if not _nested(name) or "。" in name or re.fullmatch(r"\d{4}\s*年度?", name):
        return None
    return name


def _nested(text: str) -> bool:
    """Parentheses that open before they close ("（第二批）"), never "一）…（分类表述"."""
    depth = 0
    for ch in text:
        depth += 1 if ch in "（(" else -1 if ch in "）)" else 0
        if depth < 0:
            return False
    return depth == 0


def document_facts(
    document: Document, tokens: list[Token], skip: set[int], inside: set[int] | None = None
) -> list[Fact]:
    """Narrative facts from paragraphs (not those that are flattened tables) and cell facts."""
    out: list[Fact] = []
    subject = ""
    for index, block in enumerate(document.blocks):
        if not isinstance(block, Paragraph):
            continue
        if index in skip or is_flattened_table(block.text):
            for piece in sentences_in_table(block):
                out.extend(sentence_facts(piece, subject))
            continue
        text = block.text.strip()
        if _unclosed(text) and index + 1 < len(document.blocks):
            following = document.blocks[index + 1]
            if isinstance(following, Paragraph) and len(following.text) <= 40:
                text += following.text.strip()  # a long title wrapped onto the next line
        named = project_title(text)
        if named:  # "（劳务费）" under or ending an attachment's title names the project
            subject = named
        if re.match(r"^附件\s*\d", block.text.strip()):
            subject = ""
        out.extend(sentence_facts(block, subject))
    for block in document.tables:  # sentences written inside table cells (年度目标 …)
        for cell in block.cells():
            if len(cell.text) >= 15 and re.search(r"[。，,；;]", cell.text):
                out.extend(sentence_facts(Paragraph(cell.text, cell.source), subject))
    return out + cell_facts(tokens, inside)
