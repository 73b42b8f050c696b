"""Score-dependent rules: each with a failing and a passing case, numbers and locations."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from jixiao.issues import Issue, Severity
from jixiao.load.evaluation_yaml import load_yaml_text
from jixiao.rules import Options, Rule, run_rules
from jixiao.rules import scoring as s
from jixiao.rules import weights as w
from jixiao.rules.catalogue import ALL_RULES

HEAD = "unit:\n  name: 测试单位\nyear: 2021\nprojects:\n  - name: 甲项目\n"
NATIONAL = Options(scheme="national-2020")
SICHUAN = Options(region="sichuan", scheme="sichuan-0013zp")

MET = "name: 甲, level1: 产出指标, operator: ≥, target: 100%, actual: 100%, weight: {w}"


def text(
    indicators: list[str], funding: str = "100, adjusted: 100, executed: 100", extra: str = ""
) -> str:
    """Funding row on line 7, indicator i on line 9 + i, then ``extra`` project keys."""
    return (
        HEAD
        + "    funding:\n"
        + f"      - {{source: 总额, initial: {funding}}}\n"
        + "    indicators:\n"
        + "".join(f"      - {{{i}}}\n" for i in indicators)
        + extra
    )


def run(rule: Rule, yaml_text: str, options: Options = NATIONAL) -> list[Issue]:
    ev, issues = load_yaml_text(yaml_text, "t.yaml")
    assert ev is not None and not issues, issues
    return run_rules(ev, [rule], options)


def test_rules_are_wired_with_unique_codes_and_examples():
    codes = [r.code for r in s.RULES]
    assert len(codes) == len(set(codes))
    assert all(r in ALL_RULES for r in s.RULES)
    assert all(r.check.__doc__ and "Fails" in r.check.__doc__ for r in s.RULES)


def test_unscored_projects_are_left_alone():
    """The seed's attachments carry no weights or scores: no score rule fires on them."""
    plain = text(["name: 甲, level1: 产出指标, operator: ≥, target: 100%, actual: 95%"])
    for rule in s.RULES:
        assert [i for i in run(rule, plain) if i.code != "V-W-03"] == []


# -- S-SCHEME-01 ----------------------------------------------------------------------------


def test_unknown_scheme_in_file():
    bad = "unit:\n  name: 测试单位\nyear: 2021\nscheme: hunan-2099\n"
    (issue,) = run(s.check_scheme, bad, Options())
    assert issue.code == "S-SCHEME-01" and issue.source.line == 4 and "hunan-2099" in issue.message
    assert run(s.check_scheme, bad.replace("hunan-2099", "sichuan-0013zp"), Options()) == []


# -- V-IND-04 -------------------------------------------------------------------------------


def test_score_above_weight():
    (issue,) = run(s.check_score_range, text([MET.format(w=10) + ", score: 10.5"]))
    assert (issue.code, issue.expected, issue.actual, issue.difference) == (
        "V-IND-04",
        10,
        D("10.5"),
        D("0.5"),
    )
    assert issue.source.line == 9
    assert run(s.check_score_range, text([MET.format(w=10) + ", score: 10"])) == []


def test_negative_score():
    (issue,) = run(s.check_score_range, text([MET.format(w=10) + ", score: -1"]))
    assert issue.actual == -1


# -- V-IND-05 / F04 / F06 / F33: one finding per discrepancy ---------------------------------

SATISFACTION = "name: 满意度, level1: 满意度指标, operator: ≥, target: 90%, actual: 88%, weight: 10, score: {s}"


def test_v_ind_05_score_below_formula():
    (issue,) = run(s.check_score_formula, text([SATISFACTION.format(s=9)]))
    assert (issue.code, issue.expected, issue.actual) == ("V-IND-05", D("9.78"), D(9))
    assert issue.difference == D("-0.78") and issue.source.line == 9
    assert "88 / 指标值 90" in issue.message
    assert run(s.check_score_formula, text([SATISFACTION.format(s="9.78")])) == []
    assert run(s.check_score_formula, text([SATISFACTION.format(s="9.77")])) == []  # ±0.01


