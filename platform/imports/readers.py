"""Reading an uploaded spreadsheet into rows of field values, refusing hostile files.

``read_rows`` yields one ``Row`` per non-empty data row: the values keyed by the service's
field names, converted by the column's type (``templates``), with the problems of its
cells. Two kinds of problem:

- a **hostile** cell (a formula, a date stored as a number, a number stored as text) goes in
  ``Row.hostile``: the caller refuses the whole file, even in partial mode;
- a **bad** cell (an unparsable date, "十二" as a number, an empty required cell) goes in
  ``Row.errors``: the row is wrong, the rest of the file may still be written in partial mode.

Whole-file problems are raised as ``FileRefused`` before or while streaming: a file that is
not what its extension says, a zip bomb, hidden sheets, merged cells, too many rows or
columns, headers that are not the template's.

.xlsx is streamed by ``xlsx.Workbook`` (zip and XML checks first, defusedxml, typed cells;
a formula's value is its text starting with "="). .csv is decoded as UTF-8 (with or without BOM)
or, failing that, GB18030 (a superset of GBK). In a CSV every cell is text, so "a number
stored as text" cannot be told from a number and numbers are parsed; a date column holding
only digits (an Excel serial such as 45000) is still refused as a date stored as a number.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import PurePath
from typing import Iterator

from django.conf import settings

from edge.text import max_text_length, refused_anywhere, text_problem

from .results import FileRefused, RowError
from .templates import BOOLEAN, CHOICE, CODE, DATE, FALSE_LABEL, ID_NUMBER, INTEGER, LIST, TEXT, TRUE_LABEL, Sheet
from .xlsx import CellError, Workbook

# Limits, each overridable in settings.
DEFAULTS = {
    "IMPORT_MAX_ROWS": 200_000,  # data rows
    "IMPORT_MAX_COLUMNS": 100,
    "IMPORT_MAX_FILE_BYTES": 100 * 1024 * 1024,  # the uploaded file itself
    "IMPORT_MAX_UNCOMPRESSED_BYTES": 200 * 1024 * 1024,  # every entry of an .xlsx, unpacked
    "IMPORT_MAX_COMPRESSION_RATIO": 100,  # of any entry larger than 1 MB unpacked
    "IMPORT_MAX_HOSTILE_ERRORS": 200,  # listed before the reader stops looking
}

# Characters that make a spreadsheet treat a cell as a formula; the exporter prefixes such a
# cell with ', and the reader takes that prefix off again so that export → import is exact.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
NEUTRALIZER = "'"
LIST_SPLIT = re.compile(r"[;；,，、\s]+")
NUMBER_TEXT = re.compile(r"[+-]?\d+(\.\d+)?([eE][+-]?\d+)?")
DATE_PATTERNS = (
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"),
    re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"),
    re.compile(r"(\d{4})\.(\d{1,2})\.(\d{1,2})"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)


def limit(name: str) -> int:
    return getattr(settings, name, DEFAULTS[name])


@dataclass
class Row:
    number: int  # as the user sees it: the header is row 1
    values: dict = field(default_factory=dict)  # field -> converted value
    errors: list[RowError] = field(default_factory=list)
    hostile: list[RowError] = field(default_factory=list)
    bad_fields: set[str] = field(default_factory=set)  # fields whose cell is wrong (in ``errors``)


class _Bad(Exception):
    """A wrong value: the row is wrong."""


class _Hostile(Exception):
    """A value that makes the whole file refused."""


# --- converting one cell ----------------------------------------------------------------

def needs_neutralizing(text: str) -> bool:
    """A spreadsheet would run it as a formula (or it is one with its ' already, which the
    reader would strip): the exporter prefixes a ', the reader removes exactly one."""
    first = text.lstrip(NEUTRALIZER)[:1]
    return bool(first) and first in FORMULA_TRIGGERS


def _unneutralize(text: str) -> str:
    if text[:1] == NEUTRALIZER and needs_neutralizing(text[1:]):
        return text[1:]
    return text


@lru_cache(maxsize=4096)  # a file repeats its dates (registrations of one day, one evaluation round)
def _parse_date(text: str) -> dt.date | None:
    for pattern in DATE_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            try:
                return dt.date(*(int(part) for part in match.groups()))
            except ValueError:
                raise _Bad(f"日期“{text}”不存在") from None
    return None


