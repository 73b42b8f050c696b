"""Narrative rules: V-TXT-01/02, F23–F27, F31; the similarity helpers."""

from __future__ import annotations

import re
import textwrap
from decimal import Decimal
from pathlib import Path

import yaml
from hypothesis import given
from hypothesis import strategies as st

from jixiao.issues import Issue, Severity
from jixiao.load.evaluation_yaml import load_yaml_text
from jixiao.model import Evaluation
from jixiao.rules import Options, Rule
from jixiao.rules import indicators as ind
from jixiao.rules import reasons as rr
from jixiao.rules import text as t
from jixiao.rules.catalogue import ALL_RULES
from jixiao.rules.similarity import (
    Passage,
    containment,
    repeated_groups,
    shingles,
    similar_pairs,
)

HEAD = "unit: {name: 测试单位}\nyear: 2021\n"


def load(body: str) -> tuple[Evaluation, str]:
    text = HEAD + textwrap.dedent(body)
    ev, issues = load_yaml_text(text, "t.yaml")
    assert ev is not None, issues
    assert not [i for i in issues if i.severity is Severity.ERROR], issues
    return ev, text


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def run(rule: Rule, ev: Evaluation, **options: object) -> list[Issue]:
    return list(rule.check(ev, Options(**options)))  # type: ignore[arg-type]


# ---------------------------------------------------------------- V-TXT-01


def test_sichuan_goal_result_over_100_characters() -> None:
    long = "完成" * 50 + "好"  # 101 characters
    ev, text = load(f"projects:\n  - name: 甲\n    goal_result: {long}\n")
    [issue] = run(t.check_text_limits, ev, region="sichuan")
    assert (issue.code, issue.expected, issue.actual, issue.difference) == ("V-TXT-01", 100, 101, 1)
    assert issue.source.line == line_of(text, "goal_result")


def test_text_limits_count_no_spaces_and_apply_only_in_sichuan() -> None:
    exact = "完 " * 100  # 100 characters once spaces are dropped
    ev, _ = load(
        "projects:\n  - name: 甲\n"
        f"    goal_result: '{exact}'\n    sections:\n      conclusion: '{'好' * 201}'\n"
    )
    assert run(t.check_text_limits, ev, region="sichuan")[0].actual == 201
    assert len(run(t.check_text_limits, ev, region="sichuan")) == 1
    assert run(t.check_text_limits, ev) == []
    assert run(t.check_text_limits, ev, region="sichuan", text_limits={"conclusion": 300}) == []


# ---------------------------------------------------------------- V-TXT-02


def test_written_project_report_lists_its_missing_sections() -> None:
    ev, text = load(
        "projects:\n  - name: 甲\n    sections:\n      conclusion: ''\n      problems: 无\n"
    )
    [issue] = run(t.check_required_sections, ev)
    assert issue.code == "V-TXT-02" and issue.severity is Severity.WARNING
    assert "评价结论" in issue.message and "存在的问题" not in issue.message
    assert issue.actual == 18  # 19 required sections, 存在的问题 given
    assert issue.source.line == line_of(text, "conclusion: ''")


def test_sichuan_table_cells_required_even_without_a_report() -> None:
    ev, _ = load("projects:\n  - name: 甲\n    goal_result: 按时完成\n")
    assert run(t.check_required_sections, ev) == []  # national: a table-only project is fine
    [issue] = run(t.check_required_sections, ev, region="sichuan")
    assert issue.message == "项目“甲”缺少或未填写：评价结论、存在的问题、相关建议"
    assert issue.source.line == line_of(HEAD + "projects:\n  - name: 甲\n", "- name: 甲")


def test_department_report_sections_and_superior_funds() -> None:
    ev, text = load(
        "funds:\n  superior: {total: 36.74}\nreport:\n  conclusion: 全面完成\n  deviations: 无\n"
    )
    [issue] = run(t.check_required_sections, ev)
    assert issue.message.startswith("部门报告缺少或未填写：年初部门预算绩效目标完成情况、产出指标")
    assert issue.actual == 4 and issue.source.line == line_of(
        text, "conclusion: 全面完成"
    )  # the report block


