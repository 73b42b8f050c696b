"""The workbook as a unit's finance officer meets it: printing, drop-downs, live totals of a copied
project sheet, and messages that name the field and say what to do."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from jixiao.issues import Issue
from jixiao.workbook import load_workbook_file, write_template
from jixiao.workbook.printing import wrapped_height
from test_workbook_cells import read


def blank(tmp_path: Path) -> Path:
    path = tmp_path / "blank.xlsx"
    write_template(path, scheme="sichuan-0013zp", region="sichuan")
    return path


def row_of(ws: Any, label: str, col: int = 1) -> int:
    for row in ws.iter_rows(min_col=col, max_col=col):
        v = row[0].value
        if isinstance(v, str) and v.split("（")[0] == label:
            return int(row[0].row)
    raise KeyError(label)


def fill_unit(wb: Any) -> None:
    wb["单位概况"]["B5"], wb["单位概况"]["B10"] = "某县农业农村局", 2023


def issues_of(path: Path) -> list[Issue]:
    _ev, issues = load_workbook_file(path)
    return issues


# -- printing ------------------------------------------------------------------------------------


def test_every_sheet_prints_on_a4_one_page_wide(tmp_path: Path) -> None:
    wb = load_workbook(blank(tmp_path))
    for ws in wb.worksheets:
        assert str(ws.page_setup.paperSize) == str(ws.PAPERSIZE_A4), ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0), ws.title
    assert wb["单位概况"].page_setup.orientation == "portrait"
    assert wb["资金情况"].page_setup.orientation == "landscape"


def test_a_project_sheet_prints_its_seldom_used_indicator_columns_on_pages_of_their_own(
    tmp_path: Path,
) -> None:
    ws = load_workbook(blank(tmp_path))["项目1"]
    header = row_of(ws, "一级指标")
    total = row_of(ws, "合计")
    main, extra = (str(r) for r in ws.print_area.split(","))
    assert main.endswith(f"$A$1:$L${ws.max_row}")
    assert extra.endswith(f"$M${header}:$U${total}")
    assert ws.cell(header, 13).value == "超额扣分" and ws.cell(header, 12).value == "未完成原因分析"
    assert ws.print_title_cols == "$A:$C"


def test_instructions_rows_are_tall_enough_for_their_wrapped_text() -> None:
    assert wrapped_height("短", 76) == 15
    assert wrapped_height("字" * 37, 76) == 15
    assert wrapped_height("字" * 38, 76) == 30


# -- drop-downs and where to add more --------------------------------------------------------------


def test_drop_downs_for_grade_money_unit_scheme_and_goal(tmp_path: Path) -> None:
    wb = load_workbook(blank(tmp_path))

    def lists(ws: Any) -> dict[str, str]:
        return {
            str(r): dv.formula1
            for dv in ws.data_validations.dataValidation
            if dv.type == "list"
            for r in dv.sqref.ranges
        }

    project = lists(wb["项目1"])
    assert project[f"B{row_of(wb['项目1'], '评价等级')}"] == '"优,良,中,差"'
    funds = lists(wb["资金情况"])
    assert funds[f"B{row_of(wb['资金情况'], '金额单位')}"] == '"万元,元"'
    unit = lists(wb["单位概况"])
    assert "sichuan-0013zp" in unit[f"B{row_of(wb['单位概况'], '评分方案')}"]
    goals = wb["部门绩效目标"]
    first = row_of(goals, "所属目标") + 1
    goal_list = next(f for ref, f in lists(goals).items() if ref.startswith(f"A{first}:"))
    assert goal_list == f"$A$3:$A${row_of(goals, '所属目标') - 3}"  # the goals, above


def test_a_blank_project_sheet_says_how_to_add_indicator_rows(tmp_path: Path) -> None:
    ws = load_workbook(blank(tmp_path))["项目1"]
    note = ws.cell(row_of(ws, "合计") + 1, 1).value
    assert isinstance(note, str) and note.startswith("注") and "插入行" in note


def test_the_note_and_title_below_the_indicators_are_not_read_as_indicators(
    tmp_path: Path,
) -> None:
    path = blank(tmp_path)
    wb = load_workbook(path)
    fill_unit(wb)
    wb["项目1"]["B5"] = "高标准农田建设"
    wb.save(path)
    ev, issues = load_workbook_file(path)
    assert issues == []
    assert ev is not None and ev.projects[0].indicators == ()


def test_blank_project_list_rows_total_the_sheet_named_in_them(tmp_path: Path) -> None:
    wb = load_workbook(blank(tmp_path))
    ws = wb["项目清单"]
    r = 4  # the row after 项目1: for a copied sheet
    assert ws.cell(r, 2).value is None
    adjusted, weights = ws.cell(r, 4).value, ws.cell(r, 6).value
    assert adjusted.startswith(f'=IF($C{r}="",""') and "INDIRECT" in adjusted
    assert '"资金来源"' in adjusted and "!C:C" in adjusted
    assert 'SUMIF(INDIRECT("\'"&$C4&"\'!A:A"),"<>合计"' in weights and "!H:H" in weights
    first_source = row_of(wb["项目1"], "资金来源") + 1
    assert ws.cell(3, 4).value == f"='项目1'!C{first_source}"  # a listed sheet: by reference
    assert ws.max_row >= 12  # room to list more projects


# -- messages ------------------------------------------------------------------------------------


def test_a_message_names_the_field_beside_the_cell(tmp_path: Path) -> None:
    path = blank(tmp_path)
    wb = load_workbook(path)
    fill_unit(wb)
    u = wb["单位概况"]
    u[f"B{row_of(u, '退休人员')}"] = "三十"
    p = wb["项目1"]
    p["B5"] = "高标准农田建设"
    r = row_of(p, "一级指标") + 1
    p.cell(r, 3).value, p.cell(r, 9).value = "新建农田", "十"
    wb.save(path)
    got = {(i.code, i.source.cell): i.message for i in issues_of(path)}
    assert got[("L-NUM-01", f"B{row_of(u, '退休人员')}")] == "“退休人员”应为整数，“三十”无法识别"
    assert got[("L-NUM-01", f"I{r}")] == "“得分”应为数字，“十”无法识别"


def test_a_goal_name_typed_wrong_suggests_the_nearest(tmp_path: Path) -> None:
    path = blank(tmp_path)
    wb = load_workbook(path)
    fill_unit(wb)
    g = wb["部门绩效目标"]
    g["A3"], g["A4"] = "保障粮食安全", "促进农民增收"
    r = row_of(g, "所属目标") + 1
    g.cell(r, 1).value, g.cell(r, 4).value = "保障粮食安", "播种面积"
    wb.save(path)
    [issue] = [i for i in issues_of(path) if i.code == "L-VAL-01"]
    assert issue.source.cell == f"A{r}"
    assert issue.hint.startswith("是否应为“保障粮食安全”？")


def test_a_goal_name_far_from_any_lists_the_goals(tmp_path: Path) -> None:
    path = blank(tmp_path)
    wb = load_workbook(path)
    fill_unit(wb)
    g = wb["部门绩效目标"]
    g["A3"] = "保障粮食安全"
    r = row_of(g, "所属目标") + 1
    g.cell(r, 1).value, g.cell(r, 4).value = "其他", "播种面积"
    wb.save(path)
    [issue] = [i for i in issues_of(path) if i.code == "L-VAL-01"]
    assert issue.hint.endswith("保障粮食安全")


@pytest.mark.parametrize("signed", [False, True])
def test_a_number_pasted_into_a_percent_cell(signed: bool) -> None:
    """92.73 in a 0.00% cell shows 9273.00%: a rate that large was meant as 92.73% (warned);
    a change of +9273% may be real and stays as shown."""
    got, reader = read("rate", 92.73, "0.00%", signed=signed)
    if signed:
        assert got == Decimal("92.7300") and reader.issues == []
    else:
        assert got == Decimal("0.9273")
        [issue] = reader.issues
        assert (issue.code, issue.source.cell) == ("L-NUM-02", "B7")
        assert "9273.00%" in issue.message and "92.73%" in issue.hint


def test_a_large_but_possible_percent_stays_as_shown() -> None:
    got, reader = read("rate", 2.5, "0%")
    assert got == Decimal("2.5") and reader.issues == []


def test_a_date_in_an_amount_cell_is_shown_without_a_midnight_time() -> None:
    _got, reader = read("amount", dt.datetime(2023, 3, 7))
    [issue] = reader.issues
    assert "2023-03-07" in issue.message and "00:00" not in issue.message
    assert issue.actual == "2023-03-07"


def test_the_goal_sheet_prints_its_seldom_used_indicator_columns_apart(tmp_path: Path) -> None:
    ws = load_workbook(blank(tmp_path))["部门绩效目标"]
    header = row_of(ws, "所属目标")
    assert ws.cell(header, 14).value == "超额扣分"
    _main, extra = ws.print_area.split(",")
    assert extra.endswith(f"$N${header}:$V${ws.max_row}")
    assert ws.print_title_cols == "$A:$D"


def test_a_long_indicator_name_gets_a_row_tall_enough(tmp_path: Path) -> None:
    from jixiao.load.evaluation_yaml import load_yaml_text

    text = """\
