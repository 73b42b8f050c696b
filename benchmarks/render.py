"""Render speed: time per document for each format, against a floor measured in the same run.

    .venv/bin/python benchmarks/render.py [--repeat N] [--no-pdf]

Cases: the reference example (examples/panzhihua-2021) and a synthetic unit with 50 projects
(the example's four projects repeated under new names). The floor is the least work any DOCX
writer must do: the same document.xml written with plain string templates and zipped with the
template's other parts, no template engine and no XML parsing. The target is DOCX within 5× of
the floor; the PDF figure (LibreOffice converting the DOCX) is reported as it is.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import replace
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from jixiao.load import load_evaluation  # noqa: E402
from jixiao.model import Evaluation  # noqa: E402
from jixiao.render import make_view  # noqa: E402
from jixiao.render.docx import DEFAULT_TEMPLATE, block_xml, render_docx  # noqa: E402
from jixiao.render.html import render_html_text  # noqa: E402
from jixiao.render.markdown import render_markdown_text  # noqa: E402
from jixiao.render.pdf import render_pdf  # noqa: E402
from jixiao.render.view import ReportView  # noqa: E402
from jixiao.render.xlsx import render_xlsx  # noqa: E402

EXAMPLE = ROOT / "examples" / "panzhihua-2021" / "evaluation.yaml"


def synthetic(ev: Evaluation, n: int) -> Evaluation:
    projects = tuple(
        replace(p, name=f"{p.name}（{k + 1}）", attachment=k + 1)
        for k, p in enumerate(ev.projects[i % len(ev.projects)] for i in range(n))
    )
    return replace(ev, projects=projects)


def floor_docx(view: ReportView, parts: dict[str, bytes], head: str, tail: str) -> bytes:
    """document.xml from plain string templates, zipped with the template's other parts."""
    xml = head + "".join(block_xml(b) for b in view.blocks) + tail
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, xml.encode("utf-8") if name == "word/document.xml" else data)
    return buffer.getvalue()


def template_parts() -> tuple[dict[str, bytes], str, str]:
    with zipfile.ZipFile(DEFAULT_TEMPLATE) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    doc = parts["word/document.xml"].decode("utf-8")
    start = doc.index("<w:body>") + len("<w:body>")
    end = doc.index("<w:sectPr")
    return parts, doc[:start], doc[end:]


def timed(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def measure(name: str, ev: Evaluation, repeat: int, pdf: bool) -> None:
    parts, head, tail = template_parts()
    view = make_view(ev)
    build = timed(lambda: make_view(ev), repeat)
    floor = timed(lambda: floor_docx(view, parts, head, tail), repeat)
    rows = [
        ("view (built once)", build),
        ("docx", timed(lambda: render_docx(view, BytesIO()), repeat)),
        ("xlsx", timed(lambda: render_xlsx(view, BytesIO()), repeat)),
        ("html", timed(lambda: render_html_text(view), repeat)),
        ("md", timed(lambda: render_markdown_text(view), repeat)),
    ]
    if pdf:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "r.pdf"
            rows.append(("pdf", timed(lambda: render_pdf(view, out), 1)))
    pages = sum(1 for b in view.blocks if type(b).__name__ == "Attachment")
    print(f"\n{name}: {len(ev.projects)} projects, {len(view.blocks)} blocks, {pages} attachments")
    print(f"  {'floor (string templates + zip)':34} {floor * 1000:9.1f} ms   1.00×")
    for label, seconds in rows:
        print(f"  {label:34} {seconds * 1000:9.1f} ms  {seconds / floor:5.2f}×")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-pdf", action="store_true")
    args = parser.parse_args()
    ev, issues = load_evaluation(EXAMPLE)
    if ev is None:
        sys.exit(f"cannot load {EXAMPLE}: {issues}")
    print("render benchmark: median of", args.repeat, "runs (PDF: one run); ratio = time / floor")
    measure("reference example (panzhihua-2021)", ev, args.repeat, not args.no_pdf)
    measure("synthetic unit", synthetic(ev, 50), args.repeat, not args.no_pdf)


if __name__ == "__main__":
    main()