# ---------------------------------------------------------------- F23


MISSED = (
    "    indicators:\n      - {{name: 参保人数, level1: 产出指标, level2: 数量指标, operator: '≥',"
    " target: '100', unit: 人, actual: '90', deviation_reason: '{reason}'}}\n"
)


def test_boilerplate_reason_without_numbers() -> None:
    ev, text = load(
        "projects:\n  - name: 甲\n" + MISSED.format(reason="受客观原因影响，工作未全部完成")
    )
    [issue] = run(rr.check_boilerplate_reasons, ev)
    assert issue.code == "F23" and "客观原因" in issue.message
    assert issue.source.line == line_of(text, "参保人数")


def test_specific_reason_passes_and_copied_reason_is_grouped() -> None:
    specific = "受客观原因影响，12月新增10人未能纳入"
    ev, _ = load("projects:\n  - name: 甲\n" + MISSED.format(reason=specific))
    assert run(rr.check_boilerplate_reasons, ev) == []
    same = "部分服务对象迁出本市，未能联系"
    ev, text = load(
        "projects:\n"
        + "".join(f"  - name: {p}\n" + MISSED.format(reason=same) for p in ("甲", "乙", "丙"))
    )
    [issue] = run(rr.check_boilerplate_reasons, ev)
    assert issue.source.line == line_of(text, "参保人数")
    assert issue.actual == 3 and "项目“乙”" in issue.message and "项目“丙”" in issue.message


# ---------------------------------------------------------------- F24


FUNDED = "    funding:\n      - {{source: 总额, adjusted: 100, executed: {executed}}}\n"


def test_no_problems_claimed_while_money_unspent() -> None:
    ev, text = load(
        "projects:\n  - name: 甲\n"
        + FUNDED.format(executed=85)
        + "    sections:\n      problems: 无。\n"
    )
    [issue] = run(rr.check_no_problems_claim, ev)
    assert issue.code == "F24" and "预算执行率 85.00%" in issue.message
    assert issue.actual == Decimal("0.85")
    assert issue.source.line == line_of(text, "problems")


def test_no_problems_claim_with_a_missed_target_and_the_report_section() -> None:
    ev, text = load(
        "report:\n  deviations: 我单位不存在偏离绩效目标的情况\nprojects:\n  - name: 甲\n"
        + MISSED.format(reason="12月新增10人未能纳入")
        + "    sections:\n      problems: 不存在问题\n"
    )
    issues = run(rr.check_no_problems_claim, ev)
    assert [i.source.line for i in issues] == [
        line_of(text, "problems"),
        line_of(text, "deviations"),
    ]
    assert "指标“参保人数”未达到目标" in issues[0].message


def test_seed_like_no_problems_with_everything_done_passes() -> None:
    ev, _ = load(
        "report:\n  deviations: 无\nprojects:\n  - name: 甲\n"
        + FUNDED.format(executed=100)
        + "    sections:\n      problems: 无。\n"
    )
    assert run(rr.check_no_problems_claim, ev) == []


# ---------------------------------------------------------------- F25


SEED_CONCLUSION = "该项目的及时、完整实施，使各项社会保险待遇按时足额发放，社会保障体系更加健全。"


def test_conclusion_without_score_when_a_score_is_stated() -> None:
    ev, text = load(
        "projects:\n  - name: 甲\n    stated_score: 96.5\n    stated_grade: 优\n"
        f"    sections:\n      conclusion: {SEED_CONCLUSION}\n"
    )
    [issue] = run(t.check_conclusion_score, ev)
    assert (issue.code, issue.expected) == ("F25", Decimal("96.5"))
    assert issue.source.line == line_of(text, "conclusion")


def test_conclusion_with_score_or_without_stated_score_passes() -> None:
    ev, _ = load(
        "projects:\n  - name: 甲\n    stated_score: 96.5\n"
        "    sections:\n      conclusion: 项目自评得分96.5分，评价等级为优。\n"
        f"  - name: 乙\n    sections:\n      conclusion: {SEED_CONCLUSION}\n"
    )
    assert run(t.check_conclusion_score, ev) == []


# ---------------------------------------------------------------- F26


