"""Department ratios (rules.md §4.1): values, formulas with numbers, bases and zero denominators."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from jixiao.derive import Ratio, RatioOptions, department_ratios, make_ratio
from jixiao.load.evaluation_yaml import load_yaml_text
from jixiao.model import Evaluation

HEAD = "unit:\n  name: 测试单位\nyear: 2021\n"

# The Panzhihua 2021 figures (seed report, rules.md §4.4).
SEED = (
    HEAD
    + """\
staffing:
  authorized: 63
  actual: 57
funds:
  initial: 1106.08
  basic: {amount: 1100.08, share: 99.5%}
  project: {amount: 6, share: 0.5%}
  personnel: {amount: 959.67}
  public: {amount: 140.41}
  adjusted: 1339.13
  final: 1339.13
"""
)


def load(text: str) -> Evaluation:
    ev, issues = load_yaml_text(text, "t.yaml")
    assert ev is not None and not issues, issues
    return ev


def by_key(text: str, options: RatioOptions | None = None) -> dict[str, Ratio]:
    return {r.key: r for r in department_ratios(load(text), options)}


def test_seed_staff_control_is_90_48_with_formula_and_source():
    r = by_key(SEED)["staff_control"]
    assert r.display == "90.48%"
    assert r.formula == "在职人员数 / 编制数 = 57 / 63 = 90.48%"
    assert (r.numerator, r.denominator) == (57, 63)
    assert r.source.file == "t.yaml" and r.source.line == 6


def test_seed_completion_and_net_adjustment_labelled_as_net():
    ratios = by_key(SEED)
    assert ratios["budget_completion"].display == "100.00%"
    assert "调整预算数" in ratios["budget_completion"].note
    net = ratios["budget_adjustment_net"]
    assert net.display == "21.07%"
    assert net.numerator == Decimal("233.05")
    assert "净变动" in net.name and "不是" in net.note
    assert "budget_adjustment" not in ratios  # no ledger: no 2013 value is invented


def test_seed_structure_shares():
    ratios = by_key(SEED)
    assert ratios["basic_share"].display == "99.46%"
    assert ratios["project_share"].display == "0.54%"
    assert ratios["personnel_share"].display == "87.24%"
    assert ratios["public_share"].display == "12.76%"


def test_missing_inputs_give_no_ratio():
    assert department_ratios(load(HEAD)) == []
    assert "staff_control" not in by_key(HEAD + "staffing:\n  actual: 5\n")


LEDGER = (
    HEAD
    + """\
funds:
  initial: 1000
  adjusted: 1000
  adjustment_ledger:
    - {name: 追加业务费, amount: 50, kind: 追加}
    - {name: 追减设备费, amount: 50, kind: 追减}
    - {name: 政策性调资, amount: 200, kind: 追加, excluded: true}
"""
)


def test_ledger_adjustment_is_gross_and_skips_excluded():
    r = by_key(LEDGER)["budget_adjustment"]
    # +50 and −50 do not cancel (net change 0), the excluded 200 does not count.
    assert r.numerator == Decimal(100) and r.value == Decimal("0.1")
    assert r.formula.endswith("= （50 + 50） / 1000 = 10.00%")
    assert "2 笔计入，1 笔按规定剔除" in r.note
    assert r.source.line == 8
    assert "budget_adjustment_net" not in by_key(LEDGER)


MORE = (
    HEAD
    + """\
assets:
  fixed_in_use: 90
  fixed_total: 100
funds:
  initial: 200
  adjusted: 250
  final: 240
  project: {amount: 80}
  key_projects: 60
  public: {amount: 40}
  public_actual: 44
  carryover: {prior: 20, ending: 10}
  three_public: {budget: 9, actual: 8, prior_budget: 10, prior_actual: 12}
  procurement: {budget: 30, actual: 27}
"""
)


def test_all_framework_ratios_from_inputs():
    r = by_key(MORE)
    assert r["fixed_asset_use"].value == Decimal("0.9")
    assert r["key_spending"].value == Decimal("0.75")
    assert r["budget_completion"].value == Decimal("0.96")
    assert r["public_control"].value == Decimal("1.1")
    assert r["carryover_rate"].value == Decimal("0.04")  # 10 / 调整预算 250
    assert r["carryover_change"].value == Decimal("-0.5")
    assert r["carryover_change"].formula.startswith("（本年累计结转结余 − 上年累计结转结余）")
    assert r["three_public_change"].value == Decimal("-0.1")  # budget basis: (9−10)/10
    assert r["three_public_control"].value == Decimal(8) / Decimal(9)
    assert r["procurement_execution"].value == Decimal("0.9")


def test_bases_are_options():
    r = by_key(MORE, RatioOptions(carryover_basis="final", three_public_basis="actual"))
    assert r["carryover_rate"].value == Decimal(10) / Decimal(240)
    assert "本年支出完成数" in r["carryover_rate"].formula
    assert r["three_public_change"].value == Decimal("-4") / Decimal(12)
    assert "实际支出数" in r["three_public_change"].note


def test_zero_over_zero_is_not_applicable():
    text = HEAD + "funds:\n  three_public: {budget: 0, actual: 0, prior_budget: 0}\n"
    r = by_key(text)
    assert r["three_public_change"].value is None
    assert r["three_public_change"].display == "不适用"
    assert "不适用" in r["three_public_control"].note


def test_zero_denominator_with_numerator_asks_for_absolute_change():
    text = HEAD + "funds:\n  three_public: {budget: 5, prior_budget: 0}\n"
    r = by_key(text)["three_public_change"]
    assert r.value is None and r.display == "无法计算"
    assert "分母为0" in r.note and "5" in r.note


@given(
    st.decimals(min_value=0, max_value=10**6, places=2),
    st.decimals(min_value=0, max_value=10**6, places=2),
)
def test_make_ratio_never_crashes_and_matches_division(num, den):
    r = make_ratio("k", "n", num, den, "a / b", "≤ 100%")
    if den == 0:
        assert r.value is None and r.note
    else:
        assert r.value == num / den and r.formula.endswith("%")


def test_ratios_command_text_json_and_unreadable(tmp_path):
    import json
    import subprocess
    import sys

    path = tmp_path / "ev.yaml"
    path.write_text(SEED, encoding="utf-8")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        cmd = [sys.executable, "-m", "jixiao.cli", "ratios", *args]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=120)

    text = run(str(path))
    assert text.returncode == 0, text.stderr
    assert "在职人员控制率：90.48%　在职人员数 / 编制数 = 57 / 63 = 90.48%" in text.stdout
    data = json.loads(run("--format", "json", str(path)).stdout)
    (staff,) = [r for r in data["ratios"] if r["key"] == "staff_control"]
    assert staff["display"] == "90.48%" and staff["source"]["line"] == 6
    missing = run(str(tmp_path / "nope.yaml"))
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
