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


@register.filter
def clause(code):
    """A clause as users read it: the document's title with the clause, the short code as a
    tooltip (``002 第十四条`` → 《吉林省加强社会组织党的建设工作实施办法（试行）》第十四条)."""
    from django.utils.html import format_html

    from province_rules.documents import clause_title

    if not code:
        return ""
    return format_html('<span class="clause" title="{}">{}</span>', code, clause_title(code))


@register.filter
def cited(text):
    """Clause codes inside a text (``（002 第十九条）``) as users read them."""
    from province_rules.documents import cited as cite

    return cite(text or "")


@register.filter
def reason(item):
    """A rule's reason: its clause, or "本省设定" with the general rule the setting follows."""
    from django.utils.html import format_html

    from province_rules.documents import PROVINCE_SETTING, cited as cite

    if getattr(item, "province_setting", False):
        return format_html('<span class="tag">{}</span>{}<span class="muted">（依据：{}）</span>', PROVINCE_SETTING,
                           cite(item.text), clause(item.clause))
    return format_html("{}{}", clause(item.clause), cite(item.text))


@register.filter
def isotime(value):
    """An ISO timestamp (as a JSON history keeps it) as local "YYYY-MM-DD HH:MM"."""
    import datetime as dt

    from django.utils import timezone

    try:
        moment = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return value
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.strftime("%Y-%m-%d %H:%M")