def test_problem_and_measure_counts_differ() -> None:
    ev, text = load(
        "projects:\n  - name: 甲\n    sections:\n"
        "      problems: 1.绩效目标不够细化；2.资金支付进度偏慢；3.档案管理不规范。\n"
        "      suggestions: 1.细化绩效目标；2.加快资金支付进度。\n"
    )
    [issue] = run(t.check_problems_measures, ev)
    assert (issue.severity, issue.expected, issue.actual, issue.difference) == (
        Severity.INFO,
        3,
        2,
        -1,
    )
    assert issue.source.line == line_of(text, "suggestions")


def test_measures_zanwu_and_unrelated_measures() -> None:
    ev, _ = load(
        "projects:\n  - name: 甲\n    sections:\n      problems: 档案管理不规范\n"
        "      suggestions: 暂无\n"
        "  - name: 乙\n    sections:\n      problems: 档案管理不规范\n"
        "      suggestions: 加快支付进度\n"
        "  - name: 丙\n    sections:\n      problems: 无。\n      suggestions: 暂无\n"
        "  - name: 丁\n    sections:\n      problems: 绩效目标编制精细化有待完善。\n"
        "      suggestions: 强化预算资金精细化管理。\n"
    )
    issues = run(t.check_problems_measures, ev)
    assert [(i.severity, i.message[:5]) for i in issues] == [
        (Severity.WARNING, "项目“甲”"),
        (Severity.INFO, "项目“乙”"),
    ]


def test_item_count_reads_common_numbering() -> None:
    assert t.item_count("一是加强管理；二是细化目标；三是加快进度。") == 3
    assert t.item_count("（1）甲（2）乙") == 2
    assert t.item_count("支出37.24万元，完成率100%。") == 0


# ---------------------------------------------------------------- F27


def test_same_conclusion_in_three_projects_is_one_grouped_issue() -> None:
    body = "projects:\n" + "".join(
        f"  - name: {p}\n    sections:\n      conclusion: {SEED_CONCLUSION}\n" for p in "甲乙丙"
    )
    ev, text = load(body)
    [issue] = run(t.check_repeated_paragraphs, ev)
    assert (issue.code, issue.severity, issue.actual) == ("F27", Severity.INFO, 3)
    assert issue.source.line == line_of(text, "conclusion")
    assert "项目“乙”" in issue.message and "项目“丙”" in issue.message


def test_report_paragraph_inside_a_project_goal_is_found() -> None:
    para = (
        "全年共计对辖区内的低保对象、特困人员、重度残疾人等困难群体全额代缴养老保险费，代缴率100%。"
    )
    ev, text = load(
        f"report:\n  annual_goals: |\n    调整预算数1339.13万元。\n    {para}\n"
        f"projects:\n  - name: 甲\n    goals:\n      quantity: 一是稳步提高待遇水平。二是{para}\n"
    )
    [issue] = run(t.check_repeated_paragraphs, ev)
    assert issue.source.paragraph == 2 and issue.source.line == line_of(text, "annual_goals")
    assert "项目“甲”“数量指标”" in issue.message


def test_short_or_different_paragraphs_are_not_reported() -> None:
    ev, _ = load(
        "projects:\n"
        "  - name: 甲\n    sections:\n      problems: 无。\n"
        "      conclusion: 劳务费保障了13名聘用人员工资及社保缴费按时足额支付。\n"
        "  - name: 乙\n    sections:\n      problems: 无。\n"
        "      conclusion: 业务运行费保障了办公、差旅、维护等公用支出，全年执行率100%。\n"
    )
    assert run(t.check_repeated_paragraphs, ev) == []


def test_containment_and_groups() -> None:
    a, b = shingles("甲乙丙丁戊己庚辛", 4), shingles("甲乙丙丁戊己庚辛壬癸子丑", 4)
    assert containment(a, b) == 1 and containment(a, frozenset()) == 0
    ps = [Passage("p1", "甲乙丙丁戊己庚辛", a), Passage("p2", "x", b), Passage("p1", "y", b)]
    assert repeated_groups(ps, Decimal("0.9"), 1) == [[0, 1, 2]]
    assert repeated_groups(ps[:1] + ps[2:], Decimal("0.9"), 1) == []  # one owner only


