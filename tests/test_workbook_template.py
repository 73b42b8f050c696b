"""The fill-in workbook: round trip, drop-downs, numeric validation, locks, live totals only."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from jixiao.load import load_evaluation
from jixiao.load.evaluation_yaml import load_yaml_text
from jixiao.workbook import load_workbook_file, write_template
from jixiao.workbook.layout import FUNDING_ROWS
from make_damaged_workbooks import BASE_YAML, base_evaluation
from workbook_helpers import strip_meta

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "panzhihua-2021" / "evaluation.yaml"


def roundtrip(tmp_path: Path, yaml_text: str):  # type: ignore[no-untyped-def]
    ev, issues = load_yaml_text(yaml_text, "in.yaml")
    assert ev is not None and not issues, issues
    path = tmp_path / "t.xlsx"
    write_template(path, ev)
    back, issues = load_workbook_file(path)
    return ev, back, issues


def test_reference_example_round_trips(tmp_path: Path) -> None:
    """YAML -> template --from -> import gives back the same model (sources aside)."""
    ev, issues = load_evaluation(EXAMPLE)
    assert ev is not None and not issues
    path = tmp_path / "pzh.xlsx"
    write_template(path, ev)
    back, issues = load_workbook_file(path)
    assert issues == []
    assert strip_meta(back) == strip_meta(ev)


def test_base_round_trips_and_sources_point_at_cells(tmp_path: Path) -> None:
    ev, back, issues = roundtrip(tmp_path, BASE_YAML)
    assert issues == []
    assert strip_meta(back) == strip_meta(ev)
    ind = back.projects[0].indicators[1]
    src = ind.meta.of("actual")
    assert src.sheet == "1-劳务费" and src.cell and src.cell.startswith("G")
    assert src.path == "projects[0].indicators[1].actual"
    assert back.unit.meta.of("name").cell == "B5"
    assert back.meta.of("report.conclusion") == back.meta.source  # not filled: no cell of its own


def test_narrative_sections_keep_their_cells(tmp_path: Path) -> None:
    text = BASE_YAML + "report:\n  conclusion: 总体良好\n"
    _ev, back, issues = roundtrip(tmp_path, text)
    assert issues == [] and back.report == {"conclusion": "总体良好"}
    src = back.meta.of("report.conclusion")
    assert (src.sheet, src.path) == ("单位概况", "report.conclusion") and src.cell


@pytest.mark.parametrize(
    "text",
    ["=100%", "=", "@qq", "-5", "0012", "第一行\n第二行", "≥90%", "'quoted'", "1,234.50"],
)
def test_text_that_looks_like_a_formula_or_number_stays_text(tmp_path: Path, text: str) -> None:
    yaml_text = BASE_YAML.replace(
        "name: 某市社会保险事务中心", f"name: {text!r}".replace("\n", "\\n")
    )
    yaml_text = (
        yaml_text.replace("name: '", 'name: "').replace("'\n", '"\n')
        if "'" not in text
        else yaml_text
    )
    ev, back, _issues = roundtrip(tmp_path, yaml_text)
    assert back is not None and back.unit.name == ev.unit.name


def test_drop_downs_and_numeric_validation(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    write_template(path, base_evaluation())
    wb = load_workbook(path)
    ws = next(w for w in wb.worksheets if w.title.endswith("劳务费"))
    lists = {dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list"}
    assert '"≥,≤,=,>,<,定性"' in lists
    assert '"A,B,C"' in lists
    assert any("产出指标" in f and "满意度指标" in f for f in lists)
    assert any("数量指标" in f and "经济成本指标" in f for f in lists)
    numeric = [dv for dv in ws.data_validations.dataValidation if dv.type == "decimal"]
    assert numeric and all(dv.showErrorMessage for dv in numeric)
    weight_col = next(c.column_letter for c in ws[ws.max_row // 2] if False) if False else None
    del weight_col
    covered = " ".join(str(dv.sqref) for dv in numeric)
    header = next(c for row in ws.iter_rows() for c in row if c.value == "权重")
    assert f"{header.column_letter}{header.row + 1}" in covered


def test_headers_locked_inputs_open_sheets_protected(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    write_template(path, base_evaluation())
    wb = load_workbook(path)
    for title in ("单位概况", "资金情况", "部门绩效目标", "项目清单"):
        assert wb[title].protection.sheet
    ws = wb["单位概况"]
    assert ws["A4"].value == "填报项" and ws["A4"].protection.locked
    assert ws["A5"].protection.locked and not ws["B5"].protection.locked
    assert ws.protection.insertRows is False  # rows may still be added
    assert ws.protection.password is None


def test_formulas_only_in_live_total_cells(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    write_template(path, base_evaluation())
    wb = load_workbook(path)
    display = {"序号", "计算执行率", "调整后预算", "执行数", "指标权重合计"}
    for ws in wb.worksheets:
        headers = {}
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value in display | {"资金来源", "项目名称"}:
                    headers.setdefault(c.row, {})[c.column] = c.value
        for row in ws.iter_rows():
            for c in row:
                if c.data_type != "f":
                    continue
                in_total_row = ws.cell(c.row, 1).value == "合计"
                header_row = max((r for r in headers if r < c.row), default=None)
                shown = headers.get(header_row, {}).get(c.column) if header_row else None
                assert in_total_row or shown in display, (ws.title, c.coordinate, c.value)
                assert c.protection.locked


def test_blank_template_offers_the_scheme_funding_rows(tmp_path: Path) -> None:
    for region, rows in FUNDING_ROWS.items():
        path = tmp_path / f"{region}.xlsx"
        write_template(path, scheme=f"x-{region}", region=region)
        wb = load_workbook(path)
        ws = wb["项目1"]
        values = [c.value for row in ws.iter_rows(min_col=1, max_col=1) for c in row]
        start = values.index("资金来源") + 1
        assert tuple(values[start : start + len(rows)]) == rows
        assert wb["单位概况"]["B11"].value == f"x-{region}"


def test_blank_template_imports_to_missing_name_and_year_only(tmp_path: Path) -> None:
    path = tmp_path / "blank.xlsx"
    write_template(path)
    ev, issues = load_workbook_file(path)
    assert ev is None
    assert sorted((i.code, i.source.cell) for i in issues) == [
        ("L-REQ-01", "B10"),
        ("L-REQ-01", "B5"),
    ]


def test_workbook_saved_by_excel_reads_the_same(tmp_path: Path) -> None:
    """Once Excel has cached every live total, those cells are still not read as data."""
    import zipfile

    path = tmp_path / "t.xlsx"
    write_template(path, base_evaluation())
    saved = tmp_path / "saved.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(saved, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = data.replace(b"<v></v>", b"<v>12.5</v>")
            dst.writestr(item, data)
    back, issues = load_workbook_file(saved)
    assert issues == []
    assert strip_meta(back) == strip_meta(base_evaluation())


def test_blank_template_filled_in_needs_no_project_list(tmp_path: Path) -> None:
    from openpyxl import load_workbook as open_book

    path = tmp_path / "blank.xlsx"
    write_template(path, scheme="sichuan-0013zp", region="sichuan")
    wb = open_book(path)
    ws = wb["单位概况"]
    ws["B5"], ws["B10"] = "某单位", 2023
    p = wb["项目1"]
    p["B5"] = "培训费"
    copy = wb.copy_worksheet(p)
    copy["B5"] = "差旅费"
    wb.save(path)
    ev, issues = load_workbook_file(path)
    assert issues == []
    assert ev is not None and [p.name for p in ev.projects] == ["培训费", "差旅费"]
    assert [r.source for r in ev.projects[0].funding] == list(FUNDING_ROWS["sichuan"])


def test_text_over_the_excel_cell_limit_is_cut_with_a_warning(tmp_path: Path) -> None:
    text = BASE_YAML + "report:\n  conclusion: " + "好" * 40000 + "\n"
    ev, issues = load_yaml_text(text, "in.yaml")
    assert ev is not None and not issues
    problems = write_template(tmp_path / "t.xlsx", ev)
    [issue] = problems
    assert (issue.code, issue.source.sheet, issue.actual) == ("L-XLS-12", "单位概况", 40000)
    back, _ = load_workbook_file(tmp_path / "t.xlsx")
    assert back is not None and len(back.report["conclusion"]) == 32767
