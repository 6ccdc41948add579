"""Fast bulk writes for the demo generator: ids taken from the tables' own sequences, rows
sent with PostgreSQL ``COPY`` in the current province's schema (django-tenants sets the
search path on every cursor). Values are written as given: encrypt personal data first
(``privacy.crypto.encrypt``), as ``EncryptedTextField`` would.

Foreign keys are created ``DEFERRABLE INITIALLY DEFERRED`` by Django, so tables may be
filled in any order inside the generator's transaction; they are checked at commit.
"""
from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from typing import Iterable, Sequence

from django.db import connection

CHUNK_ROWS = 100_000


def _escape(text: str) -> str:
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


def _json(value) -> str:
    return _escape(json.dumps(value, ensure_ascii=False))


_FORMATS = {
    str: _escape,
    int: str,
    bool: lambda value: "t" if value else "f",
    type(None): lambda value: "\\N",
    dt.date: dt.date.isoformat,
    dt.datetime: dt.datetime.isoformat,
    Decimal: str,
    float: repr,
    dict: _json,
    list: _json,
}


def allocate_ids(model, count: int) -> list[int]:
    """``count`` fresh primary keys from the model's id sequence (safe beside other writers)."""
    if count <= 0:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def copy_rows(model, fields: Sequence[str], rows: Iterable[tuple]) -> int:
    """COPY ``rows`` (tuples in the order of ``fields``, model field names) into the model's table."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
    statement = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
    formats = _FORMATS
    written = 0
    buffer = io.StringIO()
    pending = 0
    with connection.cursor() as cursor:
        for row in rows:
            buffer.write("\t".join([formats[type(value)](value) for value in row]))
            buffer.write("\n")
            pending += 1
            if pending == CHUNK_ROWS:
                buffer.seek(0)
                cursor.copy_expert(statement, buffer)
                written += pending
                buffer, pending = io.StringIO(), 0
        if pending:
            buffer.seek(0)
            cursor.copy_expert(statement, buffer)
            written += pending
    return written
