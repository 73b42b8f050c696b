"""Report rules: shares, the budget bridge, sums, cross-references, staffing, notes, ratios."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.issues import Issue, Severity
from jixiao.load import load_evaluation
from jixiao.load.evaluation_yaml import load_yaml_text
from jixiao.model import (
    Assets,
    Breakdown,
    Carryover,
    Evaluation,
    FundingRow,
    Funds,
    Line,
    Project,
    Staffing,
    Unit,
)
from jixiao.rules import Options, Rule, run_rules
from jixiao.rules import funds as funds_rules
from jixiao.rules import report as report_rules
from jixiao.rules.crossref import check_arrival, check_named_projects, check_project_items
from jixiao.rules.report import (
    check_breakdown_sums,
    check_budget_bridge,
    check_department_ratios,
    check_project_totals,
    check_required_notes,
    check_shares,
    check_staff_counts,
    check_staff_over,
    check_structure_sums,
)

HEAD = "unit:\n  name: 测试单位\nyear: 2021\n"
MINE = (*funds_rules.RULES, *report_rules.RULES)

# The figures of the Panzhihua 2021 seed report (rules.md §4.4), written the way a unit would.
SEED = """\
unit:
  name: 攀枝花市社会保险事务中心
year: 2021
staffing:
  authorized: 63
  actual: 57
  retired: 26
  contract: 13
assets:
  total: 487.66
  items:
    - {name: 流动资产, amount: 33.21, share: 6.81%, change: 增长10.07%}
    - {name: 固定资产（账面净值）, amount: 16.64, share: 3.41%, change: 下降49.03%}
    - {name: 受托代理资产, amount: 437.81, share: 89.78%, change: 下降71.51%}
funds:
  initial: 1106.08
  by_function:
    - {name: 社会保障和就业支出, amount: 1025.72, share: 92.73%}
    - {name: 住房保障支出, amount: 80.36, share: 7.27%}
  basic: {amount: 1100.08, share: 99.5%}
  project: {amount: 6, share: 0.5%}
  personnel: {amount: 959.67}
  public: {amount: 140.41}
  additions:
    total: 55.63
    items:
      - {name: 业务运行费追加, amount: 18.39, project: 业务运行费}
      - {name: 劳务费, amount: 37.24, project: 劳务费}
  special: {text: 无}
  superior:
    total: 36.74
    items:
      - {name: 省管森工企业离退休人员社会化管理经费, amount: 7.69}
      - {name: 社保公共服务能力建设资金, amount: 29.05}
  carryover: {ending: 0, text: 2021年末项目资金无结余}
  adjusted: 1339.13
  final: 1339.13
  execution_rate: 100%
  other_notes: 无
projects:
  - name: 劳务费
    funding:
      - {source: 总额, initial: 0, adjusted: 37.24, executed: 37.24, rate: 100%}
    arrived: 37.24
    arrival_rate: 100%
    execution_rate: 100%
  - name: 业务运行费
    funding:
      - {source: 总额, initial: 6, adjusted: 24.39, executed: 24.39, rate: 100%}
    arrived: 24.39
    arrival_rate: 100%
  - name: 省管森工企业离退休人员社会化管理经费
    funding:
      - {source: 总额, initial: 0, adjusted: 7.69, executed: 7.69}
    arrived: 7.69
  - name: 社保公共服务能力建设资金
    funding:
      - {source: 总额, initial: 0, adjusted: 29.05, executed: 29.05}
    arrival_rate: 100%
"""


def line_of(text: str, needle: str) -> int:
    """1-based number of the first line of ``text`` containing ``needle``."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def issues_of(rules: tuple[Rule, ...] | list[Rule], text: str) -> list[Issue]:
    ev, issues = load_yaml_text(text, "t.yaml")
    assert ev is not None and not issues, issues
    return run_rules(ev, rules, Options())


def run(r: Rule, text: str) -> list[Issue]:
    return issues_of([r], text)


def numbers(issue: Issue) -> tuple[object, object, object]:
    return issue.expected, issue.actual, issue.difference


# -- the seed --------------------------------------------------------------------------------


