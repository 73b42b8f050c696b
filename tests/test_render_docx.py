"""DOCX: headings in the seed's order, every figure of the model in the text, the layout."""

from __future__ import annotations

import re
from dataclasses import replace
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Mm, Pt

from jixiao.load import load_evaluation
from jixiao.model import Evaluation
from jixiao.number import fmt_amount
from jixiao.render import RenderError, make_view
from jixiao.render.docx import render_docx
from jixiao.render.wording import money
from test_render_view import model_figures, small_evaluation

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "panzhihua-2021" / "evaluation.yaml"
SEED = Path(__file__).resolve().parent / "data" / "seed" / "000_0799312fbf0b8fba.txt"

# Heading numbering as the seed writes it: 一、 / （一） / 1. or 1． / （1） / 附件N.
_LEVELS = (
    (1, re.compile(r"^([一二三四五六七八九十]+)、(.*)$")),
    (2, re.compile(r"^（([一二三四五六七八九十]+)）(.*)$")),
    (3, re.compile(r"^(\d{1,2})[.．](?!\d)(.*)$")),
    (4, re.compile(r"^（(\d{1,2})）(.*)$")),
    (0, re.compile(r"^附件(\d+)$")),
)


def headings(lines: list[str]) -> list[tuple[int, str | None]]:
    """(level, label) of every numbered line; the label is None for a long inline paragraph.

    A short line is a heading and its label is the text after the number; a long paragraph
    starting with a number (1.基本职能：…) is an inline heading labelled by the text before "：".
    """
    out: list[tuple[int, str | None]] = []
    for raw in lines:
        line = raw.strip()
        for level, pattern in _LEVELS:
            m = pattern.match(line)
            if not m:
                continue
            if level == 0:
                out.append((0, m.group(1)))
                break
            rest = m.group(2).strip().rstrip("。.：")
            if len(rest) <= 40 and "。" not in rest:
                out.append((level, rest))
            else:
                head = rest.split("：", 1)[0]
                out.append((level, head if "：" in rest and len(head) <= 12 else None))
            break
    return out


def is_subsequence(
    needles: list[tuple[int, str | None]], hay: list[tuple[int, str | None]]
) -> bool:
    it = iter(hay)
    for level, label in needles:
        for h_level, h_label in it:
            if h_level == level and (label is None or h_label == label):
                break
        else:
            return False
    return True


def docx_paragraphs(data: bytes) -> list[str]:
    return [p.text for p in Document(BytesIO(data)).paragraphs]