def test_v_ind_05_deduction_without_reason():
    row = MET.format(w=10) + ", score: 8, deduction: 2"
    issues = run(s.check_score_formula, text([row]))
    assert [i.code for i in issues] == ["V-IND-05"] and "理由" in issues[0].message
    assert run(s.check_score_formula, text([row + ", deduction_reason: 指标值偏低"])) == []


def test_f04_score_above_formula():
    row = "name: 覆盖率, level1: 产出指标, operator: ≥, target: 95%, actual: 80%, weight: 10, score: {s}"
    (issue,) = run(s.check_score_above_formula, text([row.format(s=10)]))
    assert (issue.code, issue.expected, issue.actual, issue.difference) == (
        "F04",
        D("8.42"),
        10,
        D("1.58"),
    )
    assert issue.source.line == 9
    assert run(s.check_score_above_formula, text([row.format(s="8.42")])) == []
    assert run(s.check_score_formula, text([row.format(s=10)])) == []  # not reported twice


def test_f06_cost_overrun_still_full():
    row = "name: 成本控制数, level1: 产出指标, level2: 经济成本指标, operator: ≤, target: 30万元, actual: 33万元, weight: 90, score: {s}"
    (issue,) = run(s.check_cost_overrun, text([row.format(s=90)]), SICHUAN)
    assert (issue.code, issue.expected, issue.actual) == ("F06", D("81.82"), 90)
    assert run(s.check_score_above_formula, text([row.format(s=90)]), SICHUAN) == []
    assert run(s.check_cost_overrun, text([row.format(s="81.82")]), SICHUAN) == []


def test_f33_met_but_docked_without_reason():
    row = MET.format(w=15) + ", score: 12"
    (issue,) = run(s.check_met_but_docked, text([row]))
    assert (issue.code, issue.severity, issue.expected, issue.actual) == (
        "F33",
        Severity.WARNING,
        15,
        12,
    )
    assert run(s.check_score_formula, text([row])) == []
    reasoned = text([row + ", deviation_reason: 部分资料缺失"])
    assert run(s.check_met_but_docked, reasoned) == []


# -- V-IND-07 -------------------------------------------------------------------------------


def test_overshoot_needs_justification_or_deduction():
    row = "name: 培训人次, level1: 产出指标, operator: ≥, target: 500人次, actual: 900人次, weight: 10"
    (issue,) = run(s.check_overshoot, text([row]))
    assert (issue.code, issue.actual, issue.expected) == ("V-IND-07", D("1.8"), D("1.2"))
    assert issue.source.line == 9
    assert run(s.check_overshoot, text([row + ", justification: 新增政策性培训任务"])) == []
    assert (
        run(s.check_overshoot, text([row + ", deduction: 2, deduction_reason: 指标值偏低"])) == []
    )
    assert run(s.check_overshoot, text([row.replace("900", "550")])) == []


def test_overshoot_threshold_from_options():
    row = "name: 培训人次, level1: 产出指标, operator: ≥, target: 500人次, actual: 550人次, weight: 10"
    (issue,) = run(
        s.check_overshoot, text([row]), Options(scheme="national-2020", overshoot=D("1.1"))
    )
    assert issue.expected == D("1.1")


# -- V-IND-08 -------------------------------------------------------------------------------


def test_band_coefficient_outside_band():
    row = "name: 知晓度, level1: 效益指标, operator: 定性, band: B, coefficient: 0.85, weight: 10"
    (issue,) = run(s.check_band, text([row]))
    assert (issue.code, issue.actual, issue.expected) == ("V-IND-08", D("0.85"), "[60%, 80%)")
    assert issue.source.line == 9
    assert run(s.check_band, text([row.replace("0.85", "0.70")])) == []


