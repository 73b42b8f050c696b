"""The model of one unit-year self-evaluation (单位年度预算绩效自评).

Frozen dataclasses, money in ``Decimal`` 万元 unless ``Funds.unit`` says otherwise, rates as
``Decimal`` fractions. A ``None`` amount means the document gives no value: it is absent,
never invented. Every record carries a :class:`Meta` telling where it and each of its fields
came from, so any issue can point at the place a person must correct.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.source import Source

Amount = Decimal | None


@dataclass(frozen=True)
class Meta:
    """Where a record came from: its own location and, per field, the location of the value."""

    source: Source = field(default_factory=Source)
    fields: Mapping[str, Source] = field(default_factory=dict)

    def of(self, name: str) -> Source:
        """The location of field ``name``, falling back to the record's own location."""
        return self.fields.get(name, self.source)


NO_META = Meta()

# 指标性质: the six operators of the Sichuan 0013zp form and the national table.
OPERATORS = ("≥", "≤", "=", ">", "<", "定性")
QUANTITATIVE = ("≥", "≤", "=", ">", "<")
BANDS = ("A", "B", "C")


@dataclass(frozen=True)
class Line:
    """A named amount inside a breakdown, with what the document states about it.

    ``share`` and ``change`` are the stated figures (fractions) so that checks can recompute
    them; ``prior`` is last year's amount where known; ``project`` names the project the
    amount belongs to, for cross-references between the report and its attachments.
    """

    name: str
    amount: Amount = None
    share: Amount = None
    change: Amount = None
    prior: Amount = None
    project: str | None = None
    note: str = ""
    meta: Meta = NO_META


@dataclass(frozen=True)
class Breakdown:
    """A total and the parts it should add up to, with the narrative that describes them."""

    total: Amount = None
    items: tuple[Line, ...] = ()
    text: str = ""
    meta: Meta = NO_META

    @property
    def items_sum(self) -> Amount:
        amounts = [i.amount for i in self.items if i.amount is not None]
        return sum(amounts, Decimal(0)) if amounts else None

    @property
    def value(self) -> Amount:
        """The stated total, else the sum of the items."""
        return self.total if self.total is not None else self.items_sum


@dataclass(frozen=True)
class Unit:
    """The budget unit (预算单位)."""

    name: str
    code: str = ""
    region: str = ""
    parent: str = ""  # 主管部门
    kind: str = ""  # 行政单位 / 事业单位 / 参公事业单位
    functions: str = ""  # 基本职能
    meta: Meta = NO_META


@dataclass(frozen=True)
class Staffing:
    """人员构成: 编制数, 年末实有在编人员, 退休人员, 聘用人员."""

    authorized: int | None = None
    actual: int | None = None
    retired: int | None = None
    contract: int | None = None
    text: str = ""
    meta: Meta = NO_META


@dataclass(frozen=True)
class Assets:
    """国有资产: total and classes (流动/固定/受托代理…) with shares and year-on-year change."""

    kind: str = ""  # e.g. 行政单位国有资产
    total: Amount = None
    prior_total: Amount = None
    items: tuple[Line, ...] = ()
    fixed_in_use: Amount = None  # 实际在用固定资产总额 (for 固定资产利用率)
    fixed_total: Amount = None  # 所有固定资产总额 (original value basis)
    meta: Meta = NO_META


@dataclass(frozen=True)
class Carryover:
    """结转结余: last year's carry-over into the year, and what is left at year end."""

    prior: Amount = None  # 上年结转结余 (used in the year)
    ending: Amount = None  # 年末结转结余
    text: str = ""
    meta: Meta = NO_META


@dataclass(frozen=True)
class Adjustment:
    """One entry of the budget adjustment ledger (追加 / 追减 / 结构调整), for 预算调整率."""

    name: str
    amount: Decimal
    kind: str = "追加"  # 追加 / 追减 / 结构调整
    excluded: bool = False  # national policy, force majeure, superior or Party assignments
    meta: Meta = NO_META


@dataclass(frozen=True)
class PairFigure:
    """A budgeted figure with its actual and last year's, e.g. 三公经费 or 政府采购."""

    budget: Amount = None
    actual: Amount = None
    prior_budget: Amount = None
    prior_actual: Amount = None
    meta: Meta = NO_META


