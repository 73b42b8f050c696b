"""Where a table label breaks and how a cell aligns, for the printed formats (DOCX, HTML).

A narrow column of an official form must not wrap "满意度指标" as 满意/度指/标: labels break at
their natural points, and text that needs several lines starts at the left.
"""

from __future__ import annotations

import re

from jixiao.render.view import Cell, Table

TEXT_WIDTH = 8845  # twips: the 156 mm text block (GB/T 9704)


def column_twips(table: Table) -> list[int]:
    """Each column's width in twips when the table fills the text block."""
    total = sum(table.widths) or 1
    return [round(TEXT_WIDTH * w / total) for w in table.widths]


# Table-text metrics for breaking labels: 五号 (10.5 pt) characters, 2.85 pt cell margins and
# 1.5 pt of slack (a label that fits to the twip still wraps in LibreOffice).
_CHAR_TWIPS = 210
_CELL_MARGINS = 144
# Where a label may break when it does not fit its cell: before a bracket ("产出指标（50分）"),
# after "其中：", before the 指标 every indicator level ends with (rules.md §5e), and before the
# words the forms' headers end with, so "满意度指标" prints as 满意度/指标 rather than
# 满意/度指/标, and "预算执行率" as 预算/执行率 rather than 预算执行/率.
_BREAK_AT = re.compile(
    r"(?=（)|(?<=：)|(?=(?:指标|目标)(?:（|$))|(?=执行[率数])|(?=预算数)|(?=原因)|(?=及)"
    r"|(?=完成[值情])"
)


def width_chars(text: str) -> float:
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in text)


def break_label(text: str, width: int) -> str:
    """``text`` with newlines at its natural break points when it does not fit ``width`` twips.

    Only short labels are broken (no sentence punctuation); free text wraps as Word wraps it.
    """
    per_line = (width - _CELL_MARGINS) / _CHAR_TWIPS
    if width_chars(text) <= per_line or any(p in text for p in "，。；、"):
        return text
    parts = [part for part in _BREAK_AT.split(text) if part]
    lines = [parts[0]]
    for part in parts[1:]:
        if width_chars(lines[-1] + part) <= per_line:
            lines[-1] += part
        else:
            lines.append(part)
    return "\n".join(piece for line in lines for piece in _halves(line, per_line))


def _halves(line: str, per_line: float) -> list[str]:
    """A Chinese label that needs two lines, cut in the middle (指标/性质, 社会保险/扩面征缴)
    rather than wherever the cell edge falls (指标性/质); longer text wraps as Word wraps it."""
    width = width_chars(line)
    if width <= per_line or width > 2 * per_line or any(ord(ch) < 0x2E80 for ch in line):
        return [line]
    cut = (len(line) + 1) // 2  # the longer half first: 服务对象/满意度
    if width_chars(line[:cut]) > per_line:
        cut -= 1
    return [line[:cut], line[cut:]]


def cell_align(cell: Cell, width: int) -> str:
    """Centred text that wraps into a ragged block reads badly: a sentence or a long name that
    needs more than one line starts at the left, as the forms' own text cells do."""
    if cell.align != "center" or cell.kind not in ("text", "label"):
        return cell.align
    per_line = (width - _CELL_MARGINS) / _CHAR_TWIPS
    if width_chars(cell.text) <= per_line or "\n" in break_label(cell.text, width):
        return cell.align
    return "left"
