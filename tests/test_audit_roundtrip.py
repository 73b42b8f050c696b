"""The audit on documents it has never seen: unit-years whose every figure we know, rendered by
jixiao.render to DOCX, XLSX, PDF and Markdown (audited as text), then audited.

The model is the answer key: kind, unit, year, the standard figures and every indicator row
(target, actual, weight, and jixiao.score's score) must come back, and an internally consistent
document must raise no error. Then faults are injected into the rendered files (the DOCX XML,
the text, the workbook cells; never the model) and each must be reported with its code, its
numbers and its place.
"""

from __future__ import annotations

import random
import re
import shutil
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from docx import Document as DocxDocument
from docx.oxml.ns import qn
from docx.table import _Cell

from jixiao.audit.facts import Fact, project_title
from jixiao.audit.run import DocumentResult, audit_file, indicator_dict
from jixiao.audit.stream import fold
from jixiao.issues import Issue, Severity
from jixiao.load import load_evaluation
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
from jixiao.number import round_half_up
from jixiao.render import RenderOptions, render, score_for

D = Decimal
ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "panzhihua-2021" / "evaluation.yaml"

# ---------------------------------------------------------------------------------------------
# Synthetic unit-years: other units, years, amounts, 1–4 projects of 3–8 weighted indicators.

CITIES = ("绵阳", "德阳", "宜宾", "南充", "泸州", "乐山", "遂宁", "达州")
DEPTS = ("教育局", "交通运输局", "农业农村局", "文化广电旅游局", "水务局", "林业局", "统计局")
PROJECTS = (
    "农村公路养护经费",
    "义务教育营养改善补助",
    "文物保护专项资金",
    "防汛抗旱经费",
    "森林防火专项经费",
    "统计调查业务经费",
    "档案数字化建设经费",
    "乡村振兴示范村建设资金",
    "2021年中央财政衔接推进乡村振兴补助资金（第二批）",
    "城乡居民基本医疗保险补助",
)
QUANTITATIVE = (
    ("培训人次", "人次", "≥"),
    ("建设里程", "公里", "≥"),
    ("覆盖村数", "个", "≥"),
    ("项目完成率", "%", "="),
    ("资金拨付及时率", "%", "≥"),
    ("单位成本", "万元", "≤"),
    ("办理时限", "天", "≤"),
    ("验收合格率", "%", "≥"),
    ("人均补助标准", "元/人", "="),
    ("年服务人次", "万人次", "≥"),
)
QUALITATIVE = ("工作机制进一步完善", "群众生活条件明显改善", "生态环境持续向好")
LEVEL1 = ("产出指标", "效益指标", "满意度指标")
POINTS = {"产出指标": D(50), "效益指标": D(30), "满意度指标": D(10)}


def _money(rng: random.Random, low: int, high: int) -> Decimal:
    return D(rng.randint(low * 100, high * 100)) / 100


def _split(total: Decimal, n: int) -> list[Decimal]:
    """Equal weights at two places, the last taking the remainder (as a unit would)."""
    part = round_half_up(total / n, 2)
    return [part] * (n - 1) + [total - part * (n - 1)]