@dataclass(frozen=True)
class Funds:
    """部门资金: the year's money from 年初预算 to 决算, as the report's section 二 describes it."""

    unit: str = "万元"
    initial: Amount = None  # 年初部门预算
    by_function: tuple[Line, ...] = ()  # 功能分类 (社会保障和就业支出 …) with stated shares
    basic: Line | None = None  # 基本支出 (amount, stated share of 年初)
    project: Line | None = None  # 项目支出
    personnel: Line | None = None  # 人员经费 (note: what it is used for)
    public: Line | None = None  # 公用经费
    project_text: str = ""  # 部门预算项目安排及支出情况
    additions: Breakdown = field(default_factory=Breakdown)  # 追加预算
    reductions: Breakdown = field(default_factory=Breakdown)  # 追减 / 调减
    special: Breakdown = field(default_factory=Breakdown)  # 专项资金
    superior: Breakdown = field(default_factory=Breakdown)  # 上级 (省级/中央) 下达资金
    other: Breakdown = field(default_factory=Breakdown)  # 其他资金
    carryover: Carryover = field(default_factory=Carryover)
    adjusted: Amount = None  # 调整预算数 (全年预算数)
    final: Amount = None  # 决算数 (全年执行数)
    execution_rate: Amount = None  # stated 执行率 (fraction)
    adjustment_ledger: tuple[Adjustment, ...] = ()
    public_actual: Amount = None  # 实际支出公用经费 (for 公用经费控制率)
    three_public: PairFigure | None = None  # 三公经费
    procurement: PairFigure | None = None  # 政府采购
    key_projects: Amount = None  # 重点项目支出 (for 重点支出安排率)
    other_notes: str = ""  # 其他需要说明的情况
    meta: Meta = NO_META


@dataclass(frozen=True)
class Indicator:
    """One 绩效指标 row: 一级/二级/三级, 指标性质, 指标值, 度量单位, 完成值, 权重, and judgement.

    ``target``/``actual`` hold numbers where the text is a number; ``target_text``/``actual_text``
    keep what was written (a qualitative target, or "≥90%" copied into the actual cell).
    ``score`` is the score the unit entered, if any; the engine computes its own.
    """

    name: str
    level1: str = ""
    level2: str = ""
    operator: str | None = None
    target: Amount = None
    target_text: str = ""
    unit: str = ""
    actual: Amount = None
    actual_text: str = ""
    actual_unit: str = ""
    weight: Amount = None
    score: Amount = None
    band: str | None = None  # 定性: A / B / C
    coefficient: Amount = None  # 定性: share of the weight earned
    deduction: Amount = None  # manual deduction (over-completion 偏离度), points
    deduction_reason: str = ""
    justification: str = ""  # why an over-completion is not due to a low target
    deviation_reason: str = ""  # 偏差原因分析 / 未完成原因分析
    not_applicable: bool = False
    approved_operator: str | None = None  # the 绩效目标表 values, for V-IND-09
    approved_target: Amount = None
    approved_unit: str | None = None
    adjustment_approved: bool = False
    evidence: tuple[str, ...] = ()
    meta: Meta = NO_META

    @property
    def is_qualitative(self) -> bool:
        return self.operator == "定性"


@dataclass(frozen=True)
class FundingRow:
    """A row of the project's money table: 年初预算, 调整后(全年)预算, 执行数 for one source."""

    source: str  # 总额 / 财政资金 / 财政专户管理资金 / 单位资金 / 其他资金 / 财政拨款 / 上年结转
    initial: Amount = None
    adjusted: Amount = None
    executed: Amount = None
    rate: Amount = None  # stated 执行率 (fraction)
    meta: Meta = NO_META


# Narrative sections of a project report (Sichuan/Panzhihua FY2021 template, rules.md §5b).
PROJECT_SECTIONS: tuple[tuple[str, str], ...] = (
    ("role", "本单位在该项目管理中的职能"),
    ("basis", "项目立项、资金申报的依据"),
    ("management", "资金管理办法制定情况，资金支持具体项目的条件、范围与支持方式概况"),
    ("allocation", "资金分配的原则及考虑因素"),
    ("content", "项目主要内容"),
    ("fit", "分析评价申报内容是否与实际相符，申报目标是否合理可行"),
    ("declaration", "项目资金申报及批复情况"),
    ("plan", "资金计划"),
    ("arrival", "资金到位"),
    ("use", "资金使用"),
    ("finance", "项目财务管理情况"),
    ("implementation", "项目实施及管理情况（引言）"),
    ("organization", "项目组织架构及实施流程"),
    ("administration", "项目管理情况"),
    ("supervision", "项目监管情况"),
    ("completion", "项目完成情况"),
    ("benefits", "项目效益情况"),
    ("conclusion", "评价结论"),
    ("problems", "存在的问题"),
    ("suggestions", "相关建议"),
)

