"""Document-level checks on the text: outline numbering that skips or repeats, repeated
sentences, malformed dates, a year that differs from the form's, missing explanations."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from jixiao.audit.document import Document, Paragraph
from jixiao.audit.findings import ERROR, INFO, WARNING, issue
from jixiao.audit.stream import Token
from jixiao.issues import Issue
from jixiao.source import Source

_CN = "零一二三四五六七八九十"


def cn_number(text: str) -> int | None:
    """一 -> 1, 十二 -> 12, 二十 -> 20 (outline numbers stay small)."""
    if not text or any(c not in _CN for c in text):
        return None
    if text == "十":
        return 10
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CN.index(tens) if tens else 1) * 10 + (_CN.index(ones) if ones else 0)
    return _CN.index(text) if len(text) == 1 else None


# Outline levels, outermost first: 一、 （一） 1. （1） and the enumeration 一是 二是.
LEVELS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("一、", re.compile(rf"^([{_CN}]{{1,3}})、")),
    ("（一）", re.compile(rf"^[（(]([{_CN}]{{1,3}})[）)]")),
    ("1.", re.compile(r"^(\d{1,2})(?:[.．、](?!\d)|(?=[\u4e00-\u9fff]{4}))")),
    ("（1）", re.compile(r"^[（(](\d{1,2})[）)]")),
)
_SHI = re.compile(rf"([{_CN}]{{1,2}})是")


_INLINE = {
    "一、": re.compile(rf"[。；;\s]([{_CN}]{{1,3}})、"),
    "（一）": re.compile(rf"[。；;\s][（(]([{_CN}]{{1,3}})[）)]"),
    "1.": re.compile(r"[。；;\s](\d{1,2})[、．](?!\d)"),
    "（1）": re.compile(r"[。；;\s][（(](\d{1,2})[）)]"),
}


def _inline_levels(paragraphs: list[Paragraph]) -> set[str]:
    """Levels whose markers also stand inside paragraphs (a document flattened into long
    lines): their sequence cannot be followed from line starts alone, so it is not judged."""
    return {
        name
        for name, pattern in _INLINE.items()
        if any(len(pattern.findall(p.text)) >= 2 for p in paragraphs)
    }


def check_outline(document: Document) -> Iterable[Issue]:
    last: dict[str, int] = {}
    paragraphs = document.paragraphs
    unjudged = _inline_levels(paragraphs)
    for k, block in enumerate(paragraphs):
        text = block.text.strip()
        if _row_label(paragraphs, k):
            continue
        if re.match(r"^附件\s*\d*", text) and len(text) < 12:
            last.clear()
            continue
        for depth, (name, pattern) in enumerate(LEVELS):
            m = pattern.match(text)
            if not m:
                continue
            n = cn_number(m.group(1)) if depth in (0, 1) else int(m.group(1))
            if n is None:
                break
            if name not in unjudged and not _wrapped_cell(paragraphs, k):
                yield from _step(last, name, n, m.group(0), block)
            for inner, _ in LEVELS[depth + 1 :]:
                last.pop(inner, None)
            last.pop("一是", None)
            break
        yield from _enumeration(block, last)


def _wrapped_cell(paragraphs: list[Paragraph], k: int) -> bool:
    """A numbered fragment ("2.项目") over a short one ("实施内"): a wrapped table cell."""
    after = paragraphs[k + 1].text.strip() if k + 1 < len(paragraphs) else ""
    return len(paragraphs[k].text.strip()) <= 6 and 0 < len(after) <= 4


def _row_label(paragraphs: list[Paragraph], k: int) -> bool:
    """A numbered line followed by bare figures is a table row label, not a heading."""
    following = paragraphs[k + 1 : k + 3]
    return len(paragraphs[k].text) <= 30 and any(
        re.fullmatch(r"[\d.,%\s-]+", p.text.strip()) for p in following
    )


def _step(last: dict[str, int], name: str, n: int, mark: str, block: Paragraph) -> Iterable[Issue]:
    previous = last.get(name)
    last[name] = n
    expected = 1 if previous is None else previous + 1
    if n == expected:
        return
    if previous is not None and n <= previous:
        what = f"编号“{mark}”重复或倒退（上一个是第 {previous} 项）"
    else:
        what = f"编号“{mark}”跳号（应为第 {expected} 项）"
    yield issue("A-OUT-01", WARNING, f"大纲{what}", block.source, hint="请检查标题编号")


def _enumeration(block: Paragraph, last: dict[str, int]) -> Iterable[Issue]:
    if len(block.text) < 12:  # a wrapped table cell, not a sentence of the narrative
        return
    for m in _SHI.finditer(block.text):
        before = block.text[m.start() - 1] if m.start() else "。"
        if before not in '。；;：:，, \n”"' and m.start() != 0:
            continue
        n = cn_number(m.group(1))
        if n is None or n > 10:
            continue
        yield from _step(last, "一是", n, m.group(0), block)


def check_repeats(document: Document, limit: int = 30) -> Iterable[Issue]:
    """Sentences of some length repeated elsewhere (info), one finding per pair of places."""
    seen: dict[str, list[int]] = {}
    blocks = document.paragraphs
    for index, block in enumerate(blocks):
        for sentence in re.split(r"[。！？!?；;]", block.text):
            s = re.sub(r"\s+", "", sentence)
            if len(s) >= 25:
                places = seen.setdefault(s, [])
                if not places or places[-1] != index:
                    places.append(index)
    pairs: dict[tuple[int, int], list[str]] = {}
    for sentence, places in seen.items():
        for other in places[1:]:
            pairs.setdefault((places[0], other), []).append(sentence)
    for count, ((first, other), sentences) in enumerate(sorted(pairs.items())):
        if count >= limit:
            return
        yield issue(
            "A-TXT-01",
            INFO,
            f"{len(sentences)} 句与 {blocks[other].source} 处相同（如“{sentences[0][:30]}…”）",
            blocks[first].source,
            hint="重复的段落请核对是否照抄",
        )


_DATE = re.compile(r"(?<![\d])(\d{1,5})年(\d{1,2})月(\d{1,2})日")


def check_dates(document: Document) -> Iterable[Issue]:
    for block in document.paragraphs:
        text = re.sub(r"\s+", "", block.text)
        for m in _DATE.finditer(text):
            month, day = int(m.group(2)), int(m.group(3))
            if len(m.group(1)) != 4 or not 1 <= month <= 12 or not 1 <= day <= 31:
                yield issue("A-DATE-01", WARNING, f"日期“{m.group(0)}”有误", block.source)


def check_goal_year(tokens: list[Token], year: int | None) -> Iterable[Issue]:
    """The 年度目标 of a form for year Y that speaks of another year."""
    if year is None:
        return
    for k, token in enumerate(tokens):
        if "年度目标" not in token.text or len(token.text) > 12:
            continue
        for nxt in tokens[k + 1 : k + 4]:
            m = re.match(r"^(20\d{2})年", nxt.text)
            if m and len(nxt.text) > 15 and int(m.group(1)) != year:
                yield issue(
                    "A-YEAR-01",
                    WARNING,
                    f"年度目标写的是 {m.group(1)} 年，而本表为 {year} 年度",
                    nxt.source,
                    hint="请核对是否沿用了上一年的目标",
                )
                break


def check_brackets(document: Document) -> Iterable[Issue]:
    for block in document.paragraphs:
        for m in re.finditer(r"〔[^〕]{0,8}?号", block.text):
            yield issue("A-TXT-02", INFO, f"文号“{m.group(0)}”缺少“〕”", block.source)


def check_low_rate_reason(
    document: Document, rates: list[tuple[Decimal, Source]]
) -> Iterable[Issue]:
    """A rate under 90% needs its reason (rules.md §2.6, V-FUND-03)."""
    text = document.text()
    explained = re.search(r"执行率.{0,40}(原因|由于|因为|主要是)|(原因|由于).{0,40}执行", text)
    for rate, source in rates:
        if not explained:
            yield issue(
                "A-REQ-01",
                WARNING,
                f"预算执行率 {rate}% 低于 90%，文中未见原因说明",
                source,
                hint="执行率低于 90% 须说明原因",
            )


_EXCEL_ERRORS = {"#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!"}


def check_error_cells(document: Document) -> Iterable[Issue]:
    """A spreadsheet error value (#DIV/0! …) published in a table cell."""
    for table in document.tables:
        for cell in table.cells():
            if cell.text.strip().upper() in _EXCEL_ERRORS:
                yield issue(
                    "A-CELL-01",
                    ERROR,
                    f"单元格是错误值 {cell.text.strip()}",
                    cell.source,
                    hint="请修正公式或直接填写数值",
                )
