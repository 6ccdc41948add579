"""What an import reports: each problem as (row, column, Chinese message), and the counts.

Row numbers are those the user sees in the spreadsheet: the header is row 1, the first
data row is row 2. ``column`` is the Chinese header, or "" for a problem of the whole
file or the whole row.

A message never holds a full ID or phone number, whoever wrote it (the reader quoting a
cell, a duplicate key, the registry's validation): ``RowError`` masks them as it is made
(``privacy.masking.mask_personal_numbers``), so the report, the page and the errors CSV
show "220***********1790".
"""
from __future__ import annotations

from dataclasses import dataclass, field

from privacy.masking import mask_personal_numbers


@dataclass(frozen=True, order=True)
class RowError:
    row: int | None
    column: str
    message: str

    def __post_init__(self):
        object.__setattr__(self, "message", mask_personal_numbers(str(self.message)))

    def to_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"第{self.row}行")
        if self.column:
            where.append(f"“{self.column}”")
        return f"{''.join(where)}：{self.message}" if where else self.message


class FileRefused(Exception):
    """The file is hostile or unreadable as a whole: nothing of it is written, even with ``partial``."""

    def __init__(self, errors: list[RowError]):
        self.errors = list(errors)
        super().__init__("；".join(str(error) for error in self.errors))

    @classmethod
    def of(cls, message: str, *, row: int | None = None, column: str = "") -> FileRefused:
        return cls([RowError(row, column, message)])


@dataclass
class ImportResult:
    """The outcome of ``registry_import``.

    ``refused``: the file was refused as a whole (hostile or unreadable); ``errors`` say why.
    ``written``: something was committed (False whenever a default-mode import found an error).
    ``rows``: the non-empty data rows read. In partial mode ``skipped`` rows had errors and were
    left out. ``warnings`` are kept rows worth a look (a grade above the rule cap, flagged).
    """

    kind: str
    filename: str
    partial: bool = False
    refused: bool = False
    written: bool = False
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors and not self.refused

    def summary(self) -> str:
        if self.refused:
            return f"文件“{self.filename}”被拒绝，未写入任何数据：发现{len(self.errors)}处问题"
        counts = f"新增{self.created}条，更新{self.updated}条，未变化{self.unchanged}条"
        if not self.errors:
            return f"共{self.rows}行，全部导入：{counts}"
        if not self.written:
            return f"共{self.rows}行，发现{len(self.errors)}处错误，未写入任何数据（可修改后重新导入，或选择只导入正确的行）"
        return f"共{self.rows}行，已导入正确的行：{counts}；有错误的{self.skipped}行未导入"

    def to_dict(self) -> dict:
        return {
            "kind": self.kind, "filename": self.filename, "partial": self.partial, "refused": self.refused,
            "written": self.written, "ok": self.ok, "rows": self.rows, "created": self.created,
            "updated": self.updated, "unchanged": self.unchanged, "skipped": self.skipped,
            "summary": self.summary(), "errors": [e.to_dict() for e in self.errors],
            "warnings": [w.to_dict() for w in self.warnings], "seconds": round(self.seconds, 3),
        }
