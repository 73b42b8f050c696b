"""Properties of the scorer: scores within [0, weight], lines add up, total in [0, 100], no crash."""

from __future__ import annotations

from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.model import OPERATORS, FundingRow, Indicator, Project
from jixiao.score import list_schemes, load_scheme, score_project

SCHEMES = [load_scheme(n) for n in list_schemes()]
any_decimal = st.decimals(allow_nan=False, allow_infinity=False)
amount = st.one_of(st.none(), any_decimal)
weight = st.one_of(st.none(), st.decimals(min_value=-5, max_value=100, places=2))

indicators = st.builds(
    Indicator,
    name=st.just("指标"),
    level1=st.sampled_from(["产出指标", "效益指标", "满意度指标", "成本指标", ""]),
    operator=st.one_of(st.sampled_from(OPERATORS), st.just("约"), st.none()),
    target=amount,
    unit=st.sampled_from(["%", "万元", "元", "人"]),
    actual=amount,
    actual_unit=st.sampled_from(["%", "万元", "元", "人", ""]),
    actual_text=st.sampled_from(["", "完成", "达成"]),
    weight=weight,
    band=st.sampled_from([None, "A", "B", "C", "Z"]),
    coefficient=st.one_of(st.none(), st.decimals(min_value=-1, max_value=2, places=3)),
    deduction=st.one_of(st.none(), st.decimals(min_value=-5, max_value=50, places=2)),
    deduction_reason=st.sampled_from(["", "指标值偏低"]),
    not_applicable=st.booleans(),
)
rows = st.builds(
    FundingRow, source=st.just("总额"), initial=amount, adjusted=amount, executed=amount
)
projects = st.builds(
    Project,
    name=st.just("项目"),
    funding=st.lists(rows, max_size=1).map(tuple),
    no_budget=st.booleans(),
    indicators=st.lists(indicators, max_size=6).map(tuple),
)


@settings(max_examples=400, deadline=None)
@given(projects, st.sampled_from(SCHEMES))
def test_scores_stay_in_range_and_lines_add_up(project, scheme):
    ps = score_project(project, scheme)
    assert sum(ln.score for ln in ps.lines) == ps.total
    assert D(0) <= ps.total <= scheme.full_marks
    for ln in ps.lines:
        if ln.kind in ("indicator", "execution"):
            assert ln.weight is not None and D(0) <= ln.score <= max(ln.weight, D(0))
        elif ln.kind in ("deduction", "penalty", "cap"):
            assert ln.score <= 0
        assert ln.basis
    for index in range(len(project.indicators)):
        net = ps.indicator_score(index)
        assert net is not None and net >= 0
    assert ps.grade in {label for label, _ in scheme.grades}


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["≥", ">", "=", "≤", "<"]),
    st.decimals(min_value=0, max_value=10**6, places=4),
    st.decimals(min_value=0, max_value=10**6, places=4),
    st.decimals(min_value=D("0.01"), max_value=90, places=2),
)
def test_quantitative_score_is_monotone_in_the_right_direction(op, target, actual, w):
    """More completion never lowers a ≥ score; a larger actual never raises a ≤ score."""
    scheme = SCHEMES[0]

    def score(a: D) -> D:
        i = Indicator(
            "x", operator=op, target=target, unit="个", actual=a, actual_unit="个", weight=w
        )
        ps = score_project(
            Project("p", funding=(FundingRow("总额", D(1), D(1), D(1)),), indicators=(i,)), scheme
        )
        return ps.lines[1].score

    bigger = actual + 1
    if op in ("≥", ">"):
        assert score(bigger) >= score(actual)
    elif op in ("≤", "<"):
        assert score(bigger) <= score(actual)
    assert D(0) <= score(actual) <= w
