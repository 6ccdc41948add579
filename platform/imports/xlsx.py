"""A streaming, read-only .xlsx reader for imports: the cells' values with their types.

Why not ``openpyxl.load_workbook(read_only=True)``: on 75,000 rows × 21 columns it took 42 s
to read (a full extra pass over a sheet without <dimension>, then a heavy per-cell path),
against 12 s here; and it reads the East-Asian built-in date formats (numFmtId 27-36,
50-58, which Chinese Excel and WPS write without defining them) as plain numbers, which
would refuse a good date as "a date stored as a number". Everything else comes from
openpyxl (its date-format test and Excel date conversion) and the XML is parsed with
defusedxml, like openpyxl does.

What is checked here, before or while streaming, each refusing the whole file:
not a zip or not an Office package, a zip bomb (declared sizes and ratios, before anything
is unpacked: zipfile stops at the declared size and then fails its CRC check), executable
content (a VBA project, ActiveX controls, embedded OLE objects, programs, or a macro-enabled
content type: a workbook renamed from .xlsm is refused, not opened), hidden sheets, merged
cells (<mergeCell>, met at the end of the sheet), more columns than allowed.

A cell's value: ``str``, ``int``, ``float``, ``bool``, ``datetime`` (a number in a date
format), ``CellError`` (#N/A …) or, for a formula, its text prefixed with "=" so that the
reader refuses it whatever its cached value.
"""
from __future__ import annotations

import datetime as dt
import posixpath
import zipfile
from typing import Iterator

from defusedxml.ElementTree import fromstring, iterparse
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from .results import FileRefused

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
ROW, CELL, VALUE, FORMULA, INLINE, TEXT, RUN, MERGE_CELL = (
    MAIN + tag for tag in ("row", "c", "v", "f", "is", "t", "r", "mergeCell"))
# ECMA-376 Part 1, 18.8.30: the built-in date and time formats, with the East-Asian ones
# (27-36, 50-58) that openpyxl's table leaves out.
BUILTIN_DATE_FORMATS = frozenset(range(14, 23)) | frozenset(range(27, 37)) | frozenset(range(45, 48)) | frozenset(range(50, 59))
RATIO_CHECKED_ABOVE = 1024 * 1024
CONTENT_TYPE = "{http://schemas.openxmlformats.org/package/2006/content-types}"
# Parts that carry code a spreadsheet program may run: macros (vbaProject.bin, and the
# signature parts beside it), ActiveX controls, embedded OLE objects and packages, programs.
EXECUTABLE_PART_NAMES = ("vbaproject", "vbadata", "activex", "/embeddings/", "oleobject")
EXECUTABLE_SUFFIXES = (".exe", ".dll", ".ocx", ".com", ".scr", ".msi", ".cpl", ".bat", ".cmd", ".ps1", ".vbs", ".vbe",
                       ".js", ".jse", ".wsf", ".hta", ".jar", ".xlam", ".xlsm", ".xlsb", ".docm", ".pptm")
EXECUTABLE_CONTENT_TYPES = ("macroenabled", "vbaproject", "vbadata", "activex", "oleobject", "ms-office.vba",
                            "x-msdownload", "x-msdos-program", "java-archive")
MACROS_REFUSED = ("工作簿含有宏或可执行内容（{}），不接受：请在Excel或WPS中“另存为” Excel 工作簿（*.xlsx）"
                  "（不启用宏）后重新导入")

NOT_XLSX = "文件扩展名为.xlsx，但内容不是有效的Excel工作簿（{}）；请在Excel或WPS中另存为.xlsx后重新导入"


class CellError(str):
    """An error value (#N/A, #DIV/0! …) stored in a cell."""