def test_band_missing_in_a_scored_project():
    row = "name: 知晓度, level1: 效益指标, operator: 定性, actual: 持续向好, weight: 10"
    (issue,) = run(s.check_band, text([row]))
    assert issue.code == "V-IND-08" and "档次" in issue.message
    assert run(s.check_band, text([row + ", band: A"])) == []


def test_band_a_below_one_without_reason_warns():
    row = "name: 知晓度, level1: 效益指标, operator: 定性, band: A, coefficient: 0.9, weight: 10"
    (issue,) = run(s.check_band, text([row]))
    assert issue.severity is Severity.WARNING and issue.actual == D("0.9")
    assert run(s.check_band, text([row + ", deviation_reason: 宣传覆盖不足"])) == []


# -- V-TOT-01 / V-TOT-02 --------------------------------------------------------------------


def test_stated_total_and_grade():
    rows = [MET.format(w=90) + ", score: 90"]
    bad = text(rows, extra="    stated_score: 95\n    stated_grade: 良\n")
    issues = run(s.check_total, bad, SICHUAN)
    assert [(i.code, i.expected, i.actual) for i in issues] == [
        ("V-TOT-01", D(100), D(95)),
        ("V-TOT-01", "优", "良"),
    ]
    assert [i.source.line for i in issues] == [10, 11]
    good = text(rows, extra="    stated_score: 100\n    stated_grade: 优\n")
    assert run(s.check_total, good, SICHUAN) == []


def test_stated_total_against_engine_when_scores_missing():
    rows = ["name: 成本, level1: 产出指标, operator: ≤, target: 30万元, actual: 33万元, weight: 90"]
    (issue,) = run(s.check_total, text(rows, extra="    stated_score: 100\n"), SICHUAN)
    assert issue.expected == D("91.82") and issue.difference == D("8.18")


def test_total_in_conclusion():
    rows = [MET.format(w=90) + ", score: 90"]
    no_score = "    stated_score: 100\n    sections:\n      conclusion: 项目完成情况较好。\n"
    (issue,) = run(s.check_total_in_conclusion, text(rows, extra=no_score), SICHUAN)
    assert (issue.code, issue.expected, issue.source.line) == ("V-TOT-02", D(100), 12)
    with_score = no_score.replace("项目完成情况较好", "项目自评得分100分，等级为优")
    assert run(s.check_total_in_conclusion, text(rows, extra=with_score), SICHUAN) == []


def test_total_in_conclusion_only_when_required_or_stated():
    rows = [MET.format(w=90) + ", score: 90"]
    extra = "    sections:\n      conclusion: 项目完成情况较好。\n"
    assert run(s.check_total_in_conclusion, text(rows, extra=extra), NATIONAL) == []
    (issue,) = run(s.check_total_in_conclusion, text(rows, extra=extra), SICHUAN)
    assert issue.expected == D(100)


# -- V-W-01 / 02 / 03 -----------------------------------------------------------------------


def test_weights_must_total_90():
    rows = [MET.format(w=60), MET.format(w=20)]
    (issue,) = run(w.check_weight_total, text(rows), SICHUAN)
    assert (issue.code, issue.expected, issue.actual, issue.difference) == ("V-W-01", 90, 80, -10)
    assert issue.source.line == 9
    assert run(w.check_weight_total, text([MET.format(w=60), MET.format(w=30)]), SICHUAN) == []


def test_national_split_deviation_is_a_warning():
    rows = [
        MET.format(w=60),
        MET.replace("产出指标", "效益指标").format(w=20),
        MET.replace("产出指标", "满意度指标").format(w=10),
    ]
    (issue,) = run(w.check_weight_total, text(rows), NATIONAL)
    assert issue.severity is Severity.WARNING and "产出 60（默认 50）" in issue.message
    good = [
        MET.format(w=50),
        MET.replace("产出指标", "效益指标").format(w=30),
        MET.replace("产出指标", "满意度指标").format(w=10),
    ]
    assert run(w.check_weight_total, text(good), NATIONAL) == []


