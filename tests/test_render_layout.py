"""How the official documents look: required 自评表 cells, page breaks, label breaks, titles,
alignment, rows kept together, spreadsheet row heights, the HTML grid."""

from __future__ import annotations

import re
import zipfile
from dataclasses import replace
from io import BytesIO
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from jixiao.model import Evaluation
from jixiao.render import RenderOptions, make_view
from jixiao.render.compose import TITLE_LINE_CHARS, balance_title_line
from jixiao.render.docx import render_docx
from jixiao.render.html import render_html_text, table_html
from jixiao.render.labels import break_label, cell_align, width_chars
from jixiao.render.view import Cell, Table, Title
from jixiao.render.xlsx import render_xlsx, row_heights
from test_render_view import small_evaluation

CJK = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF), max_size=40)


def _project(**changes: Any) -> Evaluation:
    ev = small_evaluation()
    return replace(ev, projects=(replace(ev.projects[0], **changes),))


def _cells(table: Table) -> list[Cell]:
    return [cell for row in table.rows for cell in row]


def _document_xml(ev: Evaluation, layout: str = "sichuan") -> str:
    out = BytesIO()
    render_docx(make_view(ev, RenderOptions(layout=layout)), out)
    with zipfile.ZipFile(BytesIO(out.getvalue())) as z:
        return z.read("word/document.xml").decode("utf-8")


# -- 项目年度目标 / 年度目标完成情况 (rules.md §3, §5c) ---------------------------------------


def test_empty_goal_cells_show_the_draft_placeholder_in_both_layouts() -> None:
    view = make_view(_project(annual_goal="", goal_result=""))
    for table in (view.sheets[0].sichuan, view.sheets[0].national):
        gaps = [c.text for c in _cells(table) if c.placeholder and "目标" in c.text]
        assert gaps == ["【待填写：项目年度目标】", "【待填写：年度目标完成情况】"]
    assert "业务运行费自评表：项目年度目标" in view.placeholders
    assert "业务运行费自评表：年度目标完成情况" in view.placeholders


def test_goal_cells_print_the_model_text() -> None:
    view = make_view(_project(annual_goal="按时足额发放待遇", goal_result="全年按时足额发放"))
    for table in (view.sheets[0].sichuan, view.sheets[0].national):
        texts = [c.text for c in _cells(table)]
        assert "按时足额发放待遇" in texts and "全年按时足额发放" in texts
        assert not [c.text for c in _cells(table) if c.placeholder and "目标" in c.text]
    assert not [g for g in view.placeholders if g.startswith("业务运行费自评表：") and "目标" in g]


def test_empty_parent_is_a_placeholder_not_a_blank() -> None:
    ev = small_evaluation()
    view = make_view(replace(ev, unit=replace(ev.unit, parent="")))
    assert "【待填写：主管部门】" in [c.text for c in _cells(view.sheets[0].sichuan)]
    filled = make_view(ev)
    assert "测试市人社局" in [c.text for c in _cells(filled.sheets[0].sichuan)]
    assert "【待填写：主管部门】" not in [c.text for c in _cells(filled.sheets[0].sichuan)]


def test_placeholder_cells_are_red_in_docx_html_and_xlsx() -> None:
    ev = _project(annual_goal="", goal_result="")
    xml = _document_xml(ev)
    assert re.search(
        r'<w:rStyle w:val="Placeholder"/></w:rPr><w:t[^>]*>【待填写：项目年度目标】', xml
    )
    view = make_view(ev, RenderOptions(layout="sichuan"))
    assert '<span class="placeholder">【待填写：项目年度目标】</span>' in table_html(
        view.sheets[0].sichuan
    )
    out = BytesIO()
    render_xlsx(view, out)
    ws = load_workbook(BytesIO(out.getvalue()))["业务运行费"]
    cell = next(c for row in ws.iter_rows() for c in row if c.value == "【待填写：项目年度目标】")
    assert cell.font.color is not None and cell.font.color.rgb.endswith("C00000")
    plain = next(c for row in ws.iter_rows() for c in row if c.value == "项目年度目标")
    assert plain.font.color is None or not str(plain.font.color.rgb).endswith("C00000")


# -- page breaks ---------------------------------------------------------------------------


def test_page_breaks_belong_to_the_next_paragraph() -> None:
    """A paragraph holding only a page break spills onto a blank page after a full page."""
    xml = _document_xml(small_evaluation())
    assert '<w:br w:type="page"/>' not in xml
    # before 附件1 and before its 自评表
    assert xml.count("<w:pageBreakBefore/>") == 2
    assert re.search(r'<w:pStyle w:val="AttachmentMark"/><w:pageBreakBefore/>', xml)
    assert re.search(r'<w:pStyle w:val="TableTitle"/><w:pageBreakBefore/>', xml)


# -- labels in narrow columns --------------------------------------------------------------


def _twips(chars: float) -> int:
    return round(chars * 210 + 150)


