"""Speed of ``jixiao audit``: documents per second for TXT, DOCX and PDF inputs, side by side
with the floor of reading the same files and running one number regex over their text.

Inputs are built in a temporary folder: the corpus texts (../shared/corpus/docs) and the seed
as TXT; the same texts written as DOCX (pipe rows as real tables); and the reference example
rendered to PDF by ``jixiao render`` (skipped when rendering is not available).

Run: .venv/bin/python benchmarks/audit.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from jixiao.audit.run import audit_file

HERE = Path(__file__).resolve().parents[1]
# The shared reference documents, or the copies the tests keep when shared/ is not beside us.
SHARED = HERE.parent / "shared" if (HERE.parent / "shared").exists() else HERE / "tests" / "data"
NUMBER = re.compile(r"\d+(?:\.\d+)?%?")


def texts() -> list[Path]:
    files = sorted((SHARED / "corpus" / "docs").glob("*.txt"))
    seed = SHARED / "seed" / "000_0799312fbf0b8fba.txt"
    return files + ([seed] if seed.exists() else [])


def to_docx(source: Path, target: Path) -> None:
    import docx

    d = docx.Document()
    rows: list[list[str]] = []
    for line in source.read_text(encoding="utf-8").splitlines():
        if "|" in line:
            rows.append([c.strip() for c in line.split("|") if c.strip()] or [""])
            continue
        if rows:
            _table(d, rows)
            rows = []
        if line.strip():
            d.add_paragraph(line.strip())
    if rows:
        _table(d, rows)
    d.save(str(target))


def _table(d: object, rows: list[list[str]]) -> None:
    width = max(len(r) for r in rows)
    table = d.add_table(rows=len(rows), cols=width)  # type: ignore[attr-defined]
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text


def render_pdf(folder: Path) -> Path | None:
    example = HERE / "examples" / "panzhihua-2021" / "evaluation.yaml"
    out = folder / "example.pdf"
    jixiao = Path(sys.executable).parent / "jixiao"
    cmd = [str(jixiao), "render", str(example), "--to", "pdf", "-o", str(out)]
    done = subprocess.run(cmd, capture_output=True, check=False)
    return out if done.returncode == 0 and out.exists() else None


def floor_text(path: Path) -> int:
    if path.suffix == ".docx":
        import docx

        d = docx.Document(str(path))
        parts = [p.text for p in d.paragraphs]
        parts += [c.text for t in d.tables for row in t.rows for c in row.cells]
        text = "\n".join(parts)
    elif path.suffix == ".pdf":
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(str(path))
        text = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
        pdf.close()
    else:
        text = path.read_bytes().decode("utf-8", errors="replace")
    return sum(1 for _ in NUMBER.finditer(text))


def rate(files: list[Path], fn: Callable[[Path], object], repeat: int) -> float:
    started = time.perf_counter()
    for _ in range(repeat):
        for f in files:
            fn(f)
    return len(files) * repeat / (time.perf_counter() - started)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        txt = texts()
        docx_files = []
        for f in txt:
            target = folder / (f.stem + ".docx")
            to_docx(f, target)
            docx_files.append(target)
        pdf = render_pdf(folder)
        sets = {"txt": txt, "docx": docx_files, "pdf": [pdf] if pdf else []}
        print(f"{'format':6} {'files':>5} {'audit docs/s':>13} {'floor docs/s':>13} {'ratio':>7}")
        for name, files in sets.items():
            if not files:
                print(f"{name:6} {'—':>5}  (not available: rendering to PDF failed)")
                continue
            audit = rate(files, audit_file, args.repeat)
            floor = rate(files, floor_text, args.repeat)
            print(f"{name:6} {len(files):5d} {audit:13.1f} {floor:13.1f} {floor / audit:6.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
