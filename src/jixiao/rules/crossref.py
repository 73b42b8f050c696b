"""Validation rules: the department report against its project attachments (V-XREF-*).

Amounts the report attributes to a project (追加, 上级下达 …) must equal what the project's own
attachment shows; a project's 到位 money and 到位率 must agree with its adjusted budget; a
project the report names must have an attachment.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from jixiao.issues import Issue, Severity
from jixiao.model import Evaluation, Line, Project
from jixiao.number import fmt_plain
from jixiao.rules import Options, Rule, rule
from jixiao.rules.funds import amount_tolerance, rate_issue, rate_matches, sum_issue, total_row
from jixiao.rules.report import BREAKDOWNS, breakdown

# Report breakdowns whose items may name a project, and the sign of their effect on it.
_XREF: tuple[tuple[str, str, int], ...] = (
    ("additions", "追加", 1),
    ("reductions", "追减", -1),
    ("superior", "上级下达", 1),
    ("other", "其他资金", 1),
)


def _attributed(ev: Evaluation, p: Project) -> list[tuple[str, Line, int]]:
    """Items of the bridge breakdowns that name project ``p`` (by ``project`` or by name)."""
    out = []
    for key, label, sign in _XREF:
        for x in breakdown(ev, key).items:
            if x.project == p.name or (x.project is None and x.name == p.name):
                out.append((label, x, sign))
    return out


@rule("V-XREF-01", Severity.WARNING, "报告中归属某项目的追加、上级等资金 = 该项目调整后 − 年初")
def check_project_items(ev: Evaluation, options: Options) -> Iterator[Issue]:
    """An item of 追加/追减/上级下达/其他资金 naming a project must match that project's table.

    Failing example: 追加 item 业务运行费 18.39, while the attachment 业务运行费 has 年初 6 and
    调整后 25.39 (a 19.39 addition) → 差额 1.
    """
    tol = amount_tolerance(ev, options)
    for p in ev.projects:
        total = total_row(p)
        items = _attributed(ev, p)
        if total is None or total.adjusted is None or not items:
            continue
        if any(x.amount is None for _, x, _ in items):
            continue
        stated = sum((sign * abs(x.amount or Decimal(0)) for _, x, sign in items), Decimal(0))
        initial = total.initial or Decimal(0)
        change = total.adjusted - initial
        if abs(stated - change) <= tol:
            continue
        listing = "、".join(f"{label} {fmt_plain(x.amount or Decimal(0))}" for label, x, _ in items)
        yield sum_issue(
            "V-XREF-01",
            Severity.WARNING,
            f"报告列出项目“{p.name}”的资金 {listing}（合计 {fmt_plain(stated)}），而该项目"
            f"附件中年初 {fmt_plain(initial)}、调整后 {fmt_plain(total.adjusted)}"
            f"（年内增加 {fmt_plain(change)}）",
            items[0][1].meta.of("amount"),
            change,
            stated,
            hint="报告与项目附件的金额应一致，请核对",
        )


@rule("V-XREF-02", Severity.WARNING, "项目到位资金、到位率与调整后预算一致")
def check_arrival(ev: Evaluation, options: Options) -> Iterator[Issue]:
    """到位资金 ≤ 调整后预算, and a stated 到位率 = 到位资金 / 调整后预算.

    Failing example: 调整后 37.24, 到位 37.24, 到位率写为 90% → 差额 −10 pp.
    """
    tol = amount_tolerance(ev, options)
    for p in ev.projects:
        total = total_row(p)
        adjusted = total.adjusted if total is not None else None
        if p.arrived is None or adjusted is None:
            continue
        if p.arrived - adjusted > tol:
            yield sum_issue(
                "V-XREF-02",
                Severity.WARNING,
                f"项目“{p.name}”到位资金 {fmt_plain(p.arrived)} 超过调整后预算 {fmt_plain(adjusted)}",
                p.meta.of("arrived"),
                adjusted,
                p.arrived,
                hint="请核对到位资金与资金表",
            )
        if p.arrival_rate is not None and adjusted != 0:
            computed = p.arrived / adjusted
            if not rate_matches(p.arrival_rate, computed, options):
                how = f"{fmt_plain(p.arrived)} / {fmt_plain(adjusted)}"
                yield rate_issue(
                    "V-XREF-02", Severity.WARNING, f"项目“{p.name}”到位率", p.arrival_rate,
                    computed, how, p.meta.of("arrival_rate"),
                )  # fmt: skip


@rule("V-XREF-03", Severity.ERROR, "报告中提到的项目须有对应的项目附件")
def check_named_projects(ev: Evaluation, options: Options) -> Iterator[Issue]:
    """An item's ``project`` must name one of the evaluation's projects.

    Failing example: 追加 item with project: 劳务费用 when the attachment is called 劳务费.
    """
    if not ev.projects:
        return  # attachments not recorded: nothing to cross-reference
    names = {p.name for p in ev.projects}
    for key, label in BREAKDOWNS:
        for x in breakdown(ev, key).items:
            if x.project is not None and x.project not in names:
                yield Issue(
                    "V-XREF-03",
                    Severity.ERROR,
                    f"{label}“{x.name}”所属项目“{x.project}”没有对应的项目附件",
                    x.meta.of("project"),
                    hint="项目名称应与附件中的项目名称完全一致：" + "、".join(sorted(names)),
                )


# -- V-STAFF-01 / 02 -------------------------------------------------------------------------


RULES: tuple[Rule, ...] = (check_project_items, check_arrival, check_named_projects)
