"""Choose the reader by the file's real format (magic bytes), not by its extension."""

from __future__ import annotations

import zipfile
from pathlib import Path

from jixiao.audit.document import Document, ReadError
from jixiao.audit.safety import check_size, sniff

FORMAT_NAMES = {"txt": "文本", "docx": "Word (DOCX)", "xlsx": "Excel (XLSX)", "pdf": "PDF"}
FORMAT_NAMES["html"] = "网页 (HTML)"
EXTENSIONS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "txt",
    ".docx": "docx",
    ".xlsx": "xlsx",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
}
SUPPORTED = tuple(EXTENSIONS)


def detect_format(path: Path) -> str:
    """txt / docx / xlsx / pdf, from the bytes; ReadError for anything else."""
    kind = sniff(path)
    if kind == "pdf":
        return "pdf"
    if kind == "text":
        from jixiao.audit.read_html import looks_like_html
        from jixiao.audit.read_text import decode

        with path.open("rb") as fh:
            head = fh.read(4096)
        return "html" if looks_like_html(decode(head)) else "txt"
    if kind == "zip":
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise ReadError(
                "文件已损坏或不完整（无法打开 zip 容器）", "请重新导出或下载文件"
            ) from exc
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        raise ReadError("这是一个 zip 压缩包，不是 Word 或 Excel 文档", "请解压后提交其中的文档")
    if kind == "ole":
        raise ReadError(
            "这是旧版 Office 格式（.doc / .xls / .wps），暂不支持",
            "请用 Office 或 WPS 另存为 .docx / .xlsx 后再提交",
        )
    raise ReadError("无法识别的文件格式（不是文本、Word、Excel 或 PDF）", "请确认文件没有损坏")


def read_document(path: Path) -> tuple[Document, str | None]:
    """The document and, when the extension lies about the format, a note saying so."""
    if not path.exists():
        raise ReadError("文件不存在", "请检查文件路径")
    if path.is_dir():
        raise ReadError("这是一个目录，不是文件")
    check_size(path)
    fmt = detect_format(path)
    note = None
    declared = EXTENSIONS.get(path.suffix.lower())
    if declared is not None and declared != fmt:
        note = f"扩展名 {path.suffix} 与实际格式 {FORMAT_NAMES[fmt]} 不符，已按实际格式读取"
    if fmt == "pdf":
        from jixiao.audit.read_pdf import read_pdf

        return read_pdf(path), note
    if fmt == "docx":
        from jixiao.audit.read_docx import read_docx

        return read_docx(path), note
    if fmt == "xlsx":
        from jixiao.audit.read_xlsx import read_xlsx

        return read_xlsx(path), note
    if fmt == "html":
        from jixiao.audit.read_html import read_html

        return read_html(path), note
    from jixiao.audit.read_text import read_text

    return read_text(path), note
