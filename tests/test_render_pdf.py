"""PDF via LibreOffice: selectable text with every figure, embedded fonts, A4 pages.

These tests need soffice, pdffonts and pdftoppm (scripts/setup-system.sh installs them). In CI
(CI=true) a missing tool fails the test with that instruction; elsewhere the test is skipped.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image

from jixiao.load import load_evaluation
from jixiao.model import Evaluation
from jixiao.number import fmt_amount
from jixiao.render import RenderError, make_view, render
from jixiao.render import pdf as pdf_module
from jixiao.render.wording import money
from test_render_view import model_figures, small_evaluation

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "panzhihua-2021" / "evaluation.yaml"


def require(*tools: str) -> None:
    missing = [t for t in tools if shutil.which(t) is None]
    if not missing:
        return
    message = f"missing {', '.join(missing)}: run sudo ./scripts/setup-system.sh"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def example() -> Evaluation:
    ev, issues = load_evaluation(EXAMPLE)
    assert ev is not None, issues
    return ev


@pytest.fixture(scope="module")
def example_pdf(example: Evaluation, tmp_path_factory: pytest.TempPathFactory) -> Path:
    require("soffice")
    out = tmp_path_factory.mktemp("pdf") / "report.pdf"
    render(example, "pdf", out)
    return out


def pdf_text(path: Path) -> str:
    with pdfplumber.open(path) as doc:
        return "".join(page.extract_text() or "" for page in doc.pages)


def test_text_is_selectable_and_holds_every_figure(example: Evaluation, example_pdf: Path) -> None:
    text = re.sub(r"\s+", "", pdf_text(example_pdf))
    assert "攀枝花市社会保险事务中心" in text and "部门预算整体绩效自评报告" in text
    missing = [
        f for f in model_figures(example) if money(f) not in text and fmt_amount(f) not in text
    ]
    assert not missing
    assert "占99.46%" in text  # computed, not the stated 99.5%


def test_fonts_are_embedded(example_pdf: Path) -> None:
    require("pdffonts")
    listing = subprocess.run(
        ["pdffonts", str(example_pdf)], capture_output=True, text=True, check=True
    )
    rows = listing.stdout.splitlines()[2:]
    assert rows, "no fonts in the PDF"
    for row in rows:
        emb = row.split()[-5]
        assert emb == "yes", row
    assert any("CJK" in row or "WenKai" in row or "Zen" in row for row in rows)


def test_pages_render_as_a4_with_text(example_pdf: Path, tmp_path: Path) -> None:
    require("pdftoppm")
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "30",
            "-f",
            "1",
            "-l",
            "2",
            str(example_pdf),
            str(tmp_path / "p"),
        ],
        check=True,
    )
    pages = sorted(tmp_path.glob("p-*.png"))
    assert len(pages) == 2
    for page in pages:
        with Image.open(page) as img:
            width, height = img.size
            assert abs(width - 248) <= 2 and abs(height - 351) <= 2  # A4 at 30 dpi
            dark = sum(img.convert("L").histogram()[:128])
            assert dark > 500  # there is text on the page
    with pdfplumber.open(example_pdf) as doc:
        first = doc.pages[0]
        assert abs(first.width - 595.3) < 1 and abs(first.height - 841.9) < 1
        assert "— 1 —" in (first.extract_text() or "")
        # the text block starts about 37 mm from the top and 28 mm from the left
        words = first.extract_words()
        top = min(w["top"] for w in words) * 25.4 / 72
        left = min(w["x0"] for w in words) * 25.4 / 72
        assert 30 < top < 50 and 26 < left < 40


def test_missing_libreoffice_is_a_clear_message(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(pdf_module, "find_soffice", lambda: None)
    with pytest.raises(RenderError) as info:
        pdf_module.render_pdf(make_view(small_evaluation()), tmp_path / "x.pdf")
    assert "LibreOffice" in info.value.message
    assert "libreoffice-writer" in info.value.hint and "setup-system.sh" in info.value.hint


def test_fontconfig_names_the_fallbacks() -> None:
    xml = pdf_module.fontconfig_xml()
    assert "<family>仿宋_GB2312</family><accept>" in xml
    assert "Noto Serif CJK SC" in xml and "/etc/fonts/fonts.conf" in xml


def test_type_area_is_22_lines_of_28_characters(example_pdf: Path) -> None:
    """GB/T 9704: a full page holds 22 lines; a full line of Chinese text holds 28 characters."""
    with pdfplumber.open(example_pdf) as doc:
        pages = [(page.extract_text() or "").splitlines() for page in doc.pages[1:6]]
    assert max(len(lines) for lines in pages) == 22 + 1  # the page number line
    pure = [line for lines in pages for line in lines if not re.search(r"[ -~]", line)]
    assert max(len(line) for line in pure) == 28