def _quantitative(
    rng: random.Random, level1: str, weight: Decimal, used: set[str], money: Decimal
) -> Indicator:
    name, unit, op = rng.choice([q for q in QUANTITATIVE if q[0] not in used])
    used.add(name)
    if unit == "%":
        target = D(100) if op == "=" else D(rng.choice([90, 95, 98]))
        actual = (
            target - rng.choice([0, 0, 0, 4])
            if op == "="
            else min(D(100), target + rng.choice([0, 1, 2, -5]))
        )
    elif unit == "万元":
        target = round_half_up(money / rng.randint(2, 5), 2)
        actual = target - rng.choice([D(0), D("0.5")])
    elif unit == "万人次":  # a target with decimals
        target = D(rng.randint(5, 400)) / 10
        actual = target + rng.choice([D(0), D("0.3"), D("-0.2")])
    elif unit == "元/人":
        target = D(rng.choice([100, 150, 880]))
        actual = target
    else:
        target = D(rng.randint(5, 400))
        more = rng.choice([D(0), D(0), D(3), D(-2), target // 2])  # half again: over-completion
        late = rng.choice([D(0), D(0), D(1), -target // 5])  # a deadline missed by a fifth
        actual = target + more if op == "≥" else target - late
    level2 = {"%": "质量指标", "万元": "成本指标", "天": "时效指标"}.get(unit, "数量指标")
    short = actual < target if op in ("≥", "=") else actual > target
    return Indicator(
        name,
        level1,
        "社会效益指标" if level1 == "效益指标" else level2,
        op,
        target,
        unit=unit,
        actual=actual,
        weight=weight,
        deviation_reason="受天气影响部分任务延后" if short else "",
    )


def _indicators(rng: random.Random, n: int, money: Decimal) -> tuple[Indicator, ...]:
    extra = [rng.choice(["产出指标", "产出指标", "效益指标"]) for _ in range(n - 3)]
    levels = sorted([*LEVEL1, *extra], key=LEVEL1.index)
    weights = {g: _split(POINTS[g], levels.count(g)) for g in LEVEL1}
    out: list[Indicator] = []
    used: set[str] = set()
    for level1 in levels:
        weight = weights[level1].pop(0)
        if level1 == "满意度指标":
            target = D(rng.choice([85, 90, 95]))
            actual = target + rng.choice([0, 1, 3, -2])
            reason = "" if actual >= target else "个别群众对办理时限不满意"
            out.append(
                Indicator(
                    "服务对象满意度",
                    level1,
                    "服务对象满意度指标",
                    "≥",
                    target,
                    unit="%",
                    actual=actual,
                    weight=weight,
                    deviation_reason=reason,
                )
            )
        elif level1 == "效益指标" and rng.random() < 0.4:
            text = rng.choice(QUALITATIVE)
            band = rng.choice("AAB")
            out.append(
                Indicator(
                    text,
                    level1,
                    "社会效益指标",
                    "定性",
                    target_text=text,
                    actual_text="达成年度指标" if band == "A" else "部分达成年度指标",
                    band=band,
                    weight=weight,
                    deviation_reason="" if band == "A" else "部分乡镇工作推进较慢",
                )
            )
        else:
            out.append(_quantitative(rng, level1, weight, used, money))
    return tuple(out)


def _unit_name(rng: random.Random, city: str) -> str:
    return rng.choice(
        (
            f"{city}市{rng.choice(DEPTS)}",
            f"中共{city}市委组织部",
            f"{city}市第一人民医院",
            f"{city}市{rng.choice(DEPTS)}（{city}市档案馆）",
        )
    )


def _funding(rng: random.Random, initial: Decimal, adjusted: Decimal) -> tuple[FundingRow, ...]:
    """总额 and its sources; sometimes part of the money is the unit's own (其他资金), and
    sometimes under 90% is spent (with its reason on the project)."""
    low = rng.random() < 0.2
    rate = D(rng.randint(80, 89) if low else rng.choice([100, 100, rng.randint(91, 99)])) / 100
    executed = round_half_up(adjusted * rate, 2)
    if rng.random() < 0.5:
        return (
            FundingRow("总额", initial, adjusted, executed),
            FundingRow("财政资金", initial, adjusted, executed),
        )
    own = round_half_up(adjusted / rng.randint(3, 6), 2)
    own_spent = round_half_up(own * rate, 2)
    own_initial = min(own, initial)
    return (
        FundingRow("总额", initial, adjusted, executed),
        FundingRow("财政资金", initial - own_initial, adjusted - own, executed - own_spent),
        FundingRow("其他资金", own_initial, own, own_spent),
    )


def synthetic(seed: int) -> Evaluation:
    """A consistent unit-year: parts add up, the budget bridge holds, low rates are explained."""
    rng = random.Random(seed)
    city = rng.choice(CITIES)
    name = _unit_name(rng, city)
    personnel, public = _money(rng, 200, 3000), _money(rng, 20, 400)
    projects, additions = [], []
    project_initial = D(0)
    for k, title in enumerate(rng.sample(PROJECTS, rng.choice([1, 2, 3, 4, 6]))):
        initial = _money(rng, 5, 300)
        extra = _money(rng, 1, 80) if rng.random() < 0.5 else D(0)
        adjusted = initial + extra
        project_initial += initial
        if extra:
            additions.append(Line(title, extra, project=title))
        funding = _funding(rng, initial, adjusted)
        executed = funding[0].executed
        assert executed is not None
        projects.append(
            Project(
                title,
                attachment=k + 1,
                implementer=name,
                funding=funding,
                execution_reason="部分工程款未到结算期" if executed < adjusted * D("0.9") else "",
                adjustment_reason="年中追加预算" if extra else "",
                indicators=_indicators(rng, rng.randint(3, 8), adjusted),
            )
        )
    superior = _money(rng, 10, 200)
    initial = personnel + public + project_initial
    added = sum((a.amount for a in additions if a.amount is not None), D(0))
    adjusted = initial + added + superior
    first = round_half_up(initial * rng.randint(60, 95) / 100, 2)
    assets = [_money(rng, 10, 2000) for _ in range(rng.randint(2, 3))]
    authorized = rng.randint(20, 300)
    return Evaluation(
        unit=Unit(name=name, region=f"四川省{city}市", parent=f"{city}市人民政府"),
        year=rng.randint(2019, 2023),
        staffing=Staffing(
            authorized=authorized,
            actual=rng.randint(authorized // 2, authorized),
            retired=rng.randint(0, 50),
        ),
        assets=Assets(
            kind="行政单位国有资产",
            total=sum(assets, D(0)),
            items=tuple(
                Line(n, a)
                for n, a in zip(("流动资产", "固定资产", "无形资产"), assets, strict=False)
            ),
        ),
        funds=Funds(
            initial=initial,
            by_function=(Line("一般公共服务支出", first), Line("农林水支出", initial - first)),
            basic=Line("基本支出", personnel + public),
            project=Line("项目支出", project_initial),
            personnel=Line("人员经费", personnel),
            public=Line("公用经费", public),
            additions=Breakdown(total=added, items=tuple(additions)) if additions else Breakdown(),
            superior=Breakdown(total=superior, items=(Line("省级专项资金", superior),)),
            adjusted=adjusted,
            final=round_half_up(adjusted * rng.randint(920, 1000) / 1000, 2),
        ),
        projects=tuple(projects),
        report={"conclusion": "全面完成年度目标。"},
    )


# ---------------------------------------------------------------------------------------------
# Rendering and the answer key.


def rendered(ev: Evaluation, fmt: str, layout: str, folder: Path) -> Path:
    """The document as a reader gets it; Markdown is audited as the .txt it would be saved as."""
    out = folder / f"{layout}.{fmt}"
    render(ev, fmt, out, RenderOptions(layout=layout))
    if fmt == "md":
        text = out.with_suffix(".txt")
        shutil.copy(out, text)
        return text
    return out


def errors(result: DocumentResult) -> list[Issue]:
    return [i for i in result.issues if i.severity is Severity.ERROR]


def stated(result: DocumentResult, key: str, unit: str = "万元") -> Fact:
    """The department's own figure: stated in the narrative, not a project's, in ``unit``."""
    found = [
        f
        for f in result.facts
        if f.key == key and f.origin == "text" and not f.subject and f.unit == unit
    ]
    assert found, f"{key} not extracted"
    return found[0]


def expected_facts(ev: Evaluation) -> dict[str, tuple[Decimal, str]]:
    f, s = ev.funds, ev.staffing
    assert f.adjusted and f.final is not None and f.basic and f.project
    assert f.personnel and f.public and ev.assets.total is not None
    out = {
        "年初预算": (f.initial, "万元"),
        "调整后预算": (f.adjusted, "万元"),
        "执行数": (f.final, "万元"),
        "预算执行率": (round_half_up(f.final / f.adjusted * 100, 2), "%"),
        "编制数": (D(s.authorized or 0), "人"),
        "实有人数": (D(s.actual or 0), "人"),
        "资产总额": (ev.assets.total, "万元"),
        "基本支出": (f.basic.amount, "万元"),
        "项目支出": (f.project.amount, "万元"),
        "人员经费": (f.personnel.amount, "万元"),
        "公用经费": (f.public.amount, "万元"),
        "上级下达": (f.superior.total, "万元"),
    }
    if f.additions.total:
        out["追加预算"] = (f.additions.total, "万元")
    return {k: (D(v), u) for k, (v, u) in out.items() if v is not None}


def assert_rates_equal(printed: Decimal, exact: Decimal) -> None:
    """A rate printed with fewer places (96.4 for 96.40) is the same figure."""
    places = -int(printed.as_tuple().exponent)
    assert printed == exact or round_half_up(exact, places) == printed


def assert_department_facts(result: DocumentResult, ev: Evaluation) -> None:
    for key, (value, unit) in expected_facts(ev).items():
        got = stated(result, key, unit).value
        if unit == "%":
            assert_rates_equal(got, value)
        else:
            assert got == value, (key, got, value)
    # A project report's "全年预算数…执行数…" belongs to its project, never to the unit.
    for f in result.facts:
        if f.key in ("调整后预算", "执行数") and f.origin == "text" and not f.subject:
            assert f.value == expected_facts(ev)[f.key][0], (f.key, f.value, str(f.source))


def assert_project_funds(result: DocumentResult, ev: Evaluation) -> None:
    """Each project's 自评表 gives its 总额 row: 年初, 全年预算, 执行数, and the computed rate."""
    for project in ev.projects:
        total = project.funding[0]
        assert total.adjusted and total.executed is not None
        want = {
            "年初预算": total.initial,
            "调整后预算": total.adjusted,
            "执行数": total.executed,
            "预算执行率": round_half_up(total.executed / total.adjusted * 100, 2),
        }
        facts = [
            f
            for f in result.facts
            if f.origin == "table"
            and f.subject == fold(project.name)
            and f.project in ("", fold(project.name))
        ]
        for key, value in want.items():
            got = [f.value for f in facts if f.key == key]
            assert got, (project.name, key)
            assert got[0] == value, (project.name, key, got[0], value)


def assert_indicator_rows(result: DocumentResult, ev: Evaluation) -> None:
    """Every indicator row, in order, with the model's target/actual/weight and the engine's score."""
    scores = {p.name: p for p in score_for(ev).projects}
    want = []
    for project in ev.projects:
        lines = [ln for ln in scores[project.name].lines if ln.index is not None]
        by_index = {ln.index: ln for ln in lines}
        for k, ind in enumerate(project.indicators):
            want.append((ind, by_index[k].score))
    rows = [indicator_dict(r) for r, _ in result.indicators]
    assert len(rows) == len(want)
    for row, (ind, score) in zip(rows, want, strict=True):
        assert row["name"] == fold(ind.name)  # names are reported NFKC-folded: （ → (
        assert row["level1"] == ind.level1
        assert D(str(row["weight"])) == ind.weight
        assert D(str(row["score"])) == round_half_up(score, 2), (ind.name, row["score"], score)
        if ind.target is not None:
            assert D(str(row["target"])) == ind.target
            assert D(str(row["actual"])) == ind.actual
            assert row["operator"] == ind.operator
        else:
            assert row["actual"] == ind.actual_text


def expected_warnings(ev: Evaluation, layout: str) -> list[str]:
    """The warnings the rendered document really deserves.

    A project spending under 90% gives its reason in the Sichuan form's 原因 column; the national
    form has no such column and the rendered report does not print the reason elsewhere, so the
    document really lacks it (A-REQ-01), once per such project.
    """
    if layout != "national":
        return []
    low = [
        p
        for p in ev.projects
        if p.funding[0].adjusted and (p.funding[0].executed or 0) < p.funding[0].adjusted * D("0.9")
    ]
    return ["A-REQ-01"] * len(low)


def warnings(result: DocumentResult) -> list[str]:
    """Warnings about the figures; a rendered draft's 【待填写：…】 gaps (A-TXT-05) are counted apart."""
    return sorted(
        i.code for i in result.issues if i.severity is Severity.WARNING and i.code != "A-TXT-05"
    )


# ---------------------------------------------------------------------------------------------
# Consistent documents: everything comes back, no error.

SEEDS = (*range(8), 28)  # 28: a long project name, wrapped in its report's title in Word


@pytest.mark.parametrize("layout", ["national", "sichuan"])
@pytest.mark.parametrize("fmt", ["docx", "md", "html"])
@pytest.mark.parametrize("seed", SEEDS)
def test_report_round_trip(seed: int, fmt: str, layout: str, tmp_path: Path) -> None:
    ev = synthetic(seed)
    result = audit_file(rendered(ev, fmt, layout, tmp_path))
    assert result.error is None
    assert (result.kind, result.unit, result.year) == ("dept_report", ev.unit.name, ev.year)
    assert_department_facts(result, ev)
    assert_project_funds(result, ev)
    assert_indicator_rows(result, ev)
    assert errors(result) == []
    assert warnings(result) == expected_warnings(ev, layout)


@pytest.mark.parametrize("layout", ["national", "sichuan"])
@pytest.mark.parametrize("seed", SEEDS)
def test_workbook_round_trip(seed: int, layout: str, tmp_path: Path) -> None:
    ev = synthetic(seed)
    result = audit_file(rendered(ev, "xlsx", layout, tmp_path))
    assert result.error is None
    assert (result.kind, result.unit, result.year) == ("project_table", ev.unit.name, ev.year)
    assert_project_funds(result, ev)
    assert_indicator_rows(result, ev)
    assert errors(result) == []
    assert warnings(result) == expected_warnings(ev, layout)


def copied_as_text(docx: Path) -> Path:
    """The report as a person gets it by copying Word into a text file: one line per paragraph,
    one line per table row with its cells separated by tabs (a merged cell once)."""
    body = DocxDocument(str(docx)).element.body
    lines = []
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            lines.append("".join(t.text or "" for t in child.iter(qn("w:t"))))
        elif child.tag == qn("w:tbl"):
            for tr in child.iter(qn("w:tr")):
                cells = (
                    "".join(t.text or "" for t in tc.iter(qn("w:t"))) for tc in tr.iter(qn("w:tc"))
                )
                lines.append("\t".join(cells))
    out = docx.with_suffix(".txt")
    out.write_text("\n".join(lines), encoding="utf-8")
    return out


@pytest.mark.parametrize("layout", ["national", "sichuan"])
@pytest.mark.parametrize("seed", SEEDS)
def test_tab_separated_copy_round_trip(seed: int, layout: str, tmp_path: Path) -> None:
    ev = synthetic(seed)
    result = audit_file(copied_as_text(rendered(ev, "docx", layout, tmp_path)))
    assert (result.kind, result.unit, result.year) == ("dept_report", ev.unit.name, ev.year)
    assert_department_facts(result, ev)
    assert_project_funds(result, ev)
    assert_indicator_rows(result, ev)
    assert errors(result) == []
    assert warnings(result) == expected_warnings(ev, layout)


def test_reason_closing_a_tab_separated_row_is_its_reason(tmp_path: Path) -> None:
    """The last cell of a row's line is its 原因, whatever its wording; an empty one is not."""
    header = "一级指标\t二级指标\t三级指标\t指标性质\t指标值\t度量单位\t完成值\t权重\t得分\t未完成原因分析"
    rows = [
        "产出指标\t数量指标\t建设里程\t≥\t100\t公里\t90\t50\t45.00\t征地拆迁延后",
        "\t质量指标\t验收合格率\t≥\t95\t%\t90\t40\t37.89\t",
    ]
    path = tmp_path / "form.txt"
    path.write_text("\n".join(["项目支出绩效自评表", header, *rows]), encoding="utf-8")
    result = audit_file(path)
    got = [indicator_dict(r) for r, _ in result.indicators]
    assert [(r["name"], r["reason"]) for r in got] == [
        ("建设里程", "征地拆迁延后"),
        ("验收合格率", ""),
    ]
    missing = [i for i in result.issues if i.code == "A-REQ-02"]
    assert len(missing) == 1 and missing[0].source.line == 4


def test_pdf_round_trip(tmp_path: Path) -> None:
    if not shutil.which("soffice"):
        pytest.fail("soffice is needed for PDF (scripts/setup-system.sh installs it)")
    ev = synthetic(3)
    result = audit_file(rendered(ev, "pdf", "sichuan", tmp_path))
    assert result.error is None
    assert (result.kind, result.unit, result.year) == ("dept_report", ev.unit.name, ev.year)
    assert_department_facts(result, ev)
    assert_project_funds(result, ev)
    assert_indicator_rows(result, ev)
    assert errors(result) == []
    assert warnings(result) == []


# The example keeps the faults of the published document it transcribes: actual values missing
# or copied from the target, a quantitative actual in words, targets without an operator, and a
# 调整预算数 that its parts do not explain. Those, and only those, may be reported.
EXAMPLE_FAULTS = {"A-IND-01", "A-IND-02", "A-IND-03", "A-IND-06", "A-SCORE-01"}
# A-TXT-05: the draft's 【待填写：…】 gaps (the seed names no 主管部门, no 项目年度目标 …).
EXAMPLE_WARNINGS = {"A-REQ-02", "A-REQ-03", "A-OUT-01", "V-RPT-03", "A-TXT-05"}


@pytest.mark.parametrize("fmt", ["docx", "md", "xlsx", "html"])
@pytest.mark.parametrize("layout", ["national", "sichuan"])
def test_example_round_trip(fmt: str, layout: str, tmp_path: Path) -> None:
    ev, _issues = load_evaluation(EXAMPLE)
    assert ev is not None
    result = audit_file(rendered(ev, fmt, layout, tmp_path))
    assert result.unit == ev.unit.name and result.year == ev.year
    if fmt != "xlsx":
        assert_department_facts(result, ev)
    assert_project_funds(result, ev)
    assert {i.code for i in errors(result)} <= EXAMPLE_FAULTS
    warned = {i.code for i in result.issues if i.severity is Severity.WARNING}
    assert warned <= EXAMPLE_WARNINGS
    # A-SCORE-01 / A-IND-03 are exactly the numeric targets printed without an operator: the
    # engine cannot score them (0 points on the form), the national form shows the target met.
    unscored = [
        i.name
        for p in ev.projects
        for i in p.indicators
        if i.operator is None and i.target is not None and i.actual is not None
    ]
    scored = [i for i in errors(result) if i.code in ("A-SCORE-01", "A-IND-03")]
    named = sorted(next(n for n in unscored if f"指标“{n}”" in i.message) for i in scored)
    assert named == sorted(unscored)
    assert all(i.actual == 0 for i in scored if i.code == "A-SCORE-01")


# ---------------------------------------------------------------------------------------------
# Injected faults.


def _set_cell(cell: _Cell, text: str) -> None:
    """New text in a Word table cell, keeping its first run's formatting."""
    paragraph = cell.paragraphs[0]
    for run in paragraph.runs[1:]:
        run.text = ""
    paragraph.runs[0].text = text


def test_docx_changed_fund_total_is_reported(tmp_path: Path) -> None:
    """The 总额 row's 全年执行数 changed in the Word table: total ≠ sub-rows, rate ≠ amounts."""
    ev = synthetic(1)
    path = rendered(ev, "docx", "sichuan", tmp_path)
    doc = DocxDocument(str(path))
    table = doc.tables[0]
    total_row = next(r for r in table.rows if any(c.text.strip() == "总额" for c in r.cells))
    executed = ev.projects[0].funding[0].executed
    assert executed is not None
    cells = [c for c in total_row.cells if c.text.strip() == f"{executed:.2f}"]
    assert cells
    changed = executed + 10
    _set_cell(cells[0], f"{changed:.2f}")
    doc.save(str(path))
    result = audit_file(path)
    sums = [i for i in result.issues if i.code in ("A-SUM-01", "V-FUND-01")]
    assert sums and sums[0].severity is Severity.ERROR
    assert {sums[0].expected, sums[0].actual} == {executed, changed}
    assert sums[0].source.table == 1
    assert any(i.code in ("A-RATE-01", "V-FUND-02") for i in result.issues)


def test_docx_score_above_weight_is_reported(tmp_path: Path) -> None:
    ev = synthetic(2)
    path = rendered(ev, "docx", "national", tmp_path)
    first = ev.projects[0].indicators[0]
    assert first.weight is not None
    doc = DocxDocument(str(path))
    changed = first.weight + 5
    for table in doc.tables:
        for row in table.rows:
            texts = [c.text.strip() for c in row.cells]
            if first.name in texts:
                score_cell = row.cells[texts.index(first.name) + 4]
                _set_cell(score_cell, f"{changed:.2f}")
                break
        else:
            continue
        break
    doc.save(str(path))
    result = audit_file(path)
    over = [i for i in result.issues if i.code in ("A-IND-04", "V-IND-04")]
    assert len(over) == 1 and over[0].severity is Severity.ERROR
    assert (over[0].expected, over[0].actual) == (first.weight, changed)
    assert first.name in over[0].message
    totals = [i for i in result.issues if i.code == "A-TOT-01"]
    assert len(totals) == 1
    assert totals[0].expected - totals[0].actual == changed - next(
        ln.score for ln in score_for(ev).projects[0].lines if ln.index == 0
    )


def test_text_changed_rate_in_a_sentence_is_reported(tmp_path: Path) -> None:
    ev = synthetic(4)
    path = rendered(ev, "md", "national", tmp_path)
    assert ev.funds.final is not None and ev.funds.adjusted
    rate = round_half_up(ev.funds.final / ev.funds.adjusted * 100, 2)
    text = path.read_text(encoding="utf-8")
    sentence = re.search(r"执行率(\d+(?:\.\d+)?)%。", text)
    assert sentence and D(sentence.group(1)) == rate.normalize()
    wrong = rate - 3
    line = text[: sentence.start()].count("\n") + 1
    path.write_text(
        text[: sentence.start()] + f"执行率{wrong.normalize()}%。" + text[sentence.end() :],
        encoding="utf-8",
    )
    result = audit_file(path)
    found = [i for i in result.issues if i.code in ("A-RATE-01", "V-FUND-02")]
    assert len(found) == 1 and found[0].severity is Severity.ERROR
    assert found[0].source.line == line
    assert found[0].actual == wrong
    assert_rates_equal(D(found[0].expected), rate)


def test_text_changed_part_of_a_list_is_reported(tmp_path: Path) -> None:
    """基本支出 changed in "支出预算数X万元，其中：基本支出…；项目支出…": the parts exceed the total."""
    ev = synthetic(5)
    path = rendered(ev, "md", "sichuan", tmp_path)
    basic = ev.funds.basic.amount if ev.funds.basic else None
    assert basic is not None
    text = path.read_text(encoding="utf-8")
    old = f"基本支出{basic.normalize():f}万元，占"
    assert old in text
    path.write_text(text.replace(old, f"基本支出{(basic + 100).normalize():f}万元，占", 1), "utf-8")
    result = audit_file(path)
    found = [i for i in result.issues if i.code in ("A-SUM-02", "V-SUM-01")]
    assert found and found[0].severity is Severity.ERROR
    assert found[0].actual - found[0].expected == 100


def test_text_skipped_outline_number_is_reported(tmp_path: Path) -> None:
    ev = synthetic(6)
    path = rendered(ev, "md", "national", tmp_path)
    text = path.read_text(encoding="utf-8")
    assert "## 三、" in text
    line = text[: text.index("## 三、")].count("\n") + 1
    path.write_text(text.replace("## 三、", "## 四、", 1), encoding="utf-8")
    result = audit_file(path)
    found = [i for i in result.issues if i.code == "A-OUT-01"]
    assert found and found[0].source.line == line
    assert "四、" in found[0].message and "跳号" in found[0].message


def test_text_score_above_weight_in_a_markdown_table(tmp_path: Path) -> None:
    ev = synthetic(7)
    path = rendered(ev, "md", "sichuan", tmp_path)
    target = ev.projects[-1].indicators[-1]
    assert target.weight is not None
    lines = path.read_text(encoding="utf-8").splitlines()
    k = max(i for i, ln in enumerate(lines) if f"| {target.name} |" in ln)
    cells = lines[k].split("|")
    weight_at = next(
        j for j, c in enumerate(cells) if c.strip() == f"{target.weight.normalize():f}"
    )
    cells[weight_at + 1] = f" {target.weight + 7:.2f} "
    lines[k] = "|".join(cells)
    path.write_text("\n".join(lines), encoding="utf-8")
    result = audit_file(path)
    found = [i for i in result.issues if i.code in ("A-IND-04", "V-IND-04")]
    assert len(found) == 1 and found[0].source.line == k + 1
    assert (found[0].expected, found[0].actual) == (target.weight, target.weight + 7)


def test_workbook_changed_score_is_reported(tmp_path: Path) -> None:
    """An indicator's 得分 lowered in the sheet: the engine's score and the 总分 disagree."""
    ev = synthetic(0)
    path = rendered(ev, "xlsx", "national", tmp_path)
    project = ev.projects[0]
    first = project.indicators[0]
    book = openpyxl.load_workbook(str(path))
    sheet = book[project.name]
    place = next(c for row in sheet.iter_rows() for c in row if c.value == first.name)
    row = next(iter(sheet.iter_rows(min_row=place.row, max_row=place.row)))
    numbers = [c for c in row if isinstance(c.value, int | float) and c.column > place.column]
    score_cell = numbers[-1]
    score_cell.value = 1
    book.save(str(path))
    result = audit_file(path)
    wrong = [i for i in result.issues if i.code == "A-SCORE-01"]
    assert len(wrong) == 1
    assert wrong[0].source.sheet == project.name and wrong[0].source.cell == score_cell.coordinate
    assert wrong[0].actual == 1
    assert any(i.code == "A-TOT-01" and i.source.sheet == project.name for i in result.issues)


# ---------------------------------------------------------------------------------------------
# The same faults injected into Markdown text and into the DOCX XML (word/document.xml), found
# by the figures a reader sees, never by the model.


def _cell(fmt: str, text: str) -> str:
    """How one table cell holding ``text`` is written in the file's own markup."""
    return f">{text}<" if fmt in ("docx", "html") else f"| {text} |"


def inject(path: Path, old: str, new: str) -> int | None:
    """Replace the first ``old``; returns the text line changed (None for DOCX)."""
    if path.suffix == ".docx":
        with zipfile.ZipFile(path) as src:
            parts = {n: src.read(n) for n in src.namelist()}
        xml = parts["word/document.xml"].decode("utf-8")
        assert old in xml, old
        parts["word/document.xml"] = xml.replace(old, new, 1).encode("utf-8")
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
            for name, data in parts.items():
                out.writestr(name, data)
        return None
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def _money_text(x: Decimal) -> str:
    return f"{x.normalize():f}"


FAULT_SEED = 9  # two funding sources, a rate under 90% with its reason


def _fault_project(ev: Evaluation) -> Project:
    return next(p for p in ev.projects if len(p.funding) == 3)


@pytest.mark.parametrize("fmt", ["md", "docx", "html"])
def test_changed_share_in_a_sentence(fmt: str, tmp_path: Path) -> None:
    ev = synthetic(FAULT_SEED)
    path = rendered(ev, fmt, "sichuan", tmp_path)
    item, total = ev.assets.items[0], ev.assets.total
    assert item.amount is not None and total
    share = round_half_up(item.amount / total * 100, 2)
    line = inject(path, f"占资产总额{_money_text(share)}%", f"占资产总额{_money_text(share + 2)}%")
    found = [i for i in audit_file(path).issues if i.code == "A-RATE-02"]
    assert len(found) == 1 and found[0].severity is Severity.ERROR
    assert (found[0].expected, found[0].actual) == (share, share + 2)
    assert found[0].source.line == line if line else found[0].source.paragraph is not None


@pytest.mark.parametrize("fmt", ["md", "docx", "html"])
def test_changed_total_row_of_a_fund_table(fmt: str, tmp_path: Path) -> None:
    """总额 全年预算 raised by 10: no longer 财政资金 + 其他资金, and its rate is now wrong."""
    ev = synthetic(FAULT_SEED)
    path = rendered(ev, fmt, "sichuan", tmp_path)
    total = _fault_project(ev).funding[0]
    assert total.adjusted and total.executed is not None
    changed = total.adjusted + 10
    inject(path, _cell(fmt, f"{total.adjusted:.2f}"), _cell(fmt, f"{changed:.2f}"))
    result = audit_file(path)
    sums = [i for i in result.issues if i.code in ("A-SUM-01", "V-FUND-01")]
    assert len(sums) == 1 and sums[0].severity is Severity.ERROR
    assert (sums[0].expected, sums[0].actual) == (total.adjusted, changed)
    assert sums[0].source.table is not None
    rates = [i for i in result.issues if i.code in ("A-RATE-01", "V-FUND-02")]
    assert rates and rates[0].actual == round_half_up(total.executed / total.adjusted * 100, 2)
    assert_rates_equal(D(rates[0].expected), total.executed / changed * 100)


@pytest.mark.parametrize("fmt", ["md", "docx", "html"])
def test_changed_rate_in_a_sentence(fmt: str, tmp_path: Path) -> None:
    ev = synthetic(FAULT_SEED)
    path = rendered(ev, fmt, "sichuan", tmp_path)
    assert ev.funds.final is not None and ev.funds.adjusted
    rate = round_half_up(ev.funds.final / ev.funds.adjusted * 100, 2).normalize()
    old = f"决算数{_money_text(ev.funds.final)}万元，执行率{rate:f}%"
    line = inject(path, old, old.replace(f"执行率{rate:f}%", f"执行率{rate + 3:f}%"))
    found = [i for i in audit_file(path).issues if i.code in ("A-RATE-01", "V-FUND-02")]
    assert len(found) == 1 and found[0].severity is Severity.ERROR
    assert found[0].actual == rate + 3
    assert_rates_equal(D(found[0].expected), ev.funds.final / ev.funds.adjusted * 100)
    assert found[0].source.line == line if line else found[0].source.paragraph is not None


@pytest.mark.parametrize("fmt", ["md", "docx", "html"])
def test_changed_superior_funds_break_the_bridge(fmt: str, tmp_path: Path) -> None:
    """上级下达 raised by 10 in the sentence: 年初 + 追加 + 上级 no longer give 调整预算数.

    Its own "其中：省级专项资金…" names one part only, which may be fewer than the total: no
    finding there.
    """
    ev = synthetic(FAULT_SEED)
    path = rendered(ev, fmt, "sichuan", tmp_path)
    f = ev.funds
    assert f.superior.total and f.initial is not None and f.adjusted
    sup = f.superior.total
    inject(path, f"上级资金{_money_text(sup)}万元", f"上级资金{_money_text(sup + 10)}万元")
    result = audit_file(path)
    bridge = [i for i in result.issues if i.code in ("A-SUM-04", "V-RPT-03")]
    assert len(bridge) == 1 and bridge[0].severity is Severity.WARNING
    assert (bridge[0].expected, bridge[0].actual) == (f.adjusted + 10, f.adjusted)
    assert not [i for i in result.issues if i.code in ("A-SUM-02", "V-SUM-01")]
    assert errors(result) == []


@pytest.mark.parametrize("fmt", ["md", "docx", "html"])
def test_changed_group_points_in_a_national_form(fmt: str, tmp_path: Path) -> None:
    ev = synthetic(FAULT_SEED)
    path = rendered(ev, fmt, "national", tmp_path)
    # Word and the web page break the line in the cell
    old = {"docx": ">（50分）<", "html": "<br>（50分）<"}.get(fmt, "产出指标（50分）")
    inject(path, old, old.replace("50", "40"))
    found = [i for i in audit_file(path).issues if i.code == "A-WGT-01"]
    assert len(found) == 1 and found[0].severity is Severity.ERROR
    assert (found[0].expected, found[0].actual) == (D(40), D(50))
    assert found[0].source.table is not None


@pytest.mark.parametrize("fmt", ["md", "docx", "html"])
def test_repeated_outline_number(fmt: str, tmp_path: Path) -> None:
    ev = synthetic(FAULT_SEED)
    path = rendered(ev, fmt, "sichuan", tmp_path)
    line = inject(path, "（三）专项资金", "（二）专项资金")
    found = [i for i in audit_file(path).issues if i.code == "A-OUT-01"]
    assert found and "（二）" in found[0].message and "重复" in found[0].message
    assert found[0].source.line == line if line else found[0].source.paragraph is not None


def test_workbook_changed_sub_row_and_error_cell(tmp_path: Path) -> None:
    """In the Sichuan sheet: 财政资金's 执行数 lowered by 5 (总额 ≠ its sources), and a rate cell
    holding #DIV/0! as a spreadsheet leaves it; each is reported at its own cell."""
    ev = synthetic(FAULT_SEED)
    path = rendered(ev, "xlsx", "sichuan", tmp_path)
    project = _fault_project(ev)
    total, fiscal = project.funding[0], project.funding[1]
    assert total.executed is not None and fiscal.executed is not None
    book = openpyxl.load_workbook(str(path))
    sheet = book[project.name]
    cells = [c for row in sheet.iter_rows() for c in row]
    label = next(c for c in cells if str(c.value).endswith("财政资金"))
    amount = next(c for c in cells if c.row == label.row and c.value == float(fiscal.executed))
    amount.value = float(fiscal.executed - 5)
    other = next(c for c in cells if c.value == "其他资金")
    rate = next(c for c in cells if c.row == other.row and c.number_format.endswith("%"))
    rate.value = "#DIV/0!"
    book.save(str(path))
    result = audit_file(path)
    sums = [i for i in result.issues if i.code in ("A-SUM-01", "V-FUND-01")]
    assert len(sums) == 1 and sums[0].severity is Severity.ERROR
    assert {sums[0].expected, sums[0].actual} == {total.executed, total.executed - 5}
    assert sums[0].source.sheet == project.name
    bad = [i for i in result.issues if i.code in ("A-CELL-01", "L-XLS-04")]
    assert bad and bad[0].source.cell == rate.coordinate


def test_gb18030_text_with_windows_line_ends(tmp_path: Path) -> None:
    """The Markdown saved as GB18030 with CRLF, as a Chinese Windows editor saves it."""
    ev = synthetic(0)
    md = rendered(ev, "md", "sichuan", tmp_path)
    path = tmp_path / "gb.txt"
    path.write_bytes(md.read_text(encoding="utf-8").replace("\n", "\r\n").encode("gb18030"))
    result = audit_file(path)
    assert result.error is None and result.unit == ev.unit.name
    assert_department_facts(result, ev)
    assert_indicator_rows(result, ev)
    assert errors(result) == []


def test_gb18030_character_cut_by_the_format_sample_is_still_text(tmp_path: Path) -> None:
    """The format is sniffed from the first 8192 bytes; a two-byte character cut there is text."""
    path = tmp_path / "cut.txt"
    body = "某某市教育局2021年度部门整体支出绩效自评报告\n" + "年初预算1000万元。\n" * 900
    data = ("x" * 8191 + "\n").encode("ascii")[:8191] + body.encode("gb18030")
    assert len(data) > 8192 and data[8191] >= 0x81  # the first Chinese character straddles
    path.write_bytes(data)
    result = audit_file(path)
    assert result.error is None
    assert stated(result, "年初预算").value == 1000


def test_html_page_tables_keep_their_columns(tmp_path: Path) -> None:
    """A hand-written page: spans honoured, script ignored, a truncated end still read."""
    page = """<!DOCTYPE html><html><head><title>x</title><script>var a = "执行率50%";</script></head>
<body><h1>某某县水务局2022年度项目支出绩效自评表</h1>
<p>全年预算数100万元，执行数95万元，执行率95%。</p>
<table>
<tr><th rowspan="2">一级指标</th><th>二级指标</th><th>三级指标</th><th>年度指标值</th>
<th>实际完成值</th><th>分值</th><th>得分</th><th>偏差原因分析及改进措施</th></tr>
<tr><td colspan="7"></td></tr>
<tr><td rowspan="2">产出指标（50分）</td><td>数量指标</td><td>新建堤防</td><td>≥10公里</td>
<td></td><td>30</td><td>30</td><td></td></tr>
<tr><td>质量指标</td><td>验收合格率</td><td>≥95%</td><td>96%</td><td>30</td><td>35</td><td></td></tr>
<tr><td>满意度指标（10分）</td><td>服务对象满意度指标</td><td>群众满意度</td><td>≥90%</td><td>92%</td>
<td>10</td><td>10</td><td></td></tr>
</table><p>未完"""
    path = tmp_path / "page.htm"
    path.write_text(page, encoding="utf-8")
    result = audit_file(path)
    assert result.error is None and result.year == 2022
    assert stated(result, "预算执行率", "%").source.line == 3
    rows = {r["name"]: r for r in (indicator_dict(r) for r, _ in result.indicators)}
    assert rows["新建堤防"]["actual"] is None and rows["新建堤防"]["weight"] == 30
    assert rows["验收合格率"]["actual"] == 96 and rows["验收合格率"]["score"] == 35
    codes = {i.code: i for i in result.issues}
    assert codes["A-IND-01"].source.table == 1 and codes["A-IND-01"].source.line == 3
    assert codes["V-IND-04"].actual == 35 and codes["A-SCORE-01"].expected == 30
    assert (codes["A-WGT-01"].expected, codes["A-WGT-01"].actual) == (50, 60)
    assert "A-RATE-01" not in codes


def test_pdf_changed_fund_total_is_reported(tmp_path: Path) -> None:
    """The DOCX's 总额 全年预算 raised by 10, then printed to PDF: found in the PDF's table."""
    if not shutil.which("soffice"):
        pytest.fail("soffice is needed for PDF (scripts/setup-system.sh installs it)")
    from jixiao.render.pdf import docx_to_pdf

    ev = synthetic(FAULT_SEED)
    docx = rendered(ev, "docx", "sichuan", tmp_path)
    total = _fault_project(ev).funding[0]
    assert total.adjusted
    changed = total.adjusted + 10
    inject(docx, _cell("docx", f"{total.adjusted:.2f}"), _cell("docx", f"{changed:.2f}"))
    pdf = tmp_path / "changed.pdf"
    docx_to_pdf(docx, pdf)
    result = audit_file(pdf)
    sums = [i for i in result.issues if i.code in ("A-SUM-01", "V-FUND-01")]
    assert len(sums) == 1 and sums[0].severity is Severity.ERROR
    assert (sums[0].expected, sums[0].actual) == (total.adjusted, changed)
    assert sums[0].source.page is not None and sums[0].source.table is not None


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("（劳务费）", "劳务费"),
        ("某中心2021年度部门预算项目支出绩效自评报告 （劳务费）", "劳务费"),
        (
            "（2021年中央财政衔接推进乡村振兴补助资金（第二批））",
            "2021年中央财政衔接推进乡村振兴补助资金（第二批）",
        ),
        ("（2023年度）", None),
        ("（一）年初部门预算安排及支出情况（分类表述）", None),
        ("（一）项目基本情况", None),
    ],
)
def test_project_title(line: str, name: str | None) -> None:
    assert project_title(line) == name


def test_a_rendered_draft_with_gaps_is_flagged_in_every_format(tmp_path: Path) -> None:
    ev, _ = load_evaluation(EXAMPLE)
    assert ev is not None and not ev.unit.parent  # the seed names no 主管部门: a draft gap
    for fmt in ("docx", "md", "html"):
        out = tmp_path / f"draft.{fmt}"
        render(ev, fmt, out, RenderOptions(layout="sichuan"))
        gaps = [i for i in audit_file(out).issues if i.code == "A-TXT-05"]
        assert gaps and all("待填写" in i.message for i in gaps), fmt
