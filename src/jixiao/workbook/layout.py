"""The fill-in workbook's layout as data, shared by the template writer and the importer.

A workbook is made of *blocks*, each introduced by a header row: a *form* (rows of
填报项 | 内容 | 填写说明) or a *table* (one header row, one record per row). The importer finds
blocks by their header rows wherever they are, so renamed or reordered sheets, moved blocks and
reordered columns still read; the writer lays them out in the order below. Labels and headers
are compared after :func:`jixiao.workbook.grid.norm` (no spaces, no "(万元)", no "*").
"""

from __future__ import annotations

from dataclasses import dataclass

from jixiao.model import BANDS, GOAL_CATEGORIES, OPERATORS, PROJECT_SECTIONS, REPORT_SECTIONS
from jixiao.vocabulary import load_vocabulary

# Value kinds: how a cell is read and written, and which validation it gets.
TEXT, LONG, INT, AMOUNT, RATE, CHANGE, NUMBER, BOOL, DATE = (
    "text",
    "long",
    "int",
    "amount",
    "rate",
    "change",
    "number",
    "bool",
    "date",
)
NUMERIC_KINDS = (INT, AMOUNT, NUMBER)


@dataclass(frozen=True)
class Field:
    """One row of a form: the model path it fills, its label, how it is read, a short note."""

    path: str
    label: str
    kind: str = TEXT
    note: str = ""
    required: bool = False
    check: str = ""  # a drop-down other than the kind's own (see validation.py)


@dataclass(frozen=True)
class Column:
    """One column of a table. ``display`` columns hold live formulas and are never read."""

    key: str
    header: str
    kind: str = TEXT
    width: int = 12
    required: bool = False
    display: bool = False


@dataclass(frozen=True)
class Table:
    """A table block: found by its ``signature`` headers (all must be present in one row)."""

    name: str
    title: str
    columns: tuple[Column, ...]
    signature: tuple[str, ...]

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


FORM_HEADER = ("填报项", "内容", "填写说明")
FORM_SIGNATURE = ("填报项", "内容")
YES_NO = ("是", "否")

# rules.md §5e: 一级 and 二级 names, the classic set plus the 2021+ 成本指标 split. The drop-downs
# only suggest: other names are accepted with a warning by Excel and judged by the rules.
LEVEL1 = load_vocabulary().level1_names
LEVEL2 = load_vocabulary().level2_names
BAND_NOTE = "定性指标选择等级：A 达成（80%–100%），B 部分达成（60%–<80%），C 未达成（<60%）"

# -- forms ---------------------------------------------------------------------------------

UNIT_FIELDS: tuple[Field, ...] = (
    Field("unit.name", "单位名称", TEXT, "预算单位全称", required=True),
    Field("unit.code", "单位编码"),
    Field("unit.region", "所属地区", TEXT, "如 四川省攀枝花市"),
    Field("unit.parent", "主管部门"),
    Field("unit.kind", "单位性质", TEXT, "行政单位 / 事业单位 / 参公事业单位", check="unit_kind"),
    Field("year", "评价年度", INT, "如 2021", required=True),
    Field("scheme", "评分方案", TEXT, "从下拉列表选择；四川省选 sichuan-0013zp", check="scheme"),
    Field("title", "报告标题"),
    Field("unit.functions", "基本职能", LONG),
    Field("staffing.authorized", "编制数", INT, "人"),
    Field("staffing.actual", "年末实有在编人员", INT, "人"),
    Field("staffing.retired", "退休人员", INT, "人"),
    Field("staffing.contract", "聘用人员", INT, "人"),
    Field("staffing.text", "人员构成说明", LONG),
    Field("assets.kind", "资产类别", TEXT, "如 行政单位国有资产"),
    Field("assets.total", "资产总额", AMOUNT, "万元"),
    Field("assets.prior_total", "上年资产总额", AMOUNT, "万元"),
    Field("assets.fixed_in_use", "实际在用固定资产", AMOUNT, "万元，用于固定资产利用率"),
    Field("assets.fixed_total", "固定资产总额", AMOUNT, "万元（原值）"),
    *(Field(f"report.{k}", label, LONG, "报告正文") for k, label in REPORT_SECTIONS),
    Field("publication.measures", "结果应用措施", LONG),
    Field("publication.channel", "公开渠道", TEXT, "如 单位网站"),
    Field("publication.url", "公开网址"),
    Field("publication.date", "公开日期", DATE, "如 2022-05-20"),
    Field("publication.approval_date", "决算批复日期", DATE, "如 2022-05-01"),
)

