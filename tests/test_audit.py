"""jixiao audit: extraction and document-level checks on small inline documents, the seed, and
DOCX/XLSX inputs; every check has a failing and a passing case."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from jixiao.audit.output import to_csv, to_json
from jixiao.audit.run import audit_file
from jixiao.audit.runtogether import split_digits
from jixiao.audit.values import read_value
from jixiao.cli.main import cli

SEED = Path(__file__).resolve().parent / "data" / "seed" / "000_0799312fbf0b8fba.txt"


def run(tmp_path: Path, text: str, name: str = "doc.txt"):  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return audit_file(path)


def codes(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [i.code for i in result.issues]


def fact(result, key: str, subject: str = ""):  # type: ignore[no-untyped-def]
    return next(f for f in result.facts if f.key == key and f.subject == subject)


def test_seed_main_figures_gap_and_numbering() -> None:
    r = audit_file(SEED)
    assert (r.kind, r.unit, r.year) == ("dept_report", "攀枝花市社会保险事务中心", 2021)
    expected = {
        "年初预算": "1106.08",
        "调整后预算": "1339.13",
        "执行数": "1339.13",
        "预算执行率": "100",
        "编制数": "63",
        "实有人数": "57",
        "资产总额": "487.66",
        "追加预算": "55.63",
    }
    for key, value in expected.items():
        assert fact(r, key).value == Decimal(value), key
    gap = next(i for i in r.issues if i.code in ("V-RPT-03", "A-SUM-04"))
    assert gap.difference == Decimal("140.68") and gap.source.line == 44
    slips = {(i.source.line, i.message.split("”")[0]) for i in r.issues if i.code == "A-OUT-01"}
    assert {(46, "大纲编号“五是"), (64, "大纲编号“（四）"), (216, "大纲编号“（3）")} <= slips
    assert not [i for i in r.issues if i.severity.value == "error"]


def test_fund_table_total_against_parts(tmp_path: Path) -> None:
    bad = "项目资金(万元) | 年初预算数 | 全年预算数 | 全年执行数 |\n年度资金总额 | 0 | 0 | 0 |\n其中:本年财政拨款 | 90 | 89.974 | 89.974 |\n"
    r = run(tmp_path, bad)
    found = [i for i in r.issues if i.code in ("A-SUM-01", "V-FUND-01")]
    assert found and found[0].source.line == 2
    assert {i.expected for i in found} >= {Decimal("90")}
    good = bad.replace("| 0 | 0 | 0 |", "| 90 | 89.974 | 89.974 |")
    assert not {"A-SUM-01", "V-FUND-01"} & set(codes(run(tmp_path, good)))


def test_stated_rate_respects_printed_precision(tmp_path: Path) -> None:
    head = "全年预算数(A) | 全年执行数(B) | 预算执行率 |\n"
    ok = run(tmp_path, head + "年度资金总额 | 808.1 | 692.98 | 86% |\n")
    assert "A-RATE-01" not in codes(ok)  # 85.75% printed as 86%
    bad = run(tmp_path, head + "年度资金总额 | 808.1 | 692.98 | 90% |\n")
    issue = next(i for i in bad.issues if i.code == "A-RATE-01")
    assert issue.expected == Decimal("85.75") and issue.actual == Decimal("90")


def test_indicator_rows_and_score_check(tmp_path: Path) -> None:
    text = (
        "一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 | 完成值 | 权重 | 得分 |\n"
        "产出指标 | 数量指标 | 学生受资助人数 | ≧ | 735 | 人次 | 735 | 10 | 10 |\n"
        "效益指标 | 社会效益指标 | 政策知晓率 | ═ | 100 | % | 98% | 10 | 9 |\n"
    )
    r = run(tmp_path, text)
    rows = {row.name: row for row, _ in r.indicators}
    assert rows["学生受资助人数"].get("operator").operator == "≥"  # type: ignore[union-attr]
    assert rows["政策知晓率"].number("weight") == Decimal("10")
    wrong = [i for i in r.issues if i.code == "A-SCORE-01"]
    assert len(wrong) == 1 and wrong[0].expected == Decimal("9.80") and wrong[0].source.line == 3


def test_combined_targets_and_weight_totals(tmp_path: Path) -> None:
    text = (
        "绩效指标 一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分\n"
        "产出指标(50分) 数量指标 项目数量 ≥50个 50 40 40 质量指标 合格率 ≥100百分比 100 20 20\n"
        "总分 100 100\n"
    )
    r = run(tmp_path, text.replace("\n", " "))
    assert {"A-WGT-01", "A-WGT-02"} <= set(codes(r))  # 40 + 20 = 60 ≠ 50, and ≠ 100
    row = next(row for row, _ in r.indicators if row.name == "项目数量")
    assert row.number("target") == Decimal("50") and row.get("unit").text == "个"  # type: ignore[union-attr]


def test_narrative_parts_against_total(tmp_path: Path) -> None:
    bad = run(
        tmp_path,
        "本项目共完成预算资金89.97万元。其中:30万元用于编制;30万元用于审计;29.99万元用于测绘。\n",
    )
    issue = next(i for i in bad.issues if i.code == "A-SUM-02")
    assert (issue.expected, issue.actual) == (Decimal("89.97"), Decimal("89.99"))
    good = run(tmp_path, "下达省级资金36.74万元。其中：经费7.69万元；建设资金29.05万元。\n")
    assert "A-SUM-02" not in codes(good)


def test_share_check(tmp_path: Path) -> None:
    ok = run(
        tmp_path,
        "支出预算数1106.08万元，其中：基本支出1100.08万元，占99.5%；项目支出6万元，占0.5%。\n",
    )
    assert "A-RATE-02" not in codes(ok)
    bad = run(
        tmp_path, "支出预算数1106.08万元，其中：基本支出1100.08万元，占98%；项目支出6万元，占2%。\n"
    )
    assert "A-RATE-02" in codes(bad)


def test_outline_numbering(tmp_path: Path) -> None:
    good = run(tmp_path, "一、概况\n（一）职能\n（二）人员\n二、资金\n（一）预算\n")
    assert "A-OUT-01" not in codes(good)
    bad = run(tmp_path, "一、概况\n（一）职能\n（二）人员\n（四）资产\n")
    assert [i.source.line for i in bad.issues if i.code == "A-OUT-01"] == [4]


def test_dates_and_goal_year(tmp_path: Path) -> None:
    assert "A-DATE-01" in codes(run(tmp_path, "资金于202年1月11日全部到位。\n"))
    assert "A-DATE-01" not in codes(run(tmp_path, "资金于2022年1月11日全部到位。\n"))


def test_json_shape_and_summary(tmp_path: Path) -> None:
    r = run(tmp_path, "调整预算数1339.13万元，决算数1339.13万元，执行率100%。\n")
    data = json.loads(to_json([r]))
    doc = data["documents"][0]
    assert set(doc) >= {"file", "kind", "unit", "year", "facts", "indicators", "issues", "error"}
    rate = next(f for f in doc["facts"] if f["key"] == "预算执行率")
    assert rate == {**rate, "value": 100, "unit": "%"} and rate["source"]["line"] == 1
    assert data["summary"]["documents"] == 1
    assert to_csv([r]).splitlines()[0].startswith("file,kind,unit,year")


def test_docx_and_xlsx_tables(tmp_path: Path) -> None:
    import docx
    import openpyxl

    d = docx.Document()
    d.add_paragraph("项目支出绩效自评表（2022年度）")
    t = d.add_table(rows=3, cols=4)
    for r, row in enumerate(
        [
            ["项目资金", "年初预算数", "全年预算数", "全年执行数"],
            ["年度资金总额", "0", "0", "0"],
            ["其中:本年财政拨款", "90", "89.974", "89.974"],
        ]
    ):
        for c, v in enumerate(row):
            t.cell(r, c).text = v
    d.save(str(tmp_path / "a.docx"))
    res = audit_file(tmp_path / "a.docx")
    issue = next(i for i in res.issues if i.code in ("A-SUM-01", "V-FUND-01"))
    assert res.year == 2022 and issue.source.table == 1
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in [
        ["全年预算数(A)", "全年执行数(B)", "预算执行率"],
        ["年度资金总额", 808.1, 692.98, "90%"],
    ]:
        ws.append(row)
    wb.save(str(tmp_path / "b.xlsx"))
    res = audit_file(tmp_path / "b.xlsx")
    issue = next(i for i in res.issues if i.code == "A-RATE-01")
    assert issue.source.sheet == ws.title and issue.source.cell == "D2"


def test_cli_exit_codes(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "下达省级资金36.74万元。其中：经费7.69万元；建设资金29.05万元。\n", encoding="utf-8"
    )
    runner = CliRunner()
    ok = runner.invoke(cli, ["audit", str(tmp_path), "--format", "json"])
    assert ok.exit_code == 0, ok.output
    (tmp_path / "b.txt").write_text(
        "共完成89.97万元。其中:30万元用于甲;30万元用于乙;29.99万元用于丙。\n", encoding="utf-8"
    )
    bad = runner.invoke(cli, ["audit", str(tmp_path), "--jobs", "2", "--format", "csv"])
    rows = [line for line in bad.output.splitlines() if line.startswith(str(tmp_path))]
    assert bad.exit_code == 1 and rows[0].startswith(str(tmp_path / "b.txt"))  # worst first
    none = runner.invoke(cli, ["audit", str(tmp_path / "missing.txt")])
    assert none.exit_code == 2


def test_split_digits_prefers_repeating_cells() -> None:
    assert split_digits("202010100.00%10") == ("20", "20", "10", "100.00%", "10")
    assert split_digits("1020万元20万元10") == ("10", "20万元", "20万元", "10")
    assert split_digits("387664.62") == ("387664.62",)


@given(st.text(alphabet="0123456789.%≥万元人", max_size=18))
def test_split_digits_never_crashes(run_: str) -> None:
    assert "".join(split_digits(run_)) == run_ or split_digits(run_)


@given(st.text(max_size=30))
def test_read_value_never_crashes(text: str) -> None:
    read_value(text)


def test_grid_columns_keep_empty_cells_in_place(tmp_path: Path) -> None:
    """In a real grid an empty 完成值 cell must not shift the weight into the 完成值 column."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "劳务费"
    ws.append(["项目名称", None, "劳务费"])
    ws.append(
        [
            "一级指标",
            "二级指标",
            "三级指标",
            "指标性质",
            "指标值",
            "度量单位",
            "完成值",
            "权重",
            "得分",
        ]
    )
    ws.append(["产出指标", "数量指标", "扩面征缴", "定性", "实现全覆盖", None, None, 40, 0])
    ws.append([None, "时效指标", "资金使用完成率", "=", 100, "%", 100, 50, 50])
    ws.append(["合计", None, None, None, None, None, None, 100, 60])
    wb.save(str(tmp_path / "g.xlsx"))
    r = audit_file(tmp_path / "g.xlsx")
    rows = {row.name: row for row, _ in r.indicators}
    assert (
        rows["扩面征缴"].number("weight") == Decimal("40")
        and "actual" not in rows["扩面征缴"].cells
    )
    missing = next(i for i in r.issues if i.code == "A-IND-01")
    assert missing.source.cell == "C3"
    total = next(i for i in r.issues if i.code == "A-WGT-02")  # 40 + 50 = 90 ≠ 100
    assert (total.expected, total.actual, total.source.cell) == (
        Decimal("100"),
        Decimal("90"),
        "H5",
    )


