"""The reference example holds the seed report in full: it loads cleanly, its figures are the
seed's, and every sentence of the seed is either in its text or recorded as figures."""

import re
from collections.abc import Iterator, Mapping
from dataclasses import fields, is_dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from jixiao.load import load_evaluation
from jixiao.model import GOAL_CATEGORIES, PROJECT_SECTIONS, REPORT_SECTIONS, Evaluation
from jixiao.number import fmt_plain

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "panzhihua-2021" / "evaluation.yaml"
SEED = Path(__file__).resolve().parent / "data" / "seed" / "000_0799312fbf0b8fba.txt"

D = Decimal


@pytest.fixture(scope="module")
def ev() -> Evaluation:
    evaluation, issues = load_evaluation(EXAMPLE)
    assert issues == [], [i.to_text() for i in issues]
    assert evaluation is not None
    return evaluation


def test_unit_staffing_and_assets(ev):
    assert ev.year == 2021
    assert ev.unit.name == "攀枝花市社会保险事务中心"
    assert ev.unit.region == "四川省攀枝花市"
    s = ev.staffing
    assert (s.authorized, s.actual, s.retired, s.contract) == (63, 57, 26, 13)
    assert ev.assets.total == D("487.66")
    assert [(i.name, i.amount, i.change, i.share) for i in ev.assets.items] == [
        ("流动资产", D("33.21"), D("0.1007"), D("0.0681")),
        ("固定资产", D("16.64"), D("-0.4903"), D("0.0341")),
        ("受托代理资产", D("437.81"), D("-0.7151"), D("0.8978")),
    ]


def test_funds(ev):
    f = ev.funds
    assert f.initial == D("1106.08")
    assert [(x.name, x.amount, x.share) for x in f.by_function] == [
        ("社会保障和就业支出", D("1025.72"), D("0.9273")),
        ("住房保障支出", D("80.36"), D("0.0727")),
    ]
    assert (f.basic.amount, f.basic.share) == (D("1100.08"), D("0.995"))
    assert (f.project.amount, f.project.share) == (D("6"), D("0.005"))
    assert f.personnel.amount == D("959.67") and f.personnel.note.startswith("主要用于基本工资")
    assert f.public.amount == D("140.41") and f.public.note.startswith("主要用于办公费")
    assert f.additions.total == D("55.63")
    assert [(i.amount, i.project) for i in f.additions.items] == [
        (D("37.24"), "劳务费"),
        (D("18.39"), "业务运行费"),
    ]
    assert f.special.text == "无"
    assert f.superior.total == D("36.74")
    assert [i.amount for i in f.superior.items] == [D("7.69"), D("29.05")]
    assert {i.project for i in f.superior.items} <= {p.name for p in ev.projects}
    assert f.carryover.ending == 0 and f.carryover.text == "2021年末项目资金无结余。"
    assert (f.adjusted, f.final, f.execution_rate) == (D("1339.13"), D("1339.13"), D(1))
    assert f.other_notes == "无"


@pytest.mark.parametrize(
    ("attachment", "name", "initial", "adjusted"),
    [
        (1, "劳务费", "0", "37.24"),
        (2, "业务运行费", "6", "24.39"),
        (3, "省管森工企业离退休人员社会化管理经费", "0", "7.69"),
        (4, "社保公共服务能力建设资金", "0", "29.05"),
    ],
)
def test_projects_money(ev, attachment, name, initial, adjusted):
    p = ev.projects[attachment - 1]
    assert (p.attachment, p.name) == (attachment, name)
    row = p.total_row
    assert (row.initial, row.adjusted, row.executed) == (D(initial), D(adjusted), D(adjusted))
    assert (p.arrived, p.arrival_rate, p.execution_rate) == (D(adjusted), D(1), D(1))


def test_year_start_project_money_is_all_business_running_costs(ev):
    assert sum(p.total_row.initial for p in ev.projects) == ev.funds.project.amount


def test_indicators_follow_the_recording_policy(ev):
    rows = [i for p in ev.projects for i in p.indicators]
    assert all(i.weight is None and i.score is None and i.band is None for i in rows)
    assert {i.level1 for i in rows} == {"产出指标", "效益指标", "满意度指标"}
    for i in rows:
        if i.operator == "定性":
            assert i.target is None and i.target_text
        elif i.level2 == "成本指标":
            assert i.operator == "≤" and i.unit == "万元"
    satisfaction = {
        p.attachment: [i for i in p.indicators if i.level1 == "满意度指标"] for p in ev.projects
    }
    assert [len(v) for v in satisfaction.values()] == [1, 1, 1, 1]
    # "实现了参保人员满意度≥90%": recorded as written, not as a measured 90%
    copied = satisfaction[4][0]
    assert (copied.operator, copied.target, copied.actual, copied.actual_text) == (
        "≥",
        90,
        None,
        "≥90%",
    )
    assert satisfaction[1][0].actual_text == ""  # no result reported: nothing invented
    no_op = [i.name for i in rows if i.operator is None]
    assert "森工企业离退休人员社会化管理人数" in no_op  # "844人" has no operator in the seed


