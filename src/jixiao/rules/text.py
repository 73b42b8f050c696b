"""Validation rules on the narrative: length limits, required sections, conclusions, problems vs
measures, repeated paragraphs and template leftovers (rules.md §3, §5a/§5b; review.md F25–F31).

Deviation reasons and "no problems" claims (F23, F24) are in rules/reasons.py and part of
:data:`RULES` here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from decimal import Decimal

from jixiao.issues import Issue, Severity
from jixiao.model import PROJECT_SECTIONS, REPORT_SECTIONS, Evaluation, Project
from jixiao.rules import Options, rule
from jixiao.rules import reasons as reason_rules
from jixiao.rules.refs import TextRef, iter_indicators, iter_texts, paragraphs
from jixiao.rules.similarity import Passage, repeated_groups, shingles
from jixiao.source import Source
from jixiao.vocabulary import Vocabulary, vocabulary_for

E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
_SECTION_NAMES = dict(PROJECT_SECTIONS)
_REPORT_NAMES = dict(REPORT_SECTIONS)


def char_count(text: str) -> int:
    """Characters as a 字数 limit counts them: everything but whitespace."""
    return len(re.sub(r"\s", "", text))


def _field(project: Project, pi: int, key: str) -> Source:
    src = project.meta.of(key)
    return src if src.path else src.at(f"projects[{pi}].{key}")


def _limited_texts(project: Project) -> Iterator[tuple[str, str, str]]:
    """(limit key, field key, title) of the Sichuan 0013zp cells with a 字数 limit."""
    yield "goal_result", "goal_result", "年度目标完成情况"
    for key, title in (
        ("conclusion", "评价结论"),
        ("problems", "存在问题"),
        ("suggestions", "改进措施"),
    ):
        yield key, f"sections.{key}", title


def _text_of(project: Project, field: str) -> str | None:
    if field.startswith("sections."):
        return project.sections.get(field.removeprefix("sections."))
    return getattr(project, field) or None


@rule("V-TXT-01", E, "四川自评表文字说明超过字数限制")
def check_text_limits(ev: Evaluation, options: Options) -> Iterable[Issue]:
    """Sichuan 0013zp (options.region == "sichuan"): 年度目标完成情况 ≤ 100字; 评价结论, 存在问题,
    改进措施 ≤ 200字 each (options.text_limits). Fails: a 120-character goal_result.
    """
    if options.region != "sichuan":
        return
    for pi, project in enumerate(ev.projects):
        for limit_key, field, title in _limited_texts(project):
            text, limit = _text_of(project, field), options.text_limits.get(limit_key)
            if not text or limit is None:
                continue
            count = char_count(text)
            if count > limit:
                yield Issue(
                    "V-TXT-01",
                    E,
                    f"项目“{project.name}”的{title}有 {count} 字，超过 {limit} 字的限制",
                    _field(project, pi, field),
                    expected=Decimal(limit),
                    actual=Decimal(count),
                    difference=Decimal(count - limit),
                    hint="请精简文字，保留完成情况的关键数字",
                )


def _missing_project_sections(project: Project, options: Options, vocab: Vocabulary) -> list[str]:
    required: list[str] = []
    if project.sections:  # a written project report: the template's sections (rules.md §5b)
        required += vocab.words.get("required_project_sections", ())
    if options.region == "sichuan":  # the 0013zp table's text cells (rules.md §3)
        required += vocab.words.get("required_sichuan_fields", ())
    return [key for key in dict.fromkeys(required) if not _text_of(project, _key(key))]


def _key(name: str) -> str:
    return name if name in ("goal_result", "annual_goal") else f"sections.{name}"


def _title(name: str) -> str:
    return {"goal_result": "年度目标完成情况", "annual_goal": "项目年度目标"}.get(
        name, _SECTION_NAMES.get(name, name)
    )


@rule("V-TXT-02", W, "模板要求的章节为空")
def check_required_sections(ev: Evaluation, options: Options) -> Iterable[Issue]:
    """A section the template requires is missing or empty (F31's "required cells empty").

    Project reports follow rules.md §5b once any section is written; the department report
    §5a once any section is written (上级专项 sections only when superior funds exist).
    Fails: a project report with ``sections: {conclusion: ""}``.
    """
    vocab = vocabulary_for(options)
    for pi, project in enumerate(ev.projects):
        missing = _missing_project_sections(project, options, vocab)
        if missing:
            first = _key(missing[0])
            # an empty section at its own line; absent ones at the sections block (or the project)
            src = project.meta.of(first if first in project.meta.fields else "sections")
            yield Issue(
                "V-TXT-02",
                W,
                f"项目“{project.name}”缺少或未填写：{'、'.join(_title(m) for m in missing)}",
                src if src.path else src.at(f"projects[{pi}].{first}"),
                actual=Decimal(len(missing)),
                hint="请按模板补全这些章节；确无内容的写明“无”及理由",
            )
    if not ev.report:
        return
    required = list(vocab.words.get("required_report_sections", ()))
    superior = ev.funds.superior.value
    if superior is not None and superior > 0:
        required += ["superior_output", "superior_benefit", "superior_satisfaction"]
    missing = [k for k in required if not ev.report.get(k, "").strip()]
    if missing:
        yield Issue(
            "V-TXT-02",
            W,
            f"部门报告缺少或未填写：{'、'.join(_REPORT_NAMES.get(k, k) for k in missing)}",
            ev.meta.of(f"report.{missing[0]}" if missing[0] in ev.report else "report"),
            actual=Decimal(len(missing)),
            hint="请按模板补全这些章节",
        )


_SCORE_RE = re.compile(r"\d+(?:\.\d+)?\s*分")
_GRADE_RE = re.compile(r"(?:等级|等次|评定|评为|定为|结论为|结果为|档次)[^，。；,;]{0,6}[优良中差]")


@rule("F25", W, "评价结论未写自评得分和等级")
def check_conclusion_score(ev: Evaluation, options: Options) -> Iterable[Issue]:
    """A project with a stated score whose 评价结论 gives neither a score nor a grade.

    Only projects with ``stated_score`` are checked (an unscored report has nothing to state); a
    conclusion that states a *different* score is V-TOT-02's (rules/scoring.py).
    Fails: ``stated_score: 100`` with the seed's generic "该项目的及时、完整实施，…".
    """
    for pi, project in enumerate(ev.projects):
        text = project.sections.get("conclusion", "")
        if project.stated_score is None or not text.strip():
            continue
        if _SCORE_RE.search(text) or _GRADE_RE.search(text):
            continue
        grade = f"、等级“{project.stated_grade}”" if project.stated_grade else ""
        yield Issue(
            "F25",
            W,
            f"项目“{project.name}”的评价结论没有写明自评得分"
            f"（{project.stated_score}分{grade}）和评价等级",
            _field(project, pi, "sections.conclusion"),
            expected=project.stated_score,
            hint="评价结论应写明自评总分和等级，如“自评得分 96.5 分，等级为优”",
        )


_ITEM_RE = re.compile(
    r"[（(]\s*(?:\d{1,2}|[一二三四五六七八九十]{1,2})\s*[）)]"  # （1） （一）: markers anywhere
    r"|(?:^|[\s。；;：:])(?:\d{1,2}\s*[.、．](?!\d)|[一二三四五六七八九十]{1,2}\s*(?:是|、))"
)


def item_count(text: str) -> int:
    """Numbered items (1. / （1） / 一是 / 一、) in a text; 0 when it is not numbered."""
    return len(_ITEM_RE.findall(text))


def _bigrams(text: str) -> set[str]:
    han = re.sub(r"[^\u4e00-\u9fff]", "", text)
    return {han[i : i + 2] for i in range(len(han) - 1)}


@rule("F26", INFO, "存在问题与改进措施不对应")
def check_problems_measures(ev: Evaluation, options: Options) -> Iterable[Issue]:
    """Measures "暂无" while problems are listed (warning); numbered counts differ, or the measures
    share no word with the problems (info). Fails: problems "1.… 2.… 3.…", suggestions "1.… 2.…".
    """
    vocab = vocabulary_for(options)
    for pi, project in enumerate(ev.projects):
        problems = project.sections.get("problems")
        measures = project.sections.get("suggestions")
        if problems is None or measures is None or vocab.is_placeholder(problems):
            continue
        src = _field(project, pi, "sections.suggestions")
        if vocab.is_placeholder(measures):
            yield Issue(
                "F26",
                W,
                f"项目“{project.name}”列出了存在的问题，但改进措施为“{measures or '（空）'}”",
                src,
                hint="每个问题都应有对应的改进措施",
            )
            continue
        n_problems, n_measures = item_count(problems), item_count(measures)
        if n_problems and n_measures and n_problems != n_measures:
            yield Issue(
                "F26",
                INFO,
                f"项目“{project.name}”列出 {n_problems} 个问题，却有 {n_measures} 条改进措施",
                src,
                expected=Decimal(n_problems),
                actual=Decimal(n_measures),
                difference=Decimal(n_measures - n_problems),
                hint="请逐条对应问题提出措施",
            )
        elif not _bigrams(problems) & _bigrams(measures):
            yield Issue(
                "F26",
                INFO,
                f"项目“{project.name}”的改进措施与存在的问题没有共同内容，可能答非所问",
                src,
                hint="改进措施应针对所列问题",
            )


def _passages(ev: Evaluation, vocab: Vocabulary) -> list[tuple[Passage, TextRef, Source]]:
    size = int(vocab.number("similarity_shingle"))
    out = []
    for ref in iter_texts(ev):
        for text, src in paragraphs(ref):
            out.append((Passage(ref.owner, text, shingles(text, size)), ref, src))
    return out


@rule("F27", INFO, "段落在多个项目或报告与附件间雷同")
def check_repeated_paragraphs(ev: Evaluation, options: Options) -> Iterable[Issue]:
    """Paragraphs repeated (shingle containment ≥ options.similarity) across projects, or between
    the department report and its attachments: one issue per group of repeats, at the first.

    Info: repeating the unit's functions may be acceptable; a reviewer judges. The seed's four
    project reports share one 评价结论 word for word.
    """
    vocab = vocabulary_for(options)
    items = _passages(ev, vocab)
    min_chars = int(vocab.number("similarity_min_chars"))
    groups = repeated_groups([p for p, _, _ in items], options.similarity, min_chars)
    for whole in groups:
        # one place per owner: a report that repeats itself inside one project is one finding
        group = list({items[i][1].owner: i for i in reversed(whole)}.values())[::-1]
        first_ref, first_src = items[group[0]][1], items[group[0]][2]
        places = [f"{items[i][1].owner}“{items[i][1].section}”（{items[i][2]}）" for i in group[1:]]
        preview = " ".join(items[group[0]][0].text.split())[:24]
        yield Issue(
            "F27",
            INFO,
            f"{first_ref.owner}“{first_ref.section}”的段落“{preview}…”与另外 {len(group) - 1} 处"
            f"雷同：{'；'.join(places)}",
            first_src,
            actual=Decimal(len(whole)),
            hint="各项目应写出自己的情况；报告与附件可引用，不宜整段照搬",
        )


_EMPTY_BRACKETS = re.compile(r"[（(][\s\u3000_＿]*[）)]")
_PERIOD_YEAR = re.compile(
    r"(?<![较比与同上])(?<!\d)(\d{4})\s*年\s*(?:度|末|底|初|全年|1\s*[-—~至到]\s*12\s*月|一至十二月)"
)


def _all_texts(ev: Evaluation) -> Iterator[tuple[str, str, Source]]:
    """(what, text, source) for every narrative text and the free-text indicator cells."""
    if ev.title:
        yield "标题", ev.title, ev.meta.of("title")
    for ref in iter_texts(ev):
        yield f"{ref.owner}“{ref.section}”", ref.text, ref.source
    for ind_ref in iter_indicators(ev):
        ind = ind_ref.indicator
        for field, text in (
            ("name", ind.name),
            ("target", ind.target_text),
            ("actual", ind.actual_text),
            ("deviation_reason", ind.deviation_reason),
        ):
            if text:
                yield ind_ref.label, text, ind_ref.at(field)


@rule("F31", E, "模板说明文字残留或年份与预算年度不符")
def check_template_leftovers(ev: Evaluation, options: Options) -> Iterable[Issue]:
    """Instruction text (填写说明, "不超过100字", "（ ）") left in (error); a period such as
    "2020年度" in a FY2021 evaluation (warning: it may be a deliberate comparison).
    """
    vocab = vocabulary_for(options)
    for what, text, src in _all_texts(ev):
        brackets = _EMPTY_BRACKETS.search(text)
        leftover = vocab.has("template_leftovers", text) or (brackets and brackets.group(0))
        if leftover:
            yield Issue(
                "F31",
                E,
                f"{what}中残留模板文字“{leftover}”",
                src,
                hint="请删除模板中的填写说明和占位符，填写实际内容",
            )
        if not ev.year:
            continue
        other = next((m for m in _PERIOD_YEAR.finditer(text) if int(m.group(1)) != ev.year), None)
        if other:
            year = int(other.group(1))
            yield Issue(
                "F31",
                W,
                f"{what}提到“{other.group(0)}”，与预算年度 {ev.year} 不符",
                src,
                expected=Decimal(ev.year),
                actual=Decimal(year),
                difference=Decimal(year - ev.year),
                hint="请核对是否沿用了其他年度的报告文字",
            )


RULES = (
    check_text_limits,
    check_required_sections,
    *reason_rules.RULES,
    check_conclusion_score,
    check_problems_measures,
    check_repeated_paragraphs,
    check_template_leftovers,
)
