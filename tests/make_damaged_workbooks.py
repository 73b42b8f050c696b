"""Build a folder of deliberately damaged workbooks, each with the issue (code, sheet!cell) it
must produce or the model it must still read to.

Run ``python tests/make_damaged_workbooks.py OUTDIR`` to look at them in Excel; the tests build
them in a temporary folder (tests/test_workbook_damaged.py). Every damage starts from the same
template, pre-filled from BASE_YAML, and changes it the way people do.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from jixiao.load.evaluation_yaml import load_yaml_text
from jixiao.model import Evaluation
from jixiao.workbook import write_template

BASE_YAML = """
jixiao: 1
year: 2023
scheme: sichuan-0013zp
unit:
  name: 某市社会保险事务中心
  region: 四川省某市
funds:
  initial: 1106.08
  adjusted: 1339.13
  final: 1339.13
  execution_rate: 100%
  by_function:
    - name: 社会保障和就业支出
      amount: 1025.72
      share: 92.73%
publication:
  date: 2024-05-20
projects:
  - name: 劳务费
    attachment: 1
    funding:
      - source: 总额
        initial: 0
        adjusted: 37.24
        executed: 37.24
        rate: 100%
    indicators:
      - level1: 产出指标
        level2: 数量指标
        name: 聘用人员数
        operator: "="
        target: "13"
        unit: 人
        actual: "13"
        weight: 45
      - level1: 产出指标
        level2: 质量指标
        name: 工资按时发放率
        operator: "≥"
        target: 95%
        actual: 100%
        weight: 45
  - name: 业务运行费
    attachment: 2
    funding:
      - source: 总额
        initial: 6
        adjusted: 6
        executed: 6
    indicators:
      - level1: 满意度指标
        level2: 服务对象满意度指标
        name: 参保人员满意度
        operator: "≥"
        target: 90%
        weight: 90