# 二级 goal categories as the seed's project reports list them under "具体绩效目标".
GOAL_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("quantity", "数量指标"),
    ("quality", "质量指标"),
    ("timeliness", "时效指标"),
    ("cost", "成本指标"),
    ("economic", "经济效益指标"),
    ("social", "社会效益指标"),
    ("ecological", "生态效益指标"),
    ("sustainable", "可持续影响指标"),
    ("satisfaction", "满意度指标"),
)


@dataclass(frozen=True)
class Project:
    """A 项目支出 with its money, indicators and the narrative of its self-evaluation report."""

    name: str
    code: str = ""
    attachment: int | None = None  # 附件 number in the department report
    implementer: str = ""  # 实施单位
    funding: tuple[FundingRow, ...] = ()
    arrived: Amount = None  # 到位资金
    arrival_rate: Amount = None  # stated 到位率
    execution_rate: Amount = None  # stated 执行率 in the narrative
    execution_reason: str = ""  # 原因 when 执行率 < 90%
    adjustment_reason: str = ""  # why 年初 ≠ 调整后
    no_budget: bool = False  # explicitly no budget this year (V-FUND-06)
    annual_goal: str = ""  # 项目年度目标
    goal_result: str = ""  # 年度目标完成情况
    # GOAL_CATEGORIES key -> narrative target text; PROJECT_SECTIONS key -> narrative text
    goals: Mapping[str, str] = field(default_factory=dict)
    sections: Mapping[str, str] = field(default_factory=dict)
    indicators: tuple[Indicator, ...] = ()
    stated_score: Amount = None  # 自评得分 as written
    stated_grade: str = ""  # 评价等级 as written
    meta: Meta = NO_META

    def row(self, source: str) -> FundingRow | None:
        for r in self.funding:
            if r.source == source:
                return r
        return None

    @property
    def total_row(self) -> FundingRow | None:
        """The 总额 row, or the only row when the project has one source."""
        total = self.row("总额") or self.row("年度资金总额")
        if total is None and len(self.funding) == 1:
            return self.funding[0]
        return total


@dataclass(frozen=True)
class Goal:
    """A department performance goal (部门绩效目标) and what was achieved."""

    name: str
    target: str = ""
    result: str = ""
    indicators: tuple[Indicator, ...] = ()
    meta: Meta = NO_META


@dataclass(frozen=True)
class Publication:
    """How results are applied and where they are published (section 五)."""

    measures: str = ""
    channel: str = ""
    url: str = ""
    date: str = ""  # ISO date of publication
    approval_date: str = ""  # 决算批复 date, for the 20-day rule
    meta: Meta = NO_META


# Narrative sections of the department report (Template A, rules.md §5a).
REPORT_SECTIONS: tuple[tuple[str, str], ...] = (
    ("annual_goals", "年初部门预算绩效目标完成情况"),
    ("city_projects", "市级专项（项目）资金绩效目标完成情况"),
    ("superior_output", "产出指标完成情况分析"),
    ("superior_benefit", "效益指标完成情况分析"),
    ("superior_satisfaction", "满意度指标完成情况分析"),
    ("conclusion", "自评结论"),
    ("deviations", "偏离绩效目标的原因和下一步改进措施"),
)


@dataclass(frozen=True)
class Evaluation:
    """One unit-year: the whole 部门预算整体绩效自评 with its project attachments."""

    unit: Unit
    year: int
    scheme: str = ""  # default scoring scheme name, e.g. sichuan-0013zp
    title: str = ""
    staffing: Staffing = field(default_factory=Staffing)
    assets: Assets = field(default_factory=Assets)
    funds: Funds = field(default_factory=Funds)
    goals: tuple[Goal, ...] = ()
    projects: tuple[Project, ...] = ()
    report: Mapping[str, str] = field(default_factory=dict)  # REPORT_SECTIONS key -> narrative text
    publication: Publication = field(default_factory=Publication)
    meta: Meta = NO_META

    def project(self, name: str) -> Project | None:
        for p in self.projects:
            if p.name == name:
                return p
        return None
