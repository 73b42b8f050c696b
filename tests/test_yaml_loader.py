"""The YAML loader: every problem in a file is an issue with its code and line, never a crash;
and docs/format.md documents every key the loader reads and every code it reports."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.issues import Severity
from jixiao.load import load_evaluation
from jixiao.load.evaluation_yaml import load_yaml_text
from jixiao.load.yaml_nodes import MapReader

ROOT = Path(__file__).resolve().parent.parent
FORMAT_MD = ROOT / "docs" / "format.md"

HEAD = "year: 2021\nunit:\n  name: 某单位\n"


def load(text: str):
    return load_yaml_text(text, "t.yaml")


def only(issues, code):
    found = [i for i in issues if i.code == code]
    assert len(found) == 1, [i.to_text() for i in issues]
    return found[0]


# --- values as people write them --------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("1106.08", "1106.08"),
        ("1,234.56", "1234.56"),
        ("１２３４．５６", "1234.56"),
        ("37.24万元", "37.24"),
        ("372400元", "37.24"),
        ("0.5亿元", "5000"),
        ('"6"', "6"),
    ],
)
def test_amounts_are_read_in_wanyuan(written, expected):
    ev, issues = load(HEAD + f"funds:\n  initial: {written}\n")
    assert issues == []
    assert ev.funds.initial == Decimal(expected)


@pytest.mark.parametrize(
    ("written", "expected"),
    [("92.73%", "0.9273"), ("９２．７３％", "0.9273"), ("99.5%", "0.995"), ("100%", "1")],
)
def test_rates_are_read_as_fractions(written, expected):
    ev, issues = load(HEAD + f"funds:\n  execution_rate: {written}\n")
    assert issues == []
    assert ev.funds.execution_rate == Decimal(expected)


@pytest.mark.parametrize(
    ("written", "expected"),
    [("-49.03%", "-0.4903"), ("下降49.03%", "-0.4903"), ("增长10.07%", "0.1007")],
)
def test_a_change_may_say_up_or_down_in_words(written, expected):
    ev, issues = load(HEAD + f"assets:\n  items:\n    - name: 固定资产\n      change: {written}\n")
    assert issues == []
    assert ev.assets.items[0].change == Decimal(expected)


def test_a_bare_number_for_a_rate_is_an_error_at_its_line():
    ev, issues = load(HEAD + "funds:\n  initial: 1106.08\n  execution_rate: 92.73\n")
    issue = only(issues, "L-NUM-02")
    assert issue.severity is Severity.ERROR
    assert issue.source.line == 6
    assert issue.source.path == "funds.execution_rate"
    assert ev is not None and ev.funds.execution_rate is None
    assert ev.funds.initial == Decimal("1106.08")  # the rest is still read


@pytest.mark.parametrize("written", ["约100", "完成", "92.73%", "1,23", "12个", "[1, 2]"])
def test_a_non_numeric_amount_is_reported_at_its_line(written):
    _ev, issues = load(HEAD + f"funds:\n  adjusted: {written}\n")
    code = "L-TYPE-01" if written.startswith("[") else "L-NUM-01"
    issue = only(issues, code)
    assert issue.source.line == 5
    assert issue.source.path == "funds.adjusted"


def test_integers_accept_a_unit_but_not_a_fraction():
    ev, issues = load(HEAD + "staffing:\n  authorized: 63人\n  actual: 57.5\n")
    assert ev.staffing.authorized == 63
    assert only(issues, "L-NUM-01").source.line == 6


def test_indicator_values_keep_the_text_and_read_number_unit_and_operator():
    text = HEAD + (
        "projects:\n  - name: 劳务费\n    indicators:\n"
        "      - name: 满意度\n        target: ≥90%\n        actual: ≥90%\n"
        "      - name: 成本\n        operator: 不超过\n        target: 37.24万元\n        actual: 37.24\n"
    )
    ev, issues = load(text)
    assert issues == []
    sat, cost = ev.projects[0].indicators
    assert (sat.operator, sat.target, sat.unit, sat.target_text) == ("≥", 90, "%", "≥90%")
    assert sat.actual is None and sat.actual_text == "≥90%"  # restates the target (F02)
    assert (cost.operator, cost.target, cost.unit, cost.actual) == (
        "≤",
        Decimal("37.24"),
        "万元",
        Decimal("37.24"),
    )
    assert cost.actual_unit == "万元"


# --- keys -------------------------------------------------------------------------------------


def test_an_unknown_key_is_a_warning_with_a_suggestion():
    ev, issues = load(HEAD + "funds:\n  intial: 1106.08\n")
    issue = only(issues, "L-KEY-01")
    assert issue.severity is Severity.WARNING
    assert issue.source.line == 5
    assert "intial" in issue.message
    assert "initial" in issue.hint
    assert ev is not None


def test_an_unknown_section_key_is_reported_with_its_suggestion():
    _ev, issues = load(HEAD + "report:\n  conclusoin: 无\n")
    issue = only(issues, "L-KEY-01")
    assert issue.source.line == 5 and "conclusion" in issue.hint


def test_a_duplicate_key_is_an_error_at_the_second_one():
    ev, issues = load(HEAD + "funds:\n  initial: 1\n  initial: 2\n")
    issue = only(issues, "L-KEY-02")
    assert issue.source.line == 6
    assert ev.funds.initial == 1  # the first one is kept, as the message says


@pytest.mark.parametrize(
    ("text", "path", "line"),
    [
        ("unit:\n  name: 某单位\n", "year", 1),
        ("year:\nunit:\n  name: 某单位\n", "year", 1),
        ("year: 2021\nunit:\n  code: 1\n", "unit.name", 3),
        ('year: 2021\nunit:\n  name: ""\n', "unit.name", 3),
        (HEAD + "projects:\n  - code: X\n", "projects[0].name", 5),
        (
            HEAD + "funds:\n  adjustment_ledger:\n    - name: 追加\n",
            "funds.adjustment_ledger[0].amount",
            6,
        ),
    ],
)
def test_a_missing_or_empty_required_key_is_reported_where_it_belongs(text, path, line):
    _ev, issues = load(text)
    issue = only(issues, "L-REQ-01")
    assert issue.source.path == path
    assert issue.source.line == line


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (HEAD + "staffing: 63\n", 4),
        (HEAD + "goals:\n  name: 目标\n", 5),
        (HEAD + "goals:\n  - 目标\n", 5),
        ("year: 2021\nunit:\n  name: [a, b]\n", 3),
        (HEAD + "projects:\n  - name: p\n    no_budget: 也许\n", 6),
    ],
)
def test_a_value_of_the_wrong_shape_is_a_type_error(text, line):
    _ev, issues = load(text)
    assert only(issues, "L-TYPE-01").source.line == line


@pytest.mark.parametrize("year", ["-5", "21", "20210"])
def test_a_year_out_of_range_is_a_value_error(year):
    ev, issues = load(f"unit:\n  name: 某单位\nyear: {year}\n")
    assert ev is None
    issue = only(issues, "L-VAL-01")
    assert (issue.source.line, issue.source.path) == (3, "year")


def test_an_invalid_choice_is_a_value_error():
    _ev, issues = load(HEAD + "funds:\n  unit: 千元\n")
    assert only(issues, "L-VAL-01").source.path == "funds.unit"


# --- files ------------------------------------------------------------------------------------


def test_a_yaml_syntax_error_gives_its_line():
    ev, issues = load(HEAD + "funds:\n  initial: [1106.08\n  adjusted: 1\n")
    assert ev is None
    assert only(issues, "L-YAML-01").source.line is not None


def test_a_bad_indentation_gives_its_line():
    ev, issues = load("year: 2021\nunit:\n  name: 某单位\n   code: 1\n")
    assert ev is None
    assert only(issues, "L-YAML-01").source.line == 4


def test_a_control_character_gives_its_line():
    ev, issues = load(HEAD + "title: a\x07b\n")
    assert ev is None
    issue = only(issues, "L-YAML-01")
    assert issue.source.line == 4 and "U+0007" in issue.message


@pytest.mark.parametrize("text", ["", "\n\n", "# 只有注释\n"])
def test_an_empty_file(text):
    ev, issues = load(text)
    assert ev is None
    issue = only(issues, "L-YAML-02")
    assert issue.source.line == 1


def test_a_top_level_list_is_a_type_error():
    ev, issues = load("- year: 2021\n")
    assert ev is None
    assert only(issues, "L-TYPE-01").source.line == 1


def test_non_utf8_bytes_give_the_line(tmp_path):
    path = tmp_path / "gbk.yaml"
    path.write_bytes("year: 2021\nunit:\n  name: 攀枝花\n".encode("gbk"))
    ev, issues = load_evaluation(path)
    assert ev is None
    issue = only(issues, "L-FILE-02")
    assert issue.source.line == 3
    assert issue.source.file == str(path)


def test_a_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + HEAD.encode())
    ev, issues = load_evaluation(path)
    assert issues == [] and ev.unit.name == "某单位"


@pytest.mark.parametrize(
    ("name", "make"), [("missing.yaml", None), ("dir", "dir"), ("a.txt", "file")]
)
def test_files_that_cannot_be_read(tmp_path, name, make):
    path = tmp_path / name
    if make == "dir":
        path.mkdir()
    elif make == "file":
        path.write_text(HEAD, encoding="utf-8")
    ev, issues = load_evaluation(path)
    assert ev is None
    assert only(issues, "L-FILE-01").source.file == str(path)


def test_every_problem_in_a_file_is_reported_in_one_run():
    text = (
        HEAD
        + "funds:\n  initial: 约100\n  execution_rate: 92\n  intial: 1\nstaffing:\n  actual: x\n"
    )
    _ev, issues = load(text)
    assert sorted((i.code, i.source.line) for i in issues) == [
        ("L-KEY-01", 7),
        ("L-NUM-01", 5),
        ("L-NUM-01", 9),
        ("L-NUM-02", 6),
    ]


# --- nothing crashes --------------------------------------------------------------------------


@given(st.text())
@settings(max_examples=300)
def test_any_text_gives_issues_not_an_exception(text):
    ev, issues = load_yaml_text(text)
    assert ev is not None or issues


KEYS = ["year", "unit", "name", "funds", "initial", "items", "projects", "indicators", "target",
        "actual", "operator", "share", "change", "goals", "report", "funding", "evidence", "x"]  # fmt: skip
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.text(max_size=12),
    st.sampled_from(["92.73%", "1,234.56", "≥90%", "下降1%", "37.24万元", "", "~", "定性"]),
)
trees = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=6), children, max_size=5)
    ),
    max_leaves=30,
)


@given(st.dictionaries(st.sampled_from(KEYS), trees, max_size=6))
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_any_yaml_structure_gives_issues_not_an_exception(data):
    text = yaml.safe_dump(data, allow_unicode=True)
    ev, issues = load_yaml_text(text)
    assert ev is not None or issues


def test_anchors_and_aliases_do_not_explode():
    text = HEAD + "goals: &g\n  - name: a\n    indicators: &i [{name: x}, {name: y}]\n"
    text += "projects:\n" + "".join(f"  - {{name: p{n}, indicators: *i}}\n" for n in range(50))
    ev, issues = load(text)
    assert issues == [] and len(ev.projects) == 50


# --- the documentation ------------------------------------------------------------------------

# A file that opens every mapping and list the loader knows, so that it asks for every key.
SKELETON = """
unit: {}
staffing: {}
assets: {items: [{}]}
funds:
  by_function: [{}]
  basic: {}
  project: {}
  personnel: {}
  public: {}
  additions: {items: [{}]}
  reductions: {items: [{}]}
  special: {items: [{}]}
  superior: {items: [{}]}
  other: {items: [{}]}
  carryover: {}
  adjustment_ledger: [{}]
  three_public: {}
  procurement: {}