@given(
    st.lists(st.text(alphabet="甲乙丙丁戊己庚辛", max_size=12), max_size=8),
    st.sampled_from(["0.5", "0.8", "0.9", "1"]),
)
def test_similar_pairs_equals_comparing_every_pair(texts: list[str], t: str) -> None:
    sets = [shingles(x, 2) for x in texts]
    brute = {
        (i, j)
        for i in range(len(sets))
        for j in range(i + 1, len(sets))
        if sets[i] and sets[j] and containment(sets[i], sets[j]) >= Decimal(t)
    }
    assert set(similar_pairs(sets, Decimal(t))) == brute


@given(st.text(max_size=40), st.text(max_size=40))
def test_containment_is_a_symmetric_fraction(x: str, y: str) -> None:
    a, b = shingles(x, 4), shingles(y, 4)
    c = containment(a, b)
    assert c == containment(b, a) and 0 <= c <= 1
    if a:
        assert containment(a, a) == 1


# ---------------------------------------------------------------- F31


def test_template_instruction_left_in_the_text() -> None:
    ev, text = load(
        "projects:\n  - name: 甲\n    goal_result: 对照年度目标说明完成情况（100字以内）\n"
        "    sections:\n      conclusion: 自评得分（ ）分\n"
    )
    issues = run(t.check_template_leftovers, ev)
    assert [(i.code, i.severity, i.source.line) for i in issues] == [
        ("F31", Severity.ERROR, line_of(text, "goal_result")),
        ("F31", Severity.ERROR, line_of(text, "conclusion")),
    ]


def test_other_budget_year_in_the_text() -> None:
    ev, text = load(
        "projects:\n  - name: 甲\n    sections:\n"
        "      completion: 2020年度项目已全部完成。\n"
        "      benefits: 较2020年度增长10%，成功兑现2016-2020年退休中人待遇，2021年末无结余。\n"
    )
    [issue] = run(t.check_template_leftovers, ev)
    assert (issue.severity, issue.expected, issue.actual, issue.difference) == (
        Severity.WARNING,
        2021,
        2020,
        -1,
    )
    assert issue.source.line == line_of(text, "completion")


def test_text_rules_carry_their_codes() -> None:
    assert [r.code for r in t.RULES] == [
        "V-TXT-01",
        "V-TXT-02",
        "F23",
        "F24",
        "F25",
        "F26",
        "F27",
        "F31",
    ]
    assert all(r.check.__doc__ for r in t.RULES)


# ---------------------------------------------------------------- docs/faults.md

ROOT = Path(__file__).resolve().parents[1]
FAULTS_YAML = ROOT.parent / "shared" / "spec" / "faults.yaml"


def fault_rows() -> dict[str, list[str]]:
    rows = {}
    for line in (ROOT / "docs" / "faults.md").read_text("utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if re.fullmatch(r"F\d\d", cells[0]):
            rows[cells[0]] = cells
    return rows


def test_every_review_fault_has_a_row() -> None:
    rows = fault_rows()
    assert sorted(rows) == [f"F{n:02d}" for n in range(1, 37)]
    if FAULTS_YAML.exists():  # the shared spec, when this checkout sits beside it
        ids = {f["id"] for f in yaml.safe_load(FAULTS_YAML.read_text("utf-8"))}
        assert ids <= set(rows)


def test_fault_rows_name_existing_rules_or_say_why_not() -> None:
    known = {r.code for r in ALL_RULES}
    for fault, cells in fault_rows().items():
        detected, how = cells[2], cells[4]
        named = re.findall(r"`([A-Z][A-Z0-9-]+)`(?! \(planned\))", detected)
        if not named:
            assert detected == "—" and how.startswith("Not detected"), fault
        assert set(named) <= known, (fault, set(named) - known)


def test_every_rule_of_this_area_is_documented() -> None:
    text = (ROOT / "docs" / "faults.md").read_text("utf-8")
    for rule in (*ind.RULES, *t.RULES):
        assert f"`{rule.code}`" in text, rule.code
