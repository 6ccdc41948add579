"""9. The spreadsheet reader alone, on operation 3's largest .xlsx (an export of the generated
province): the product's own reader (``imports.xlsx.Workbook``, every cell with its type),
openpyxl in read-only mode, and python-calamine (Rust), each reading every cell of every row.
The reference of each row is the product's reader.

Beside the time, what decides which reader the product keeps, checked on small files made
here: a date in the East-Asian built-in format WPS writes (numFmtId 31, not defined in the
file) must read as a date; a formula must be seen as one (the import refuses formulas: only
its cached value would slip through); a zip bomb must be refused before it is unpacked; an
XML entity declaration (XXE, billion laughs) must be refused."""
from __future__ import annotations

import datetime as dt
import io
import tracemalloc
import zipfile
from pathlib import Path

from openpyxl import Workbook as OpenpyxlWorkbook
from openpyxl import load_workbook

from imports.readers import limit
from imports.results import FileRefused
from imports.xlsx import Workbook

from ..timing import Row, timed


def _own(source) -> list:
    book = Workbook(source, max_uncompressed=limit("IMPORT_MAX_UNCOMPRESSED_BYTES"),
                    max_ratio=limit("IMPORT_MAX_COMPRESSION_RATIO"))
    try:
        return [cells for _, cells in book.rows(max_columns=limit("IMPORT_MAX_COLUMNS"))]
    finally:
        book.close()


def _openpyxl(source) -> list:
    book = load_workbook(source, read_only=True, data_only=False)
    try:
        return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()


def _calamine(source) -> list:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_filelike(source) if not isinstance(source, (str, Path)) else CalamineWorkbook.from_path(str(source))
    try:
        return [list(row) for row in book.get_sheet_by_index(0).iter_rows()]
    finally:
        book.close()


def _calamine_available() -> bool:
    try:
        import python_calamine  # noqa: F401
    except ImportError:
        return False
    return True


READERS = {"own reader (imports.xlsx.Workbook)": _own, "openpyxl read-only": _openpyxl, "python-calamine": _calamine}


# --- the files that decide ----------------------------------------------------------------

def _book(value, number_format: str | None = None) -> io.BytesIO:
    book = OpenpyxlWorkbook()
    sheet = book.active
    sheet.append(["日期"])
    sheet.append([value])
    if number_format:
        sheet["A2"].number_format = number_format
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def _rewrite(buffer: io.BytesIO, part: str, change) -> io.BytesIO:
    source = zipfile.ZipFile(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            data = source.read(item)
            archive.writestr(item, change(data) if item.filename == part else data)
    out.seek(0)
    return out


def _wps_date() -> io.BytesIO:
    """A date cell whose style is the built-in East-Asian format 31 (yyyy"年"m"月"d"日"), as WPS writes it."""
    return _rewrite(_book(dt.datetime(2016, 8, 8), "yyyy-mm-dd"), "xl/styles.xml",
                    lambda styles: styles.replace(b'numFmtId="14"', b'numFmtId="31"').replace(b'numFmtId="164"', b'numFmtId="31"'))


def _formula() -> io.BytesIO:
    return _book("=1+1")


def _zip_bomb() -> io.BytesIO:
    bomb = io.BytesIO()
    with zipfile.ZipFile(_book("x")) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":  # the sheet, padded with 60 MB of spaces inside its XML
                data = data.replace(b"<sheetData>", b"<sheetData>" + b" " * (60 * 1024 * 1024), 1)
            archive.writestr(item, data)
    bomb.seek(0)
    return bomb


def _entities() -> io.BytesIO:
    laughs = (b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
              b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>')

    def change(data: bytes) -> bytes:
        body = data.split(b"?>", 1)[-1]
        return b'<?xml version="1.0"?>' + laughs + body.replace(b"</sheetData>", b'<row r="3"><c r="A3" t="inlineStr"><is><t>&c;</t></is></c></row></sheetData>', 1)

    return _rewrite(_book("x"), "xl/worksheets/sheet1.xml", change)


def _cell(rows, row=1, column=0):
    return rows[row][column] if len(rows) > row and len(rows[row]) > column else None


def capabilities(read) -> dict[str, str]:
    """What ``read`` does with each deciding file: "yes" where it behaves as the import needs."""
    found = {}
    try:
        value = _cell(read(_wps_date()))
        found["WPS date"] = "yes" if isinstance(value, (dt.date, dt.datetime)) else f"no (reads {value!r})"
    except Exception as error:  # noqa: BLE001 - reported
        found["WPS date"] = f"no ({type(error).__name__})"
    try:
        value = _cell(read(_formula()))
        found["formula seen"] = "yes" if isinstance(value, str) and value.startswith("=") else f"no (reads {value!r})"
    except Exception as error:  # noqa: BLE001
        found["formula seen"] = f"no ({type(error).__name__})"
    bomb = _zip_bomb()
    tracemalloc.start()
    try:
        read(bomb)
        found["zip bomb refused"] = "no (read it)"
    except FileRefused:
        found["zip bomb refused"] = "yes, before unpacking"
    except Exception as error:  # noqa: BLE001
        found["zip bomb refused"] = f"failed after unpacking ({type(error).__name__})"
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    found["zip bomb refused"] += f", peak {peak / 2**20:.0f} MiB in Python"
    try:
        rows = read(_entities())
        expanded = any(isinstance(cell, str) and "aaaa" in cell for row in rows for cell in row)
        found["XXE refused"] = "no (expanded the entities)" if expanded else "no (read the file, entities not expanded)"
    except Exception as error:  # noqa: BLE001
        found["XXE refused"] = f"yes ({type(error).__name__})"
    return found


def run(ctx, path: Path, count: int) -> None:
    runs = 1 if count >= 50_000 else max(1, ctx.plan.heavy_runs)
    readers = {name: read for name, read in READERS.items() if name != "python-calamine" or _calamine_available()}
    samples, checks = {}, {}
    for name, read in readers.items():
        samples[name], rows = timed(lambda: read(path), runs=runs, warmup=0)
        checks[name] = capabilities(read)
        if len(rows) != count + 1:
            raise AssertionError(f"bench 9: {name} read {len(rows)} rows of {count + 1}")
    own_name = next(iter(readers))
    size = f"{ctx.size}: {count:,} rows, {path.stat().st_size / 1e6:.1f} MB"
    fastest = min(samples, key=lambda name: samples[name].median)
    for name in readers:
        passes = all(value.startswith("yes") for value in checks[name].values())
        ctx.add(Row(9, f"spreadsheet reader alone: {name}", size, samples[name], own_name, samples[own_name],
                    note="; ".join(f"{key}: {value}" for key, value in checks[name].items())
                         + ("; the fastest" if name == fastest else "") + ("; meets every condition" if passes else "")))
    if not _calamine_available():
        ctx.add(Row(9, "spreadsheet reader alone: python-calamine", size, type(samples[own_name])(), own_name,
                    samples[own_name], note="not measured: python-calamine is not installed"))