goals: [{indicators: [{}]}]
report: {}
publication: {}
projects: [{funding: [{}], goals: {}, sections: {}, indicators: [{}]}]
"""


def keys_read_by_the_loader(monkeypatch) -> set[str]:
    seen: set[str] = set()
    raw = MapReader.raw

    def spy(self, key):
        seen.add(re.sub(r"\[\d+\]", "[]", self._p(key)))
        return raw(self, key)

    monkeypatch.setattr(MapReader, "raw", spy)
    load_yaml_text(SKELETON)
    return seen


def keys_documented() -> set[str]:
    """`path.key` for every table row under a heading that names its paths in backticks."""
    documented: set[str] = set()
    paths: list[str] = []
    for line in FORMAT_MD.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            paths = re.findall(r"`([^`]+)`", line)
        elif line.startswith("| `") and paths:
            key = re.match(r"\| `([^`]+)`", line).group(1)
            documented.update(key if p == "<root>" else f"{p}.{key}" for p in paths)
    return documented


def test_every_key_the_loader_reads_is_documented(monkeypatch):
    read = keys_read_by_the_loader(monkeypatch)
    assert len(read) > 150
    assert sorted(read - keys_documented()) == []


def test_every_documented_key_is_read_by_the_loader(monkeypatch):
    documented = {k for k in keys_documented() if not k.startswith("L-")}
    assert sorted(documented - keys_read_by_the_loader(monkeypatch)) == []


def test_every_loader_issue_code_is_documented():
    codes = set()
    for path in (ROOT / "src" / "jixiao" / "load").glob("*.py"):
        codes |= set(re.findall(r'"(L-[A-Z]+-\d+)"', path.read_text(encoding="utf-8")))
    assert codes
    doc = FORMAT_MD.read_text(encoding="utf-8")
    assert sorted(c for c in codes if f"`{c}`" not in doc) == []


def test_the_example_in_format_md_loads_cleanly():
    doc = FORMAT_MD.read_text(encoding="utf-8")
    section = doc[doc.index("## 3.") :]
    example = re.search(r"```yaml\n(.*?)```", section, re.S).group(1)
    ev, issues = load(example)
    assert issues == []
    assert ev.funds.additions.items[0].amount == Decimal("3.72")
    assert ev.projects[0].indicators[1].operator == "≥"
