"""The one Issue type: its text form and its JSON form, each produced by one function."""

import json
from decimal import Decimal

from jixiao.issues import Issue, Severity, issues_to_json, json_value, sort_issues
from jixiao.source import Source


def _gap() -> Issue:
    return Issue(
        "V-RPT-03",
        Severity.WARNING,
        "调整预算数与其组成不符",
        Source("ev.yaml", 42, path="funds.adjusted"),
        expected=Decimal("1198.45"),
        actual=Decimal("1339.13"),
        difference=Decimal("140.68"),
        hint="请说明差额来源",
    )


def test_text_form_has_location_code_and_numbers():
    text = _gap().to_text()
    assert text.startswith("ev.yaml:42 [funds.adjusted]: warning V-RPT-03 ")
    assert "预期 1198.45" in text and "实际 1339.13" in text and "差额 140.68" in text
    assert text.endswith("请说明差额来源")


def test_text_form_for_excel_cells():
    issue = Issue(
        "L-NUM-01", Severity.ERROR, "不是数字", Source("a.xlsx", sheet="资金情况", cell="C7")
    )
    assert issue.to_text().startswith("a.xlsx:资金情况!C7: error L-NUM-01")


def test_json_form_is_the_public_shape():
    data = json.loads(issues_to_json([_gap()]))
    (item,) = data["issues"]
    assert set(item) >= {
        "code",
        "severity",
        "message",
        "source",
        "expected",
        "actual",
        "difference",
    }
    assert item["expected"] == 1198.45 and item["difference"] == 140.68
    assert item["source"] == {"file": "ev.yaml", "line": 42, "path": "funds.adjusted"}


def test_json_values_are_exact_numbers():
    assert json_value(Decimal("1339.13")) == 1339.13
    assert json_value(Decimal("100.00")) == 100
    assert isinstance(json_value(Decimal("100.00")), int)
    assert json_value(Decimal(1) / Decimal(3)) == 0.333333333333333


def test_sort_puts_errors_first_then_by_line():
    a = Issue("X", Severity.INFO, "i", Source("f", 1))
    b = Issue("Y", Severity.ERROR, "e", Source("f", 9))
    c = Issue("Z", Severity.ERROR, "e", Source("f", 3))
    assert [i.code for i in sort_issues([a, b, c])] == ["Z", "Y", "X"]


def test_sort_orders_cells_by_row_then_column():
    def at(cell: str) -> Issue:
        return Issue("X", Severity.ERROR, "e", Source("a.xlsx", sheet="资金情况", cell=cell))

    ordered = sort_issues([at("B10"), at("AA2"), at("C2"), at("B9")])
    assert [i.source.cell for i in ordered] == ["C2", "AA2", "B9", "B10"]