def assert_only_the_bridge_gap(found: list[Issue], line: int) -> None:
    serious = [i for i in found if i.severity is not Severity.INFO]
    assert [i.code for i in serious] == ["V-RPT-03"], [i.to_text() for i in serious]
    (gap,) = serious
    assert numbers(gap) == (Decimal("1198.45"), Decimal("1339.13"), Decimal("140.68"))
    assert gap.source.line == line and gap.source.path == "funds.adjusted"
    assert "年初 1106.08 + 追加 55.63 + 上级下达 36.74 = 1198.45" in gap.message
    assert "140.68 万元未说明来源" in gap.message


def test_seed_figures_report_the_140_68_gap_and_nothing_else():
    assert_only_the_bridge_gap(issues_of(MINE, SEED), line_of(SEED, "adjusted: 1339.13"))


EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "panzhihua-2021" / "evaluation.yaml"


def test_seed_example_file_reports_the_gap_and_no_false_alarm():
    ev, _ = load_evaluation(EXAMPLE)
    assert ev is not None
    found = run_rules(ev, MINE, Options())
    adjusted = ev.funds.meta.of("adjusted").line
    assert adjusted is not None
    assert_only_the_bridge_gap(found, adjusted)


# -- V-RPT-02 --------------------------------------------------------------------------------


def test_rpt_02_share_differs_from_amount_over_total():
    text = SEED.replace("amount: 1025.72, share: 92.73%", "amount: 1025.72, share: 92.37%")
    issue, total = run(check_shares, text)
    assert issue.code == "V-RPT-02"
    assert numbers(issue) == (Decimal("92.73"), Decimal("92.37"), Decimal("-0.36"))
    assert issue.source.line == line_of(SEED, "1025.72")
    assert issue.source.path == "funds.by_function[0].share"
    # 92.37% + 7.27% no longer adds up either
    assert numbers(total) == (100, Decimal("99.64"), Decimal("-0.36"))


def test_rpt_02_printed_precision_is_respected_and_too_coarse_is_not():
    assert run(check_shares, SEED) == []  # 99.5% for 99.46%, 0.5% for 0.54%
    text = HEAD + "funds:\n  initial: 1106.08\n  basic: {amount: 1100.08, share: 100%}\n"
    (issue,) = run(check_shares, text)
    assert numbers(issue) == (Decimal("99.46"), Decimal("100"), Decimal("0.54"))


def test_rpt_02_shares_must_sum_to_100():
    text = HEAD + "assets:\n  items:\n    - {name: 甲, share: 60%}\n    - {name: 乙, share: 30%}\n"
    (issue,) = run(check_shares, text)
    assert numbers(issue) == (100, 90, -10)
    assert issue.source.line == 6 and "60% + 30% = 90%" in issue.message


def test_rpt_02_year_on_year_change():
    item = "    - {name: 流动资产, amount: 33.21, prior: 30.17, change: %s}\n"
    good = HEAD + "assets:\n  items:\n" + item % "增长10.08%"
    assert run(check_shares, good) == []
    bad = HEAD + "assets:\n  items:\n" + item % "下降10.08%"
    (issue,) = run(check_shares, bad)
    assert numbers(issue) == (Decimal("10.08"), Decimal("-10.08"), Decimal("-20.16"))
    assert issue.source.path == "assets.items[0].change" and issue.source.line == 6


# -- V-RPT-03 --------------------------------------------------------------------------------


def test_rpt_03_bridge_with_reductions_and_carryover_passes():
    text = HEAD + (
        "funds:\n  initial: 100\n  additions: {total: 20}\n  reductions: {total: 5}\n"
        "  superior: {total: 3}\n  carryover: {prior: 2}\n  adjusted: 120\n"
    )
    assert run(check_budget_bridge, text) == []
    (issue,) = run(check_budget_bridge, text.replace("adjusted: 120", "adjusted: 110"))
    assert numbers(issue) == (120, 110, -10) and issue.source.line == 10
    assert "年初 100 + 追加 20 − 追减 5 + 上级下达 3 + 上年结转 2 = 120" in issue.message
    assert "未说明去向" in issue.message