"""


def base_evaluation() -> Evaluation:
    ev, issues = load_yaml_text(BASE_YAML, "base.yaml")
    assert ev is not None and not issues, issues
    return ev


@dataclass
class Expect:
    """What reading the damaged workbook must give: issues at cells, and/or the base model."""

    issues: list[tuple[str, str, str]] = field(default_factory=list)  # (code, sheet, cell)
    same_as_base: bool = False
    check: Callable[[Evaluation | None], None] | None = None


# -- finding cells in the template ---------------------------------------------------------------


def form_row(ws: Worksheet, label: str) -> int:
    for row in ws.iter_rows(min_col=1, max_col=1):
        v = row[0].value
        if isinstance(v, str) and v.split("（")[0] == label:
            return row[0].row
    raise KeyError(label)


def header_pos(ws: Worksheet, header: str) -> tuple[int, int]:
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == header:
                return cell.row, cell.column
    raise KeyError(header)


def project_sheet(wb: Workbook, name: str) -> Worksheet:
    for ws in wb.worksheets:
        if ws.title.endswith(name):
            return ws
    raise KeyError(name)


def unmerge_all(ws: Worksheet) -> None:
    for rng in list(ws.merged_cells.ranges):
        ws.unmerge_cells(str(rng))


# -- damages ------------------------------------------------------------------------------------


def text_in_amount(wb: Workbook) -> Expect:
    ws = wb["资金情况"]
    r = form_row(ws, "年初部门预算")
    ws.cell(r, 2).value = "一千一百万"
    return Expect([("L-NUM-01", "资金情况", f"B{r}")])


def date_in_amount(wb: Workbook) -> Expect:
    ws = project_sheet(wb, "劳务费")
    r, c = header_pos(ws, "调整后预算")
    ws.cell(r + 1, c).value = dt.datetime(2023, 3, 7)
    return Expect([("L-XLS-07", ws.title, ws.cell(r + 1, c).coordinate)])


def error_value(wb: Workbook) -> Expect:
    ws = project_sheet(wb, "劳务费")
    r, c = header_pos(ws, "权重")
    ws.cell(r + 1, c).value = "#DIV/0!"
    return Expect([("L-XLS-04", ws.title, ws.cell(r + 1, c).coordinate)])


def uncached_formula(wb: Workbook) -> Expect:
    ws = project_sheet(wb, "劳务费")
    r, c = header_pos(ws, "权重")
    ws.cell(r + 2, c).value = "=90/2"
    return Expect([("L-XLS-03", ws.title, ws.cell(r + 2, c).coordinate)])


def duplicate_project_sheet(wb: Workbook) -> Expect:
    ws = project_sheet(wb, "业务运行费")
    copy = wb.copy_worksheet(ws)
    copy.title = "业务运行费 (2)"
    r = form_row(copy, "项目名称")
    return Expect([("L-XLS-06", copy.title, f"B{r}")])


def stray_cell(wb: Workbook) -> Expect:
    ws = wb["单位概况"]
    r = form_row(ws, "所属地区")
    ws.cell(r, 6).value = 123.45
    return Expect([("L-XLS-05", "单位概况", f"F{r}")])


def unknown_label(wb: Workbook) -> Expect:
    ws = wb["单位概况"]
    r = ws.max_row + 1
    ws.cell(r, 1).value = "联系电话"
    ws.cell(r, 2).value = "0812-1234567"
    return Expect([("L-XLS-05", "单位概况", f"A{r}")])


def misspelt_label(wb: Workbook) -> Expect:
    ws = wb["资金情况"]
    r = form_row(ws, "决算数")
    ws.cell(r, 1).value = "决算数额"

    def check(ev: Evaluation | None) -> None:
        assert ev is not None and ev.funds.final is None

    return Expect([("L-XLS-05", "资金情况", f"A{r}")], check=check)


def typed_into_notes(wb: Workbook) -> Expect:
    ws = wb["资金情况"]
    r = form_row(ws, "决算数")
    _row, col = header_pos(ws, "填写说明")
    ws.cell(r, col).value = "1339.13"
    return Expect([("L-XLS-05", "资金情况", f"{get_column_letter(col)}{r}")], same_as_base=True)


def bad_percent(wb: Workbook) -> Expect:
    ws = wb["资金情况"]
    r = form_row(ws, "执行率")
    ws.cell(r, 2).value = "百分之百"
    return Expect([("L-NUM-02", "资金情况", f"B{r}")])


def bare_rate(wb: Workbook) -> Expect:
    ws = wb["资金情况"]
    r = form_row(ws, "执行率")
    ws.cell(r, 2).value = 92.73
    ws.cell(r, 2).number_format = "General"

    def check(ev: Evaluation | None) -> None:
        assert ev is not None and str(ev.funds.execution_rate) == "0.9273"

    return Expect([("L-NUM-02", "资金情况", f"B{r}")], check=check)


def pasted_rate(wb: Workbook) -> Expect:
    """92.73 pasted into a cell formatted as percent shows 9273.00%: read as 92.73%, warned."""
    ws = wb["资金情况"]
    r = form_row(ws, "执行率")
    ws.cell(r, 2).value = 92.73
    ws.cell(r, 2).number_format = "0.00%"

    def check(ev: Evaluation | None) -> None:
        assert ev is not None and str(ev.funds.execution_rate) == "0.9273"

    return Expect([("L-NUM-02", "资金情况", f"B{r}")], check=check)


def bad_category(wb: Workbook) -> Expect:
    ws = wb["资金情况"]
    r, c = header_pos(ws, "类别")
    ws.cell(r + 1, c).value = "杂项"
    return Expect([("L-VAL-01", "资金情况", ws.cell(r + 1, c).coordinate)])


def missing_unit_name(wb: Workbook) -> Expect:
    ws = wb["单位概况"]
    r = form_row(ws, "单位名称")
    ws.cell(r, 2).value = None
    return Expect([("L-REQ-01", "单位概况", f"B{r}")])


def indicator_without_name(wb: Workbook) -> Expect:
    ws = project_sheet(wb, "业务运行费")
    r, c = header_pos(ws, "三级指标")
    ws.cell(r + 1, c).value = None
    return Expect([("L-REQ-01", ws.title, ws.cell(r + 1, c).coordinate)])


def bad_boolean(wb: Workbook) -> Expect:
    ws = project_sheet(wb, "业务运行费")
    r = form_row(ws, "本年无预算")
    ws.cell(r, 2).value = "可能"
    return Expect([("L-TYPE-01", ws.title, f"B{r}")])


def hidden_project_sheet(wb: Workbook) -> Expect:
    ws = project_sheet(wb, "业务运行费")
    ws.sheet_state = "hidden"
    return Expect([("L-XLS-08", ws.title, "A1")], same_as_base=True)


def headerless_sheet(wb: Workbook) -> Expect:
    ws = wb.create_sheet("补充")
    ws["A1"], ws["B1"] = "加班费", 12.5
    return Expect([("L-XLS-09", "补充", "A1")], same_as_base=True)


def listed_but_missing(wb: Workbook) -> Expect:
    ws = wb["项目清单"]
    r, c = header_pos(ws, "项目名称")
    row = r + 3
    ws.cell(row, c).value = "培训费"
    return Expect([("L-XLS-10", "项目清单", ws.cell(row, c).coordinate)], same_as_base=True)


def renamed_and_reordered(wb: Workbook) -> Expect:
    for i, ws in enumerate(list(wb.worksheets)):
        ws.title = f"Sheet{i + 10}"
    wb.move_sheet(wb.worksheets[-1], offset=-(len(wb.worksheets) - 1))
    return Expect(same_as_base=True)


def numbers_as_text(wb: Workbook) -> Expect:
    ws = wb["资金情况"]
    ws.cell(form_row(ws, "年初部门预算"), 2).value = "1,106.08"
    ws.cell(form_row(ws, "调整预算数"), 2).value = "１３３９.１３"
    ws.cell(form_row(ws, "决算数"), 2).value = "13391300元"
    ws.cell(form_row(ws, "执行率"), 2).value = "100%"
    p = project_sheet(wb, "劳务费")
    r, c = header_pos(p, "执行数")
    p.cell(r + 1, c).value = "37.24万元"
    r, c = header_pos(p, "权重")
    p.cell(r + 1, c).value = "45"
    return Expect(same_as_base=True)


def blank_and_note_rows(wb: Workbook) -> Expect:
    ws = wb["单位概况"]
    r = form_row(ws, "所属地区")
    ws.insert_rows(r, 2)
    ws.cell(r + 1, 1).value = "注：以下按 2023 年口径填写"
    p = project_sheet(wb, "劳务费")
    unmerge_all(p)
    r, _c = header_pos(p, "三级指标")
    p.insert_rows(r + 2, 3)
    p.cell(r + 3, 1).value = "说明：第二个指标见附件"
    return Expect(same_as_base=True)


def merged_levels(wb: Workbook) -> Expect:
    p = project_sheet(wb, "劳务费")
    r, c = header_pos(p, "一级指标")
    p.cell(r + 2, c).value = None
    p.merge_cells(start_row=r + 1, start_column=c, end_row=r + 2, end_column=c)
    return Expect(same_as_base=True)


def reordered_columns(wb: Workbook) -> Expect:
    p = project_sheet(wb, "劳务费")
    r, c_target = header_pos(p, "指标值")
    _r, c_actual = header_pos(p, "完成值")
    for row in range(r, r + 4):
        a, b = p.cell(row, c_target), p.cell(row, c_actual)
        a.value, b.value = b.value, a.value
    return Expect(same_as_base=True)


def date_typed(wb: Workbook) -> Expect:
    ws = wb["单位概况"]
    ws.cell(form_row(ws, "公开日期"), 2).value = dt.datetime(2024, 5, 20)
    return Expect(same_as_base=True)


def cached_formula(wb: Workbook) -> Expect:
    # The formula's cached value is added after saving (see CACHED below).
    p = project_sheet(wb, "业务运行费")
    r, c = header_pos(p, "权重")
    p.cell(r + 1, c).value = "=45*2"
    return Expect(same_as_base=True)


DAMAGES: dict[str, Callable[[Workbook], Expect]] = {
    f.__name__: f
    for f in (
        text_in_amount,
        date_in_amount,
        error_value,
        uncached_formula,
        duplicate_project_sheet,
        stray_cell,
        unknown_label,
        misspelt_label,
        typed_into_notes,
        bad_percent,
        bare_rate,
        pasted_rate,
        bad_category,
        missing_unit_name,
        indicator_without_name,
        bad_boolean,
        hidden_project_sheet,
        headerless_sheet,
        listed_but_missing,
        renamed_and_reordered,
        numbers_as_text,
        blank_and_note_rows,
        merged_levels,
        reordered_columns,
        date_typed,
        cached_formula,
    )
}
CACHED = {"cached_formula": ("45*2", "90")}  # formula text (without =) -> cached value to add


def add_cached_value(path: Path, formula: str, value: str) -> None:
    """Give a formula a cached value, as Excel does when it saves a file."""
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                pattern = re.escape(f"<f>{formula}</f><v></v>".encode())
                data = re.sub(pattern, f"<f>{formula}</f><v>{value}</v>".encode(), data)
            dst.writestr(item, data)
    tmp.replace(path)


# File-level damages: bytes that are not a workbook at all.
def _not_a_zip(path: Path) -> None:
    path.write_text("单位名称,年度\n某单位,2023\n", encoding="utf-8")


def _truncated(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _old_xls(path: Path) -> None:
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)


FILE_DAMAGES: dict[str, Callable[[Path], None]] = {
    "not_a_zip": _not_a_zip,
    "truncated": _truncated,
    "old_xls": _old_xls,
}


def build_one(outdir: Path, name: str) -> tuple[Path, Expect]:
    path = outdir / f"{name}.xlsx"
    base = outdir / "_base.xlsx"
    if not base.exists():
        write_template(base, base_evaluation())
    shutil.copyfile(base, path)
    if name in FILE_DAMAGES:
        FILE_DAMAGES[name](path)
        return path, Expect([("L-XLS-01", "", "")])
    wb = load_workbook(path)
    expect = DAMAGES[name](wb)
    wb.save(path)
    if name in CACHED:
        add_cached_value(path, *CACHED[name])
    return path, expect


def build(outdir: Path) -> list[tuple[Path, Expect]]:
    outdir.mkdir(parents=True, exist_ok=True)
    return [build_one(outdir, name) for name in (*DAMAGES, *FILE_DAMAGES)]


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "damaged-workbooks")
    for p, e in build(target):
        where = ", ".join(
            f"{code} {sheet}!{cell}" if sheet else f"{code}（文件本身）"
            for code, sheet, cell in e.issues
        )
        print(f"{p.name:32} {where or '读入后与原模型相同'}")
