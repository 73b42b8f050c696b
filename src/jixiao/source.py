"""Where a value came from: file and line for YAML and text, sheet and cell for Excel, etc."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    """A location in an input document. Only the fields that apply are set."""

    file: str = ""
    line: int | None = None
    column: int | None = None
    sheet: str | None = None
    cell: str | None = None
    page: int | None = None
    paragraph: int | None = None
    table: int | None = None
    # the logical path inside the model, e.g. projects[1].indicators[2].actual
    path: str | None = None

    def __str__(self) -> str:
        # file:line first, so editors and terminals can jump to the place.
        parts = [self.file or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
        if self.sheet is not None:
            parts.append(f"{self.sheet}!{self.cell}" if self.cell else self.sheet)
        if self.page is not None:
            parts.append(f"p{self.page}")
        if self.table is not None:
            parts.append(f"table{self.table}")
        if self.paragraph is not None:
            parts.append(f"para{self.paragraph}")
        return ":".join(parts)

    def to_dict(self) -> dict[str, object]:
        """The JSON form: only the fields that are set."""
        return {k: v for k, v in self.__dict__.items() if v not in (None, "")}

    def at(self, path: str) -> Source:
        """The same place, with a logical path inside the model."""
        return Source(
            self.file,
            self.line,
            self.column,
            self.sheet,
            self.cell,
            self.page,
            self.paragraph,
            self.table,
            path,
        )


UNKNOWN = Source()
