"""XLSX: the 自评表 in both layouts, merged cells, formats, widths, print setup, summary = scorer."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from jixiao.load import load_evaluation
from jixiao.model import Evaluation
from jixiao.number import round_half_up
from jixiao.render import make_view
from jixiao.render.xlsx import render_xlsx, sheet_name
from jixiao.score import scheme_for, score_evaluation
from test_render_view import small_evaluation

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "panzhihua-2021" / "evaluation.yaml"


def workbook(ev: Evaluation, layout: str | None = None) -> Workbook:
    buffer = BytesIO()
    render_xlsx(make_view(ev), buffer, layout)
    return load_workbook(BytesIO(buffer.getvalue()))


def values(ws: object) -> list[object]:
    return [c.value for row in ws.iter_rows() for c in row if c.value is not None]  # type: ignore[attr-defined]


def numbers(ws: object) -> set[Decimal]:
    return {round_half_up(Decimal(str(v)), 2) for v in values(ws) if isinstance(v, int | float)}


def find(ws: object, text: str) -> object:
    for row in ws.iter_rows():  # type: ignore[attr-defined]
        for cell in row:
            if cell.value == text:
                return cell
    raise AssertionError(f"{text} not in sheet")


@pytest.fixture(scope="module")
def example() -> Evaluation:
    ev, issues = load_evaluation(EXAMPLE)
    assert ev is not None, issues
    return ev


def test_one_sheet_per_project_after_the_summary(example: Evaluation) -> None:
    wb = workbook(example)
    assert wb.sheetnames[0] == "汇总"
    assert wb.sheetnames[1:] == [p.name for p in example.projects]


def test_summary_totals_equal_jixiao_score(example: Evaluation) -> None:
    scores = score_evaluation(example, scheme_for(example))
    ws = workbook(example)["汇总"]
    rows = {r[1].value or r[0].value: r for r in ws.iter_rows(min_row=3)}
    for ps in scores.projects:
        row = rows[ps.name]
        assert round_half_up(Decimal(str(row[5].value)), 2) == round_half_up(ps.total, 2)
        assert row[6].value == ps.grade
        assert row[5].number_format == "0.00"
    total = rows["合计"]
    budget = sum(
        (p.total_row.adjusted for p in example.projects if p.total_row and p.total_row.adjusted),
        Decimal(0),
    )
    assert Decimal(str(total[2].value)) == budget


def test_every_project_figure_round_trips(example: Evaluation) -> None:
    wb = workbook(example)
    for p in example.projects:
        got = numbers(wb[p.name])
        for row in p.funding:
            for x in (row.initial, row.adjusted, row.executed):
                assert x is None or round_half_up(x, 2) in got
        for ind in p.indicators:
            for x in (ind.target, ind.actual):
                assert x is None or round_half_up(x, 2) in got


def test_number_formats_merges_widths_and_print_setup() -> None:
    ws = workbook(small_evaluation(), "sichuan")["业务运行费"]
    assert ws["A1"].value == "部门预算项目支出绩效自评表（2021年度）"
    assert ws["A2"].value == "报表编号：510000_0013zp"
    rate = next(c for row in ws.iter_rows() for c in row if c.number_format == "0.00%")
    assert rate.value == 1
    money = next(c for row in ws.iter_rows() for c in row if c.value == 24.39)
    assert money.number_format == "0.00"
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert "A1:J1" in merged
    label = find(ws, "预算执行情况（10分）")
    assert any(label.coordinate in r and r.size["rows"] == 6 for r in ws.merged_cells.ranges)  # type: ignore[attr-defined]
    assert ws.column_dimensions["C"].width > ws.column_dimensions["A"].width
    assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage


def test_national_layout_headers() -> None:
    ws = workbook(small_evaluation(), "national")["业务运行费"]
    got = set(values(ws))
    assert {"年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"} <= got
    assert {"年度指标值", "实际完成值", "偏差原因分析及改进措施", "≥90%", "总分"} <= got
    assert "产出指标（80分）" in got  # 50 + 30, computed from the weights


def test_sheet_names_are_valid_and_unique() -> None:
    taken: set[str] = set()
    a = sheet_name("a/b:c*d?[e]" + "长" * 40, taken)
    b = sheet_name("a/b:c*d?[e]" + "长" * 40, taken)
    assert len(a) <= 31 and len(b) <= 31 and a != b
    assert not set("[]:*?/\\") & set(a + b)


def test_summary_equals_the_score_command_output(tmp_path: Path) -> None:
    import json

    from click.testing import CliRunner

    from jixiao.cli.main import cli

    result = CliRunner().invoke(cli, ["score", str(EXAMPLE), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    scored = {p["name"]: (p["total"], p["grade"]) for p in json.loads(result.output)["projects"]}
    out = tmp_path / "t.xlsx"
    assert CliRunner().invoke(cli, ["render", str(EXAMPLE), "-o", str(out)]).exit_code == 0
    ws = load_workbook(out)["汇总"]
    got = {
        r[1].value: (r[5].value, r[6].value)
        for r in ws.iter_rows(min_row=3)
        if r[5].value is not None
    }
    assert got == scored