def test_operator_missing_where_the_form_has_the_column(tmp_path: Path) -> None:
    text = (
        "一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 | 完成值 | 权重 | 得分 |\n"
        "效益指标 | 社会效益指标 | 压缩办事环节 | / | 30 | % | 30 | 10 | 0 |\n"
    )
    r = run(tmp_path, text)
    assert "A-IND-03" in codes(r) and "A-SCORE-01" not in codes(r)
    fixed = run(tmp_path, text.replace("| / |", "| ≥ |"))
    assert "A-IND-03" not in codes(fixed) and "A-SCORE-01" in codes(fixed)


def test_rendered_workbook_audits_clean(tmp_path: Path) -> None:
    """model -> official XLSX (jixiao render) -> audit: the figures read back add up."""
    example = (
        Path(__file__).resolve().parents[1] / "examples" / "panzhihua-2021" / "evaluation.yaml"
    )
    out = tmp_path / "r.xlsx"
    rendered = CliRunner().invoke(cli, ["render", str(example), "--to", "xlsx", "-o", str(out)])
    assert rendered.exit_code == 0, rendered.output
    r = audit_file(out)
    assert len(r.indicators) >= 20
    sums = {"A-SUM-01", "A-RATE-01", "A-WGT-01", "A-WGT-02", "A-TOT-01", "A-NUM-01"}
    assert not [i.to_text() for i in r.issues if i.code in sums]


