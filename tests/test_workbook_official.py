"""Reading official 项目支出绩效自评表 as input: Sichuan 0013zp and national layouts, filled in by
hand (merged cells, "/" placeholders, printed instructions), and as jixiao renders them."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from jixiao.load import load_evaluation
from jixiao.render import RenderOptions, render
from jixiao.workbook import load_workbook_file, read_official_tables

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "panzhihua-2021" / "evaluation.yaml"


def sheet_from_rows(path: Path, rows: list[list[Any]], merges: tuple[str, ...] = ()) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Sheet1"
    for r in rows:
        ws.append(r)
    for m in merges:
        ws.merge_cells(m)
    wb.save(path)
    return path


SICHUAN = [
    ["报表编号：510000_0013zp"],
    ["部门预算项目支出绩效自评表（2023年度）"],
    ["项目名称", "51092322T000000431595-城乡居民监管工作经费"],
    ["主管部门", "大英县医疗保障局", None, None, "实施单位（盖章）", "大英县医疗保障局"],
    ["项目基本情况", "1.项目年度目标完成情况", "项目年度目标", None, None, "年度目标完成情况"],
    [
        None,
        None,
        "发放14人工资及保险",
        None,
        None,
        "对照年度目标，说明相关任务目标的完成情况（100字以内）",
    ],
    [None, "2.项目实施内容及过程概述", "按月发放"],
    [
        "预算执行情况（10分）",
        "年度预算数(万元)",
        "年初预算",
        "调整后预算数",
        "预算执行数",
        "预算执行率",
        "权重",
        "得分",
        "原因",
    ],
    [None, "总额", 45, 45, "40.5", 0.9, 10, 9, "部分人员离职"],
    [None, "其中：财政资金", 45, 45, 40.5, "90.00%", "/", "/"],
    [None, "财政专户管理资金", None, None, None, "0.00%", "/", "/"],
    [None, "单位资金"],
    [None, "其他资金"],
    [
        "绩效指标（90分）",
        "一级指标",
        "二级指标",
        "三级指标",
        "指标性质",
        "指标值",
        "度量单位",
        "完成值",
        "权重",
        "得分",
        "未完成原因分析",
    ],
    [None, "产出指标", "数量指标", "聘用人数", "=", 14, "人", 14, 30, 30],
    [None, None, "经济成本指标", "人员经费成本", "≤", 45, "万元", "完成", 30, 30],
    [None, "效益指标", "社会效益指标", "基金监管覆盖率", "=", 100, "%", 100, 30, 30],
    [None, None, "可持续影响指标"],
    ["合计", None, None, None, None, None, None, None, 100, 99],
    ["评价结论", "结合自评情况，说明项目自评总分，说明项目实施取得的成效或成果。（200字以内）"],
    ["存在问题", "人员流动大"],
    [
        "改进措施",
        "针对项目自评中发现的问题，提出下一步改进完善的意见及有关政策性建议。（200字以内）",
    ],
]


def test_sichuan_0013zp_filled_by_hand(tmp_path: Path) -> None:
    path = sheet_from_rows(tmp_path / "sc.xlsx", SICHUAN, ("A8:A13", "B15:B16", "A14:A18"))
    [p], issues = read_official_tables(path)
    assert issues == []
    assert (p.code, p.name) == ("51092322T000000431595", "城乡居民监管工作经费")
    assert p.implementer == "大英县医疗保障局"
    assert p.annual_goal == "发放14人工资及保险" and p.goal_result == ""  # instruction is no answer
    assert p.sections == {"content": "按月发放", "problems": "人员流动大"}
    total, fiscal, special, unit, other = p.funding
    assert (total.source, total.initial, total.adjusted, total.executed) == (
        "总额",
        45,
        45,
        Decimal("40.5"),
    )
    assert total.rate == Decimal("0.9") and fiscal.rate == Decimal("0.9")
    assert (special.source, special.rate, unit.initial, other.source) == (
        "财政专户管理资金",
        0,
        None,
        "其他资金",
    )
    assert p.execution_reason == "部分人员离职"
    assert [i.name for i in p.indicators] == ["聘用人数", "人员经费成本", "基金监管覆盖率"]
    cost = p.indicators[1]
    assert (cost.level1, cost.level2, cost.operator, cost.target, cost.unit) == (
        "产出指标",
        "经济成本指标",
        "≤",
        45,
        "万元",
    )
    assert cost.actual is None and cost.actual_text == "完成"
    assert p.stated_score == 99
    assert cost.meta.of("actual").cell == "H16"
    assert p.meta.of("name").cell == "B3"


NATIONAL = [
    ["项目支出绩效自评表"],
    ["（2022年度）"],
    ["项目名称", "委托业务项目"],
    ["主管部门", "219-池州市贵池区棠溪镇人民政府", None, "实施单位", "219001-棠溪镇人民政府"],
    ["项目资金（万元）", None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    [None, "年度资金总额", 0, 0, 0, 10, "0%", 0],
    [None, "其中：当年财政拨款", 90, 89.974, 89.974, "—", None, "—"],
    [None, "上年结转资金"],
    [None, "其他资金"],
    ["年度总体目标", "预期目标", None, None, "实际完成情况"],
    [None, "申请预算资金90万元", None, None, "完成预算资金89.97万元"],
    [
        "绩效指标",
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    ],
    [None, "产出指标(50分)", "数量指标", "委托业务项目数量", "≥50个", 50, 8, 8],
    [None, None, "质量指标", "委托业务报告合格率", "≥100百分比", 100, 8, 8],
    [None, None, None, "经费支出合规性", "严格执行相关制度规定", "达成预期指标", 8, 8],
    [None, "满意度指标(10分)", "满意度指标", "公众满意度", "≥90%", "95%", 10, 10],
    ["总分", None, None, None, None, None, 100, 34],
]


def test_national_layout_filled_by_hand(tmp_path: Path) -> None:
    path = sheet_from_rows(tmp_path / "nat.xlsx", NATIONAL)
    [p], issues = read_official_tables(path)
    assert issues == []
    assert p.name == "委托业务项目" and p.implementer == "219001-棠溪镇人民政府"
    assert [(r.source, r.initial, r.adjusted) for r in p.funding] == [
        ("年度资金总额", 0, 0),
        ("财政拨款", 90, Decimal("89.974")),
        ("上年结转", None, None),
        ("其他资金", None, None),
    ]
    assert p.annual_goal == "申请预算资金90万元" and p.goal_result == "完成预算资金89.97万元"
    count, rate, rule, satisfaction = p.indicators
    assert (count.level1, count.operator, count.target, count.unit) == ("产出指标", "≥", 50, "个")
    assert (rate.level1, rate.level2, rate.unit) == ("产出指标", "质量指标", "百分比")
    assert (rule.level2, rule.operator, rule.target_text) == (
        "质量指标",
        "定性",
        "严格执行相关制度规定",
    )
    assert (satisfaction.level1, satisfaction.actual, satisfaction.unit) == ("满意度指标", 95, "%")
    assert p.stated_score == 34


def test_tables_stacked_in_one_sheet_are_separate_projects(tmp_path: Path) -> None:
    second = [list(r) for r in SICHUAN]
    second[2][1] = "51092322T000000431596-城乡居民参保宣传经费"
    path = sheet_from_rows(tmp_path / "two.xlsx", [*SICHUAN, [], *second])
    projects, issues = read_official_tables(path)
    assert issues == []
    assert [p.name for p in projects] == ["城乡居民监管工作经费", "城乡居民参保宣传经费"]
    assert projects[1].meta.of("name").cell == f"B{len(SICHUAN) + 4}"
    assert [len(p.indicators) for p in projects] == [3, 3]


def test_official_tables_load_as_an_evaluation(tmp_path: Path) -> None:
    path = sheet_from_rows(tmp_path / "sc.xlsx", SICHUAN)
    ev, issues = load_workbook_file(path)
    assert ev is not None and ev.year == 2023 and ev.unit.name == "大英县医疗保障局"
    assert ev.unit.parent == "大英县医疗保障局" and ev.unit.meta.of("parent").cell == "B4"
    assert [i.code for i in issues] == ["L-XLS-11"]


def test_official_table_without_a_year_says_so(tmp_path: Path) -> None:
    rows = [list(r) for r in SICHUAN]
    rows[1][0] = "部门预算项目支出绩效自评表"
    ev, issues = load_workbook_file(sheet_from_rows(tmp_path / "sc.xlsx", rows))
    assert ev is not None and ev.year == 0
    assert ("L-REQ-01", "A2") in [(i.code, i.source.cell) for i in issues]


def test_bad_value_in_an_official_table_points_at_its_cell(tmp_path: Path) -> None:
    rows = [list(r) for r in SICHUAN]
    rows[8][3] = "四十五"
    path = sheet_from_rows(tmp_path / "sc.xlsx", rows)
    _projects, issues = read_official_tables(path)
    assert [(i.code, i.source.sheet, i.source.cell) for i in issues] == [
        ("L-NUM-01", "Sheet1", "D9")
    ]


def test_no_official_table_is_an_error(tmp_path: Path) -> None:
    path = sheet_from_rows(tmp_path / "x.xlsx", [["姓名", "年龄"], ["张三", 30]])
    projects, issues = read_official_tables(path)
    assert projects == [] and [i.code for i in issues] == ["L-XLS-02"]


def test_reads_the_sichuan_tables_jixiao_renders(tmp_path: Path) -> None:
    ev, _ = load_evaluation(EXAMPLE)
    assert ev is not None
    out = tmp_path / "sc.xlsx"
    render(ev, "xlsx", out, RenderOptions(layout="sichuan"))
    projects, issues = read_official_tables(out)
    assert issues == []
    assert [p.name for p in projects] == [p.name for p in ev.projects]
    assert "待填写" not in repr(projects), "a rendered draft gap must read back as empty"
    for got, want in zip(projects, ev.projects, strict=True):
        assert got.total_row is not None and want.total_row is not None
        assert got.total_row.adjusted == want.total_row.adjusted
        assert got.total_row.executed == want.total_row.executed
        assert [(i.name, i.operator, i.target, i.unit) for i in got.indicators] == [
            (i.name, i.operator, i.target, i.unit) for i in want.indicators
        ]


def test_reads_the_national_tables_jixiao_renders(tmp_path: Path) -> None:
    ev, _ = load_evaluation(EXAMPLE)
    assert ev is not None
    assert any(i.operator == "=" for p in ev.projects for i in p.indicators)  # "=100%" text cells
    out = tmp_path / "nat.xlsx"
    render(ev, "xlsx", out, RenderOptions(layout="national"))
    got, issues = read_official_tables(out)
    assert issues == []
    assert [p.name for p in got] == [p.name for p in ev.projects]
    for mine, want in zip(got, ev.projects, strict=True):
        assert mine.total_row is not None and want.total_row is not None
        assert (mine.total_row.source, mine.total_row.adjusted) == (
            "年度资金总额",
            want.total_row.adjusted,
        )
        assert [(i.name, i.level1, i.level2, i.target) for i in mine.indicators] == [
            (i.name, i.level1, i.level2, i.target) for i in want.indicators
        ]
        assert [i.operator for i in mine.indicators if i.operator != "定性"] == [
            i.operator for i in want.indicators if i.operator != "定性"
        ]