# -- V-RPT-04 --------------------------------------------------------------------------------


def test_rpt_04_project_initials_sum_to_department_project_spending():
    assert run(check_project_totals, SEED) == []
    text = SEED.replace("initial: 0, adjusted: 7.69", "initial: 10, adjusted: 7.69")
    (issue,) = run(check_project_totals, text)
    assert numbers(issue) == (16, 6, -10)
    assert issue.source.path == "funds.project.amount"
    assert issue.source.line == line_of(SEED, "project: {amount: 6")


# -- V-SUM-01 / 02 ---------------------------------------------------------------------------


def test_sum_01_structure():
    assert run(check_structure_sums, SEED) == []
    text = SEED.replace("basic: {amount: 1100.08", "basic: {amount: 1100.80").replace(
        "amount: 80.36", "amount: 80.63"
    )
    basic, initial, functions = run(check_structure_sums, text)
    assert numbers(basic) == (Decimal("1100.08"), Decimal("1100.80"), Decimal("0.72"))
    assert (
        basic.source.line == line_of(SEED, "basic:")
        and "人员经费 959.67 + 公用经费 140.41" in basic.message
    )
    assert numbers(initial) == (Decimal("1106.80"), Decimal("1106.08"), Decimal("-0.72"))
    assert numbers(functions) == (Decimal("1106.35"), Decimal("1106.08"), Decimal("-0.27"))
    assert initial.source.line == functions.source.line == line_of(SEED, "initial: 1106.08")


def test_sum_02_breakdowns_and_assets():
    assert run(check_breakdown_sums, SEED) == []
    text = SEED.replace("amount: 37.24, project: 劳务费", "amount: 37.42, project: 劳务费")
    text = text.replace("total: 487.66", "total: 478.66")
    assets, additions = sorted(run(check_breakdown_sums, text), key=lambda i: i.source.line or 0)
    assert numbers(additions) == (Decimal("55.81"), Decimal("55.63"), Decimal("-0.18"))
    assert (
        additions.source.line == line_of(SEED, "total: 55.63")
        and additions.severity is Severity.WARNING
    )
    assert numbers(assets) == (Decimal("487.66"), Decimal("478.66"), Decimal("-9.00"))
    assert assets.source.line == line_of(SEED, "total: 487.66")


# -- V-XREF-01 / 02 / 03 ---------------------------------------------------------------------


def test_xref_01_item_naming_a_project_matches_its_table():
    assert run(check_project_items, SEED) == []
    text = SEED.replace("initial: 6, adjusted: 24.39", "initial: 6, adjusted: 25.39")
    (issue,) = run(check_project_items, text)
    assert numbers(issue) == (Decimal("19.39"), Decimal("18.39"), Decimal("-1.00"))
    assert issue.source.line == line_of(SEED, "业务运行费追加") and "业务运行费" in issue.message


def test_xref_01_matches_items_by_name_too():
    text = SEED.replace("amount: 29.05}\n  carryover", "amount: 28.05}\n  carryover")
    (issue,) = run(check_project_items, text)
    assert numbers(issue) == (Decimal("29.05"), Decimal("28.05"), Decimal("-1.00"))
    assert issue.source.line == line_of(SEED, "amount: 29.05}")


def test_xref_02_arrival():
    assert run(check_arrival, SEED) == []
    text = SEED.replace(
        "arrived: 37.24\n    arrival_rate: 100%", "arrived: 37.24\n    arrival_rate: 90%"
    )
    text = text.replace("arrived: 7.69", "arrived: 8.69")
    rate, over = run(check_arrival, text)
    assert numbers(rate) == (Decimal("100.00"), Decimal("90"), Decimal("-10.00"))
    assert rate.source.path == "projects[0].arrival_rate" and rate.source.line == line_of(
        SEED, "arrival_rate: 100%"
    )
    assert numbers(over) == (Decimal("7.69"), Decimal("8.69"), Decimal("1.00"))


