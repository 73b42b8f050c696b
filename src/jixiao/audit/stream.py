"""The document as a stream of cells: table cells, short paragraphs, and the pieces of tables
flattened into one line (by spaces, or with no separator at all).

Table extraction reads this stream, so a grid from DOCX/XLSX/PDF and a table copied from a
web page as text are parsed by the same code.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from jixiao.audit.document import Document, Paragraph
from jixiao.source import Source
from jixiao.vocabulary import load_vocabulary

# Column names and row labels of the national and Sichuan 自评表 layouts (rules.md §3, §5c).
HEADER_WORDS = (
    "一级指标",
    "二级指标",
    "三级指标",
    "指标性质",
    "指标值",
    "度量单位",
    "完成值",
    "实际完成值",
    "分值",
    "权重",
    "得分",
    "年初预算数",
    "全年预算数",
    "全年执行数",
    "执行率",
    "调整后预算数",
    "预算执行数",
    "预算执行率",
    "年度指标值",
    "全年实际值",
)
# 一级/二级 names and their other spellings, from the one vocabulary the rules use.
LEVEL1 = load_vocabulary().level1_names
LEVEL2 = load_vocabulary().level2_spellings
_CJK = r"\u4e00-\u9fff"
_SPACE_IN_CJK = re.compile(rf"(?<=[{_CJK}（）()])\s+(?=[{_CJK}（）()])")


@dataclass(frozen=True)
class Token:
    """One cell of the stream. ``row``/``col`` are grid positions when the format keeps them
    (DOCX, XLSX and PDF tables), so that empty cells do not shift values into other columns."""

    text: str
    source: Source
    row: tuple[object, ...] | None = None
    col: int | None = None


def grid_position(source: Source) -> tuple[tuple[object, ...] | None, int | None]:
    """(row key, column) of a table cell, from sheet!A1 or table/row/column sources."""
    if source.sheet is not None and source.cell:
        m = re.fullmatch(r"([A-Z]+)(\d+)", source.cell)
        if m:
            col = 0
            for ch in m.group(1):
                col = col * 26 + ord(ch) - 64
            return (source.sheet, int(m.group(2))), col
    if source.table is not None and source.line is not None and source.column is not None:
        return (source.page, source.table, source.line), source.column
    return None, None


def fold(text: str) -> str:
    """NFKC: full-width digits, letters and signs to ASCII."""
    return unicodedata.normalize("NFKC", text.replace("\u3000", " ")).strip()


def clean(text: str) -> str:
    """Folded, with the spaces that a wrapped cell leaves between Chinese characters removed."""
    return _SPACE_IN_CJK.sub("", fold(text))


def header_hits(text: str) -> int:
    return sum(1 for w in HEADER_WORDS if w in text)


def is_flattened_table(text: str) -> bool:
    """A table copied into one paragraph: its column names, and either cells separated by
    spaces or hardly any sentence punctuation (a sentence that names columns is not one)."""
    if len(text) <= 60 or header_hits(text) < 4:
        return False
    spaces = text.count(" ") * 100 / len(text)
    punctuation = len(re.findall(r"[，。；,;]", text)) * 100 / len(text)
    return spaces >= 5 or punctuation < 2


def document_stream(document: Document) -> list[Token]:
    out: list[Token] = []
    for block in document.blocks:
        if isinstance(block, Paragraph):
            out.extend(paragraph_tokens(block))
        else:
            # Word, Excel and PDF tables are grids; so is a Markdown table in a text file.
            grid = document.format != "txt" or block.source.table is not None
            for cell in block.cells():
                text = fold(cell.text)
                if not text:
                    continue
                pieces = _split_cell(text, cell.source)
                if grid and len(pieces) == 1:
                    row, col = grid_position(cell.source)
                    pieces = [Token(pieces[0].text, cell.source, row, col)]
                elif len(pieces) == 1 and cell.source.line is not None:
                    # a text table's line is one row, though its columns are not known
                    pieces = [Token(pieces[0].text, cell.source, ("line", cell.source.line))]
                out.extend(pieces)
    return out


def _split_cell(text: str, source: Source) -> list[Token]:
    if " " in text and _tabular(text):
        return [Token(t, source) for t in text.split()]
    return [Token(clean(text), source)]


def _tabular(text: str) -> bool:
    """A table flattened into one line: cells separated by spaces.

    Either many short pieces with column names among them (a header, or a whole table), or a
    row of figures after its label ("年度资金总额: 0 0 0 10 0 0", "项目数量 ≥50个 50 8 8").
    """
    parts = text.split()
    if len(parts) < 2:
        return False
    short = sum(1 for p in parts if len(p) <= 16)
    hits = header_hits(text)
    if hits >= 2 and ((len(parts) >= 6 and short / len(parts) >= 0.7) or short == len(parts)):
        return True
    figures = sum(1 for p in parts if _figure_like(p))
    return len(parts) >= 3 and figures >= 2 and figures * 2 >= len(parts) and short == len(parts)


def _figure_like(piece: str) -> bool:
    from jixiao.audit.values import read_value

    value = read_value(piece)
    return value.is_number or value.operator is not None or value.placeholder


def paragraph_tokens(paragraph: Paragraph) -> list[Token]:
    text = fold(paragraph.text)
    src = paragraph.source
    if not text:
        return []
    if " " in text and _tabular(text):
        out = []
        for m in re.finditer(r"\S+", text):
            out.append(Token(m.group(), _at(src, m.start())))
        return out
    if is_flattened_table(text) and text.count(" ") < len(text) / 40:
        from jixiao.audit.runtogether import split_run_together

        return [Token(t, _at(src, pos)) for pos, t in split_run_together(clean(text))]
    return [Token(clean(text), src)]


def _at(src: Source, offset: int) -> Source:
    return Source(src.file, src.line, offset + 1, src.sheet, src.cell, src.page, src.paragraph)