def test_department_goals_and_sections(ev):
    assert len(ev.goals) == 7
    assert ev.goals[0].name == "保证各项社保待遇按时足额发放"
    assert ev.goals[1].result == ""  # the seed states no result for it
    assert set(ev.report) == {k for k, _ in REPORT_SECTIONS}
    assert ev.report["deviations"] == "无"
    assert ev.publication.channel == "我中心网站"
    for p in ev.projects:
        assert set(p.sections) >= {k for k, _ in PROJECT_SECTIONS} - {"implementation"}
        assert set(p.goals) <= {k for k, _ in GOAL_CATEGORIES}
    assert ev.projects[1].sections["problems"] == "绩效目标编制精细化有待完善。"


# --- every sentence of the seed ---------------------------------------------------------------


def texts(obj: Any) -> Iterator[str]:
    if isinstance(obj, str):
        yield obj
    elif is_dataclass(obj) and not isinstance(obj, type):
        for f in fields(obj):
            if f.name != "meta":
                yield from texts(getattr(obj, f.name))
    elif isinstance(obj, tuple):
        for x in obj:
            yield from texts(x)
    elif isinstance(obj, Mapping):
        for v in obj.values():
            yield from texts(v)


def figures(obj: Any) -> Iterator[str]:
    """Every number of the model as the seed would print it: 487.66, 92.73%, 63."""
    if isinstance(obj, Decimal):
        yield fmt_plain(abs(obj))  # "下降49.03%" is recorded as -49.03%
        yield fmt_plain(abs(obj) * 100) + "%"
    elif isinstance(obj, int) and not isinstance(obj, bool):
        yield str(obj)
    elif is_dataclass(obj) and not isinstance(obj, type):
        for f in fields(obj):
            if f.name != "meta":
                yield from figures(getattr(obj, f.name))
    elif isinstance(obj, tuple):
        for x in obj:
            yield from figures(x)


# Structural headings of the Sichuan/Panzhihua FY2021 templates (rules.md §5a, §5b); the model
# keeps the content under them, not the headings themselves.
HEADINGS = {title for _, title in PROJECT_SECTIONS + REPORT_SECTIONS + GOAL_CATEGORIES} | {
    "部门概况",
    "项目概况",
    "部门资金基本情况",
    "年初部门预算安排及支出情况（分类表述）",
    "基本支出安排及使用情况",
    "部门预算项目安排及支出情况",
    "追加预算安排及支出情况",
    "专项资金安排及支出情况",
    "其他资金收支及结转结余使用情况",
    "其他需要说明的情况",
    "绩效目标完成情况分析",
    "市级财政资金绩效目标完成情况",
    "上级专项（项目）资金绩效目标完成情况",
    "绩效自评结果拟应用和公开公示情况",
    "部门预算整体绩效自评报告",
    "年度部门预算项目支出绩效自评报告",
    "项目基本情况",
    "项目绩效目标",
    "项目应实现的具体绩效目标，包括目标的量化、细化情况以及项目实施进度计划等",
    "项目资金申报及使用情况",
    "资金计划、到位及使用情况",
    "项目实施及管理情况",
    "项目绩效情况",
    "评价结论及建议",
    "产出指标完成情况分析",
    "效益指标完成情况分析",
    "满意度指标完成情况分析",
}
ENUMERATOR = re.compile(
    r"^(（[一二三四五六七八九十\d]）|[一二三四五六七八九十]、|\d{1,2}[．.](?!\d)|\d(?=[\u4e00-\u9fff])|附件\d)"
)
LABEL = re.compile(r"^[\u4e00-\u9fff]{2,8}：")


def seed_sentences() -> Iterator[str]:
    for line in SEED.read_text(encoding="utf-8").splitlines():
        text = ENUMERATOR.sub("", line.strip()).strip()
        text = LABEL.sub("", text, count=1).strip()
        for sentence in re.split(r"(?<=[。；])", text):
            if sentence.strip():
                yield sentence.strip()


def test_every_sentence_of_the_seed_is_text_or_figures_of_the_example(ev):
    corpus = "\n".join(texts(ev))
    known = set(figures(ev)) | {str(ev.year)}
    projects = {f"（{p.name}）" for p in ev.projects}
    unaccounted = []
    verbatim = 0
    for sentence in seed_sentences():
        if sentence in corpus or sentence.rstrip("。；") in corpus:
            verbatim += 1
            continue
        if sentence.rstrip("。") in HEADINGS or sentence in projects or sentence == ev.unit.name:
            continue
        numbers = re.findall(r"\d+(?:\.\d+)?%?", sentence.replace(" ", ""))
        if not numbers or any(n not in known for n in numbers):
            unaccounted.append(sentence)
    assert unaccounted == [], "\n".join(unaccounted)
    assert verbatim > 250


@pytest.mark.parametrize(
    "sentence",
    [
        "全年应用软件通过自主认证4.82万人，占已认证人员的27%，减少认证风险的同时，防止了社保基金流失的风险。",
        "选派40岁以下业务骨干充实咨询台，开展窗口人员礼仪培训2次，业务培训5次，不断规范服务行为，提高服务质量。",
        "此项目资金24.39万元，于2021年初在部门预算中批复6万元，与其他资金一同下达，年中追加18.39万元。到位率100%。",
        "我中心将实际完成数和年度指标值进行对比分析，绩效自评结果拟在我中心网站公示公开。",
        "（3）满意度指标：2021年，攀枝花市社保中心始终坚持以人民为中心的思想",
    ],
)
def test_distinctive_sentences_are_verbatim(ev, sentence):
    corpus = "\n".join(texts(ev))
    assert re.sub(r"^（\d）满意度指标：", "", sentence) in corpus