def test_labels_break_at_their_natural_points() -> None:
    assert break_label("满意度指标", _twips(3)) == "满意度\n指标"
    assert break_label("服务对象满意度指标", _twips(4)) == "服务对象\n满意度\n指标"
    assert break_label("产出指标（50分）", _twips(4)) == "产出指标\n（50分）"
    assert break_label("预算执行率", _twips(4)) == "预算\n执行率"
    assert break_label("指标性质", _twips(3)) == "指标\n性质"
    assert break_label("其中：财政资金", _twips(4)) == "其中：\n财政资金"


def test_labels_that_fit_and_sentences_are_left_alone() -> None:
    assert break_label("产出指标", _twips(4)) == "产出指标"
    sentence = "加大社会保险扩面征缴，实现全覆盖。"
    assert break_label(sentence, _twips(4)) == sentence


@given(CJK, st.integers(min_value=1, max_value=12))
def test_breaking_a_label_never_changes_its_text(text: str, chars: int) -> None:
    assert break_label(text, _twips(chars)).replace("\n", "") == text


def test_wrapped_text_starts_at_the_left_labels_stay_centred() -> None:
    narrow = _twips(4)
    assert cell_align(Cell("社会保险扩面征缴全覆盖完成率达标"), narrow) == "left"
    assert cell_align(Cell("满意度指标"), narrow) == "center"
    assert cell_align(Cell("定性"), narrow) == "center"
    assert cell_align(Cell("1234.56", kind="amount", align="right"), narrow) == "right"


def test_docx_prints_a_broken_label_with_line_breaks() -> None:
    xml = _document_xml(small_evaluation())
    # 一级 "满意度指标" in the Sichuan table's three-character column
    assert re.search(r"满意度</w:t></w:r><w:r><w:br/></w:r><w:r><w:t[^>]*>指标<", xml)


# -- figures and rows ----------------------------------------------------------------------


def test_money_and_rates_are_right_aligned() -> None:
    view = make_view(small_evaluation())
    for table in (view.sheets[0].sichuan, view.sheets[0].national, view.summary):
        figures = [c for c in _cells(table) if c.kind in ("amount", "rate") and c.text]
        assert figures and all(c.align == "right" for c in figures)


def test_rows_after_the_indicators_keep_with_the_last_indicator() -> None:
    xml = _document_xml(small_evaluation())
    table = xml[xml.index("<w:tbl>") : xml.index("</w:tbl>")]
    rows = table.split("<w:tr>")[1:]
    kept = ["<w:keepNext/>" in row for row in rows]
    # the last indicator, 合计, 评价结论, 存在问题 and 改进措施 hold on; the signatures end it
    assert kept[-6:] == [True] * 5 + [False]
    assert not any(kept[:-6])


def test_spreadsheet_rows_grow_with_their_text() -> None:
    table = Table(
        "t",
        "t",
        ((Cell("短"), Cell("字" * 60)), (Cell("短"), Cell("短"))),
        widths=(10, 10),
    )
    heights = row_heights(table)
    assert heights[0] > 4 * heights[1]


# -- titles --------------------------------------------------------------------------------


def test_a_long_title_line_is_balanced_without_an_orphan() -> None:
    line = "（省管森工企业离退休人员社会化管理经费）"
    assert balance_title_line(line) == ["（省管森工企业离退休", "人员社会化管理经费）"]
    assert balance_title_line("（劳务费）") == ["（劳务费）"]


@given(CJK.map(lambda s: "（" + s + "）"))
def test_balanced_title_lines_fit_and_keep_the_text(line: str) -> None:
    lines = balance_title_line(line)
    assert "".join(lines) == line
    assert all(width_chars(x) <= TITLE_LINE_CHARS for x in lines)
    assert not any(x.startswith("）") or x.endswith("（") for x in lines)
    if len(lines) > 1:
        widths = [width_chars(x) for x in lines]
        assert max(widths) - min(widths) <= 2


def test_project_titles_in_the_view_are_balanced() -> None:
    ev = _project(name="省管森工企业离退休人员社会化管理经费")
    titles = [b for b in make_view(ev).blocks if isinstance(b, Title)]
    assert titles[1].lines[-2:] == ("（省管森工企业离退休", "人员社会化管理经费）")


# -- goals and HTML ------------------------------------------------------------------------


def test_a_goal_written_with_its_category_prints_it_once() -> None:
    ev = _project(goals={"quantity": "数量指标：一是稳步提高待遇水平。"})
    text = "".join(getattr(b, "text", "") for b in make_view(ev).blocks)
    assert "（1）数量指标：一是稳步提高待遇水平。" in text
    assert "数量指标：数量指标" not in text


def test_html_tables_keep_the_form_column_widths() -> None:
    view = make_view(small_evaluation(), RenderOptions(layout="sichuan"))
    html = render_html_text(view)
    table = view.sheets[0].sichuan
    first = 100 * table.widths[0] / sum(table.widths)
    assert f'<col style="width:{first:.1f}%">' in html
    assert "满意度<br>指标" in html
