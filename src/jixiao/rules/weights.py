"""Weight rules (rules.md §8 V-W-01/02/03): weights add up to the scheme's total, each is positive,
and every 一级 group the scheme expects is present."""

from __future__ import annotations

from collections.abc import Iterable

from jixiao.issues import Issue, Severity
from jixiao.model import Evaluation, Project
from jixiao.number import fmt_plain
from jixiao.rules import Options, Rule, rule
from jixiao.rules.scored import ZERO, all_projects, label, scored_projects
from jixiao.score import Scheme
from jixiao.source import Source


@rule("V-W-01", Severity.ERROR, "指标权重之和与方案一致")
def check_weight_total(ev: Evaluation, options: Options) -> Iterable[Issue]:
    """Σ indicator weights = the scheme's indicator total (90); a national 一级 split other than
    产出 50 / 效益 30 / 满意度 10 is a warning needing a justification.

    Fails: weights 60 + 20 = 80 under sichuan-0013zp.
    """
    for project, _ps, scheme in scored_projects(ev, options):
        weights = [i.weight for i in project.indicators]
        if not weights or any(w is None for w in weights):
            continue
        total = sum((w or ZERO for w in weights), ZERO)
        where = project.meta.of("indicators")
        if abs(total - scheme.indicator_total) > options.score_tolerance:
            yield Issue(
                "V-W-01",
                Severity.ERROR,
                f"项目“{project.name}”指标权重之和 {fmt_plain(total)} 不等于 "
                f"{fmt_plain(scheme.indicator_total)}（方案 {scheme.name}）",
                where,
                expected=scheme.indicator_total,
                actual=total,
                difference=total - scheme.indicator_total,
                hint=f"预算执行率 {fmt_plain(scheme.execution_weight)} 分 + 指标 "
                f"{fmt_plain(scheme.indicator_total)} 分 = {fmt_plain(scheme.full_marks)} 分",
            )
        yield from _split(project, scheme, where)


def _split(project: Project, scheme: Scheme, where: Source) -> Iterable[Issue]:
    if not scheme.level1_weights:
        return
    sums = dict.fromkeys(scheme.level1_weights, ZERO)
    for ind in project.indicators:
        key = scheme.level1_of(ind.level1)
        if key is not None:
            sums[key] += ind.weight or ZERO
    off = {k: v for k, v in sums.items() if v != scheme.level1_weights[k]}
    if not off:
        return
    said = "，".join(
        f"{k} {fmt_plain(v)}（默认 {fmt_plain(scheme.level1_weights[k])}）" for k, v in off.items()
    )
    yield Issue(
        "V-W-01",
        Severity.WARNING,
        f"项目“{project.name}”一级指标权重与默认分配不同：{said}",
        where,
        hint="单位可调整一级指标权重，但须说明理由",
    )


@rule("V-W-02", Severity.ERROR, "每项权重大于 0")
def check_weights_positive(ev: Evaluation, options: Options) -> Iterable[Issue]:
    """Every weight > 0 (decimals such as 22.5 allowed); a scored project gives every weight.

    Fails: weight 0, or one indicator without a weight while the others have one.
    """
    for project, _ps, _ in scored_projects(ev, options):
        given = [i for i in project.indicators if i.weight is not None]
        for ind in project.indicators:
            if ind.weight is not None and ind.weight <= 0:
                yield Issue(
                    "V-W-02",
                    Severity.ERROR,
                    f"{label(project, ind)}权重为 {fmt_plain(ind.weight)}，应大于 0",
                    ind.meta.of("weight"),
                    actual=ind.weight,
                    hint="删除不考核的指标，或给出大于 0 的权重",
                )
            elif ind.weight is None and given:
                yield Issue(
                    "V-W-02",
                    Severity.ERROR,
                    f"{label(project, ind)}缺少权重",
                    ind.meta.source,
                    hint="请填写该指标的权重（分值）",
                )
        if project.indicators and not given:
            yield Issue(
                "V-W-02",
                Severity.ERROR,
                f"项目“{project.name}”的指标均未填写权重，已按方案默认分配计分",
                project.meta.of("indicators"),
                hint="请为每项指标填写权重",
            )


@rule("V-W-03", Severity.WARNING, "一级指标齐全")
def check_level1_present(ev: Evaluation, options: Options) -> Iterable[Issue]:
    """National mode: every 一级 of the scheme (产出 / 效益 / 满意度) has at least one indicator.

    Fails: a project with 产出 and 效益 indicators but no 满意度 indicator.
    """
    for project, _ps, scheme in all_projects(ev, options):
        if not scheme.level1_weights or not project.indicators:
            continue
        present = {scheme.level1_of(i.level1) for i in project.indicators}
        for key, points in scheme.level1_weights.items():
            if key not in present:
                yield Issue(
                    "V-W-03",
                    Severity.WARNING,
                    f"项目“{project.name}”没有“{key}”类指标（方案默认 {fmt_plain(points)} 分）",
                    project.meta.of("indicators"),
                    expected=points,
                    actual=ZERO,
                    hint=f"请补充{key}指标，或说明不设的理由",
                )


RULES: tuple[Rule, ...] = (check_weight_total, check_weights_positive, check_level1_present)
