"""V-FUND-01…06: project money tables and execution rates, with numbers and locations."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import assume, given
from hypothesis import strategies as st

from jixiao.issues import Issue, Severity
from jixiao.load.evaluation_yaml import load_yaml_text
from jixiao.number import HUNDRED, parse_number, percent_to_fraction, round_half_up
from jixiao.rules import Options, Rule, run_rules
from jixiao.rules.funds import (
    RULES,
    check_adjustment_reason,
    check_execution_rates,
    check_funding_totals,
    check_low_execution_reason,
    check_over_execution,
    check_zero_budget,
    printed_places,
    rate_matches,
)

HEAD = "unit:\n  name: 测试单位\nyear: 2021\n"
SICHUAN = Options(region="sichuan")


def run(r: Rule, text: str, options: Options | None = None) -> list[Issue]:
    ev, issues = load_yaml_text(text, "t.yaml")
    assert ev is not None and not issues, issues
    return run_rules(ev, [r], options or Options())


def project(rows: str, extra: str = "") -> str:
    """A project whose funding rows start at line 8 (one row per line)."""
    return HEAD + "projects:\n  - name: 甲项目\n" + extra + "    funding:\n" + rows


def test_rules_have_unique_codes_and_docstrings():
    codes = [r.code for r in RULES]
    assert len(codes) == len(set(codes))
    assert all(r.check.__doc__ and "Failing example" in r.check.__doc__ for r in RULES)


# -- V-FUND-01 -------------------------------------------------------------------------------

SICHUAN_TABLE = """\
      - {source: 总额, initial: 100, adjusted: 100, executed: 95}
      - {source: 财政资金, initial: 60, adjusted: 60, executed: 60}
      - {source: 单位资金, initial: 30, adjusted: 40, executed: 35}
"""


def test_fund_01_total_differs_from_sources():
    (issue,) = run(check_funding_totals, project(SICHUAN_TABLE))
    assert issue.code == "V-FUND-01" and issue.severity is Severity.ERROR
    assert (issue.expected, issue.actual, issue.difference) == (90, 100, 10)
    assert issue.source.line == 7 and issue.source.path == "projects[0].funding[0].initial"
    assert "财政资金 60 + 单位资金 30 = 90" in issue.message


def test_fund_01_zero_total_above_filled_rows_is_an_error():
    rows = """\
      - {source: 年度资金总额, initial: 0, adjusted: 0, executed: 0}
      - {source: 财政拨款, initial: 12.5, adjusted: 12.5, executed: 12.3}
      - {source: 上年结转, initial: 0, adjusted: 0, executed: 0}
      - {source: 其他资金, initial: 0, adjusted: 0, executed: 0}
"""
    issues = run(check_funding_totals, project(rows))
    assert [i.expected for i in issues] == [Decimal("12.5"), Decimal("12.5"), Decimal("12.3")]
    assert all(i.actual == 0 and "为 0" in i.message for i in issues)
    assert issues[2].difference == Decimal("-12.3") and issues[2].source.line == 7


def test_fund_01_blank_total_is_reported():
    rows = "      - {source: 总额}\n      - {source: 财政资金, adjusted: 5}\n"
    (issue,) = run(check_funding_totals, project(rows))
    assert issue.actual is None and issue.expected == 5 and "未填写" in issue.message


def test_fund_01_passes_within_a_cent():
    rows = """\
      - {source: 总额, initial: 100, adjusted: 100.01, executed: 95}
      - {source: 财政资金, initial: 60, adjusted: 60, executed: 60}
      - {source: 单位资金, initial: 40, adjusted: 40, executed: 35}