def docx_text(data: bytes) -> str:
    doc = Document(BytesIO(data))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def render_bytes(ev: Evaluation) -> bytes:
    buffer = BytesIO()
    render_docx(make_view(ev), buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def example() -> Evaluation:
    ev, issues = load_evaluation(EXAMPLE)
    assert ev is not None, issues
    return ev


@pytest.fixture(scope="module")
def example_docx(example: Evaluation) -> bytes:
    return render_bytes(example)


def test_heading_detector_on_a_small_text() -> None:
    lines = [
        "一、部门概况",
        "1.基本职能：按照市编委批复" + "很长" * 30,
        "（一）项目基本情况。",
        "附件2",
        "2021年度",
    ]
    assert headings(lines) == [(1, "部门概况"), (3, "基本职能"), (2, "项目基本情况"), (0, "2")]
    assert not is_subsequence([(1, "部门概况"), (2, "不存在")], headings(lines))


def test_headings_follow_the_seed_in_order(example_docx: bytes) -> None:
    seed = headings(SEED.read_text(encoding="utf-8").splitlines())
    ours = headings(docx_paragraphs(example_docx))
    assert len(seed) > 100
    # the seed's headings appear in ours, in the same order (the seed forgets some numbers,
    # which ours prints; the detector does not see an unnumbered seed line as a heading)
    assert is_subsequence(seed, ours), [h for h in seed if h[1] and h not in ours]
    # the 一、…五、 skeleton and the attachments match exactly
    assert [h for h in ours if h[0] in (0, 1)] == [h for h in seed if h[0] in (0, 1)]


def test_every_figure_of_the_model_is_in_the_docx(example: Evaluation, example_docx: bytes) -> None:
    text = docx_text(example_docx)
    figures = model_figures(example)
    assert len(figures) > 30
    missing = [f for f in figures if money(f) not in text and fmt_amount(f) not in text]
    assert not missing


def test_figures_of_a_small_case_and_the_computed_shares() -> None:
    ev = small_evaluation()
    text = docx_text(render_bytes(ev))
    assert all(money(f) in text or fmt_amount(f) in text for f in model_figures(ev))
    assert "占99.46%" in text and "占99.5%" not in text


def test_a_changed_figure_changes_the_document() -> None:
    ev = small_evaluation()
    funds = replace(ev.funds, final=ev.funds.final - 100 if ev.funds.final else None)
    text = docx_text(render_bytes(replace(ev, funds=funds)))
    assert "决算数1239.13万元，执行率92.53%" in text


def test_layout_follows_gbt_9704(example_docx: bytes) -> None:
    doc = Document(BytesIO(example_docx))
    s = doc.sections[0]
    assert abs(s.page_width - Mm(210)) < Mm(0.5) and abs(s.page_height - Mm(297)) < Mm(0.5)
    assert abs(s.top_margin - Mm(37)) < Mm(0.5) and abs(s.left_margin - Mm(28)) < Mm(0.5)
    assert abs(s.page_width - s.left_margin - s.right_margin - Mm(156)) < Mm(0.5)
    assert abs(s.page_height - s.top_margin - s.bottom_margin - Mm(225)) < Mm(0.5)
    normal = doc.styles["Normal"]
    assert normal.font.size == Pt(16)
    assert normal.paragraph_format.line_spacing == Pt(28.95)
    assert doc.settings.odd_and_even_pages_header_footer
    odd, even = s.footer.paragraphs[0], s.even_page_footer.paragraphs[0]
    assert odd.text.startswith("— ") and odd.text.endswith(" —")
    assert odd.alignment != even.alignment
    fonts = {
        name: doc.styles[name].element.rPr.rFonts.get(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
        )
        for name in ("Title", "Heading 1", "Heading 2", "Heading 3", "Normal")
    }
    assert fonts == {
        "Title": "方正小标宋简体",
        "Heading 1": "黑体",
        "Heading 2": "楷体_GB2312",
        "Heading 3": "仿宋_GB2312",
        "Normal": "仿宋_GB2312",
    }


def test_headings_use_heading_styles(example_docx: bytes) -> None:
    doc = Document(BytesIO(example_docx))
    styled = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert ("Heading 1", "一、部门概况") in styled
    assert ("Heading 2", "（一）年初部门预算安排及支出情况（分类表述）") in styled


def test_placeholder_is_visible_in_red() -> None:
    doc = Document(BytesIO(render_bytes(small_evaluation(report={}))))
    gaps = [r for p in doc.paragraphs for r in p.runs if r.text == "【待填写：自评结论】"]
    assert gaps and gaps[0].style.name == "Placeholder"


def test_scored_selfeval_table_is_in_the_docx() -> None:
    doc = Document(BytesIO(render_bytes(small_evaluation())))
    assert len(doc.tables) == 1
    cells = {c.text for row in doc.tables[0].rows for c in row.cells}
    assert {"项目名称", "业务运行费", "24.39", "100.00%", "9.78"} <= cells


def test_a_template_without_the_body_placeholder_is_a_render_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(RenderError, match="Word 模板"):
        render_docx(make_view(small_evaluation()), BytesIO(), bad)
    with pytest.raises(RenderError, match="找不到"):
        render_docx(make_view(small_evaluation()), BytesIO(), tmp_path / "none.docx")


def test_a_template_without_the_body_paragraph_is_named(tmp_path: Path) -> None:
    plain = tmp_path / "plain.docx"
    doc = Document()
    doc.add_paragraph("没有占位符的模板")
    doc.save(str(plain))
    with pytest.raises(RenderError, match="p body"):
        render_docx(make_view(small_evaluation()), BytesIO(), plain)


def test_a_bureau_template_field_is_filled(tmp_path: Path) -> None:
    from jixiao.render.docx import DEFAULT_TEMPLATE

    doc = Document(str(DEFAULT_TEMPLATE))
    doc.paragraphs[0].insert_paragraph_before("本报告：{{ title }}")
    local = tmp_path / "local.docx"
    doc.save(str(local))
    out = BytesIO()
    render_docx(make_view(small_evaluation()), out, local)
    text = docx_paragraphs(out.getvalue())
    assert text[0] == "本报告：测试市某中心2021年度部门预算整体绩效自评报告"
    assert "一、部门概况" in text
