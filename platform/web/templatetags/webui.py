"""Formatting for the web pages: rates as percentages, counts with separators, tones."""
from django import template

register = template.Library()


@register.filter
def pct(rate, digits=1):
    """0.3612 → "36.1%"; None (no denominator, not measured) → "—"."""
    if rate is None or rate == "":
        return "—"
    return f"{float(rate) * 100:.{int(digits)}f}%"


@register.filter
def num(value):
    """12345 → "12,345"; None → "—"."""
    if value is None or value == "":
        return "—"
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return value


@register.filter
def get(mapping, key):
    try:
        return mapping[key]
    except (KeyError, IndexError, TypeError):
        return None


@register.filter
def sort_toggle(current, field):
    """The ?sort= value of a column header: ascending first, descending when already ascending."""
    return f"-{field}" if current == field else field


@register.filter
def sort_mark(current, field):
    if current == field:
        return "▲"
    if current == f"-{field}":
        return "▼"
    return ""


@register.filter
def yesno_zh(value):
    if value is None:
        return "未知"
    return "是" if value else "否"