def convert_cell(column, raw, *, typed: bool, max_length: int | None = None, scanned: bool = False):
    """The cell's value for the service. ``typed``: the cell comes from .xlsx and carries its
    type (number, date, bool, text); from .csv every cell is text. ``max_length``: the longest
    text allowed (``edge.text.max_text_length()``, read once per file by the caller).
    ``scanned``: the whole file was found free of refused characters (``edge.text.refused_anywhere``),
    so that only the length is left to check."""
    if type(raw) is str:  # most cells, and every cell of a .csv: the text path straight away
        if not scanned or len(raw) > (max_length or max_text_length()):
            refused = text_problem(raw, max_length=max_length)  # NUL, lone surrogates, control characters, length (edge.text)
            if refused is not None:
                raise _Bad(refused[1])
        if raw.lstrip().startswith("="):
            raise _Hostile(f"单元格含有公式“{raw.strip()[:40]}”，不接受公式：请复制后“选择性粘贴为数值”再导入")
        raw = _unneutralize(raw).strip()
        if raw:
            return _convert_text(column, raw, typed=typed)
        raw = None
    if isinstance(raw, CellError):
        raise _Bad(f"单元格为错误值“{raw}”")
    if isinstance(raw, str):
        refused = text_problem(raw, max_length=max_length)  # NUL, lone surrogates, control characters, length (edge.text)
        if refused is not None:
            raise _Bad(refused[1])
        if raw.lstrip().startswith("="):
            raise _Hostile(f"单元格含有公式“{raw.strip()[:40]}”，不接受公式：请复制后“选择性粘贴为数值”再导入")
        raw = _unneutralize(raw).strip()
        if raw == "":
            raw = None
    if raw is None:
        if column.required:
            raise _Bad("不能为空")
        return {BOOLEAN: False, LIST: []}.get(column.type)
    kind = column.type
    if isinstance(raw, bool):
        if kind == BOOLEAN:
            return raw
        raise _Bad("应为文本或数字，不是逻辑值")
    if isinstance(raw, (dt.datetime, dt.date, dt.time)):
        if kind == DATE and not isinstance(raw, dt.time):
            return raw.date() if isinstance(raw, dt.datetime) else raw
        raise _Bad("不应是日期格式的单元格")
    if isinstance(raw, (int, float)):
        return _convert_number(column, raw)
    return _convert_text(column, raw, typed=typed)


def _convert_number(column, number):
    kind = column.type
    integral = float(number).is_integer()
    if kind == INTEGER:
        if not integral:
            raise _Bad(f"应为整数，实际为{number}")
        return int(number)
    if kind == DATE:
        raise _Hostile(f"日期以数字形式存储（{number}），请将单元格设为日期格式，或填写文本 YYYY-MM-DD")
    if kind == ID_NUMBER:
        raise _Bad("公民身份号码以数字形式存储，会丢失末几位：请将单元格设为文本格式后重新输入完整号码")
    if kind in (TEXT, CODE, CHOICE, LIST):
        return str(int(number)) if integral else str(number)
    raise _Bad("应为“是”或“否”")


def _convert_text(column, text: str, *, typed: bool):
    kind = column.type
    if kind == INTEGER:
        if NUMBER_TEXT.fullmatch(text):
            if typed:
                raise _Hostile(f"数字以文本形式存储（“{text}”），请将单元格转换为数字格式")
            number = float(text)
            if not number.is_integer():
                raise _Bad(f"应为整数，实际为{text}")
            return int(number)
        raise _Bad(f"应为整数，实际为“{text}”")
    if kind == DATE:
        parsed = _parse_date(text)
        if parsed is not None:
            return parsed
        if NUMBER_TEXT.fullmatch(text):
            raise _Hostile(f"日期以数字形式存储（{text}），请填写日期，格式 YYYY-MM-DD")
        raise _Bad(f"日期“{text}”格式不正确，应为 YYYY-MM-DD，如2020-05-01")
    if kind == BOOLEAN:
        if text == TRUE_LABEL:
            return True
        if text == FALSE_LABEL:
            return False
        raise _Bad(f"应为“是”或“否”，实际为“{text}”")
    if kind == LIST:
        return [item for item in LIST_SPLIT.split(text) if item]
    if kind == ID_NUMBER:
        return text.upper()
    return text


def _row_from_cells(layout, number: int, cells, *, typed: bool, max_length: int | None = None,
                    scanned: bool = False) -> Row | None:
    """A Row from the cells at the layout's positions, or None for an empty row."""
    if all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells):
        return None
    row = Row(number=number)
    for position, column in layout:
        raw = cells[position] if position < len(cells) else None
        try:
            row.values[column.field] = convert_cell(column, raw, typed=typed, max_length=max_length, scanned=scanned)
        except _Hostile as problem:
            row.hostile.append(RowError(number, column.header, str(problem)))
        except _Bad as problem:
            row.errors.append(RowError(number, column.header, str(problem)))
            row.bad_fields.add(column.field)
            row.values[column.field] = None
    return row


# --- headers --------------------------------------------------------------------------

def _layout(sheet: Sheet, header_cells) -> list[tuple[int, object]]:
    """Where each column is: [(position, Column)]. Refuses missing, unknown or repeated headers."""
    headers = ["" if cell is None else str(cell).strip() for cell in header_cells]
    while headers and not headers[-1]:
        headers.pop()
    if not headers:
        raise FileRefused.of(f"第1行应为表头（{'、'.join(sheet.headers)}），实际为空", row=1)
    if len(headers) > limit("IMPORT_MAX_COLUMNS"):
        raise FileRefused.of(f"表头有{len(headers)}列，超过上限{limit('IMPORT_MAX_COLUMNS')}列", row=1)
    known = {column.header: column for column in sheet.columns}
    errors, layout, seen = [], [], {}
    for position, header in enumerate(headers):
        if not header:
            continue
        if header in seen:
            errors.append(RowError(1, header, f"表头重复（第{seen[header] + 1}列和第{position + 1}列）"))
            continue
        seen[header] = position
        if header not in known:
            errors.append(RowError(1, header, f"无法识别的列“{header}”；{sheet.title}模板的列为：{'、'.join(sheet.headers)}"))
            continue
        layout.append((position, known[header]))
    missing = [header for header in sheet.headers if header not in seen]
    if missing:
        errors.append(RowError(1, "", f"缺少列：{'、'.join(missing)}（请使用下载的{sheet.title}导入模板）"))
    if errors:
        raise FileRefused(errors)
    return layout


