"""Official documents from a unit-year: one view model, then DOCX / PDF / XLSX / HTML / Markdown.

    >>> from jixiao.render import RenderOptions, render
    >>> render(evaluation, "docx", Path("report.docx"))  # doctest: +SKIP

The view (:func:`build_view`) is built once from the model, the scores and the wording file;
each renderer only lays it out, so the formats cannot disagree. Output formats are a registry
keyed by name, with the file extension choosing one when no format is given.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from jixiao.model import Evaluation
from jixiao.render.compose import LAYOUTS, build_view
from jixiao.render.view import ReportView
from jixiao.render.wording import RenderError, load_wording
from jixiao.score import EvaluationScore, SchemeError, scheme_for, score_evaluation


@dataclass(frozen=True)
class RenderOptions:
    """Choices for one rendering; ``None`` means "as the region/year templates say"."""

    wording: Path | None = None  # a wording YAML (headings, sentences)
    template: Path | None = None  # a DOCX layout template
    layout: str | None = None  # 自评表 layout: national / sichuan
    scheme: str | None = None  # scoring scheme name or file


def _docx(view: ReportView, out: Path, opts: RenderOptions) -> None:
    from jixiao.render.docx import render_docx

    render_docx(view, out, opts.template)


def _pdf(view: ReportView, out: Path, opts: RenderOptions) -> None:
    from jixiao.render.pdf import render_pdf

    render_pdf(view, out, opts.template)


def _xlsx(view: ReportView, out: Path, opts: RenderOptions) -> None:
    from jixiao.render.xlsx import render_xlsx

    render_xlsx(view, out, opts.layout)


def _html(view: ReportView, out: Path, opts: RenderOptions) -> None:
    from jixiao.render.html import render_html

    render_html(view, out)


def _md(view: ReportView, out: Path, opts: RenderOptions) -> None:
    from jixiao.render.markdown import render_markdown

    render_markdown(view, out)


Renderer = Callable[[ReportView, Path, RenderOptions], None]
FORMATS: dict[str, Renderer] = {"docx": _docx, "pdf": _pdf, "xlsx": _xlsx, "html": _html, "md": _md}
EXTENSIONS = {
    ".docx": "docx",
    ".pdf": "pdf",
    ".xlsx": "xlsx",
    ".html": "html",
    ".htm": "html",
    ".md": "md",
    ".markdown": "md",
}


def format_for(out: Path | None, fmt: str | None) -> str:
    """The format asked for, else the one the output's extension names."""
    if fmt:
        if fmt not in FORMATS:
            raise RenderError(f"不支持的格式 {fmt}", hint="可选：" + "、".join(FORMATS))
        return fmt
    if out is not None and out.suffix.lower() in EXTENSIONS:
        return EXTENSIONS[out.suffix.lower()]
    raise RenderError(
        "无法确定输出格式",
        hint="请用 --to 指定（docx、pdf、xlsx、html、md），或让 -o 的扩展名说明格式",
    )


def score_for(ev: Evaluation, scheme: str | None = None) -> EvaluationScore:
    try:
        return score_evaluation(ev, scheme_for(ev, scheme))
    except SchemeError as exc:
        raise RenderError(f"评分方案无法使用：{exc}") from exc


def make_view(ev: Evaluation, options: RenderOptions | None = None) -> ReportView:
    """Score the unit-year and build the one view every format lays out."""
    opts = options or RenderOptions()
    if opts.layout is not None and opts.layout not in LAYOUTS:
        raise RenderError(f"未知的自评表版式 {opts.layout}", hint="可选：national、sichuan")
    wording = load_wording(opts.wording, ev.unit.region, ev.year)
    return build_view(ev, score_for(ev, opts.scheme), wording, opts.layout)


def render(
    ev: Evaluation,
    fmt: str,
    out: Path,
    options: RenderOptions | None = None,
    view: ReportView | None = None,
) -> ReportView:
    """Write ``ev`` as ``fmt`` to ``out``; returns the view it laid out."""
    opts = options or RenderOptions()
    renderer = FORMATS[format_for(out, fmt)]
    view = view or make_view(ev, opts)
    out.parent.mkdir(parents=True, exist_ok=True)
    # Write beside the target and move into place, so a failure never leaves half a document
    # where the last good one was.
    partial = out.with_name(f".{out.stem}.partial{out.suffix}")
    try:
        renderer(view, partial, opts)
        os.replace(partial, out)
    except OSError as exc:
        raise RenderError(f"无法写入 {out}：{exc.strerror or exc}") from exc
    finally:
        partial.unlink(missing_ok=True)
    return view


__all__ = [
    "EXTENSIONS",
    "FORMATS",
    "RenderError",
    "RenderOptions",
    "ReportView",
    "build_view",
    "format_for",
    "make_view",
    "render",
]