unit: {name: 某单位}
year: 2023
projects:
  - name: 培训费
    indicators:
      - {level1: 产出指标, level2: 数量指标, name: 短名, operator: "≥", target: "1"}
      - level1: 产出指标
        level2: 数量指标
        name: 社会保险业务“最多跑一次”完成率及钒钛新城被征地农民养老保障工作完成率
        operator: "="
        target: 100%
"""
    ev, problems = load_yaml_text(text, "in.yaml")
    assert ev is not None and not problems
    path = tmp_path / "t.xlsx"
    write_template(path, ev)
    ws = load_workbook(path)["1-培训费"]
    first = row_of(ws, "一级指标") + 1
    assert ws.row_dimensions[first].height is None  # a short name keeps the default height
    assert (ws.row_dimensions[first + 1].height or 0) >= 45


def test_a_missing_reason_points_at_the_empty_cell_where_it_belongs(tmp_path: Path) -> None:
    """A rule asking for 未完成原因分析 names that column's empty cell, not the row's first."""
    from jixiao.rules.catalogue import check_evaluation

    path = blank(tmp_path)
    wb = load_workbook(path)
    fill_unit(wb)
    p = wb["项目1"]
    p["B5"] = "高标准农田建设"
    r = row_of(p, "一级指标") + 1
    for c, v in enumerate(["效益指标", "社会效益指标", "群众受益", "定性", "好", None, "较好"], 1):
        p.cell(r, c).value = v
    p.cell(r, 8).value, p.cell(r, 9).value = 20, 16
    wb.save(path)
    ev, _ = load_workbook_file(path)
    assert ev is not None
    [issue] = [i for i in check_evaluation(ev) if i.code == "V-IND-06"]
    assert (issue.source.sheet, issue.source.cell) == ("项目1", f"L{r}")
    assert ev.projects[0].indicators[0].meta.of("deviation_reason").cell == f"L{r}"
