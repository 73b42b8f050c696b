"""Opening a workbook safely and holding each sheet as a grid of cells, found by headers.

The workbook is read once, in openpyxl's read-only mode with cached formula values
(``data_only=True``). Formulas that have no cached value (a file written by a program and never
opened in Excel) are found by a scan of the sheet XML, so that reading such a cell can say so
instead of reporting an empty value. Anything openpyxl raises becomes an issue.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from jixiao.issues import Issue, Severity
from jixiao.source import Source

MAX_BYTES = 50 * 1024 * 1024  # the file on disk
MAX_UNPACKED = 500 * 1024 * 1024  # all parts unpacked: beyond this it is a zip bomb, not a form
MAX_CELLS = 2_000_000

_PAREN_RE = re.compile(r"[（(][^（()）]*[）)]")
_SPACE_RE = re.compile(r"\s+")
_CELL_RE = re.compile(
    rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)",
    re.DOTALL,
)
_FORMULA_RE = re.compile(rb"<(?:\w+:)?f\b")
_CACHED_RE = re.compile(rb"<(?:\w+:)?v>[^<]")  # an empty <v></v> is no cached value
_REF_RE = re.compile(rb'\br="([A-Z]+[0-9]+)"')


@lru_cache(maxsize=65536)
def _norm(s: str) -> str:
    s = unicodedata.normalize("NFKC", s)
    s = _PAREN_RE.sub("", s)
    return _SPACE_RE.sub("", s).replace("*", "").replace("：", "").replace(":", "")


def norm(text: Any) -> str:
    """A header or label reduced to its words: no spaces, no "*", no "(万元)" / "（必填）"."""
    if not isinstance(text, str):
        return ""
    return _norm(text)


@dataclass
class Sheet:
    """One worksheet: its rows of cells (openpyxl read-only cells, ``None`` for empty)."""

    title: str
    hidden: bool
    rows: list[tuple[Any, ...]]
    _filled: dict[int, list[tuple[int, Any]]] = field(default_factory=dict, repr=False)

    def cell(self, row: int, col: int) -> Any:
        """The cell at 0-based (row, col), or None."""
        if row < len(self.rows):
            r = self.rows[row]
            if col < len(r):
                return r[col]
        return None

    def value(self, row: int, col: int) -> Any:
        return getattr(self.cell(row, col), "value", None)

    @staticmethod
    def ref(row: int, col: int) -> str:
        """The A1 reference of 0-based (row, col)."""
        return f"{get_column_letter(col + 1)}{row + 1}"

    def filled(self, row: int) -> list[tuple[int, Any]]:
        """(col, value) of the non-blank cells of a row (computed once per row)."""
        found = self._filled.get(row)
        if found is None:
            found = []
            for c, cell in enumerate(self.rows[row] if row < len(self.rows) else ()):
                v = getattr(cell, "value", None)
                if v is None or (isinstance(v, str) and not v.strip()):
                    continue
                found.append((c, v))
            self._filled[row] = found
        return found


@dataclass
class Book:
    """A workbook read into memory, with the cells whose formulas have no cached value."""

    file: str
    sheets: list[Sheet] = field(default_factory=list)
    uncached: dict[str, frozenset[str]] = field(default_factory=dict)


def open_book(path: Path) -> tuple[Book | None, list[Issue]]:
    """Read every sheet of an .xlsx/.xlsm; problems with the file itself come back as issues."""
    src = Source(str(path))
    problem = _check_container(path)
    if problem:
        return None, [Issue("L-XLS-01", Severity.ERROR, problem[0], src, hint=problem[1])]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about unsupported extensions
            wb = load_workbook(path, read_only=True, data_only=True)
            try:
                book = Book(str(path))
                cells = 0
                for ws in wb.worksheets:
                    ws.reset_dimensions()  # the stored size is often wrong: read what is there
                    rows = []
                    for r in ws.iter_rows():
                        cells += len(r)
                        if cells > MAX_CELLS:  # checked per row: one row can be 16384 wide
                            raise _TooBig
                        rows.append(r)
                    hidden = getattr(ws, "sheet_state", "visible") != "visible"
                    book.sheets.append(Sheet(ws.title, hidden, rows))
                book.uncached = _uncached_formulas(path, wb)
            finally:
                wb.close()
    except _TooBig:
        return None, [
            Issue(
                "L-XLS-01",
                Severity.ERROR,
                "工作簿过大（单元格超过 200 万个）",
                src,
                hint="可能有内容填在很远的行或列：请删除多余的行列后另存",
            )
        ]
    except Exception as exc:  # openpyxl raises many kinds on damaged files
        return None, [
            Issue(
                "L-XLS-01",
                Severity.ERROR,
                f"无法读取工作簿：{type(exc).__name__}: {exc}"[:300],
                src,
                hint="文件可能已损坏：请用 Excel 或 WPS 打开后另存为 .xlsx",
            )
        ]
    return book, []


def _scan(data: bytes) -> set[str]:
    """Formulas without cached value, found from each <f> (few) rather than each <c> (many)."""
    found = set()
    pos = data.find(b"<f", 0)
    while pos != -1:
        start = data.rfind(b"<c ", 0, pos)
        end = data.find(b"</c>", pos)
        end = len(data) if end == -1 else end
        if data[pos + 2 : pos + 3] in (b">", b" ", b"/") and not _CACHED_RE.search(data, pos, end):
            ref = _REF_RE.search(data, start, pos)
            if ref:
                found.add(ref.group(1).decode())
        pos = data.find(b"<f", end)
    return found


def _scan_prefixed(data: bytes) -> set[str]:
    """The same for sheets written with a namespace prefix (<x:c>, <x:f>)."""
    found = set()
    for m in _CELL_RE.finditer(data):
        body = m.group(2) or b""
        if _FORMULA_RE.search(body) and not _CACHED_RE.search(body):
            ref = _REF_RE.search(m.group(1))
            if ref:
                found.add(ref.group(1).decode())
    return found


class _TooBig(Exception):
    pass


def _check_container(path: Path) -> tuple[str, str] | None:
    try:
        size = path.stat().st_size
    except OSError as exc:
        return f"无法读取文件：{exc.strerror}", "请检查文件路径和权限"
    if size > MAX_BYTES:
        return "文件过大（超过 50 MB）", "请检查是否选错了文件"
    with path.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "这是旧版 .xls 格式（或加密的工作簿）", "请用 Excel 或 WPS 另存为 .xlsx 后再导入"
    if not zipfile.is_zipfile(path):
        return "文件不是有效的 .xlsx 工作簿", "请确认文件是 Excel 工作簿，并另存为 .xlsx"
    try:
        with zipfile.ZipFile(path) as zf:
            unpacked = sum(i.file_size for i in zf.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        return f"工作簿已损坏：{exc}", "请用 Excel 或 WPS 打开后另存为 .xlsx"
    if unpacked > MAX_UNPACKED:
        return "工作簿解压后过大，疑似压缩炸弹", "请检查文件来源"
    return None


def _uncached_formulas(path: Path, wb: Any) -> dict[str, frozenset[str]]:
    """Per sheet title, the cells holding a formula (<f>) but no cached value (<v>)."""
    out: dict[str, frozenset[str]] = {}
    with zipfile.ZipFile(path) as zf:
        for ws in wb.worksheets:
            part = getattr(ws, "_worksheet_path", None)
            if not part:
                continue
            try:
                data = zf.read(part.lstrip("/"))
            except KeyError:
                continue
            found = _scan(data) if b"<c " in data else _scan_prefixed(data)
            if found:
                out[ws.title] = frozenset(found)
    return out
