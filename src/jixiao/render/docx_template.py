"""Build the default DOCX layout template (GB/T 9704-2012, rules.md §6).

The template is a Word file a finance bureau may open and change (styles, margins, footer,
fixed text around the ``{{p body }}`` placeholder). This module re-creates the default one:

    python -m jixiao.render.docx_template src/jixiao/templates/docx/gbt9704.docx

Layout: A4; margins top 37 mm, left 28 mm, text block 156 × 225 mm (so bottom 35 mm, right
26 mm); body 仿宋_GB2312 16 pt at an exact 28.95 pt pitch (22 lines × 28 characters); title
方正小标宋简体 22 pt; headings 黑体 / 楷体_GB2312 / 仿宋_GB2312 bold / 仿宋_GB2312 by level; page
numbers "— 1 —" in 宋体 14 pt, odd pages right and even pages left, indented one character.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import BaseStyle
from docx.text.paragraph import Paragraph

FANGSONG, HEITI, KAITI, XIAOBIAOSONG, SONGTI = (
    "仿宋_GB2312",
    "黑体",
    "楷体_GB2312",
    "方正小标宋简体",
    "宋体",
)
LINE_PITCH = 579  # twips: 28.95 pt, 22 lines in the 225 mm text block
BODY = Pt(16)


def _fonts(style: BaseStyle, east_asia: str, latin: str = "Times New Roman") -> None:
    rpr = style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in list(rfonts.attrib):
        del rfonts.attrib[attr]  # drop theme fonts, which would override the names
    for attr, name in (("ascii", latin), ("hAnsi", latin), ("eastAsia", east_asia), ("cs", latin)):
        rfonts.set(qn(f"w:{attr}"), name)


def _exact(style: BaseStyle, twips: int = LINE_PITCH) -> None:
    spacing = style.element.get_or_add_pPr().get_or_add_spacing()
    for attr in list(spacing.attrib):
        del spacing.attrib[attr]
    spacing.set(qn("w:before"), "0")
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), str(twips))
    spacing.set(qn("w:lineRule"), "exact")


def _indent_chars(style: BaseStyle, first_line_chars: int) -> None:
    ind = style.element.get_or_add_pPr().get_or_add_ind()
    for attr in list(ind.attrib):
        del ind.attrib[attr]
    if first_line_chars:
        ind.set(qn("w:firstLineChars"), str(first_line_chars))
        ind.set(qn("w:firstLine"), str(first_line_chars * 16 * 20 // 100))
    else:
        ind.set(qn("w:firstLine"), "0")


def _char_spacing(style: BaseStyle, twentieths: int) -> None:
    rpr = style.element.get_or_add_rPr()
    for el in rpr.findall(qn("w:spacing")):
        rpr.remove(el)
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(twentieths))
    # CT_RPr order: ... spacing comes before w, kern, position, sz
    anchor = next(
        (
            rpr.find(qn(t))
            for t in ("w:w", "w:kern", "w:position", "w:sz")
            if rpr.find(qn(t)) is not None
        ),
        None,
    )
    if anchor is not None:
        anchor.addprevious(spacing)
    else:
        rpr.append(spacing)


def _no_grid(style: BaseStyle) -> None:
    """Let the paragraph keep its own line height instead of snapping to the 22-line grid."""
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    style.element.get_or_add_pPr().get_or_add_spacing().addprevious(snap)


def _paragraph_style(doc: Any, name: str, base: str | None = None) -> Any:
    styles = doc.styles
    try:
        style = styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if base:
        style.base_style = styles[base]
    return style


def _set(
    style: Any, east_asia: str, size: Pt, bold: bool, align: WD_ALIGN_PARAGRAPH | None, indent: int
) -> None:
    _fonts(style, east_asia)
    style.font.size = size
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    color = style.element.get_or_add_rPr().find(qn("w:color"))
    for attr in ("w:themeColor", "w:themeShade", "w:themeTint"):
        if color is not None and color.get(qn(attr)) is not None:
            del color.attrib[qn(attr)]
    if align is not None:
        style.paragraph_format.alignment = align
    _exact(style)
    _indent_chars(style, indent)
    style.paragraph_format.keep_with_next = (
        style.name.startswith("Heading") or style.name == "Title"
    )


def _styles(doc: Any) -> None:
    normal = doc.styles["Normal"]
    _set(normal, FANGSONG, BODY, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 200)
    normal.paragraph_format.widow_control = False
    _char_spacing(normal, -5)  # 16 pt - 0.25 pt: 28 characters in the 156 mm line
    _set(doc.styles["Title"], XIAOBIAOSONG, Pt(22), False, WD_ALIGN_PARAGRAPH.CENTER, 0)
    title_ppr = doc.styles["Title"].element.get_or_add_pPr()
    for tag in ("w:pBdr",):  # the default Title has a bottom border
        for el in title_ppr.findall(qn(tag)):
            title_ppr.remove(el)
    _exact(doc.styles["Title"], 700)  # 35 pt: two-line titles breathe like the official ones
    for level, font, bold in (
        (1, HEITI, False),
        (2, KAITI, False),
        (3, FANGSONG, True),
        (4, FANGSONG, False),
    ):
        _set(doc.styles[f"Heading {level}"], font, BODY, bold, WD_ALIGN_PARAGRAPH.LEFT, 200)
    attach = _paragraph_style(doc, "Attachment Mark", "Normal")
    _set(attach, HEITI, BODY, False, WD_ALIGN_PARAGRAPH.LEFT, 0)
    table_text = _paragraph_style(doc, "Table Text", "Normal")
    _set(table_text, FANGSONG, Pt(10.5), False, WD_ALIGN_PARAGRAPH.CENTER, 0)
    _exact(table_text, 280)
    _char_spacing(table_text, 0)
    _no_grid(table_text)
    table_title = _paragraph_style(doc, "Table Title", "Normal")
    _set(table_title, XIAOBIAOSONG, Pt(18), False, WD_ALIGN_PARAGRAPH.CENTER, 0)
    _exact(table_title, 560)
    _no_grid(table_title)
    _no_grid(doc.styles["Title"])
    lead = doc.styles.add_style("Lead", WD_STYLE_TYPE.CHARACTER)
    lead.font.bold = True
    gap = doc.styles.add_style("Placeholder", WD_STYLE_TYPE.CHARACTER)
    gap.font.color.rgb = RGBColor(0xC0, 0, 0)
    gap.font.highlight_color = 7  # yellow


def _page_number(paragraph: Paragraph, align: WD_ALIGN_PARAGRAPH) -> None:
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Pt(0)
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        fmt.right_indent = Pt(14)
    else:
        fmt.left_indent = Pt(14)
    fmt.line_spacing = 1.0

    def run(text: str = "") -> None:
        r = paragraph.add_run(text)
        r.font.size = Pt(14)
        r.font.name = SONGTI
        r.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), SONGTI)

    run("— ")
    for kind, text in (
        ("begin", ""),
        ("instr", " PAGE "),
        ("separate", ""),
        ("text", "1"),
        ("end", ""),
    ):
        r = paragraph.add_run()
        r.font.size = Pt(14)
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        elif kind == "text":
            el = OxmlElement("w:t")
            el.text = text
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        r._r.append(el)
    run(" —")


def make_template(path: Path) -> None:
    doc = Document()
    _styles(doc)
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance, section.footer_distance = Mm(15), Mm(24)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH))
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)
    body = doc.paragraphs[0] if doc.paragraphs else doc.add_paragraph()
    body.text = "{{p body }}"
    doc.core_properties.title = "{{ title }}"
    doc.core_properties.author = "jixiao"
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))


if __name__ == "__main__":  # pragma: no cover - a maintenance command
    make_template(Path(sys.argv[1]))
