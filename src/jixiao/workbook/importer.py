"""Importing a filled-in jixiao workbook into the model (the reverse of :mod:`.template`).

Blocks are gathered from every sheet by their headers: the unit's forms and tables from any
sheet, one project per sheet that holds a project form or a project table. The order of
projects follows the 项目清单 table; a project sheet copied twice is reported, not merged.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from jixiao.issues import Issue, Severity
from jixiao.model import Evaluation, Project
from jixiao.source import Source
from jixiao.workbook.blocks import Block, find_blocks, form_rows, table_rows
from jixiao.workbook.build import build_evaluation, build_project
from jixiao.workbook.cells import CellReader
from jixiao.workbook.grid import Book, Sheet, norm
from jixiao.workbook.layout import (
    FUNDS_FIELDS,
    PROJECT_FIELDS,
    PROJECT_TABLES,
    PROJECT_TEXT_FIELDS,
    TABLES,
    UNIT_FIELDS,
    Field,
)
from jixiao.workbook.record import Loc, Record, Where

_EVAL_LABELS = {norm(f.label): f for f in (*UNIT_FIELDS, *FUNDS_FIELDS)}
_PROJECT_LABELS = {norm(f.label): f for f in (*PROJECT_FIELDS, *PROJECT_TEXT_FIELDS)}
# per table, the header of each column: shared by every row's record (never changed)
_HEADERS = {t.name: {c.key: c.header for c in t.columns} for t in TABLES}


@dataclass
class Parts:
    """What the sheets hold, before it becomes a model."""

    form: Record
    tables: dict[str, list[tuple[Block, Record]]] = field(default_factory=dict)
    projects: list[tuple[Sheet, Record, dict[str, list[Record]]]] = field(default_factory=list)
    first_form: Source | None = None


def is_template(book: Book) -> bool:
    """True when the workbook has jixiao blocks. The indicator table alone does not count: the
    Sichuan 0013zp form has the same 三级指标 | 指标性质 header."""
    return any(b.kind != "indicators" for s in book.sheets for b in find_blocks(s))


def import_book(book: Book, reader: CellReader) -> Evaluation | None:
    parts = Parts(Record(reader, Source(book.file)))
    for sheet in book.sheets:
        blocks = find_blocks(sheet)
        if not blocks:
            _unrecognised(sheet, reader)
            continue
        if sheet.hidden:
            reader.report(
                "L-XLS-08",
                Severity.WARNING,
                f"工作表“{sheet.title}”是隐藏的，其内容也已读入",
                reader.source(sheet.title, "A1"),
                hint="如不需要这些内容，请删除该工作表",
            )
        if _is_project_sheet(sheet, blocks):
            parts.projects.append(_project_parts(sheet, blocks, reader))
        else:
            _evaluation_parts(sheet, blocks, reader, parts)
    projects = _projects(parts, reader)
    return build_evaluation(parts.form, parts.tables, projects, parts.first_form, reader)


def _unrecognised(sheet: Sheet, reader: CellReader) -> None:
    first = sheet.value(0, 0)
    if not any(True for r in range(len(sheet.rows)) for _ in sheet.filled(r)):
        return
    if isinstance(first, str) and first.startswith("填写说明"):
        return
    reader.report(
        "L-XLS-09",
        Severity.WARNING,
        f"工作表“{sheet.title}”中没有可识别的表头，整张表未读入",
        reader.source(sheet.title, "A1"),
        hint="如果这是项目表或填报表，请恢复模板中的表头行（如“填报项 | 内容”或“三级指标 | 指标性质”）",
    )


def _is_project_sheet(sheet: Sheet, blocks: list[Block]) -> bool:
    if any(b.kind in PROJECT_TABLES for b in blocks):
        return True
    for b in blocks:
        if b.table is None:
            for r in range(b.header_row + 1, b.end_row):
                if norm(sheet.value(r, b.columns["label"])) == "项目名称":
                    return True
    return False


def _form_into(block: Block, labels: dict[str, Field], rec: Record, reader: CellReader) -> None:
    title = block.sheet.title
    for label, cell, r in form_rows(block, reader):
        f = labels.get(label)
        filled = getattr(cell, "value", None) not in (None, "")
        if f is None:
            if filled:
                reader.report(
                    "L-XLS-05",
                    Severity.WARNING,
                    f"未知的填报项“{label}”，其内容未读入",
                    reader.source(title, Sheet.ref(r, block.columns["label"])),
                    hint=_suggest(label, labels),
                )
            continue
        _note_changed(block, r, f, reader)
        src = reader.source(title, Sheet.ref(r, block.columns["value"]))
        if f.path in rec.cells:
            if filled:
                first = rec.where(f.path)
                reader.report(
                    "L-XLS-06",
                    Severity.WARNING,
                    f"填报项“{f.label}”重复出现（前一处在 {first.sheet}!{first.cell}），"
                    "此处内容未读入",
                    src.at(rec._join(f.path)),
                    hint="请删除重复的行",
                )
            continue
        rec.cells[f.path] = (cell, Loc(title, r, block.columns["value"]))
        rec.labels[f.path] = f.label


def _suggest(label: str, labels: dict[str, Field]) -> str:
    close = difflib.get_close_matches(label, list(labels), n=1, cutoff=0.5)
    if close:
        return f"是否应为“{labels[close[0]].label}”？"
    return "请使用模板中的填报项名称"


def _note_changed(block: Block, r: int, f: Field, reader: CellReader) -> None:
    """Text typed into the 填写说明 column (instead of the template's note) is not read: say so."""
    nc = block.columns.get("note")
    if nc is None:
        return
    note = block.sheet.value(r, nc)
    text = str(note).strip() if note is not None else ""
    if text and text != f.note:
        reader.report(
            "L-XLS-05",
            Severity.WARNING,
            f"“填写说明”列中的内容不会读入：“{text[:40]}”",
            reader.source(block.sheet.title, Sheet.ref(r, nc)),
            hint=f"“{f.label}”的内容请填在“内容”列",
        )


def _evaluation_parts(sheet: Sheet, blocks: list[Block], reader: CellReader, parts: Parts) -> None:
    for b in blocks:
        if b.table is None:
            if parts.first_form is None:
                parts.first_form = reader.source(sheet.title, Sheet.ref(b.header_row, 0))
            _form_into(b, _EVAL_LABELS, parts.form, reader)
            continue
        rows = parts.tables.setdefault(b.kind, [])
        for row in table_rows(b, reader):
            rows.append((b, _row_record(b, row.index, row.cells, reader)))


def _row_record(b: Block, r: int, cells: dict[str, object], reader: CellReader) -> Record:
    title = b.sheet.title
    recorded: dict[str, tuple[object, Where]] = {
        key: (cell, Loc(title, r, b.columns[key])) for key, cell in cells.items()
    }
    first = min(b.columns.values()) if b.columns else 0
    labels = _HEADERS.get(b.kind, {})
    return Record(reader, reader.source(title, Sheet.ref(r, first)), recorded, labels=labels)


def _project_parts(
    sheet: Sheet, blocks: list[Block], reader: CellReader
) -> tuple[Sheet, Record, dict[str, list[Record]]]:
    rec = Record(reader, reader.source(sheet.title, "A1"))
    tables: dict[str, list[Record]] = {}
    for b in blocks:
        if b.table is None:
            _form_into(b, _PROJECT_LABELS, rec, reader)
        elif b.kind in PROJECT_TABLES:
            rows = tables.setdefault(b.kind, [])
            rows.extend(
                _row_record(b, row.index, row.cells, reader) for row in table_rows(b, reader)
            )
        else:
            reader.report(
                "L-XLS-05",
                Severity.WARNING,
                f"项目工作表中出现了“{b.table.title}”表，未读入",
                reader.source(sheet.title, Sheet.ref(b.header_row, 0)),
                hint="该表应放在单位级的工作表中",
            )
    return sheet, rec, tables


def _projects(parts: Parts, reader: CellReader) -> list[Project]:
    """Projects in 项目清单 order; a project sheet copied twice is reported and read once."""
    candidates = [
        (sheet, rec, tables) for sheet, rec, tables in parts.projects if _has_content(rec, tables)
    ]
    built: list[Project] = []
    seen: dict[str, str] = {}
    for sheet, rec, tables in _ordered(candidates, parts, reader):
        name = rec.peek("name")
        if name and name in seen:
            reader.report(
                "L-XLS-06",
                Severity.ERROR,
                f"项目“{name}”在工作表“{seen[name]}”和“{sheet.title}”中重复出现，只读入了前者",
                rec.where("name"),
                hint="复制项目工作表后请改成新项目的名称，或删除多余的工作表",
            )
            continue
        seen[name] = sheet.title
        project = build_project(rec.at(f"projects[{len(built)}]"), tables, reader)
        if project is not None:
            built.append(project)
    return built


def _has_content(rec: Record, tables: dict[str, list[Record]]) -> bool:
    """False for the blank sample sheet of an empty template (资金来源 labels only)."""
    if rec.filled() or any(r.filled() for r in tables.get("indicators", [])):
        return True
    return any(r.sub_filled(exclude="source") for r in tables.get("funding", []))


ProjectParts = tuple[Sheet, Record, dict[str, list[Record]]]


def _ordered(
    candidates: list[ProjectParts], parts: Parts, reader: CellReader
) -> list[ProjectParts]:
    listed = [(rec.text("name"), rec) for _b, rec in parts.tables.get("project_list", [])]
    listed = [(name, rec) for name, rec in listed if name]
    if not listed:  # a list never filled in: the sheets' order is the order
        return candidates
    names = [rec.peek("name") for _s, rec, _t in candidates]
    out: list[int] = []
    for name, rec in listed:
        hits = [i for i, n in enumerate(names) if n == name and i not in out]
        if hits:
            out.extend(hits)  # a duplicate follows its first copy and is reported there
        elif name not in names:
            reader.report(
                "L-XLS-10",
                Severity.WARNING,
                f"项目清单中的“{name}”没有对应的项目工作表",
                rec.where("name"),
                hint="请为该项目复制一张项目工作表并填写，或从清单中删除",
            )
    for i, (sheet, rec, _t) in enumerate(candidates):
        if i not in out:
            if names[i] and names[i] not in [names[j] for j in out]:
                reader.report(
                    "L-XLS-10",
                    Severity.WARNING,
                    f"项目“{names[i]}”（工作表“{sheet.title}”）未列入项目清单，已排在清单项目之后",
                    rec.where("name"),
                    hint="请在项目清单中补上该项目",
                )
            out.append(i)
    return [candidates[i] for i in out]


def cannot_read(book: Book) -> Issue:
    return Issue(
        "L-XLS-02",
        Severity.ERROR,
        "工作簿中既没有 jixiao 填报模板的表头，也没有项目支出绩效自评表",
        Source(book.file, sheet=book.sheets[0].title if book.sheets else None, cell="A1"),
        hint="请使用 jixiao template 生成的模板填写，或导入官方格式的自评表",
    )