"""
    assert run(check_funding_totals, project(rows)) == []


# -- V-FUND-02 -------------------------------------------------------------------------------


def test_fund_02_rate_printed_without_decimals_must_round_to_it():
    rows = "      - {source: 总额, adjusted: 80, executed: 79.988, rate: 99%}\n"
    (issue,) = run(check_execution_rates, project(rows))
    assert issue.code == "V-FUND-02"
    assert (issue.expected, issue.actual, issue.difference) == (
        Decimal("99.99"),
        Decimal("99"),
        Decimal("-0.99"),
    )
    assert issue.source.line == 7 and issue.source.path == "projects[0].funding[0].rate"


def test_fund_02_rate_at_printed_precision_passes():
    rows = "      - {source: 总额, adjusted: 1106.08, executed: 1100.08, rate: 99.5%}\n"
    assert run(check_execution_rates, project(rows)) == []


def test_fund_02_two_decimals_are_held_to_a_hundredth_point():
    rows = "      - {source: 总额, adjusted: 3, executed: 2, rate: 66.65%}\n"
    (issue,) = run(check_execution_rates, project(rows))
    assert issue.expected == Decimal("66.67") and issue.difference == Decimal("-0.02")
    ok = "      - {source: 总额, adjusted: 3, executed: 2, rate: 66.67%}\n"
    assert run(check_execution_rates, project(ok)) == []


def test_fund_02_project_narrative_and_department_rates():
    text = project(
        "      - {source: 总额, adjusted: 50, executed: 40}\n",
        extra="    execution_rate: 100%\n",
    )
    text += "funds:\n  adjusted: 1339.13\n  final: 1300\n  execution_rate: 100%\n"
    project_issue, dept_issue = run(check_execution_rates, text)
    assert project_issue.expected == 80 and project_issue.source.line == 6
    assert dept_issue.expected == Decimal("97.08") and dept_issue.actual == 100
    assert dept_issue.source.path == "funds.execution_rate" and dept_issue.source.line == 12


# -- V-FUND-03 / 04 --------------------------------------------------------------------------

LOW = "      - {source: 总额, initial: 100, adjusted: 100, executed: 80}\n"


def test_fund_03_low_execution_needs_a_reason_in_sichuan():
    (issue,) = run(check_low_execution_reason, project(LOW), SICHUAN)
    assert issue.code == "V-FUND-03" and issue.actual == Decimal("80.00")
    assert issue.expected == Decimal("90.00") and issue.source.line == 7
    assert run(check_low_execution_reason, project(LOW)) == []  # national: not required


def test_fund_03_reason_present_and_short_passes_too_long_fails():
    short = project(LOW, extra="    execution_reason: 项目延期至次年实施\n")
    assert run(check_low_execution_reason, short, SICHUAN) == []
    long = project(LOW, extra=f"    execution_reason: {'原因' * 60}\n")
    (issue,) = run(check_low_execution_reason, long, SICHUAN)
    assert (issue.expected, issue.actual, issue.difference) == (100, 120, 20)
    assert issue.source.line == 6


def test_fund_04_adjusted_budget_needs_a_reason_in_sichuan():
    rows = "      - {source: 总额, initial: 6, adjusted: 24.39, executed: 24.39}\n"
    (issue,) = run(check_adjustment_reason, project(rows), SICHUAN)
    assert issue.code == "V-FUND-04"
    assert (issue.expected, issue.actual, issue.difference) == (
        6,
        Decimal("24.39"),
        Decimal("18.39"),
    )
    assert issue.source.line == 7 and "追加 18.39" in issue.message
    with_reason = project(rows, extra="    adjustment_reason: 年中追加公用经费\n")
    assert run(check_adjustment_reason, with_reason, SICHUAN) == []
    assert run(check_adjustment_reason, project(rows)) == []


# -- V-FUND-05 / 06 --------------------------------------------------------------------------


def test_fund_05_over_execution_of_project_and_department():
    text = project("      - {source: 总额, adjusted: 50, executed: 55}\n")
    text += "funds:\n  adjusted: 100\n  final: 100.5\n"
    p, d = run(check_over_execution, text)
    assert (p.expected, p.actual, p.difference) == (50, 55, 5) and p.source.line == 7
    assert (d.expected, d.actual, d.difference) == (100, Decimal("100.5"), Decimal("0.5"))
    assert d.source.path == "funds.final" and d.severity is Severity.WARNING


def test_fund_05_passes_at_budget():
    text = project("      - {source: 总额, adjusted: 50, executed: 50}\n")
    assert run(check_over_execution, text + "funds:\n  adjusted: 9\n  final: 9\n") == []


def test_fund_06_zero_budget_needs_the_no_budget_flag():
    rows = "      - {source: 总额, initial: 0, adjusted: 0, executed: 0}\n"
    (issue,) = run(check_zero_budget, project(rows))
    assert issue.code == "V-FUND-06" and issue.actual == 0 and issue.source.line == 7
    assert run(check_zero_budget, project(rows, extra="    no_budget: true\n")) == []


# -- the printed-precision comparison --------------------------------------------------------


def stated(text: str) -> Decimal:
    parsed = parse_number(text)
    assert parsed is not None and parsed.percent
    return percent_to_fraction(parsed.value)  # what the loader does with "92.73%"


def test_printed_places_of_loaded_rates():
    places = {
        "99.5%": 1,
        "92.73%": 2,
        "100%": 0,
        "100.00%": 2,
        "90%": 0,
        "0.5%": 1,
        "7.27%": 2,
        "99.50%": 2,
        "4.40%": 2,
        "0%": 0,
        "0.00%": 2,
    }
    assert {k: printed_places(stated(k)) for k in places} == places


@given(
    st.decimals(min_value=0, max_value=2, places=6),
    st.integers(min_value=0, max_value=3),
)
def test_a_correctly_rounded_rate_always_matches(fraction, places):
    text = f"{round_half_up(fraction * HUNDRED, places)}%"
    assert rate_matches(stated(text), fraction, Options())


@given(
    st.decimals(min_value=0, max_value=2, places=6),
    st.integers(min_value=0, max_value=3),
)
def test_a_rate_two_units_off_never_matches(fraction, places):
    # two units in the printed place, and never less than twice the 0.01 pp floor
    step = max(2 * Decimal(1).scaleb(-places), Decimal("0.02"))
    off = round_half_up(fraction * HUNDRED, places) + step
    # The loader's division drops trailing zeros after other digits ("4.40%" reads as "4.4%"),
    # which only ever loosens the comparison (documented in printed_places).
    assume(not (places and str(off).endswith("0")))
    assert not rate_matches(stated(f"{off}%"), fraction, Options())
