"""PDF through LibreOffice headless converting the DOCX, so both share one page layout.

The official fonts (方正小标宋简体, 仿宋_GB2312, 楷体_GB2312, 黑体) are mapped by fontconfig to the
free fonts scripts/setup-system.sh installs (templates/fonts.yaml holds the fallback chains, written
into a fontconfig file for the run); the converter embeds what it uses. Each run gets a fresh LibreOffice profile, so a stale or locked
profile (or a desktop LibreOffice already open) cannot block it, and a time limit.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

import yaml

from jixiao.render.docx import render_docx
from jixiao.render.view import ReportView
from jixiao.render.wording import TEMPLATE_DIR, RenderError

FONTS = TEMPLATE_DIR / "fonts.yaml"
TIMEOUT = 180  # seconds; a first start of LibreOffice takes a few


def fontconfig_xml(chains: Path = FONTS) -> str:
    """A fontconfig file: the system configuration plus the fallback chains of ``chains``."""
    try:
        data = yaml.safe_load(chains.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise RenderError(f"无法读取字体替换表 {chains}：{exc}") from exc
    parts = ['<?xml version="1.0"?>', "<fontconfig>"]
    parts.append('<include ignore_missing="yes">/etc/fonts/fonts.conf</include>')
    for family in data.get("bold") or []:
        parts.append(
            f'<match target="pattern"><test name="family"><string>{escape(str(family))}</string>'
            '</test><edit name="weight" mode="assign"><const>bold</const></edit></match>'
        )
    for family, chain in (data.get("fallbacks") or {}).items():
        prefer = "".join(f"<family>{escape(str(f))}</family>" for f in chain or [])
        parts.append(
            f'<alias binding="strong"><family>{escape(str(family))}</family>'
            f"<accept>{prefer}</accept></alias>"
        )
    parts.append("</fontconfig>")
    return "\n".join(parts)


def find_soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def docx_to_pdf(docx: Path, out: Path, timeout: int = TIMEOUT) -> None:
    """Convert a DOCX file to PDF at ``out`` with LibreOffice headless."""
    soffice = find_soffice()
    if soffice is None:
        raise RenderError(
            "无法生成 PDF：未找到 LibreOffice（soffice）",
            hint="请安装 libreoffice-writer-nogui 和中文字体 fonts-noto-cjk："
            "sudo ./scripts/setup-system.sh（或 apt-get install libreoffice-writer-nogui fonts-noto-cjk）",
        )
    with tempfile.TemporaryDirectory(prefix="jixiao-pdf-") as tmp:
        work = Path(tmp)
        fonts = work / "fonts.conf"
        fonts.write_text(fontconfig_xml(), encoding="utf-8")
        env = dict(os.environ, HOME=str(work), FONTCONFIG_FILE=str(fonts))
        cmd = [
            soffice,
            f"-env:UserInstallation=file://{work / 'profile'}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(work),
            str(docx),
        ]
        try:
            done = subprocess.run(cmd, env=env, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as exc:
            raise RenderError(
                f"LibreOffice 转换 PDF 超时（{timeout} 秒）", hint="请重试或检查系统负载"
            ) from exc
        produced = work / (docx.stem + ".pdf")
        if done.returncode != 0 or not produced.is_file():
            detail = (done.stderr or done.stdout).decode("utf-8", "replace").strip()[-300:]
            raise RenderError(f"LibreOffice 未能生成 PDF（退出码 {done.returncode}）：{detail}")
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(produced), out)


def render_pdf(view: ReportView, out: Path, template: Path | None = None) -> None:
    """Write the report as PDF: the DOCX with the same layout, converted by LibreOffice."""
    with tempfile.TemporaryDirectory(prefix="jixiao-docx-") as tmp:
        docx = Path(tmp) / "report.docx"
        buffer = BytesIO()
        render_docx(view, buffer, template)
        docx.write_bytes(buffer.getvalue())
        docx_to_pdf(docx, out)
