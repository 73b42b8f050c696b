"""Indicator rules: V-IND-01/02/03/06/09/10, F02, and the indicator-quality faults F10–F16, F21."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.issues import Issue, Severity
from jixiao.load.evaluation_yaml import load_yaml_text
from jixiao.model import Evaluation, Goal, Indicator, Project, Unit
from jixiao.rules import Options, Rule
from jixiao.rules import indicator_quality as q
from jixiao.rules import indicators as r
from jixiao.rules import plausibility as p
from jixiao.rules.refs import is_met
from jixiao.vocabulary import load_vocabulary

HEAD = "unit: {name: 测试单位}\nyear: 2021\nprojects:\n  - name: 项目甲\n    indicators:\n"


def load(*rows: str, head: str = HEAD) -> tuple[Evaluation, str]:
    """An evaluation with one project whose indicators are the given flow mappings."""
    text = head + "".join(f"      - {{{row}}}\n" for row in rows)
    ev, issues = load_yaml_text(text, "t.yaml")
    assert ev is not None, issues
    assert not [i for i in issues if i.severity is Severity.ERROR], issues
    return ev, text


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def run(rule: Rule, ev: Evaluation, **options: object) -> list[Issue]:
    return list(rule.check(ev, Options(**options)))  # type: ignore[arg-type]


ROW = "level1: 产出指标, level2: 数量指标, operator: '≥', unit: 人"


# ---------------------------------------------------------------- V-IND-01


@pytest.mark.parametrize(
    ("level1", "level2"),
    [
        ("产出指标", "数量指标"),
        ("产出", "数量"),
        ("产出指标(50分)", "质量指标"),
        ("产出指标", "经济成本指标"),
        ("成本指标", "社会成本指标"),
        ("效益指标", "环境效益指标"),
        ("效益", "可持续影响指标"),
        ("满意度指标", "服务对象满意度指标"),
        ("服务对象满意度指标", "满意度"),
    ],
)
def test_levels_accepts_classic_short_and_2021_names(level1: str, level2: str) -> None:
    ev, _ = load(f"name: 甲, level1: '{level1}', level2: '{level2}'")
    assert run(r.check_levels, ev) == []


def test_levels_rejects_level2_of_another_level1() -> None:
    ev, text = load("name: 参保人数, level1: 产出指标, level2: 社会效益指标")
    [issue] = run(r.check_levels, ev)
    assert issue.code == "V-IND-01" and issue.severity is Severity.ERROR
    assert issue.source.line == line_of(text, "参保人数")
    assert "社会效益指标" in issue.message and "数量指标" in issue.hint


def test_levels_rejects_unknown_level1_and_missing_level2() -> None:
    ev, _ = load("name: 甲, level1: 投入指标, level2: 数量指标", "name: 乙, level1: 产出指标")
    issues = run(r.check_levels, ev)
    assert [i.message for i in issues] == [
        "项目“项目甲”指标“甲”的一级指标“投入指标”不在规定范围内",
        "项目“项目甲”指标“乙”缺少二级指标",
    ]


def test_levels_apply_to_department_goal_indicators() -> None:
    head = "unit: {name: 测试单位}\nyear: 2021\ngoals:\n  - name: 目标一\n    indicators:\n"
    ev, text = load("name: 办件量, level1: 效益指标, level2: 数量指标", head=head)
    [issue] = run(r.check_levels, ev)
    assert issue.message.startswith("部门目标“目标一”指标“办件量”")
    assert issue.source.line == line_of(text, "办件量")
    assert issue.source.path == "goals[0].indicators[0].level2"


# ---------------------------------------------------------------- V-IND-02


def test_operator_target_unit_present_passes() -> None:
    ev, _ = load(f"name: 甲, {ROW}, target: '13', actual: '13'", "name: 乙, target: '≥90%'")
    assert run(r.check_operator_target, ev) == []


@pytest.mark.parametrize(
    ("row", "words"),
    [
        ("name: 甲, target: '13', unit: 人", "缺少指标性质"),
        ("name: 甲, operator: 约, target: '13', unit: 人", "指标性质“约”无效"),
        ("name: 甲, operator: '≥', target: 较上年提高, unit: 人", "不是数字"),
        ("name: 甲, operator: '≥', target: '13'", "缺少度量单位"),
        ("name: 甲, operator: 定性", "缺少指标值"),
    ],
)
def test_operator_target_unit_faults(row: str, words: str) -> None:
    ev, text = load(row)
    [issue] = run(r.check_operator_target, ev)
    assert issue.code == "V-IND-02" and words in issue.message
    assert issue.source.line == line_of(text, "name: 甲")


# ---------------------------------------------------------------- V-IND-03


def test_actual_missing_is_an_error_with_the_target() -> None:
    ev, text = load(f"name: 甲, {ROW}, target: '844'")
    [issue] = run(r.check_actual, ev)
    assert (issue.code, issue.severity, issue.expected) == ("V-IND-03", Severity.ERROR, 844)
    assert issue.source.line == line_of(text, "name: 甲")


def test_actual_not_a_number_for_quantitative_f03() -> None:
    ev, _ = load(
        "name: 甲, level2: 成本指标, operator: '≤', target: '30', unit: 万元, actual: 完成"
    )
    [issue] = run(r.check_actual, ev)
    assert "完成值“完成”不是数字" in issue.message and issue.expected == 30


def test_actual_in_yuan_for_a_target_in_wanyuan_is_converted() -> None:
    ev, _ = load("name: 甲, operator: '≤', target: '37.24', unit: 万元, actual: 372400元")
    [issue] = run(r.check_actual, ev)
    assert issue.severity is Severity.WARNING
    assert (issue.expected, issue.actual) == (Decimal("37.24"), Decimal("37.24"))


def test_actual_head_count_in_a_rate_is_an_error() -> None:
    ev, _ = load("name: 签约率, operator: '≥', target: '90%', actual: 3562人")
    [issue] = run(r.check_actual, ev)
    assert issue.severity is Severity.ERROR and "无法比较" in issue.message


def test_actual_passes_when_numeric_qualitative_copied_or_not_applicable() -> None:
    ev, _ = load(
        "name: 甲, operator: '≥', target: '90%', actual: '92%'",
        "name: 乙, operator: 定性, target: 效果明显, actual: 达成年度指标",
        "name: 丙, operator: '≥', target: '90%', actual: '≥90%'",  # F02's, not repeated here
        "name: 丁, operator: '≥', target: '90%', not_applicable: true",
    )
    assert run(r.check_actual, ev) == []


# ---------------------------------------------------------------- V-IND-06


@pytest.mark.parametrize("reason", ["无", "无。", "/", "暂无", ""])
def test_missed_target_needs_a_real_reason(reason: str) -> None:
    ev, text = load(
        f"name: 甲, {ROW}, target: '844', actual: '800', weight: 10, score: 9.48,"
        f" deviation_reason: '{reason}'"
    )
    [issue] = run(r.check_deviation_reason, ev)
    assert (issue.code, issue.expected, issue.actual, issue.difference) == (
        "V-IND-06",
        844,
        800,
        -44,
    )
    assert issue.source.line == line_of(text, "name: 甲")


def test_docked_score_without_a_comparable_actual_needs_a_reason() -> None:
    ev, _ = load(
        "name: 甲, operator: 定性, target: 好, actual: 较好, band: B, weight: 10, score: 7"
    )
    [issue] = run(r.check_deviation_reason, ev)
    assert "评价等级为 B" in issue.message


def test_deviation_reason_given_or_target_met_passes() -> None:
    ev, _ = load(
        f"name: 甲, {ROW}, target: '844', actual: '800', deviation_reason: 12月新增退休44人未纳入",
        f"name: 乙, {ROW}, target: '844', actual: '844', weight: 10, score: 9",  # F33's case
        "name: 丙, operator: '≤', target: '30', unit: 万元, actual: '28'",
    )
    assert run(r.check_deviation_reason, ev) == []


# ---------------------------------------------------------------- V-IND-09


def test_changed_target_without_approval_is_f17() -> None:
    ev, text = load(f"name: 甲, {ROW}, target: '800', approved_target: '844', approved_unit: 个")
    [issue] = run(r.check_approved, ev)
    assert (issue.code, issue.expected, issue.actual, issue.difference) == (
        "V-IND-09",
        844,
        800,
        -44,
    )
    assert "指标值 844→800" in issue.message and "度量单位 个→人" in issue.message
    assert issue.source.line == line_of(text, "name: 甲")


def test_approved_or_unchanged_targets_pass() -> None:
    ev, _ = load(
        f"name: 甲, {ROW}, target: '800', approved_target: '844', adjustment_approved: true",
        f"name: 乙, {ROW}, target: '844', approved_target: '844', approved_operator: '>='",
    )
    assert run(r.check_approved, ev) == []


# ---------------------------------------------------------------- V-IND-10


def test_completion_rate_above_100_and_negative_values() -> None:
    ev, text = load(
        "name: 家庭医生签约率, operator: '≥', target: '90', unit: '%', actual: '3562'",
        "name: 甲, operator: '≥', target: '-5', unit: '%', actual: '-6'",
    )
    issues = run(r.check_rate_range, ev)
    assert [(i.code, i.actual, i.difference) for i in issues] == [
        ("V-IND-10", 3562, 3462),
        ("V-IND-10", -5, None),
        ("V-IND-10", -6, None),
    ]
    assert issues[0].source.line == line_of(text, "签约率")


def test_growth_rates_may_exceed_100() -> None:
    ev, _ = load(
        "name: 办件量增长率, operator: '≥', target: '10%', actual: '150%'",
        "name: 参保率, operator: '≥', target: '95%', actual: '99.5%'",
    )
    assert run(r.check_rate_range, ev) == []


# ---------------------------------------------------------------- F02


def test_seed_satisfaction_restating_the_target_is_reported() -> None:
    # the seed: "通过以上措施，实现了参保人员满意度≥90%", recorded as actual "≥90%"
    ev, text = load(
        "name: 参保人员满意度, level1: 满意度指标, level2: 服务对象满意度指标,"
        " operator: '≥', target: '90%', actual: '≥90%'"
    )
    [issue] = run(r.check_copied_actual, ev)
    assert (issue.code, issue.severity, issue.expected) == ("F02", Severity.ERROR, 90)
    assert issue.source.line == line_of(text, "参保人员满意度")


def test_satisfaction_equal_to_target_is_a_warning() -> None:
    ev, _ = load("name: 群众满意度, operator: '≥', target: '90%', actual: '90%'")
    [issue] = run(r.check_copied_actual, ev)
    assert issue.severity is Severity.WARNING and issue.difference == 0


def test_most_rows_equal_to_target_is_a_warning_for_the_project() -> None:
    ev, _ = load(*(f"name: 指标{n}, {ROW}, target: '{n}', actual: '{n}'" for n in (5, 6, 7)))
    [issue] = run(r.check_copied_actual, ev)
    assert "3/3" in issue.message and (issue.expected, issue.actual) == (3, 3)


def test_measured_values_and_words_like_yishang_cuoshi_pass() -> None:
    ev, _ = load(
        "name: 参保人员满意度, operator: '≥', target: '90%', actual: '93.5%'",
        "name: 资格认证, operator: 定性, target: 全面完成, actual: 通过以上措施全面完成认证工作",
        "name: 发放率, operator: '≥', target: '100%', actual: '100%'",
        f"name: 甲, {ROW}, target: '5', actual: '5'",
    )
    assert run(r.check_copied_actual, ev) == []


# ---------------------------------------------------------------- F10–F16, F21


def test_f10_percent_target_on_a_claim_and_vague_qualitative_target() -> None:
    ev, text = load(
        "name: 社会效益明显, level1: 效益指标, level2: 社会效益指标, operator: '≥', target: '95%'",
        "name: 服务水平, level1: 效益指标, level2: 社会效益指标, operator: 定性, target: 显著提升",
        "name: 参保率, level1: 效益指标, level2: 社会效益指标, operator: '≥', target: '95%'",
    )
    issues = run(q.check_unmeasurable, ev)
    assert [(i.code, i.severity, i.source.line) for i in issues] == [
        ("F10", Severity.WARNING, line_of(text, "社会效益明显")),
        ("F10", Severity.INFO, line_of(text, "服务水平")),
    ]


def test_f11_category_mismatches() -> None:
    ev, text = load(
        "name: 资金支付率, level1: 产出指标, level2: 数量指标, operator: '=', target: '100%'",
        "name: 完成率, level1: 产出指标, level2: 质量指标, operator: '=', target: '100%'",
        "name: 培训覆盖率, level1: 产出指标, level2: 时效指标, operator: '=', target: '100%'",
        "name: 资金支付及时率, level1: 产出指标, level2: 时效指标, operator: '=', target: '100%'",
        "name: 补助资金发放人数, level1: 产出指标, level2: 数量指标, operator: '≥',"
        " target: '844', unit: 人",
    )
    issues = run(q.check_category_fit, ev)
    assert [(i.severity, i.source.line) for i in issues] == [
        (Severity.ERROR, line_of(text, "资金支付率")),
        (Severity.ERROR, line_of(text, "name: 完成率")),
        (Severity.WARNING, line_of(text, "培训覆盖率")),
    ]


def test_f12_management_measures_as_output_but_not_as_cost() -> None:
    ev, text = load(
        "name: 科目调整次数, level1: 产出指标, level2: 质量指标, operator: '≤', target: '10',"
        " unit: 次",
        "name: 预算执行率, level1: 产出指标, level2: 数量指标, operator: '=', target: '100%'",
        "name: 结余率, level1: 产出指标, level2: 成本指标, operator: '≤', target: '5%'",
    )
    [issue] = run(q.check_management_measures, ev)  # 预算执行率 under 数量 is F11's
    assert issue.code == "F12" and issue.source.line == line_of(text, "科目调整次数")


def test_f13_same_indicator_under_output_and_benefit() -> None:
    ev, text = load(
        "name: 最多跑一次完成率, level1: 产出指标, level2: 数量指标, operator: '=', target: '100%'",
        "name: 最多跑一次, level1: 效益指标, level2: 社会效益指标, operator: 定性, target: 好",
        "name: 参保人数, level1: 产出指标, level2: 数量指标, operator: '≥', target: '5', unit: 人",
    )
    [issue] = run(q.check_duplicates, ev)
    assert issue.source.line == line_of(text, "name: 最多跑一次,")
    assert "产出和效益" in issue.message and f"t.yaml:{line_of(text, '完成率')}" in issue.hint


def test_f15_wrong_direction() -> None:
    ev, text = load(
        "name: 统战特别费, level1: 产出指标, level2: 经济成本指标, operator: '≥', target: '17.4',"
        " unit: 万元",
        "name: 新建站点, level1: 产出指标, level2: 数量指标, operator: '≤', target: '4', unit: 个",
        "name: 安全事故数, level1: 产出指标, level2: 质量指标, operator: '≤', target: '0', unit: 起",
        "name: 群众满意度, level1: 满意度指标, level2: 服务对象满意度指标, operator: '≤',"
        " target: '90%'",
        "name: 人员经费, level1: 产出指标, level2: 成本指标, operator: '≤', target: '37', unit: 万元",
    )
    issues = run(q.check_direction, ev)
    assert [i.source.line for i in issues] == [
        line_of(text, "统战特别费"),
        line_of(text, "新建站点"),
        line_of(text, "群众满意度"),
    ]


def test_f16_soft_target_for_both_directions() -> None:
    ev, _ = load(
        f"name: 培训场次, {ROW}, target: '9', actual: '20'",
        f"name: 乙, {ROW}, target: '9', actual: '11'",
        "name: 费用, operator: '≤', target: '10', unit: 万元, actual: '5'",
    )
    issues = run(q.check_soft_target, ev)
    assert [(i.severity, i.expected, i.actual, i.difference) for i in issues] == [
        (Severity.INFO, 9, 20, 11),
        (Severity.INFO, 10, 5, -5),
    ]
    assert "222.2%" in issues[0].message and "200.0%" in issues[1].message


def test_f21_satisfaction_from_complaints_or_without_survey() -> None:
    sat = "level1: 满意度指标, level2: 服务对象满意度指标, operator: '≥', target: '90%'"
    ev, text = load(
        f"name: 殡葬服务满意度, {sat}, actual: '100%', justification: 全年未收到投诉",
        f"name: 老人满意度, {sat}, actual: '95%'",
        f"name: 参保人员满意度, {sat}, actual: '95%', evidence: 满意度调查问卷（样本200份）",
    )
    issues = run(q.check_satisfaction_basis, ev)
    assert [(i.severity, i.source.line) for i in issues] == [
        (Severity.ERROR, line_of(text, "殡葬")),
        (Severity.WARNING, line_of(text, "老人满意度")),
    ]


# ---------------------------------------------------------------- F01, F07, F08, F09, F20


def test_f07_output_counted_while_awaiting_acceptance() -> None:
    head = HEAD.replace(
        "    indicators:\n",
        "    sections:\n      completion: 3个社区已建成，待验收\n    indicators:\n",
    )
    ev, text = load(
        f"name: 建设社区数, {ROW}, target: '3', actual: '3', weight: 15, score: 15", head=head
    )
    [issue] = run(p.check_unfinished_counted, ev)
    assert issue.code == "F07" and "待验收" in issue.message
    assert issue.source.line == line_of(text, "建设社区数")
    ev, _ = load(f"name: 建设社区数, {ROW}, target: '3', actual: '3', weight: 15, score: 15")
    assert run(p.check_unfinished_counted, ev) == []


def test_f08_completion_after_the_budget_year() -> None:
    timely = "level1: 产出指标, level2: 时效指标, operator: 定性, target: 2021年底前完成"
    ev, text = load(
        f"name: 老年大学建成时间, {timely}, actual: 2022年1月16日验收, weight: 10, score: 10",
        f"name: 乙, {timely}, actual: 2021年12月完成, weight: 10, score: 10",
        f"name: 丙, {timely}, actual: 2022年3月完成, weight: 10, score: 6, deviation_reason: 延期",
    )
    [issue] = run(p.check_late_completion, ev)
    assert (issue.expected, issue.actual, issue.difference) == (2021, 2022, 1)
    assert issue.source.line == line_of(text, "老年大学")


def test_f09_output_met_with_almost_nothing_spent() -> None:
    funded = HEAD.replace(
        "    indicators:\n",
        "    funding:\n      - {source: 总额, adjusted: 132.81, executed: 0.1}\n    indicators:\n",
    )
    ev, text = load(f"name: 服务人数, {ROW}, target: '100', actual: '748'", head=funded)
    [issue] = run(p.check_output_vs_money, ev)
    assert issue.expected == Decimal("0.2") and issue.actual == Decimal("0.1") / Decimal("132.81")
    assert issue.source.line == line_of(text, "服务人数")
    ev, _ = load(f"name: 服务人数, {ROW}, target: '100', actual: '748'")
    assert run(p.check_output_vs_money, ev) == []


def test_f20_no_evidence_remark_and_missing_evidence_once_listed() -> None:
    ev, text = load(
        f"name: 甲, {ROW}, target: '5', actual: '5', score: 10, justification: 无佐证资料",
        f"name: 乙, {ROW}, target: '5', actual: '5', evidence: 签到表",
        f"name: 丙, {ROW}, target: '5', actual: '5'",
    )
    issues = run(p.check_evidence, ev)
    assert [(i.severity, i.source.line) for i in issues] == [
        (Severity.ERROR, line_of(text, "name: 甲")),
        (Severity.INFO, line_of(text, "name: 丙")),
    ]
    ev, _ = load(f"name: 丙, {ROW}, target: '5', actual: '5'")  # no evidence recorded at all
    assert run(p.check_evidence, ev) == []


def test_f01_all_full_marks_with_a_copied_satisfaction() -> None:
    rows = [
        f"name: 指标{n}, {ROW}, target: '5', actual: '{5 + n}', weight: 10, score: 10"
        for n in range(5)
    ]
    sat = "name: 满意度, operator: '≥', target: '90%', actual: '≥90%', weight: 10, score: 10"
    ev, _ = load(*rows, sat)
    [issue] = run(p.check_all_full_marks, ev)
    assert (issue.code, issue.expected, issue.actual) == ("F01", 6, 6)
    assert "F02" in issue.message and "F21" in issue.message
    ev, _ = load(*rows)  # full marks alone are not a finding
    assert run(p.check_all_full_marks, ev) == []


# ---------------------------------------------------------------- together


def test_well_formed_indicators_raise_nothing() -> None:
    ev, _ = load(*WELL_FORMED)
    assert run_all(ev) == []


WELL_FORMED = (
    "name: 离退休人员社会化管理人数, level1: 产出指标, level2: 数量指标, operator: '≥',"
    " target: '844', unit: 人, actual: '851', weight: 30, score: 30, evidence: 花名册",
    "name: 养老金按时足额发放率, level1: 产出指标, level2: 质量指标, operator: '=',"
    " target: '100%', actual: '100%', weight: 20, score: 20, evidence: 发放明细",
    "name: 资金支付及时率, level1: 产出指标, level2: 时效指标, operator: '≥',"
    " target: '95%', actual: '98%', weight: 10, score: 10, evidence: 支付凭证",
    "name: 人员经费, level1: 产出指标, level2: 经济成本指标, operator: '≤',"
    " target: '37.24', unit: 万元, actual: '37.1', weight: 10, score: 10, evidence: 决算表",
    "name: 群众办事用时缩短比例, level1: 效益指标, level2: 社会效益指标, operator: '≥',"
    " target: '30%', actual: '32%', weight: 10, score: 10, evidence: 办件系统统计",
    "name: 参保人员满意度, level1: 满意度指标, level2: 服务对象满意度指标, operator: '≥',"
    " target: '90%', actual: '93.5%', weight: 10, score: 10,"
    " evidence: 2021年12月满意度问卷调查，样本386份",
)


def run_all(ev: Evaluation) -> list[Issue]:
    out: list[Issue] = []
    for rule in r.RULES:
        out += run(rule, ev)
    return out


def test_rules_carry_their_codes() -> None:
    codes = [rule.code for rule in r.RULES]
    assert codes == [
        "V-IND-01",
        "V-IND-02",
        "V-IND-03",
        "V-IND-06",
        "V-IND-09",
        "V-IND-10",
        "F02",
        "F10",
        "F11",
        "F12",
        "F13",
        "F15",
        "F16",
        "F21",
        "F07",
        "F08",
        "F09",
        "F20",
        "F01",
    ]
    assert all(rule.check.__doc__ for rule in r.RULES)


def test_is_met_follows_the_operator_and_converts_money() -> None:
    vocab = load_vocabulary()
    ind = Indicator("甲", operator="≤", target=Decimal("30"), unit="万元")
    assert is_met(replace(ind, actual=Decimal(290000), actual_unit="元"), vocab) is True
    assert is_met(replace(ind, actual=Decimal(310000), actual_unit="元"), vocab) is False
    zero = Indicator("事故", operator="=", target=Decimal(0), actual=Decimal(1))
    assert is_met(zero, vocab) is False
    assert is_met(Indicator("乙", operator="定性"), vocab) is None


_text = st.text(
    alphabet=st.sampled_from(list("≥≤=<>%0123456789.元万人率满意度无完成 （）")), max_size=12
)
_num = st.one_of(st.none(), st.decimals(min_value=-1000, max_value=1000, places=2))


@settings(max_examples=150, deadline=None)
@given(
    name=_text,
    level1=st.sampled_from(["", "产出指标", "效益", "满意度指标", "成本指标", "其他"]),
    level2=st.sampled_from(["", "数量指标", "质量", "时效指标", "社会效益指标", "经济成本指标"]),
    operator=st.sampled_from([None, "≥", "≤", "=", ">", "<", "定性", "约"]),
    target=_num,
    actual=_num,
    text=_text,
    unit=st.sampled_from(["", "%", "万元", "元", "人"]),
)
def test_no_indicator_crashes_a_rule(
    name: str,
    level1: str,
    level2: str,
    operator: str | None,
    target: Decimal | None,
    actual: Decimal | None,
    text: str,
    unit: str,
) -> None:
    ind = Indicator(
        name=name or "x",
        level1=level1,
        level2=level2,
        operator=operator,
        target=target,
        target_text=text,
        unit=unit,
        actual=actual,
        actual_text=text,
        actual_unit=unit,
        weight=Decimal(10),
        score=Decimal(5),
        deviation_reason=text,
    )
    ev = Evaluation(
        Unit("u"),
        2021,
        projects=(Project("p", indicators=(ind, ind)),),
        goals=(Goal("g", indicators=(ind,)),),
    )
    for issue in run_all(ev):
        assert issue.code and issue.message and issue.severity in Severity


EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "panzhihua-2021" / "evaluation.yaml"


def test_seed_transcription_findings() -> None:
    """The seed as transcribed: its restated satisfaction values are F02 errors; well-formed
    level names raise no V-IND-01; no "no problems" contradiction where all was spent."""
    from jixiao.load.evaluation_yaml import load_yaml_file
    from jixiao.rules import text as t

    ev, _ = load_yaml_file(EXAMPLE)
    assert ev is not None
    issues = [i for rule in (*r.RULES, *t.RULES) for i in rule.check(ev, Options())]
    copied = [i for i in issues if i.code == "F02" and i.severity is Severity.ERROR]
    assert any("满意度" in i.message and "≥90%" in i.message for i in copied)
    assert not [i for i in issues if i.code in ("V-IND-01", "F24", "F31", "F25")]
    repeated = [i for i in issues if i.code == "F27"]
    assert any("评价结论" in i.message for i in repeated)
    assert all(i.severity is Severity.INFO for i in repeated)