_BREAKDOWNS = (
    ("additions", "追加预算"),
    ("reductions", "追减预算"),
    ("special", "专项资金"),
    ("superior", "上级下达资金"),
    ("other", "其他资金"),
)
_PAIRS = (("three_public", "三公经费"), ("procurement", "政府采购"))

FUNDS_FIELDS: tuple[Field, ...] = (
    Field("funds.unit", "金额单位", TEXT, "万元 或 元；留空为万元", check="money_unit"),
    Field("funds.initial", "年初部门预算", AMOUNT, "万元"),
    Field("funds.adjusted", "调整预算数", AMOUNT, "全年预算数，万元"),
    Field("funds.final", "决算数", AMOUNT, "全年执行数，万元"),
    Field("funds.execution_rate", "执行率", RATE, "报告中写明的执行率，如 100%"),
    Field("funds.project_text", "部门预算项目安排及支出情况", LONG),
    *(
        f
        for key, label in _BREAKDOWNS
        for f in (
            Field(f"funds.{key}.total", f"{label}合计", AMOUNT, "万元；明细填在下方资金明细表"),
            Field(f"funds.{key}.text", f"{label}说明", LONG),
        )
    ),
    Field("funds.carryover.prior", "上年结转结余", AMOUNT, "万元"),
    Field("funds.carryover.ending", "年末结转结余", AMOUNT, "万元"),
    Field("funds.carryover.text", "结转结余说明", LONG),
    Field("funds.public_actual", "实际支出公用经费", AMOUNT, "万元，用于公用经费控制率"),
    Field("funds.key_projects", "重点项目支出", AMOUNT, "万元，用于重点支出安排率"),
    *(
        Field(f"funds.{key}.{part}", f"{label}{what}", AMOUNT, "万元")
        for key, label in _PAIRS
        for part, what in (
            ("budget", "预算"),
            ("actual", "实际"),
            ("prior_budget", "上年预算"),
            ("prior_actual", "上年实际"),
        )
    ),
    Field("funds.other_notes", "其他需要说明的情况", LONG),
)

PROJECT_FIELDS: tuple[Field, ...] = (
    Field("name", "项目名称", TEXT, "同一工作簿中不得重复", required=True),
    Field("code", "项目编码"),
    Field("attachment", "附件序号", INT, "在部门报告中的附件编号"),
    Field("implementer", "实施单位"),
    Field("arrived", "到位资金", AMOUNT, "万元"),
    Field("arrival_rate", "到位率", RATE, "报告中写明的到位率"),
    Field("execution_rate", "执行率", RATE, "报告中写明的执行率"),
    Field("execution_reason", "执行率偏低原因", LONG, "执行率低于 90% 时必填，100 字以内"),
    Field("adjustment_reason", "预算调整原因", LONG, "年初预算与调整后预算不同时必填"),
    Field("no_budget", "本年无预算", BOOL, "本年确无预算时选“是”"),
    Field("annual_goal", "项目年度目标", LONG),
    Field("goal_result", "年度目标完成情况", LONG, "100 字以内"),
    Field("stated_score", "自评得分", NUMBER, "报告中写明的总分"),
    Field("stated_grade", "评价等级", TEXT, "优 / 良 / 中 / 差", check="grade"),
)

PROJECT_TEXT_FIELDS: tuple[Field, ...] = (
    *(Field(f"goals.{k}", f"绩效目标-{label}", LONG) for k, label in GOAL_CATEGORIES),
    *(Field(f"sections.{k}", label, LONG) for k, label in PROJECT_SECTIONS),
)

# -- tables --------------------------------------------------------------------------------

LINE_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("assets", "资产构成"),
    ("by_function", "功能分类"),
    ("basic", "基本支出"),
    ("project", "项目支出"),
    ("personnel", "人员经费"),
    ("public", "公用经费"),
    *((key, label) for key, label in _BREAKDOWNS),
)
SINGLE_LINES = ("basic", "project", "personnel", "public")

LINES = Table(
    "lines",
    "资金明细（资产构成、功能分类、基本/项目支出、追加、专项、上级、其他资金）",
    (
        Column("category", "类别", TEXT, 14, required=True),
        Column("name", "名称", TEXT, 28),
        Column("amount", "金额", AMOUNT, 12),
        Column("share", "占比", RATE, 10),
        Column("change", "较上年变化", CHANGE, 12),
        Column("prior", "上年金额", AMOUNT, 12),
        Column("project", "所属项目", TEXT, 20),
        Column("note", "说明", LONG, 40),
    ),
    ("类别", "名称", "金额"),
)