def test_workbook_error_values_are_reported(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["项目", "全年预算数", "全年执行数", "执行率"])
    ws.append(["年度资金总额", 100, 90, "#DIV/0!"])
    wb.save(str(tmp_path / "e.xlsx"))
    r = audit_file(tmp_path / "e.xlsx")
    assert [i.source.cell for i in r.issues if i.code == "A-CELL-01"] == ["D2"]
    ws["D2"] = "90%"
    wb.save(str(tmp_path / "e.xlsx"))
    assert "A-CELL-01" not in codes(audit_file(tmp_path / "e.xlsx"))


def test_indicator_json_keeps_a_copied_actual_as_text(tmp_path: Path) -> None:
    text = (
        "一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |\n"
        "产出指标 | 数量指标 | 安装水标尺 | ≥266米 | ≥266米 | 10 | 10 |\n"
    )
    doc = json.loads(to_json([run(tmp_path, text)]))["documents"][0]
    row = doc["indicators"][0]
    assert (row["operator"], row["target"], row["unit"], row["actual"]) == (
        "≥",
        266,
        "米",
        "≥266米",
    )
    assert [i["code"] for i in doc["issues"]] == ["A-IND-02"]


def test_beneficiaries_times_standards_against_paid(tmp_path: Path) -> None:
    text = (
        "共计救助小学生140人；初中生96人。小学生300元/年、初中生500元/年。\n"
        "2017年，财政预算项目资金{paid}万元，支付{paid}万元。\n"
    )
    bad = run(tmp_path, text.format(paid=16))
    issue = next(i for i in bad.issues if i.code == "A-SUM-05")
    assert (issue.expected, issue.actual, issue.source.line) == (Decimal("9"), Decimal("16"), 1)
    assert "A-SUM-05" not in codes(run(tmp_path, text.format(paid=9)))


