"""A progress report an action records (``Action.records_report``): its text, figures and the
period it reports on, a month ("2026-03") or a quarter ("2026Q1") by the action's or the
stage's ``report_every``."""
from __future__ import annotations

import datetime as dt
import re

from .common import NUL_MESSAGE, Errors, has_nul


def _period_now(every: str, today: dt.date) -> str:
    if every == "month":
        return f"{today.year}-{today.month:02d}"
    return f"{today.year}Q{(today.month - 1) // 3 + 1}"


def _period_ok(every: str, period: str) -> bool:
    return bool(re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])" if every == "month" else r"\d{4}Q[1-4]", period))


def report_clean(every: str, data, today: dt.date, errors: Errors) -> dict:
    data = data if isinstance(data, dict) else {}
    if has_nul(data):
        errors.add("data", NUL_MESSAGE)
        return {"text": "", "figures": {}, "period": ""}
    text = data.get("text")
    if not isinstance(text, str) or not text.strip():
        errors.add("data.text", "请填写进展情况")
    figures = data.get("figures") or {}
    if not isinstance(figures, dict) or any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in figures.values()):
        errors.add("data.figures", "数据应为“名称: 数字”的对象")
        figures = {}
    unknown = set(data) - {"text", "figures", "period"}
    for key in sorted(unknown):
        errors.add(f"data.{key}", "进展报告只有 text、figures、period 三项")
    period = str(data.get("period") or _period_now(every, today))
    if data.get("period") and not _period_ok(every, period):
        errors.add("data.period", "报告期应为 YYYY-MM（月）" if every == "month" else "报告期应为 YYYYQn（季度，如 2026Q1）")
    return {"text": (text or "").strip(), "figures": figures, "period": period[:16]}
