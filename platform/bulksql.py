"""Multi-row INSERT and UPDATE of model rows for the bulk write paths (imports through
``registry.actions.bulk``, ``audit.services.audit_record_many``): one statement per thousand
rows through psycopg2's ``execute_values``, with the values taken from the instances as they
are; a model whose fields are all plain and whose key is a sequence is inserted by one COPY,
its primary keys taken from the sequence first. Django's ``bulk_create`` and ``bulk_update`` prepare every value through its field
(``get_db_prep_save``, a few microseconds each) and ``bulk_update`` writes a CASE per field
and row: for an import of 10,000 organizations that was most of the import's time.

Only fields of Django's plain classes themselves pass unprepared (text, numbers, booleans,
dates, times, foreign keys; a subclass, such as an encrypted field, does not); every other
field (JSON, IP addresses, encrypted text …) goes through its own ``get_db_prep_save`` as
Django would. ``auto_now`` / ``auto_now_add`` are applied as Django's ``pre_save`` applies them.
Model signals are not sent (``bulk_create`` sends none either)."""
from __future__ import annotations

import datetime as dt
import io
import re
from operator import attrgetter

from django.db import connection, models
from psycopg2.extras import execute_values

PAGE = 1000
_PLAIN = frozenset({models.CharField, models.TextField, models.SlugField, models.IntegerField, models.BigIntegerField,
                    models.SmallIntegerField, models.PositiveIntegerField, models.PositiveSmallIntegerField,
                    models.BooleanField, models.DateField, models.DateTimeField, models.FloatField, models.ForeignKey})
_TEXT = frozenset({models.CharField, models.TextField, models.SlugField})


def _plain(field) -> bool:
    return type(field) in _PLAIN  # exactly these classes: a subclass may prepare its values (encryption)


def _stamped(field, *, add: bool) -> bool:
    return isinstance(field, models.DateField) and (field.auto_now or (add and field.auto_now_add))


def _getter(field, *, add: bool, first):
    """How a field's value is read from an instance. An ``auto_now`` / ``auto_now_add`` value is
    taken once (Django's ``pre_save`` on the first instance) and set on every instance as
    ``pre_save`` would: one timestamp for the statement, not one ``timezone.now()`` per row."""
    if _stamped(field, add=add):
        attname, value = field.attname, field.pre_save(first, add)

        def stamp(obj):
            setattr(obj, attname, value)
            return value
        return stamp
    if _plain(field):
        attname = field.attname
        return lambda obj: getattr(obj, attname)
    return lambda obj: field.get_db_prep_save(getattr(obj, field.attname), connection)


# Django's cursor is handed to execute_values (it mogrifies through it and executes the joined
# statement), so that the statements are logged and counted like Django's own.


def _quoted(name: str) -> str:
    return connection.ops.quote_name(name)


def bulk_insert(model, objs: list) -> list:
    """INSERT ``objs`` (unsaved instances of ``model``), setting their primary keys; returns them."""
    if not objs:
        return objs
    meta = model._meta
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    plain = [field for field in fields if _plain(field) and not getattr(field, "auto_now", False)
             and not getattr(field, "auto_now_add", False)]
    other = [field for field in fields if field not in plain]
    fields = plain + other  # the plain ones read at once (attrgetter), the others one by one
    plain_values = attrgetter(*[field.attname for field in plain]) if len(plain) > 1 else (
        (lambda obj: (getattr(obj, plain[0].attname),)) if plain else (lambda obj: ()))
    getters = [_getter(field, add=True, first=objs[0]) for field in other]
    if isinstance(meta.pk, models.AutoField) and all(_stamped(field, add=True) for field in other):
        return _copy_insert(meta, objs, fields, plain_values, getters)
    statement = (f"INSERT INTO {_quoted(meta.db_table)} ({', '.join(_quoted(f.column) for f in fields)}) "
                 f"VALUES %s RETURNING {_quoted(meta.pk.column)}")
    with connection.cursor() as cursor:
        for start in range(0, len(objs), PAGE):
            page = objs[start:start + PAGE]
            ids = execute_values(cursor, statement,
                                 [(*plain_values(obj), *(get(obj) for get in getters)) for obj in page],
                                 page_size=PAGE, fetch=True)
            for obj, (pk,) in zip(page, ids):
                obj.pk = pk
                obj._state.adding = False
                obj._state.db = connection.alias
    return objs


_COPY_SPECIAL = re.compile(r"[\\\t\n\r]")


def _escaped(text: str) -> str:
    if _COPY_SPECIAL.search(text) is None:  # nearly every value: one scan, nothing to replace
        return text
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def copy_text(value) -> str:
    """A value in COPY's text format (text, numbers, booleans, dates, times; None is NULL)."""
    kind = type(value)
    if kind is str:
        return _escaped(value)
    if value is None:
        return "\\N"
    if isinstance(value, str):  # a choice's enum member: its text
        return _escaped(str.__str__(value))
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, float):
        return repr(float(value))
    if isinstance(value, (dt.date, dt.time)):  # datetimes with their offset
        return value.isoformat()
    raise TypeError(f"bulksql: no COPY text for {kind.__name__}")


def _copy_insert(meta, objs: list, fields: list, plain_values, getters) -> list:
    """``bulk_insert`` for a model of plain fields only: the primary keys taken from the table's
    sequence first (one query), then one COPY of every row (no statement text to build and parse
    for thousands of rows, as a multi-row INSERT has)."""
    table, pk = _quoted(meta.db_table), meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                       [meta.db_table, pk, len(objs)])
        ids = sorted(row[0] for row in cursor.fetchall())
        buffer = io.StringIO()
        write = buffer.write
        for obj, pk_value in zip(objs, ids):
            values = (pk_value, *plain_values(obj), *(get(obj) for get in getters))
            write("\t".join([copy_text(value) for value in values]))
            write("\n")
        buffer.seek(0)
        columns = ", ".join(_quoted(column) for column in (pk, *(field.column for field in fields)))
        cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", buffer)
    for obj, pk_value in zip(objs, ids):
        obj.pk = pk_value
        obj._state.adding = False
        obj._state.db = connection.alias
    return objs


def bulk_update(model, objs: list, field_names) -> None:
    """UPDATE ``field_names`` of ``objs`` (saved instances) with one ``UPDATE … FROM (VALUES …)``
    per thousand rows (an ``auto_now`` field among them is set to now, as ``save`` sets it)."""
    if not objs:
        return
    meta = model._meta
    fields = [meta.get_field(name) for name in field_names]
    getters = [_getter(field, add=False, first=objs[0]) for field in fields]
    columns = ", ".join(f"v{index}" for index in range(len(fields)))
    # each value cast to its column's type (a NULL in VALUES is text otherwise); text as text, so that
    # a value too long for its column is an error, never cut by a cast to varchar(n)
    assignments = ", ".join(f"{_quoted(field.column)} = v.v{index}::"
                            f"{'text' if type(field) in _TEXT else field.db_type(connection)}"
                            for index, field in enumerate(fields))
    statement = (f"UPDATE {_quoted(meta.db_table)} AS t SET {assignments} FROM (VALUES %s) AS v(pk, {columns}) "
                 f"WHERE t.{_quoted(meta.pk.column)} = v.pk")
    with connection.cursor() as cursor:
        for start in range(0, len(objs), PAGE):
            page = objs[start:start + PAGE]
            execute_values(cursor, statement, [(obj.pk, *(get(obj) for get in getters)) for obj in page], page_size=PAGE)