def test_denied_deviation_and_template_text(tmp_path: Path) -> None:
    head = "全年预算数(A) | 全年执行数(B) | 预算执行率 |\n年度资金总额 | 808.1 | {b} | {r} |\n"
    claim = "执行准确性 | 按照上级下达的金额执行，不存在执行数偏离预算数较多的问题。 |\n"
    low = run(tmp_path, head.format(b="692.98", r="86%") + claim)
    assert "A-TXT-03" in codes(low)
    full = run(tmp_path, head.format(b="808.1", r="100%") + claim)
    assert "A-TXT-03" not in codes(full)
    left = run(tmp_path, "评价结论 | 结合自评情况，说明项目自评总分。（200字以内） |\n")
    assert [i.source.line for i in left.issues if i.code == "A-TXT-04"] == [1]
    filled = run(tmp_path, "评价结论（200字以内） | 项目自评得分96分，评价等级为优。 |\n")
    assert "A-TXT-04" not in codes(filled)


def test_narrative_figure_against_the_table(tmp_path: Path) -> None:
    table = "年初预算数 | 全年预算数 | 全年执行数 |\n年度资金总额 | 90 | {adj} | 89.974 |\n"
    text = "全年调整预算数89.974万元，执行率100%。\n"
    agree = run(tmp_path, table.format(adj="89.974") + text)
    assert "A-NUM-01" not in codes(agree)
    differ = run(tmp_path, table.format(adj="95") + text)
    issue = next(i for i in differ.issues if i.code == "A-NUM-01")
    assert (issue.expected, issue.actual, issue.source.line) == (
        Decimal("95"),
        Decimal("89.974"),
        3,
    )


def test_share_of_a_named_base_is_not_checked_against_the_total(tmp_path: Path) -> None:
    text = "支出1500万元，其中：人员经费500万元，占基本支出的62.5%；项目支出700万元。\n"
    assert "A-RATE-02" not in codes(run(tmp_path, text))
    text = "支出1500万元，其中：人员经费500万元，占支出的62.5%；项目支出700万元。\n"
    assert "A-RATE-02" in codes(run(tmp_path, text))


def test_a_sentence_naming_columns_is_still_narrative(tmp_path: Path) -> None:
    text = "全年预算数2350.5万元，全年执行数2280.3万元，预算执行率{r}。一是完成任务12项。\n"
    r = run(tmp_path, text.format(r="98.5%"))
    assert fact(r, "调整后预算").value == Decimal("2350.5")
    issue = next(i for i in r.issues if i.code == "A-RATE-01")
    assert (issue.expected, issue.actual) == (Decimal("97.01"), Decimal("98.5"))
    assert "A-RATE-01" not in codes(run(tmp_path, text.format(r="97.01%")))


def test_low_rate_needs_a_reason_somewhere(tmp_path: Path) -> None:
    head = "全年预算数 | 全年执行数 | 预算执行率 | 原因 |\n年度资金总额 | 60 | 51 | 85% |{why}\n"
    missing = run(tmp_path, head.format(why=""))
    assert [i.actual for i in missing.issues if i.code == "A-REQ-01"] == [None]
    given = run(tmp_path, head.format(why=" 年底部分合同尚未结算，资金未能全部支付。 |"))
    assert "A-REQ-01" not in codes(given)


