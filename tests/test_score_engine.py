"""The scoring engine: rules.md §2.8 worked examples, every §2.4 edge case, grades, variants."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from jixiao.load.evaluation_yaml import load_yaml_text
from jixiao.model import FundingRow, Indicator, Project
from jixiao.score import ProjectScore, grade_of, load_scheme, score_project

NATIONAL = load_scheme("national-2020")
SICHUAN = load_scheme("sichuan-0013zp")
HEAD = "unit:\n  name: 测试单位\nyear: 2021\nprojects:\n  - name: 甲项目\n"


def project_yaml(funding: str, indicators: list[str], extra: str = "") -> Project:
    """One project: the funding row on line 7, indicator i on line 9 + i."""
    text = (
        HEAD
        + "    funding:\n"
        + f"      - {{source: 总额, {funding}}}\n"
        + extra
        + "    indicators:\n"
        + "".join(f"      - {{{i}}}\n" for i in indicators)
    )
    ev, issues = load_yaml_text(text, "t.yaml")
    assert ev is not None and not issues, issues
    return ev.projects[0]


def ind(
    op: str, target: str | None, actual: str | None, weight: str = "10", **kw: object
) -> Indicator:
    unit = str(kw.pop("unit", "%"))
    actual_unit = str(kw.pop("actual_unit", unit))
    return Indicator(
        name="指标",
        level1=str(kw.pop("level1", "产出指标")),
        operator=op,
        target=None if target is None else D(target),
        unit=unit,
        actual=None if actual is None else D(actual),
        actual_unit=actual_unit,
        weight=D(weight),
        **kw,  # type: ignore[arg-type]
    )


def one(
    indicator: Indicator, scheme=NATIONAL, budget: str = "100", executed: str = "100"
) -> ProjectScore:
    row = FundingRow("总额", D(budget), D(budget), D(executed))
    return score_project(Project("甲", funding=(row,), indicators=(indicator,)), scheme)


def indicator_score(indicator: Indicator, scheme=NATIONAL) -> D:
    score = one(indicator, scheme).indicator_score(0)
    assert score is not None
    return score


def assert_adds_up(ps: ProjectScore) -> None:
    assert sum(ln.score for ln in ps.lines) == ps.total


# -- §2.8 worked examples -------------------------------------------------------------------


def test_example_1_national_layout_total_99_78_excellent():
    p = project_yaml(
        "initial: 24.39, adjusted: 24.39, executed: 24.39",
        [
            "name: 代缴率, level1: 产出指标, level2: 数量指标, operator: '=', target: 100%, actual: 100%, weight: 15",
            "name: 待遇按时足额发放率, level1: 产出指标, operator: ≥, target: 100%, actual: 100%, weight: 15",
            "name: 资金按期使用完成率, level1: 产出指标, operator: ≥, target: 100%, actual: 100%, weight: 10",
            "name: 业务运行成本, level1: 产出指标, operator: ≤, target: 24.39万元, actual: 24.39万元, weight: 10",
            "name: 维护社会稳定, level1: 效益指标, operator: 定性, target: 有效, actual: 达成, band: A, coefficient: 1.0, weight: 30",
            "name: 参保人员满意度, level1: 满意度指标, operator: ≥, target: 90%, actual: 88%, weight: 10",
        ],
    )
    ps = score_project(p, NATIONAL)
    assert [ln.score for ln in ps.lines] == [D("10.00"), 15, 15, 10, 10, D("30.00"), D("9.78")]
    assert ps.total == D("99.78") and ps.grade == "优"
    assert not ps.assumed_weights and not ps.issues
    last = ps.lines[-1]
    assert last.basis == "正向指标 ≥：完成值 88 / 指标值 90 × 权重 10 = 9.78"
    assert last.source.file == "t.yaml" and last.source.line == 14
    assert ps.lines[0].source.line == 7
    assert_adds_up(ps)


def test_example_2_reverse_indicator_over_budget():
    p = project_yaml(
        "initial: 50, adjusted: 50, executed: 50",
        [
            "name: 成本控制数, level1: 产出指标, level2: 经济成本指标, operator: ≤, target: 30万元, actual: 33万元, weight: 90"
        ],
    )
    ps = score_project(p, SICHUAN)
    assert ps.lines[1].score == D("81.82")
    assert "指标值 30 / 完成值 33 × 权重 90 = 81.82" in ps.lines[1].basis
    assert ps.total == D("91.82") and ps.grade == "优"


def test_example_3_under_execution_85_percent():
    p = project_yaml("initial: 200.00, adjusted: 200.00, executed: 170.00", [])
    ps = score_project(p, SICHUAN)
    line = ps.lines[0]
    assert (line.kind, line.score, ps.execution_rate) == ("execution", D("8.50"), D("0.85"))
    assert "执行数 170.00 / 预算数 200.00 = 85.00%" in line.basis


def test_example_4_qualitative_partial():
    ps = one(
        Indicator("政策知晓度提升", operator="定性", band="B", coefficient=D("0.70"), weight=D(10))
    )
    assert ps.lines[1].score == D("7.00")
    assert "定性 B 档" in ps.lines[1].basis and "系数 0.70 × 权重 10 = 7.00" in ps.lines[1].basis


def test_example_5_over_completion_flag_then_deduction():
    flagged = one(ind("≥", "500", "900", unit="人次"))
    assert flagged.lines[1].score == 10 and "overshoot" in flagged.lines[1].flags
    assert len(flagged.lines) == 2  # never an automatic deduction
    docked = one(
        ind("≥", "500", "900", unit="人次", deduction=D(2), deduction_reason="年初指标值设置偏低")
    )
    assert [ln.kind for ln in docked.lines] == ["execution", "indicator", "deduction"]
    assert docked.lines[2].score == -2 and "年初指标值设置偏低" in docked.lines[2].basis
    assert docked.indicator_score(0) == D(8) and docked.total == D(18)
    assert not docked.issues


# -- §2.3/§2.4 operator table and edge cases ------------------------------------------------


@pytest.mark.parametrize(
    ("op", "target", "actual", "expected", "flag"),
    [
        ("≥", "90", "88", "9.78", None),
        ("≥", "8", "0.9", "1.13", None),  # 1.125 rounds half up, not to even
        ("≤", "1", "8", "1.25", None),
        ("≥", "90", "95", "10", None),
        (">", "90", "45", "5", None),
        (">", "90", "90", "10", None),
        ("≤", "30", "33", "9.09", None),
        ("≤", "30", "20", "10", None),
        ("<", "30", "60", "5", None),
        ("=", "100", "100", "10", None),
        ("=", "100", "80", "8", None),
        ("=", "100", "110", "10", "over_target"),
        ("≥", "0", "5", "10", "target_zero"),  # T = 0, ≥ → always met, flagged
        ("≤", "0", "0", "10", None),  # "安全事故 ≤ 0 起", none happened
        ("≤", "0", "2", "0", None),  # T = 0, A > 0 → 0
        ("=", "0", "0", "10", None),
        ("=", "0", "1", "0", None),
        ("≤", "5", "0", "10", None),  # A = 0 with ≤: met, no division by zero
        ("≥", "5", "0", "0", None),  # A = 0 with ≥: W·0/T
        ("≥", "500", "600", "10", "overshoot"),  # 1.2 exactly is over-completion
        ("≥", "500", "599", "10", None),
        ("≤", "12", "10", "10", "overshoot"),  # reverse: T/A = 1.2
    ],
)
def test_operator_table(op, target, actual, expected, flag):
    ps = one(ind(op, target, actual, unit="个"))
    assert ps.lines[1].score == D(expected)
    if flag:
        assert flag in ps.lines[1].flags
    assert not ps.issues


def test_equal_above_deviation_mode_is_configurable(tmp_path):
    path = tmp_path / "dev.yaml"
    path.write_text(
        "name: dev\nbase: national-2020\nindicators: {equal_above: deviation}\n", encoding="utf-8"
    )
    assert indicator_score(ind("=", "100", "110"), load_scheme(str(path))) == D("9.00")


@pytest.mark.parametrize(
    ("target", "actual", "flag", "code"),
    [
        ("-5", "3", "negative_value", "V-IND-02"),
        ("5", "-3", "negative_value", "V-IND-03"),
        (None, "3", "missing_target", "V-IND-02"),
        ("5", None, "missing_actual", "V-IND-03"),
    ],
)
def test_unusable_values_score_zero_with_flag_and_issue(target, actual, flag, code):
    ps = one(ind("≥", target, actual))
    assert ps.lines[1].score == 0 and flag in ps.lines[1].flags
    assert [i.code for i in ps.issues] == [code]


def test_non_numeric_actual_scores_zero_and_points_at_the_cell():
    p = project_yaml(
        "initial: 30, adjusted: 30, executed: 30",
        ["name: 成本, operator: ≤, target: 30万元, actual: 完成, weight: 90"],
    )
    ps = score_project(p, SICHUAN)
    assert ps.lines[1].score == 0 and "non_numeric_actual" in ps.lines[1].flags
    (issue,) = ps.issues
    assert issue.code == "V-IND-03" and issue.source.line == 9 and "完成" in issue.message


def test_money_units_are_normalised():
    ps = one(ind("≤", "30", "300000", unit="万元", actual_unit="元"))
    assert ps.lines[1].score == 10 and not ps.issues
    ps = one(ind("≤", "30", "330000", unit="万元", actual_unit="元", weight="90"), SICHUAN)
    assert ps.lines[1].score == D("81.82")


def test_other_unit_mismatch_is_flagged():
    ps = one(ind("≥", "90", "88", unit="%", actual_unit="人"))
    assert ps.lines[1].score == 0 and "unit_mismatch" in ps.lines[1].flags
    assert ps.issues[0].code == "V-IND-03"


def test_unknown_operator_scores_zero():
    ps = one(ind("约", "90", "88"))
    assert ps.lines[1].score == 0 and ps.issues[0].code == "V-IND-02"


# -- qualitative ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("band", "coef", "expected", "issue"),
    [
        ("A", None, "10.00", None),
        ("A", "0.8", "8.00", None),
        ("B", None, "7.00", None),
        ("B", "0.6", "6.00", None),
        ("B", "0.8", "7.00", "V-IND-08"),  # 80% belongs to band A: default coefficient used
        ("C", None, "3.00", None),
        ("C", "0.59", "5.90", None),
        ("C", "0.6", "3.00", "V-IND-08"),
        ("D", None, "0", "V-IND-08"),
    ],
)
def test_qualitative_bands(band, coef, expected, issue):
    i = Indicator(
        "定性",
        operator="定性",
        band=band,
        coefficient=None if coef is None else D(coef),
        weight=D(10),
    )
    ps = one(i)
    assert ps.lines[1].score == D(expected)
    assert [x.code for x in ps.issues] == ([issue] if issue else [])


def test_qualitative_without_band_scores_zero_unless_vocabulary():
    ps = one(Indicator("定性", operator="定性", actual_text="持续改善", weight=D(10)))
    assert ps.lines[1].score == 0 and "missing_band" in ps.lines[1].flags
    ps = one(Indicator("定性", operator="定性", actual_text="达成预期指标", weight=D(10)))
    assert ps.lines[1].score == 10 and "band_from_text" in ps.lines[1].flags


def test_band_a_below_one_needs_reason():
    ps = one(Indicator("定性", operator="定性", band="A", coefficient=D("0.9"), weight=D(10)))
    assert "reason_required" in ps.lines[1].flags
    ps = one(
        Indicator(
            "定性",
            operator="定性",
            band="A",
            coefficient=D("0.9"),
            weight=D(10),
            deviation_reason="部分未完成",
        )
    )
    assert "reason_required" not in ps.lines[1].flags


# -- deductions, not applicable, weights ----------------------------------------------------


def test_deduction_never_below_zero_and_needs_reason():
    ps = one(ind("≥", "90", "45", deduction=D(8)))
    assert [ln.score for ln in ps.lines[1:]] == [D(5), D(-5)]
    assert ps.issues[0].code == "V-IND-05" and "理由" in ps.issues[0].message
    assert_adds_up(ps)


def test_not_applicable_indicators_are_dropped_and_rescaled():
    p = Project(
        "甲",
        funding=(FundingRow("总额", D(100), D(100), D(100)),),
        indicators=(
            ind("≥", "90", "90", weight="60"),
            ind("≥", "90", "45", weight="30", not_applicable=True),
        ),
    )
    ps = score_project(p, SICHUAN)
    kinds = [ln.kind for ln in ps.lines]
    assert kinds == ["execution", "indicator", "indicator", "rescale"]
    assert "not_applicable" in ps.lines[2].flags and ps.lines[2].score == 0
    # (10 + 60) × 100 / 70 = 100
    assert ps.total == D(100) and ps.lines[3].score == D(30)
    assert_adds_up(ps)


def test_missing_weights_use_national_default_allocation():
    inds = (
        ind("≥", "1", "1", weight="10", level1="产出指标"),
        ind("≥", "1", "1", weight="10", level1="产出指标"),
        ind("≥", "1", "1", weight="10", level1="产出指标"),
        ind("≥", "1", "1", weight="10", level1="效益指标"),
        ind("≥", "1", "1", weight="10", level1="服务对象满意度指标"),
    )
    inds = tuple(Indicator(**{**i.__dict__, "weight": None}) for i in inds)
    ps = score_project(
        Project("甲", funding=(FundingRow("总额", D(1), D(1), D(1)),), indicators=inds), NATIONAL
    )
    assert ps.assumed_weights and any("平均分配" in n for n in ps.notes)
    assert [ln.weight for ln in ps.lines[1:]] == [D("16.67"), D("16.67"), D("16.66"), D(30), D(10)]
    assert ps.total == D(100)


def test_sichuan_spreads_90_evenly_over_all_indicators():
    inds = tuple(
        Indicator(f"指标{i}", level1="产出指标", operator="≥", target=D(1), actual=D(1))
        for i in range(4)
    )
    ps = score_project(
        Project("甲", funding=(FundingRow("总额", D(1), D(1), D(1)),), indicators=inds), SICHUAN
    )
    assert [ln.weight for ln in ps.lines[1:]] == [D("22.50")] * 4 and ps.assumed_weights


# -- execution ------------------------------------------------------------------------------


def test_over_execution_scores_full_with_warning():
    ps = one(ind("≥", "1", "1"), budget="100", executed="103")
    assert ps.lines[0].score == 10 and "over_execution" in ps.lines[0].flags
    (issue,) = ps.issues
    assert (issue.code, issue.expected, issue.actual, issue.difference) == (
        "V-FUND-05",
        D(100),
        D(103),
        D(3),
    )


def test_zero_budget_cannot_be_scored():
    p = project_yaml("initial: 0, adjusted: 0, executed: 0", [])
    ps = score_project(p, NATIONAL)
    assert ps.lines[0].score == 0 and ps.issues[0].code == "V-FUND-06"
    assert ps.issues[0].source.line == 7 and ps.execution_rate is None


def test_no_budget_drops_the_execution_points_and_rescales():
    p = project_yaml(
        "initial: 0, adjusted: 0, executed: 0",
        ["name: 甲, operator: ≥, target: 1, actual: 1, weight: 90"],
        "    no_budget: true\n",
    )
    ps = score_project(p, SICHUAN)
    assert not ps.issues and ps.total == D(100)
    assert [ln.kind for ln in ps.lines] == ["execution", "indicator", "rescale"]


def test_tiered_execution_mode(tmp_path):
    path = tmp_path / "tiered.yaml"
    path.write_text(
        "name: tiered\nbase: national-2020\nexecution:\n  mode: tiered\n  steps:\n"
        "    - {from: 95%, score: 10}\n    - {from: 80%, score: 6}\n",
        encoding="utf-8",
    )
    scheme = load_scheme(str(path))
    assert one(ind("≥", "1", "1"), scheme, "100", "85").lines[0].score == 6
    assert one(ind("≥", "1", "1"), scheme, "100", "96").lines[0].score == 10
    assert one(ind("≥", "1", "1"), scheme, "100", "50").lines[0].score == 0


# -- variants -------------------------------------------------------------------------------


def test_execution_rate_caps():
    caps = load_scheme("national-2020-caps")
    ps = one(ind("≥", "1", "1", weight="90"), caps, "100", "75")
    assert ps.lines[-1].kind == "cap" and ps.total == D(89)
    assert one(ind("≥", "1", "1", weight="90"), caps, "100", "65").total == D(79)
    assert one(ind("≥", "1", "1", weight="90"), caps, "100", "40").total == D(59)
    assert one(ind("≥", "1", "1", weight="90"), caps, "100", "85").lines[-1].kind == "indicator"
    assert_adds_up(ps)


def test_deviation_penalty_two_points_at_130_percent():
    dev = load_scheme("national-2020-deviation")
    ps = one(ind("≥", "100", "130"), dev)
    assert (
        ps.lines[-1].kind == "penalty" and ps.lines[-1].score == -2 and ps.indicator_score(0) == 8
    )
    assert one(ind("≥", "100", "129"), dev).indicator_score(0) == 10
    assert one(ind("≥", "100", "130", weight="1"), dev).indicator_score(0) == 0  # never below 0


# -- grades ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        ("100", "优"),
        ("90", "优"),
        ("89.995", "优"),  # prints as 90.00
        ("89.994", "良"),
        ("89.99", "良"),
        ("89.5", "良"),
        ("80", "良"),
        ("79.99", "中"),
        ("60", "中"),
        ("59.99", "差"),
        ("0", "差"),
    ],
)
def test_grade_boundaries(total, grade):
    assert grade_of(D(total), NATIONAL) == grade
