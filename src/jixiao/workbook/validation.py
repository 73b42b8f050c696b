"""Data validation of the fill-in workbook: drop-downs, numeric cells that refuse text, 定性 bands.

Lists are inline (each well under Excel's 255-character limit), so no hidden helper sheet is
needed. Names of 一级/二级指标 only warn when something else is typed (local names differ, and
the rules judge them); 指标性质, 定性等级, 是/否 and the categories refuse anything else.
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from jixiao.workbook.layout import (
    AMOUNT,
    BAND_CHOICES,
    BAND_NOTE,
    BOOL,
    CHANGE,
    GRADES,
    INT,
    LEDGER_KINDS,
    LEVEL1,
    LEVEL2,
    LINE_CATEGORIES,
    MONEY_UNITS_OFFERED,
    NUMBER,
    OPERATOR_CHOICES,
    RATE,
    UNIT_KINDS,
    YES_NO,
)


class Validations:
    """One DataValidation per kind and sheet, collecting cell ranges."""

    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws
        self.by_kind: dict[str, DataValidation] = {}

    def add(self, kind: str, ref: str) -> None:
        dv = self.by_kind.get(kind)
        if dv is None:
            dv = _validation(kind)
            if dv is None:
                return
            self.ws.add_data_validation(dv)
            self.by_kind[kind] = dv
        dv.add(ref)


def _choice(items: Sequence[str], strict: bool, prompt: str = "") -> DataValidation:
    dv = DataValidation(
        type="list",
        formula1='"' + ",".join(items) + '"',
        allow_blank=True,
        errorStyle="stop" if strict else "warning",
        showErrorMessage=True,
        error="请从下拉列表中选择" + ("" if strict else "（也可保留自填的名称）"),
        errorTitle="请选择",
    )
    if prompt:
        dv.prompt, dv.showInputMessage = prompt, True
    return dv


def _validation(kind: str) -> DataValidation | None:
    if kind in (AMOUNT, NUMBER):
        return DataValidation(
            type="decimal",
            operator="between",
            formula1="-1000000000000",
            formula2="1000000000000",
            allow_blank=True,
            showErrorMessage=True,
            error="这里只能填写数字（金额单位：万元）",
            errorTitle="请填写数字",
        )
    if kind == INT:
        return DataValidation(
            type="whole",
            operator="between",
            formula1="0",
            formula2="100000000",
            allow_blank=True,
            showErrorMessage=True,
            error="这里只能填写整数",
            errorTitle="请填写整数",
        )
    if kind in (RATE, CHANGE):
        # The cell holds the fraction: a rate runs 0%–1000%, a change -10000%–10000%.
        return DataValidation(
            type="decimal",
            operator="between",
            formula1="0" if kind == RATE else "-100",
            formula2="10" if kind == RATE else "100",
            allow_blank=True,
            showErrorMessage=True,
            error="这里只能填写百分数，如 92.73%",
            errorTitle="请填写百分数",
        )
    choices = {
        BOOL: (YES_NO, True, ""),
        "level1": (LEVEL1, False, ""),
        "level2": (LEVEL2, False, ""),
        "operator": (OPERATOR_CHOICES, True, "≥ ≤ = > < 或 定性"),
        "band": (BAND_CHOICES, True, BAND_NOTE),
        "category": (tuple(label for _k, label in LINE_CATEGORIES), True, ""),
        "ledger_kind": (LEDGER_KINDS, True, ""),
        "unit_kind": (UNIT_KINDS, False, ""),
        "grade": (GRADES, True, "优 ≥90 分，良 80–<90，中 60–<80，差 <60"),
        "money_unit": (MONEY_UNITS_OFFERED, True, ""),
        "scheme": (_scheme_names(), False, "四川省选 sichuan-0013zp，其他地区选 national-2020"),
    }
    if kind in choices:
        items, strict, prompt = choices[kind]
        return _choice(items, strict, prompt)
    if kind.startswith("range:"):  # a list drawn from cells of the sheet (所属目标)
        dv = _choice((), False, "请选择上方“部门绩效目标”表中的目标名称")
        dv.formula1 = kind[len("range:") :]
        dv.error = "所属目标应与上方目标表中的目标名称一致"
        return dv
    if kind == "coefficient":
        return DataValidation(
            type="decimal",
            operator="between",
            formula1="0",
            formula2="1",
            allow_blank=True,
            showErrorMessage=True,
            error="定性系数为 0 到 1 之间的小数：A 0.8–1，B 0.6–<0.8，C <0.6",
            errorTitle="定性系数",
        )
    return None


def _scheme_names() -> tuple[str, ...]:
    from jixiao.score import list_schemes  # only the template needs the scoring schemes

    return tuple(list_schemes())


# Columns whose validation differs from their value kind.
COLUMN_VALIDATION = {
    "level1": "level1",
    "level2": "level2",
    "operator": "operator",
    "approved_operator": "operator",
    "band": "band",
    "coefficient": "coefficient",
    "category": "category",
}