# --- .xlsx ----------------------------------------------------------------------------

def _xlsx_rows(sheet: Sheet, file_obj) -> Iterator[Row]:
    workbook = Workbook(file_obj, max_uncompressed=limit("IMPORT_MAX_UNCOMPRESSED_BYTES"),
                        max_ratio=limit("IMPORT_MAX_COMPRESSION_RATIO"))
    try:
        records = workbook.rows(max_columns=limit("IMPORT_MAX_COLUMNS"))
        first = next(records, None)
        if first is None or first[0] != 1:
            raise FileRefused.of(f"第1行应为表头（{'、'.join(sheet.headers)}），实际为空", row=1)
        layout = _layout(sheet, first[1])
        yield from _numbered_rows(layout, records, typed=True)
    finally:
        workbook.close()


def _numbered_rows(layout, records, *, typed: bool, scanned: bool = False) -> Iterator[Row]:
    """Rows from (row number, cells) records; refuses the file past IMPORT_MAX_ROWS data rows."""
    max_rows = limit("IMPORT_MAX_ROWS")
    max_length = max_text_length()  # a setting: read once, not per cell
    for number, cells in records:
        if number - 1 > max_rows:
            raise FileRefused.of(f"文件超过{max_rows}行数据的上限；请分成多个文件导入", row=number)
        row = _row_from_cells(layout, number, cells, typed=typed, max_length=max_length, scanned=scanned)
        if row is not None:
            yield row


# --- .csv -----------------------------------------------------------------------------

NOT_CSV = "文件扩展名为.csv，但内容不是文本表格（{}）"


def decode_csv(data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030 (which reads GBK and GB2312)."""
    if b"\x00" in data:
        raise FileRefused.of(NOT_CSV.format("含有二进制数据，可能是Excel文件改了扩展名"))
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileRefused.of(NOT_CSV.format("编码无法识别，请保存为UTF-8或GBK编码的CSV"))


def _csv_rows(sheet: Sheet, file_obj) -> Iterator[Row]:
    data = file_obj.read(limit("IMPORT_MAX_FILE_BYTES") + 1)
    if isinstance(data, str):
        data = data.encode("utf-8")
    text = decode_csv(data)
    reader = csv.reader(io.StringIO(text, newline=""))
    max_columns = limit("IMPORT_MAX_COLUMNS")

    def records():
        number = 0  # a record, not a line: a quoted cell may hold line breaks
        try:
            for number, record in enumerate(reader, start=1):
                if len(record) > max_columns:
                    raise FileRefused.of(f"有{len(record)}列，超过上限{max_columns}列", row=number)
                yield number, record
        except csv.Error as error:
            raise FileRefused.of(NOT_CSV.format(f"第{number + 1}行格式错误：{error}")) from None

    rows = records()
    layout = _layout(sheet, next(rows, (1, []))[1])
    # the text checked once for the whole file: a file without a refused character anywhere (nearly
    # every one) has only its cells' lengths checked
    yield from _numbered_rows(layout, rows, typed=False, scanned=not refused_anywhere(text))


# --- entry point ----------------------------------------------------------------------

def read_rows(*, sheet: Sheet, file_obj, filename: str) -> Iterator[Row]:
    """Stream the rows of an .xlsx or .csv laid out as ``sheet``; raises ``FileRefused``."""
    suffix = PurePath(filename or "").suffix.lower()
    if not getattr(file_obj, "seekable", lambda: False)():  # zipfile needs to seek
        file_obj = io.BytesIO(file_obj.read(limit("IMPORT_MAX_FILE_BYTES") + 1))
    size = _size(file_obj)
    if size is not None and size > limit("IMPORT_MAX_FILE_BYTES"):
        raise FileRefused.of(f"文件大小{size // (1024 * 1024)} MB，超过上限{limit('IMPORT_MAX_FILE_BYTES') // (1024 * 1024)} MB")
    if suffix == ".xlsx":
        return _xlsx_rows(sheet, file_obj)
    if suffix == ".csv":
        return _csv_rows(sheet, file_obj)
    raise FileRefused.of(f"不支持的文件类型“{suffix or filename}”：请使用.xlsx或.csv（可下载{sheet.title}导入模板）")


def _size(file_obj) -> int | None:
    size = getattr(file_obj, "size", None)
    if size is not None:
        return size
    try:
        position = file_obj.tell()
        file_obj.seek(0, io.SEEK_END)
        size = file_obj.tell()
        file_obj.seek(position)
        return size
    except (AttributeError, OSError):
        return None