LEDGER = Table(
    "ledger",
    "预算调整明细（用于预算调整率）",
    (
        Column("name", "调整事项", TEXT, 30, required=True),
        Column("amount", "调整金额", AMOUNT, 12),
        Column("kind", "调整类型", TEXT, 12),
        Column("excluded", "不计入调整率", BOOL, 14),
    ),
    ("调整事项", "调整类型"),
)

GOALS = Table(
    "goals",
    "部门绩效目标",
    (
        Column("name", "目标名称", TEXT, 28, required=True),
        Column("target", "年度目标", LONG, 30),
        Column("result", "完成情况", LONG, 30),
    ),
    ("目标名称", "年度目标"),
)

_INDICATOR_COLUMNS: tuple[Column, ...] = (
    Column("level1", "一级指标", TEXT, 12),
    Column("level2", "二级指标", TEXT, 18),
    Column("name", "三级指标", TEXT, 24, required=True),
    Column("operator", "指标性质", TEXT, 8),
    Column("target", "指标值", TEXT, 12),
    Column("unit", "度量单位", TEXT, 8),
    Column("actual", "完成值", TEXT, 12),
    Column("weight", "权重", NUMBER, 8),
    Column("score", "得分", NUMBER, 8),
    Column("band", "定性等级", TEXT, 8),
    Column("coefficient", "定性系数", NUMBER, 8),
    Column("deviation_reason", "未完成原因分析", LONG, 24),
    Column("deduction", "超额扣分", NUMBER, 8),
    Column("deduction_reason", "扣分原因", LONG, 20),
    Column("justification", "超额完成说明", LONG, 20),
    Column("not_applicable", "不适用", BOOL, 8),
    Column("approved_operator", "批复指标性质", TEXT, 8),
    Column("approved_target", "批复指标值", TEXT, 10),
    Column("approved_unit", "批复度量单位", TEXT, 8),
    Column("adjustment_approved", "调整已批复", BOOL, 8),
    Column("evidence", "佐证材料", LONG, 24),
)

INDICATORS = Table("indicators", "绩效指标", _INDICATOR_COLUMNS, ("三级指标", "指标性质"))
GOAL_INDICATORS = Table(
    "goal_indicators",
    "部门绩效指标（每行填写所属目标）",
    (Column("goal", "所属目标", TEXT, 20), *_INDICATOR_COLUMNS),
    ("所属目标", "三级指标"),
)

FUNDING = Table(
    "funding",
    "项目资金（万元）",
    (
        Column("source", "资金来源", TEXT, 20, required=True),
        Column("initial", "年初预算", AMOUNT, 12),
        Column("adjusted", "调整后预算", AMOUNT, 12),
        Column("executed", "执行数", AMOUNT, 12),
        Column("rate", "执行率", RATE, 10),
        Column("computed", "计算执行率", RATE, 12, display=True),
    ),
    ("资金来源", "调整后预算"),
)

PROJECT_LIST = Table(
    "project_list",
    "项目清单（顺序即报告中的附件顺序）",
    (
        Column("index", "序号", INT, 6, display=True),
        Column("name", "项目名称", TEXT, 36, required=True),
        Column("sheet", "工作表", TEXT, 20),
        Column("adjusted", "调整后预算", AMOUNT, 14, display=True),
        Column("executed", "执行数", AMOUNT, 14, display=True),
        Column("weights", "指标权重合计", NUMBER, 14, display=True),
    ),
    ("项目名称", "工作表"),
)

TABLES: tuple[Table, ...] = (
    LINES,
    LEDGER,
    GOALS,
    GOAL_INDICATORS,
    INDICATORS,
    FUNDING,
    PROJECT_LIST,
)
PROJECT_TABLES = ("indicators", "funding")

# Funding rows offered in a blank template, by scheme family (rules.md §3 and §5c).
FUNDING_ROWS = {
    "sichuan": ("总额", "财政资金", "财政专户管理资金", "单位资金", "其他资金"),
    "national": ("年度资金总额", "财政拨款", "上年结转", "其他资金"),
}


def funding_rows_for(region: str) -> tuple[str, ...]:
    """The 资金来源 rows of a blank project sheet for a scheme's region (or name)."""
    text = region.lower()
    family = "sichuan" if "sichuan" in text or "0013" in text or "四川" in text else "national"
    return FUNDING_ROWS[family]


OPERATOR_CHOICES = OPERATORS
BAND_CHOICES = BANDS
LEDGER_KINDS = ("追加", "追减", "结构调整")
UNIT_KINDS = ("行政单位", "事业单位", "参公事业单位")
GRADES = ("优", "良", "中", "差")
MONEY_UNITS_OFFERED = ("万元", "元")
