"""The view model: figures computed and worded, placeholders, the 自评表 tables, the summary.

Small cases are built inline from the model; the helpers here (``small_evaluation``,
``model_figures``) are shared by the other render tests.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.model import (
    Assets,
    Breakdown,
    Evaluation,
    FundingRow,
    Funds,
    Indicator,
    Line,
    Project,
    Staffing,
    Unit,
)
from jixiao.number import fmt_amount, parse_number, round_half_up
from jixiao.render import RenderError, RenderOptions, make_view
from jixiao.render.department import merge
from jixiao.render.view import Heading, Paragraph, Table
from jixiao.render.wording import change, load_wording, money, percent
from jixiao.score import scheme_for, score_evaluation

D = Decimal


def small_evaluation(**changes: object) -> Evaluation:
    """A unit-year with every kind of figure, small enough to read in a test."""
    ev = Evaluation(
        unit=Unit(name="测试市某中心", region="四川省攀枝花市", parent="测试市人社局"),
        year=2021,
        staffing=Staffing(authorized=63, actual=57, retired=26, contract=13),
        assets=Assets(
            kind="行政单位国有资产",
            total=D("487.66"),
            items=(
                Line("流动资产", D("33.21"), prior=D("30.17")),
                Line("固定资产", D("16.64"), prior=D("32.64")),
                Line("受托代理资产", D("437.81"), prior=D("1536.84")),
            ),
        ),
        funds=Funds(
            initial=D("1106.08"),
            by_function=(
                Line("社会保障和就业支出", D("1025.72"), share=D("0.9273")),
                Line("住房保障支出", D("80.36"), share=D("0.0727")),
            ),
            basic=Line("基本支出", D("1100.08"), share=D("0.995")),
            project=Line("项目支出", D("6"), share=D("0.005")),
            personnel=Line("人员经费", D("959.67"), note="主要用于基本工资等。"),
            public=Line("公用经费", D("140.41"), note="主要用于办公费等。"),
            additions=Breakdown(
                total=D("55.63"),
                items=(Line("劳务费", D("37.24")), Line("业务运行费追加", D("18.39"))),
                text="2021年追加预算安排55.63万元，主要用于聘用人员经费。",
            ),
            adjusted=D("1339.13"),
            final=D("1339.13"),
        ),
        projects=(
            Project(
                name="业务运行费",
                funding=(
                    FundingRow("总额", D("6"), D("24.39"), D("24.39")),
                    FundingRow("财政资金", D("6"), D("24.39"), D("24.39")),
                ),
                indicators=(
                    Indicator(
                        "代缴率",
                        "产出指标",
                        "数量指标",
                        "=",
                        D("100"),
                        unit="%",
                        actual=D("100"),
                        weight=D("50"),
                    ),
                    Indicator(
                        "业务运行成本",
                        "产出指标",
                        "成本指标",
                        "≤",
                        D("24.39"),
                        unit="万元",
                        actual=D("24.39"),
                        weight=D("30"),
                    ),
                    Indicator(
                        "参保人员满意度",
                        "满意度指标",
                        "服务对象满意度指标",
                        "≥",
                        D("90"),
                        unit="%",
                        actual=D("88"),
                        weight=D("10"),
                    ),
                ),
            ),
        ),
        report={"conclusion": "全面完成年度目标。"},
    )
    return replace(ev, **changes)  # type: ignore[arg-type]


def texts(view_blocks: object) -> list[str]:
    return [b.lead + b.text for b in view_blocks if isinstance(b, Paragraph)]  # type: ignore[attr-defined]


def model_figures(ev: Evaluation) -> list[Decimal]:
    """Every primary figure of the model (amounts, counts, indicator values).

    Stated derived figures (shares, changes, rates, stated scores) are left out on purpose: the
    documents print the computed ones instead.
    """
    f, out = ev.funds, []
    s = ev.staffing
    out += [D(x) for x in (s.authorized, s.actual, s.retired, s.contract) if x is not None]
    out += [x.amount for x in ev.assets.items if x.amount is not None]
    out += [x.amount for x in f.by_function if x.amount is not None]
    out += [
        x.amount for x in (f.basic, f.project, f.personnel, f.public) if x and x.amount is not None
    ]
    for b in (f.additions, f.special, f.superior, f.other, f.reductions):
        out += [x.amount for x in b.items if x.amount is not None]
    out += [x for x in (f.adjusted, f.final) if x is not None]
    for p in ev.projects:
        for r in p.funding:
            out += [x for x in (r.initial, r.adjusted, r.executed) if x is not None]
        for i in p.indicators:
            out += [x for x in (i.target, i.actual) if x is not None]
    return [x for x in out if x != 0]


def test_shares_changes_and_totals_are_computed_and_worded() -> None:
    view = make_view(small_evaluation())
    body = "\n".join(texts(view.blocks))
    assert "社会保障和就业支出1025.72万元，占92.73%；住房保障支出80.36万元，占7.27%" in body
    # the stated 99.5% / 0.5% are not printed: the computed shares are
    assert "基本支出1100.08万元，占99.46%；项目支出6万元，占0.54%" in body
    assert "99.5%" not in body
    assert "流动资产33.21万元，较上年增长10.08%，占资产总额6.81%" in body
    assert "固定资产16.64万元，较上年下降49.02%" in body
    assert "调整预算数1339.13万元，决算数1339.13万元，执行率100%。" in body
    assert "我单位核定人员编制数63人。2021年末实有在编人员57人，退休人员26人。" in body


def test_total_printed_is_the_sum_of_its_parts_not_the_stated_total() -> None:
    ev = small_evaluation()
    funds = replace(ev.funds, additions=replace(ev.funds.additions, total=D("60.00")))
    body = "\n".join(texts(make_view(replace(ev, funds=funds)).blocks))
    assert "追加预算安排55.63万元。其中：劳务费37.24万元；业务运行费追加18.39万元。" in body
    assert "60" not in body


def test_narrative_restating_a_computed_figure_is_not_printed_twice() -> None:
    body = "\n".join(texts(make_view(small_evaluation()).blocks))
    assert body.count("55.63") == 1
    assert "主要用于聘用人员经费。" in body  # the narrative's own words stay


def test_merge_keeps_clauses_with_other_figures() -> None:
    out = merge(["执行率100%。"], "全额代缴养老保险费，代缴率100%。项目执行率100%。")
    assert out == ["执行率100%。", "全额代缴养老保险费，代缴率100%。"]


def test_missing_section_shows_a_placeholder_and_keeps_the_heading() -> None:
    view = make_view(small_evaluation(report={}))
    blocks = list(view.blocks)
    k = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and "自评结论" in b.text)
    after = blocks[k + 1]
    assert isinstance(after, Paragraph) and after.placeholder
    assert after.text == "【待填写：自评结论】"
    assert "自评结论" in view.placeholders


def test_present_section_has_no_placeholder() -> None:
    view = make_view(small_evaluation())
    assert "自评结论" not in view.placeholders
    assert "全面完成年度目标。" in texts(view.blocks)


def _cells(table: Table) -> list[str]:
    return [c.text for row in table.rows for c in row]


def test_selfeval_tables_carry_scores_and_computed_rates() -> None:
    ev = small_evaluation()
    scores = score_evaluation(ev, scheme_for(ev))
    view = make_view(ev)
    sheet = view.sheets[0]
    assert sheet.total == scores.projects[0].total
    for table in (sheet.national, sheet.sichuan):
        cells = _cells(table)
        assert "24.39" in cells and "100.00%" in cells
        assert fmt_amount(scores.projects[0].total) in cells
        assert "9.78" in cells  # 满意度 88 / 90 × 10
    assert "≥90%" in _cells(sheet.national)  # national: operator, value and unit together
    assert {"≥", "90", "%", "88"} <= set(_cells(sheet.sichuan))  # Sichuan: apart


def test_selfeval_table_grid_is_rectangular() -> None:
    ev = small_evaluation()
    for table in (make_view(ev).sheets[0].national, make_view(ev).sheets[0].sichuan):
        taken: dict[tuple[int, int], int] = {}
        for r, c, cell in table.placed():
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    assert (r + dr, c + dc) not in taken
                    taken[(r + dr, c + dc)] = 1
        assert all(c < table.columns for _, c in taken)
        assert len(taken) == len(table.rows) * table.columns


def test_summary_totals_equal_the_scorer() -> None:
    ev = small_evaluation()
    scores = score_evaluation(ev, scheme_for(ev))
    summary = make_view(ev).summary
    row = summary.rows[1]
    assert row[1].text == "业务运行费"
    assert row[5].value == scores.projects[0].total
    assert row[6].text == scores.projects[0].grade


def test_sichuan_sub_rows_sum_into_the_total_row() -> None:
    p = small_evaluation().projects[0]
    p = replace(
        p,
        funding=(
            FundingRow("总额", D("6"), D("99"), D("99")),  # stated total disagrees with its parts
            FundingRow("财政资金", D("6"), D("20"), D("20")),
            FundingRow("单位资金", None, D("4.39"), D("4.39")),
        ),
    )
    sheet = make_view(small_evaluation(projects=(p,))).sheets[0]
    assert "24.39" in _cells(sheet.sichuan) and "99.00" not in _cells(sheet.sichuan)


def test_unknown_layout_and_bad_wording_are_render_errors(tmp_path: Path) -> None:
    with pytest.raises(RenderError, match="版式"):
        make_view(small_evaluation(), RenderOptions(layout="martian"))
    bad = tmp_path / "w.yaml"
    bad.write_text("name: x\n", encoding="utf-8")
    with pytest.raises(RenderError, match="措辞模板"):
        load_wording(bad)


def test_wording_is_chosen_by_region() -> None:
    assert load_wording(None, "四川省攀枝花市", 2021).name.startswith("四川/攀枝花")


@given(st.decimals(min_value=D("0.0001"), max_value=D("100000"), places=4))
def test_money_and_percent_read_back(x: Decimal) -> None:
    parsed = parse_number(money(x))
    assert parsed is not None and parsed.value == round_half_up(x, 2)
    p = parse_number(percent(x / 100))
    assert p is not None and p.percent and p.value == round_half_up(x, 2)


@given(
    st.decimals(min_value=D("0.01"), max_value=D("99999"), places=2),
    st.decimals(min_value=D("0.01"), max_value=D("99999"), places=2),
)
def test_change_wording_direction(current: Decimal, prior: Decimal) -> None:
    text = change(current, prior)
    assert text is not None
    rate = round_half_up((current - prior) / prior * 100, 2)
    if rate > 0:
        assert text.startswith("较上年增长")
    elif rate < 0:
        assert text.startswith("较上年下降")
    else:
        assert text == "与上年持平"


def test_a_local_wording_file_changes_headings_and_sentences(tmp_path: Path) -> None:
    from jixiao.render.wording import WORDING_DIR

    text = (WORDING_DIR / "sichuan-panzhihua-2021.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "    - h1: 一、部门概况\n",
        "    - h1: 一、部门(单位)概况\n    - content: department_ratios\n",
    )
    text = text.replace(
        'share_item: "{name}{amount}万元，占{share}"', 'share_item: "{name}{amount}万元（{share}）"'
    )
    local = tmp_path / "local.yaml"
    local.write_text(text, encoding="utf-8")
    view = make_view(small_evaluation(), RenderOptions(wording=local))
    assert Heading(1, "一、部门(单位)概况") in view.blocks
    body = "\n".join(texts(view.blocks))
    assert "社会保障和就业支出1025.72万元（92.73%）" in body
    assert "在职人员控制率90.48%（在职人员数 / 编制数 = 57 / 63）。" in body


def test_an_unknown_content_key_is_a_render_error(tmp_path: Path) -> None:
    from jixiao.render.wording import WORDING_DIR

    text = (WORDING_DIR / "sichuan-panzhihua-2021.yaml").read_text(encoding="utf-8")
    local = tmp_path / "bad.yaml"
    local.write_text(text.replace("content: staffing", "content: staff"), encoding="utf-8")
    with pytest.raises(RenderError, match="content: staff"):
        make_view(small_evaluation(), RenderOptions(wording=local))


def test_execution_and_adjustment_reasons_are_stated_in_the_report(tmp_path) -> None:
    from dataclasses import replace

    from jixiao.load import load_evaluation
    from jixiao.render import RenderOptions, render

    ev, _ = load_evaluation(
        Path(__file__).resolve().parents[1] / "examples" / "panzhihua-2021" / "evaluation.yaml"
    )
    assert ev is not None
    p = replace(
        ev.projects[0], execution_reason="项目于12月才完成招标", adjustment_reason="年中追加"
    )
    ev = replace(ev, projects=(p, *ev.projects[1:]))
    out = tmp_path / "r.md"
    render(ev, "md", out, RenderOptions(layout="national"))
    text = out.read_text(encoding="utf-8")
    assert "预算执行偏差原因：项目于12月才完成招标" in text
    assert "预算调整原因：年中追加" in text


def test_a_local_wording_file_need_only_set_what_it_changes(tmp_path) -> None:
    import yaml

    from jixiao.render.wording import WORDING_DIR, load_wording

    data = yaml.safe_load((WORDING_DIR / "sichuan-panzhihua-2021.yaml").read_text(encoding="utf-8"))
    data["sentences"] = {"none": "无。"}
    local = tmp_path / "local.yaml"
    local.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    wording = load_wording(local)
    assert wording.say("none") == "无。"
    assert wording.say("project_adjustment_reason", reason="x") == "预算调整原因：x"


def test_goal_line_says_a_target_that_repeats_the_name_once() -> None:
    from jixiao.model import Indicator
    from jixiao.render.project import _goal_phrase

    same = Indicator(name="工作机制进一步完善", operator="定性", target_text="工作机制进一步完善")
    assert _goal_phrase(same) == "工作机制进一步完善"
    rate = Indicator(name="参保人员满意度", operator="≥", target=Decimal(90), unit="%")
    assert _goal_phrase(rate) == "参保人员满意度≥90%"