def test_xref_03_named_project_must_exist():
    assert run(check_named_projects, SEED) == []
    (issue,) = run(check_named_projects, SEED.replace("project: 劳务费}", "project: 劳务费用}"))
    assert issue.code == "V-XREF-03" and issue.severity is Severity.ERROR
    assert issue.source.line == line_of(SEED, "project: 劳务费}")
    assert issue.source.path == "funds.additions.items[1].project"


# -- V-STAFF, V-NOTE, V-DEPT -----------------------------------------------------------------


def test_staff_counts_and_over_establishment():
    assert run(check_staff_counts, SEED) == [] and run(check_staff_over, SEED) == []
    (neg,) = run(check_staff_counts, SEED.replace("retired: 26", "retired: -26"))
    assert neg.actual == -26 and neg.source.line == line_of(SEED, "retired")
    (over,) = run(check_staff_over, SEED.replace("actual: 57", "actual: 65"))
    assert numbers(over) == (63, 65, 2) and over.source.line == line_of(SEED, "actual: 57")


def test_note_01_every_section_two_heading_says_something():
    assert run(check_required_notes, SEED) == []
    bare = HEAD + "funds:\n  initial: 10\n"
    found = run(check_required_notes, bare)
    assert [i.source.path for i in found] == [
        "funds.additions",
        "funds.special",
        "funds.other",
        "funds.other_notes",
    ]
    assert all(i.source.line == 5 and "无" in i.hint for i in found)
    assert run(check_required_notes, HEAD) == []  # no department section at all


def test_dept_01_ratios_are_information():
    found = {i.message.split(" ")[0]: i for i in run(check_department_ratios, SEED)}
    staff = found["在职人员控制率"]
    assert staff.severity is Severity.INFO and staff.actual == Decimal("90.48")
    assert "57 / 63" in staff.message and staff.source.line == line_of(SEED, "actual: 57")
    net = found["预算调整率（净变动，非2013口径）"]
    assert net.actual == Decimal("21.07") and "净变动" in net.message


def test_rpt_02_change_of_a_structure_line():
    text = HEAD + "funds:\n  basic: {amount: 110, prior: 100, change: 增长1%}\n"
    (issue,) = run(check_shares, text)
    assert numbers(issue) == (10, 1, -9) and issue.source.path == "funds.basic.change"
    assert run(check_shares, text.replace("增长1%", "增长10%")) == []


amounts = st.one_of(st.none(), st.decimals(min_value=-5, max_value=10**5, places=2))
rates = st.one_of(st.none(), st.decimals(min_value=-2, max_value=3, places=4))


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(amounts, amounts, amounts, rates), min_size=0, max_size=3),
    st.lists(st.tuples(amounts, rates, amounts, rates), min_size=0, max_size=3),
    st.tuples(amounts, amounts, amounts, amounts, rates),
    st.tuples(
        st.one_of(st.none(), st.integers(-3, 100)), st.one_of(st.none(), st.integers(-3, 100))
    ),
)
def test_no_figures_crash_a_rule(rows, lines, dept, staff):
    """Zeros, negatives, blanks and odd rates: every rule reports, none crashes (no X-RULE)."""
    initial, adjusted, final, ending, rate = dept
    items = tuple(Line(f"项{i}", a, s, c, p) for i, (a, s, p, c) in enumerate(lines))
    funding = tuple(FundingRow(f"来源{i}", *r) for i, r in enumerate(rows))
    ev = Evaluation(
        unit=Unit("单位"),
        year=2021,
        staffing=Staffing(authorized=staff[0], actual=staff[1]),
        assets=Assets(total=initial, items=items),
        funds=Funds(
            initial=initial,
            by_function=items,
            basic=items[0] if items else None,
            additions=Breakdown(adjusted, items),
            carryover=Carryover(prior=final, ending=ending),
            adjusted=adjusted,
            final=final,
            execution_rate=rate,
        ),
        projects=(
            Project("甲", funding=(FundingRow("总额", initial, adjusted, final, rate), *funding)),
        ),
    )
    found = run_rules(ev, MINE, Options(region="sichuan"))
    assert not [i for i in found if i.code == "X-RULE"], found
