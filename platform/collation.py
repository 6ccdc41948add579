"""Chinese names in pinyin order, the order users expect where they sort by name.

Two ways, one order: lists held in Python (a page's members, users, a Party organization's
attendance) sort with ``pypinyin`` (the well-kept library of the pinyin readings, with
heteronyms resolved by phrase); querysets too large to sort in Python (the registry) order
by PostgreSQL's ICU collation ``zh-x-icu`` (CLDR's default Chinese collation is pinyin) when
the server has it. The embedded PostgreSQL of ``./ops/run`` is built without ICU: there
names order by code point (a documented limitation of that development server only).
"""
from __future__ import annotations

from functools import lru_cache

from django.db import connection
from django.db.models import F
from django.db.models.functions import Collate
from pypinyin import Style, lazy_pinyin

PINYIN_COLLATION = "zh-x-icu"


def pinyin_key(text: str) -> tuple:
    """A sort key: the toneless pinyin of each character (other characters as they are),
    then the text itself so that homophones keep a stable order."""
    text = text or ""
    return (tuple(lazy_pinyin(text, style=Style.TONE3, errors=lambda chars: list(chars))), text)


def by_pinyin(items, key=lambda item: str(item)) -> list:
    return sorted(items, key=lambda item: pinyin_key(key(item)))


@lru_cache(maxsize=8)
def _has_collation(database: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_collation WHERE collname = %s", [PINYIN_COLLATION])
        return cursor.fetchone() is not None


def pinyin_order(field: str, *, descending: bool = False):
    """An ``order_by`` expression of ``field`` in pinyin order (code point order without ICU)."""
    expression = (Collate(F(field), PINYIN_COLLATION) if _has_collation(connection.settings_dict["NAME"])
                  else F(field))
    return expression.desc() if descending else expression.asc()
