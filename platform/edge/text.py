"""Text at the edge: every string that may reach the database is checked once, where it
enters (JSON bodies and their keys, query strings, path segments, form fields, uploaded
file names, spreadsheet cells), and every echo of input in an error is made safe.

Refused: NUL (PostgreSQL cannot store it), lone surrogates (UTF-8 cannot encode them; JSON's
``\\ud800`` escapes produce them), other control characters except tab, newline and
carriage return, and strings longer than a bound (``EDGE_MAX_TEXT_LENGTH``; a field with a
tighter bound of its own still checks that one). Each refusal names the field.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from django.conf import settings

# C0 controls but tab, LF and CR; DEL and the C1 controls; lone surrogates.
_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_UNSAFE_ECHO = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
ECHO_LIMIT = 200
JSON_MAX_DEPTH = 64


class TextRefused(ValueError):
    """One string (or a JSON nesting) that may not go further; ``field`` names where it was."""

    def __init__(self, field: str, code: str, detail: str):
        super().__init__(detail)
        self.field = field
        self.code = code
        self.detail = detail


def max_text_length() -> int:
    return getattr(settings, "EDGE_MAX_TEXT_LENGTH", 10_000)


def text_problem(value: str, *, max_length: int | None = None) -> tuple[str, str] | None:
    """(code, Chinese message) of what is wrong with ``value``, or None when it may pass."""
    limit = max_text_length() if max_length is None else max_length
    if len(value) > limit:
        return "too_long", f"文字过长：{len(value)}个字符，上限为{limit}个字符"
    found = _REFUSED.search(value)
    if found is None:
        return None
    char = found.group()
    if char == "\x00":
        return "null_character", f"含有空字符（U+0000，第{found.start() + 1}个字符），请删除后重试"
    if "\ud800" <= char <= "\udfff":
        return "surrogate_character", f"含有无效的 Unicode 代理字符（U+{ord(char):04X}，第{found.start() + 1}个字符）"
    return "control_character", f"含有不可见的控制字符（U+{ord(char):04X}，第{found.start() + 1}个字符），请删除后重试"


def refused_anywhere(text: str) -> bool:
    """Does ``text`` hold any character ``text_problem`` refuses? One scan of a whole decoded
    file, so that its cells, when it holds none, need only their length checked."""
    return _REFUSED.search(text) is not None


def check_text(value: str, field: str, *, max_length: int | None = None) -> None:
    problem = text_problem(value, max_length=max_length)
    if problem is not None:
        raise TextRefused(field, *problem)


def check_pairs(pairs: Iterable[tuple[str, Iterable[str]]], prefix: str = "") -> None:
    """Every key and value of a QueryDict-like ``lists()``: query strings and form fields."""
    for key, values in pairs:
        name = f"{prefix}{safe_echo(key, 60)}"
        check_text(key, name, max_length=200)
        for value in values:
            check_text(value, name)


def _join(path: str, key) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else str(key)


def walk_json(data, *, max_depth: int = JSON_MAX_DEPTH) -> None:
    """Check every string value and key of parsed JSON, and its nesting, without recursion."""
    stack: list[tuple[object, str, int]] = [(data, "", 1)]
    while stack:
        value, path, depth = stack.pop()
        if isinstance(value, str):
            check_text(value, path or "$")
        elif isinstance(value, (dict, list)):
            if depth > max_depth:
                raise TextRefused(path or "$", "too_deep", f"JSON 嵌套超过{max_depth}层")
            items: Iterator = iter(value.items()) if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                if isinstance(key, str):
                    check_text(key, _join(path, safe_echo(key, 60)) or "$", max_length=200)
                stack.append((item, _join(path, key if isinstance(key, int) else safe_echo(key, 60)), depth + 1))


def safe_echo(value, limit: int = ECHO_LIMIT) -> str:
    """``value`` as text that can always be encoded and shown: control characters and lone
    surrogates escaped (``\\x00``, ``\\ud800``), and at most ``limit`` characters, the middle
    left out, so that a message's end (what is wrong) stays."""
    text = str(value)
    if len(text) > limit:
        tail = min(limit // 3, 60)
        text = f"{text[:limit - tail - 1]}…{text[-tail:]}"
    return _UNSAFE_ECHO.sub(lambda match: _escape(match.group()), text)


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