class Workbook:
    """An opened .xlsx: its sheets, shared strings and date styles; rows of the first sheet."""

    def __init__(self, file_obj, *, max_uncompressed: int, max_ratio: int):
        try:
            self.archive = zipfile.ZipFile(file_obj)
        except (zipfile.BadZipFile, OSError, ValueError):
            raise FileRefused.of(NOT_XLSX.format("不是zip格式")) from None
        try:
            self._inspect(max_uncompressed, max_ratio)
            self.sheets, parts, self.epoch = self._workbook()
            self.strings = self._shared_strings(parts.get("sharedStrings"))
            self.date_styles = self._date_styles(parts.get("styles"))
        except FileRefused:
            self.archive.close()
            raise
        except (ValueError, TypeError, KeyError, zipfile.BadZipFile, OSError) as error:  # malformed parts
            self.archive.close()
            raise FileRefused.of(NOT_XLSX.format(f"读取出错：{type(error).__name__}")) from None

    def close(self) -> None:
        self.archive.close()

    # --- the package ----------------------------------------------------------------

    def _inspect(self, max_uncompressed: int, max_ratio: int) -> None:
        if "[Content_Types].xml" not in self.archive.namelist():
            raise FileRefused.of(NOT_XLSX.format("缺少[Content_Types].xml"))
        total = 0
        for info in self.archive.infolist():
            total += info.file_size
            if info.file_size > RATIO_CHECKED_ABOVE and info.file_size > max_ratio * max(info.compress_size, 1):
                raise FileRefused.of(f"文件疑似压缩炸弹：其中“{info.filename}”压缩比超过{max_ratio}倍，已拒绝")
        if total > max_uncompressed:
            raise FileRefused.of(f"文件解压后共{total // (1024 * 1024)} MB，超过上限{max_uncompressed // (1024 * 1024)} MB，"
                                 "疑似压缩炸弹，已拒绝")
        self._refuse_executable_content()

    def _refuse_executable_content(self) -> None:
        for name in self.archive.namelist():
            lowered = "/" + name.lower()
            if any(marker in lowered for marker in EXECUTABLE_PART_NAMES) or lowered.endswith(EXECUTABLE_SUFFIXES):
                raise FileRefused.of(MACROS_REFUSED.format(name[:80]))
        types = self._xml("[Content_Types].xml")
        for entry in list(types.iter(CONTENT_TYPE + "Default")) + list(types.iter(CONTENT_TYPE + "Override")):
            content_type = (entry.get("ContentType") or "").lower()
            if any(marker in content_type for marker in EXECUTABLE_CONTENT_TYPES):
                raise FileRefused.of(MACROS_REFUSED.format(entry.get("ContentType", "")[:80]))

    def _xml(self, name: str):
        try:
            return fromstring(self.archive.read(name))
        except KeyError:
            raise FileRefused.of(NOT_XLSX.format(f"缺少{name}")) from None
        except Exception as error:  # defusedxml refuses DTDs and entities; ParseError for broken XML
            raise FileRefused.of(NOT_XLSX.format(f"{name}无法解析：{type(error).__name__}")) from None

    def _relationships(self, part: str) -> list[tuple[str, str, str]]:
        """(id, type, target path) of a part's relationships."""
        base = posixpath.dirname(part)
        rels = posixpath.join(base, "_rels", posixpath.basename(part) + ".rels")
        if rels not in self.archive.namelist():
            return []
        return [(rel.get("Id"), rel.get("Type", ""), _target(base, rel.get("Target", "")))
                for rel in self._xml(rels).iter(PACKAGE_REL)]

    def _workbook(self):
        main = next((target for _, kind, target in self._relationships("") if kind.endswith("/officeDocument")),
                    "xl/workbook.xml")
        workbook = self._xml(main)
        relationships = self._relationships(main)
        targets = {rel_id: target for rel_id, _, target in relationships}
        parts = {kind.rsplit("/", 1)[-1]: target for _, kind, target in relationships}
        sheets = [(sheet.get("name", ""), sheet.get("state") or "visible", targets.get(sheet.get(REL_ID), ""))
                  for sheet in workbook.iter(MAIN + "sheet")]
        if not sheets:
            raise FileRefused.of(NOT_XLSX.format("没有工作表"))
        properties = workbook.find(MAIN + "workbookPr")
        date1904 = properties is not None and properties.get("date1904", "").lower() in ("1", "true")
        return sheets, parts, CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900

    def _shared_strings(self, part: str | None) -> list[str]:
        if not part or part not in self.archive.namelist():
            return []
        strings = []
        with self.archive.open(part) as stream:
            for _, element in _parse(stream, part):
                if element.tag == MAIN + "si":
                    strings.append(_text(element))
                    element.clear()
        return strings

    def _date_styles(self, part: str | None) -> frozenset[int]:
        """The cell styles (indexes into cellXfs) whose number format is a date or time."""
        if not part or part not in self.archive.namelist():
            return frozenset()
        styles = self._xml(part)
        custom = {int(fmt.get("numFmtId", -1)): fmt.get("formatCode", "") for fmt in styles.iter(MAIN + "numFmt")}
        xfs = styles.find(MAIN + "cellXfs")
        dates = set()
        for index, xf in enumerate(xfs if xfs is not None else ()):
            fmt_id = int(xf.get("numFmtId", 0))
            code = custom.get(fmt_id, BUILTIN_FORMATS.get(fmt_id, ""))
            if fmt_id in BUILTIN_DATE_FORMATS or (code and is_date_format(code)):
                dates.add(index)
        return frozenset(dates)

    # --- the first sheet's rows -----------------------------------------------------

    def first_sheet(self) -> tuple[str, str]:
        """(name, part) of the sheet an import reads, after refusing hidden sheets."""
        hidden = [name for name, state, _ in self.sheets if state != "visible"]
        if hidden:
            raise FileRefused.of(f"工作簿含有隐藏的工作表：{'、'.join(hidden)}。请删除或取消隐藏后再导入")
        name, _, part = self.sheets[0]
        if part not in self.archive.namelist():
            raise FileRefused.of(NOT_XLSX.format(f"缺少工作表“{name}”的内容"))
        return name, part

    def rows(self, *, max_columns: int) -> Iterator[tuple[int, list]]:
        """(row number, values by column position) of each row of the first sheet that has cells."""
        name, part = self.first_sheet()
        number = 0
        with self.archive.open(part) as stream:
            for _, element in _parse(stream, part):
                tag = element.tag
                if tag == ROW:
                    try:
                        number = int(element.get("r") or number + 1)
                        values = self._row_values(element, number, max_columns)
                    except (ValueError, TypeError) as error:  # a malformed reference or style index
                        raise FileRefused.of(NOT_XLSX.format(f"第{number + 1}行附近读取出错：{type(error).__name__}")) from None
                    yield number, values
                    element.clear()
                elif tag == MERGE_CELL:
                    raise FileRefused.of(f"工作表“{name}”含有合并单元格（{element.get('ref', '')}），"
                                         "请取消合并、每个单元格分别填写后再导入")

    def _row_values(self, row, number: int, max_columns: int) -> list:
        values: list = []
        position = -1
        for cell in row:
            if cell.tag != CELL:
                continue
            reference = cell.get("r")
            position = _column_index(reference) if reference else position + 1
            value = self._value(cell)
            if value is None:
                continue  # an empty cell (perhaps only formatted) far to the right is harmless
            if position >= max_columns:
                raise FileRefused.of(f"工作表超过{max_columns}列的上限（{reference or ''}）", row=number)
            if position >= len(values):
                values.extend([None] * (position + 1 - len(values)))
            values[position] = value
        return values

    def _value(self, cell):
        kind = cell.get("t", "n")
        text = formula = inline = None
        for child in cell:
            if child.tag == VALUE:
                text = child.text
            elif child.tag == FORMULA:
                formula = child.text or ""
            elif child.tag == INLINE:
                inline = _text(child)
        if formula is not None:
            return "=" + formula
        if kind == "inlineStr":
            return inline
        if text is None:
            return None
        if kind == "s":
            try:
                return self.strings[int(text)]
            except (ValueError, IndexError):
                raise FileRefused.of(NOT_XLSX.format(f"共享字符串“{text}”不存在")) from None
        if kind == "str":
            return text
        if kind == "b":
            return text.strip() in ("1", "true")
        if kind == "e":
            return CellError(text)
        if kind == "d":
            try:
                return dt.datetime.fromisoformat(text)
            except ValueError:
                return CellError(text)
        try:
            number = int(text) if text.lstrip("-").isdigit() else float(text)
        except ValueError:
            raise FileRefused.of(NOT_XLSX.format(f"数值“{text[:20]}”无法识别")) from None
        style = cell.get("s")
        if style and int(style) in self.date_styles:
            try:
                return from_excel(number, self.epoch)
            except (ValueError, OverflowError):
                return number
        return number


def _parse(stream, part: str):
    try:
        yield from iterparse(stream)
    except FileRefused:
        raise
    except Exception as error:
        raise FileRefused.of(NOT_XLSX.format(f"{part}无法解析：{type(error).__name__}")) from None


def _text(element) -> str:
    """The text of a shared or inline string: its <t>, or its runs' <t>, without phonetic runs."""
    parts = []
    for child in element:
        if child.tag == TEXT:
            parts.append(child.text or "")
        elif child.tag == RUN:
            parts.extend(sub.text or "" for sub in child if sub.tag == TEXT)
    return "".join(parts)


def _column_index(reference: str) -> int:
    """"AB12" → 27 (0-based)."""
    index = 0
    for char in reference:
        if "A" <= char <= "Z":
            index = index * 26 + ord(char) - 64
        else:
            break
    return index - 1


def _target(base: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(base, target))
