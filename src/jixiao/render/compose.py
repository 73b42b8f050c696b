"""Build the one :class:`ReportView` of a unit-year from the model, the scores and the wording."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import partial

from jixiao.model import Evaluation
from jixiao.render.department import BUILDERS, Context, paragraphs
from jixiao.render.labels import width_chars
from jixiao.render.project import PROJECT_BUILDERS, ProjectContext, section_builder
from jixiao.render.selfeval import project_sheets, summary_table
from jixiao.render.view import (
    Attachment,
    Block,
    Heading,
    PageBreak,
    Paragraph,
    ReportView,
    Title,
)
from jixiao.render.wording import Node, RenderError, Wording
from jixiao.score.result import EvaluationScore

LAYOUTS = ("national", "sichuan")


def build_view(
    ev: Evaluation,
    scores: EvaluationScore | None,
    wording: Wording,
    layout: str | None = None,
) -> ReportView:
    """The whole document set: report, attachments with their 自评表, and the summary."""
    layout = layout or wording.layout
    if layout not in LAYOUTS:
        raise RenderError(
            f"未知的自评表版式 {layout}", hint="可选：national（全国）、sichuan（四川 0013zp）"
        )
    gaps: list[str] = []
    unit = ev.unit.name or wording.gap("单位名称")
    fields = {"unit": unit, "year": ev.year}
    blocks: list[Block] = [title_block(line.format(**fields) for line in wording.department_title)]
    ctx = Context(ev, wording)
    blocks += _outline(wording.department, lambda key: _department_content(ctx, key), wording, gaps)
    sheets = project_sheets(ev, scores, wording.gap)
    for k, p in enumerate(ev.projects):
        ps = scores.projects[k] if scores and k < len(scores.projects) else None
        pctx = ProjectContext(ev, wording, p, ps)
        lines = (line.format(project=p.name, **fields) for line in wording.project_title)
        blocks += [PageBreak(), Attachment(p.attachment or k + 1), title_block(lines)]
        blocks += _outline(wording.project, partial(_project_content, pctx), wording, gaps)
        table = sheets[k].sichuan if layout == "sichuan" else sheets[k].national
        blocks += [PageBreak(), table]
        gaps += [f"{p.name}自评表：{need}" for need in table.gaps]
    title = f"{unit}{ev.year}年度部门预算整体绩效自评报告"
    return ReportView(title, tuple(blocks), sheets, summary_table(ev, scores), layout, tuple(gaps))


# A title line of 2号 (22 pt) characters holds 20 in the 156 mm text block; 18 leaves room for
# the wider brackets of some fonts. Longer lines are split into balanced lines (GB/T 9704 §7.3.1:
# a multi-line title is arranged as a trapezoid or diamond), never leaving one character alone.
TITLE_LINE_CHARS = 18
_NO_LINE_START = "）》」』”’，、。；：！？%"
_NO_LINE_END = "（《「『“‘"


def balance_title_line(line: str, limit: int = TITLE_LINE_CHARS) -> list[str]:
    """``line`` as one or more lines of about equal width, each within ``limit``."""
    total = width_chars(line)
    if total <= limit:
        return [line]
    count = int(-(-total // limit))  # lines needed
    out, rest = [], line
    while count > 1:
        target = width_chars(rest) / count
        cut = _title_cut(rest, target)
        out.append(rest[:cut])
        rest, count = rest[cut:], count - 1
    return [*out, rest]


def _title_cut(text: str, target: float) -> int:
    """The break nearest ``target`` width that does not orphan a bracket or punctuation."""
    widths, acc = [], 0.0
    for ch in text:
        acc += width_chars(ch)
        widths.append(acc)
    candidates = [
        i
        for i in range(1, len(text))
        if text[i] not in _NO_LINE_START
        and text[i - 1] not in _NO_LINE_END
        and not (text[i - 1].isdigit() and text[i].isdigit())
    ]
    if not candidates:
        return max(1, len(text) // 2)
    return min(candidates, key=lambda i: (abs(widths[i - 1] - target), -i))


def title_block(lines: Iterable[str]) -> Title:
    return Title(tuple(part for line in lines for part in balance_title_line(line)))


def _outline(
    nodes: Sequence[Node],
    content: Callable[[str], list[str]],
    wording: Wording,
    gaps: list[str],
) -> list[Block]:
    out: list[Block] = []
    for node in nodes:
        if node.level:
            out.append(Heading(node.level, node.text))
            continue
        texts = content(node.content) if node.content else []
        if not texts:
            if node.optional:
                continue
            need = node.need or _need_of(node, out)
            gaps.append(need)
            out.append(Paragraph(wording.gap(need), lead=node.lead, placeholder=True))
            continue
        out.append(Paragraph(texts[0], lead=node.lead))
        out += [Paragraph(text) for text in texts[1:]]
    return out


def _need_of(node: Node, before: list[Block]) -> str:
    """What a placeholder asks for: the node's ``need``, else the heading it stands under."""
    for block in reversed(before):
        if isinstance(block, Heading):
            return block.text.lstrip("一二三四五六七八九十、（）()0123456789.．")
    return node.lead or node.content


def _department_content(ctx: Context, key: str) -> list[str]:
    if key.startswith("report."):
        return paragraphs(ctx.ev.report.get(key.removeprefix("report."), ""))
    builder = BUILDERS.get(key)
    if builder is None:
        raise RenderError(
            f"措辞模板中的 content: {key} 不存在", hint="见 docs/templates.md 的可用内容列表"
        )
    return builder(ctx)


def _project_content(ctx: ProjectContext, key: str) -> list[str]:
    if key.startswith("section."):
        return section_builder(key.removeprefix("section."))(ctx)
    builder = PROJECT_BUILDERS.get(key)
    if builder is None:
        raise RenderError(
            f"措辞模板中的 content: {key} 不存在", hint="见 docs/templates.md 的可用内容列表"
        )
    return builder(ctx)