@pytest.mark.parametrize(
    ("head", "unit"),
    [
        ("实施单位 | 永德县明朗中学 |\n主管部门 | 永德县教育体育局 |\n", "永德县明朗中学"),
        (
            "中央主管部门 | 人力资源社会保障部 |\n资金使用单位 | 淮南市田家庵区人力资源和社会保障局 |\n",
            "淮南市田家庵区人力资源和社会保障局",
        ),
        ("现将2022年西平县交通运输局财政衔接资金项目绩效自评报告如下：\n", "西平县交通运输局"),
        ("根据《河南省财政厅关于印发办法的通知》，湖南省财政厅下达资金20万元。\n", ""),
    ],
)
def test_unit_detection(tmp_path: Path, head: str, unit: str) -> None:
    assert run(tmp_path, head).unit == unit


def test_changed_budget_needs_a_reason_in_the_sichuan_form(tmp_path: Path) -> None:
    head = "年初预算 | 调整后预算数 | 预算执行数 | 预算执行率 | 权重 | 得分 | 原因 |\n"
    row = "总额 | {a} | 37.24 | 37.24 | 100.00% | 10 | 10 |{why}\n"
    changed = run(tmp_path, head + row.format(a="0", why=""))
    issue = next(i for i in changed.issues if i.code == "A-REQ-03")
    assert (issue.expected, issue.actual) == (Decimal("0"), Decimal("37.24"))
    explained = run(tmp_path, head + row.format(a="0", why=" 年中追加聘用人员经费。 |"))
    assert "A-REQ-03" not in codes(explained)
    assert "A-REQ-03" not in codes(run(tmp_path, head + row.format(a="37.24", why="")))


def test_cli_writes_the_html_summary_to_a_file(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("资金于202年1月11日全部到位。\n", encoding="utf-8")
    out = tmp_path / "summary.html"
    result = CliRunner().invoke(
        cli, ["audit", str(tmp_path / "in"), "--format", "html", "-o", str(out)]
    )
    assert result.exit_code == 0  # a warning does not fail under the default --fail-on error
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and "a.txt" in page and "<td>1</td>" in page
    strict = CliRunner().invoke(cli, ["audit", str(tmp_path / "in"), "--fail-on", "warning"])
    assert strict.exit_code == 1 and "A-DATE-01" in strict.output


def test_quantitative_actual_must_be_a_number(tmp_path: Path) -> None:
    text = (
        "一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 | 完成值 | 权重 | 得分 |\n"
        "产出指标 | 成本指标 | 成本控制数 | ≤ | 30 | 万元 | {a} | 90 | 90 |\n"
    )
    words = run(tmp_path, text.format(a="完成"))
    assert [i.code for i in words.issues if i.severity.value == "error"] == ["A-IND-06"]
    assert "A-IND-06" not in codes(run(tmp_path, text.format(a="28")))


_CELLS = st.sampled_from(
    [
        "一级指标",
        "三级指标",
        "指标值",
        "分值",
        "得分",
        "年初预算数",
        "全年预算数",
        "全年执行数",
        "执行率",
        "年度资金总额",
        "其中:",
        "≥",
        "=",
        "%",
        "100",
        "90.5",
        "0",
        "—",
        "产出指标(50分)",
        "数量指标",
        "合计",
        "总分",
        "一、",
        "（二）",
        "其中",
        "万元",
        "占",
        "。",
        "，",
        " | ",
        "\n",
    ]
)


@given(st.lists(_CELLS, max_size=60))
def test_no_document_crashes_the_audit(pieces: list[str]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.txt"
        path.write_text("".join(pieces) or " ", encoding="utf-8")
        result = audit_file(path)
        assert not [i for i in result.issues if i.code.startswith("X-")]
        json.loads(to_json([result]))


def test_a_draft_placeholder_left_in_a_published_document(tmp_path: Path) -> None:
    left = run(tmp_path, "一、部门概况\n主管部门：【待填写：主管部门】\n")
    (gap,) = [i for i in left.issues if i.code == "A-TXT-05"]
    assert gap.source.line == 2 and "【待填写：主管部门】" in gap.message
    clean = run(tmp_path, "一、部门概况\n【注】主管部门为市人社局。\n")
    assert "A-TXT-05" not in codes(clean)