def test_weights_positive_and_complete():
    issues = run(
        w.check_weights_positive,
        text([MET.format(w=0), "name: 乙, operator: ≥, target: 1, actual: 1"]),
    )
    assert [(i.code, i.source.line) for i in issues] == [("V-W-02", 9), ("V-W-02", 10)]
    assert issues[0].actual == 0
    assert run(w.check_weights_positive, text([MET.format(w="22.5")])) == []


def test_sichuan_requires_weights():
    (issue,) = run(
        w.check_weights_positive, text(["name: 甲, operator: ≥, target: 1, actual: 1"]), SICHUAN
    )
    assert "均未填写权重" in issue.message


def test_missing_satisfaction_indicator():
    issues = run(w.check_level1_present, text([MET.format(w=80)]))
    assert [(i.code, i.expected, i.source.line) for i in issues] == [
        ("V-W-03", 30, 9),
        ("V-W-03", 10, 9),
    ]
    assert "“满意度”类指标" in issues[1].message
    full = [
        MET.format(w=50),
        MET.replace("产出指标", "效益指标").format(w=30),
        MET.replace("产出指标", "服务对象满意度指标").format(w=10),
    ]
    assert run(w.check_level1_present, text(full)) == []
    assert run(w.check_level1_present, text([MET.format(w=90)]), SICHUAN) == []


# -- F05 ------------------------------------------------------------------------------------


def test_f05_indicator_share_far_above_execution():
    rows = [MET.format(w=90) + ", score: 90"]
    (issue,) = run(
        s.check_score_vs_execution, text(rows, "100, adjusted: 100, executed: 70"), SICHUAN
    )
    assert (issue.code, issue.actual, issue.expected) == ("F05", 1, D("0.7"))
    assert issue.source.line == 7 and "红色预警" in issue.message
    assert (
        run(s.check_score_vs_execution, text(rows, "100, adjusted: 100, executed: 96"), SICHUAN)
        == []
    )


def test_f05_low_execution_with_high_total():
    rows = [MET.format(w=90) + ", score: 90"]
    issues = run(
        s.check_score_vs_execution,
        text(rows, "100, adjusted: 100, executed: 50", "    stated_score: 95\n"),
        SICHUAN,
    )
    assert [i.code for i in issues] == ["F05", "F05"] and "仅 50.00%" in issues[1].message


def test_f05_unspent_alert_only_in_vendor_scheme():
    rows = [MET.format(w=90) + ", score: 90"]
    funding = "100, adjusted: 100, executed: 75"
    vendor = Options(scheme="vendor-pmkpi")
    messages = [i.message for i in run(s.check_score_vs_execution, text(rows, funding), vendor)]
    assert any("黄色预警" in m for m in messages)
    assert not any(
        "黄色预警" in i.message
        for i in run(s.check_score_vs_execution, text(rows, funding), SICHUAN)
    )


@pytest.mark.parametrize("rule", s.RULES, ids=lambda r: r.code)
def test_no_rule_crashes_on_an_empty_project(rule):
    assert all(i.code != "X-RULE" for i in run(rule, HEAD + "    stated_score: 50\n", SICHUAN))


def test_unscorable_indicator_is_not_also_a_score_discrepancy():
    """ "≤ 30 万元" with actual "完成" scored 90/90 [S:dyx]: the missing number is the finding."""
    row = "name: 成本, level1: 产出指标, operator: ≤, target: 30万元, actual: 完成, weight: 90, score: 90"
    for rule in (s.check_score_formula, s.check_score_above_formula, s.check_cost_overrun):
        assert run(rule, text([row]), SICHUAN) == []


def test_qualitative_score_inside_its_band_is_the_chosen_coefficient():
    row = "name: 知晓度, level1: 效益指标, operator: 定性, band: B, weight: 10, score: {s}"
    assert run(s.check_score_formula, text([row.format(s="6.5")])) == []
    (issue,) = run(s.check_score_above_formula, text([row.format(s="8.5")]))
    assert (issue.code, issue.expected, issue.actual) == ("F04", D("7.00"), D("8.5"))
