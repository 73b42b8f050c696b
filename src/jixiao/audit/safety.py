"""Guards against hostile files: sniff the real format, refuse zip bombs and XML entities.

Every limit here bounds time or memory for one file; a file beyond a limit gets a clear
Chinese error instead of being read.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from jixiao.audit.document import ReadError

MAX_FILE_BYTES = 200 * 1024 * 1024  # a published report is far smaller
MAX_TEXT_BYTES = 20 * 1024 * 1024
MAX_ZIP_ENTRIES = 5000
MAX_ZIP_UNCOMPRESSED = 300 * 1024 * 1024  # sum of declared sizes in the zip directory
MAX_ZIP_RATIO = 200  # declared size / compressed size of one member
MAX_XML_PART = 50 * 1024 * 1024  # one XML part; parsed in memory, a tree takes several times more
MAX_PDF_PAGES = 200
MAX_PDF_TABLE_PAGES = 120  # pdfplumber table finding (~30 ms a page) within half the time budget
MAX_XLSX_CELLS = 500_000
MAX_SECONDS = 60.0  # per document, enforced by the reader loops and by the batch runner

_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)


def sniff(path: Path) -> str:
    """The format from the first bytes, whatever the extension says: pdf, zip, ole, text, binary."""
    with path.open("rb") as fh:
        head = fh.read(8192)
    if not head:
        raise ReadError("文件为空", "请确认上传的是完整的文件")
    if head.startswith(b"%PDF-") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if _looks_like_text(head):
        return "text"
    return "binary"


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head and not (head.startswith(b"\xff\xfe") or head.startswith(b"\xfe\xff")):
        return False
    for encoding in ("utf-8", "gb18030", "utf-16"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError as exc:
            # a multi-byte character cut at the end of the sample is still text (UTF-8 and
            # GB18030 alike: a GB18030 report larger than the sample is cut half-way 50% of the time)
            if exc.start >= len(head) - 3:
                return True
    return False


def check_size(path: Path) -> None:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ReadError(
            f"文件过大（{size // (1024 * 1024)} MB，上限 {MAX_FILE_BYTES // (1024 * 1024)} MB）",
            "请拆分文件或只提交自评报告本身",
        )


def open_zip(path: Path) -> zipfile.ZipFile:
    """Open a DOCX/XLSX container after checking its directory: entries, sizes, ratios, XML."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ReadError("文件已损坏或不完整（无法打开 zip 容器）", "请重新导出或下载文件") from exc
    infos = archive.infolist()
    if len(infos) > MAX_ZIP_ENTRIES:
        archive.close()
        raise ReadError(f"文件内部条目过多（{len(infos)} 个），疑似恶意文件", "已拒绝读取")
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if ratio > MAX_ZIP_RATIO and info.file_size > 1024 * 1024:
            archive.close()
            raise ReadError(
                f"文件内部 {info.filename} 压缩比异常（{ratio:.0f} 倍），疑似压缩炸弹",
                "已拒绝读取",
            )
        if info.filename.lower().endswith(".xml") and info.file_size > MAX_XML_PART:
            archive.close()
            raise ReadError(
                f"文件内部 {info.filename} 过大（{info.file_size // (1024 * 1024)} MB）",
                "请拆分文档或删除无关内容",
            )
    if total > MAX_ZIP_UNCOMPRESSED:
        archive.close()
        raise ReadError(
            f"文件解压后过大（{total // (1024 * 1024)} MB），疑似压缩炸弹", "已拒绝读取"
        )
    _refuse_entities(archive)
    return archive


def _refuse_entities(archive: zipfile.ZipFile) -> None:
    """Refuse any XML part with a DOCTYPE or ENTITY declaration (XXE, billion laughs).

    Office never writes a DOCTYPE into its parts, so refusing them loses nothing legitimate.
    """
    for info in archive.infolist():
        if not info.filename.lower().endswith((".xml", ".rels")):
            continue
        try:
            with archive.open(info) as fh:
                head = fh.read(4096)
        except (zipfile.BadZipFile, OSError, RuntimeError, EOFError) as exc:
            raise ReadError(f"文件内部 {info.filename} 已损坏", "请重新导出或下载文件") from exc
        if _DOCTYPE.search(head):
            raise ReadError(
                f"文件内部 {info.filename} 含有 XML 实体声明（DOCTYPE/ENTITY），疑似恶意文件",
                "已拒绝读取；请用 Office 或 WPS 重新保存后再提交",
            )
