"""What the process actions share: field errors, reading a stage's data, periods, lookups of
the case a write targets (scoped, locked)."""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404

from accounts.actors import Actor
from province_rules.baseline import add_years
from province_rules.processes import Period, Stage

from ..engine import CaseError
from ..models import Case

MAX_TEXT = 2000


class Errors:
    """Field → messages, raised at once as a ValidationError naming each field."""

    def __init__(self):
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(message)

    def merge(self, errors: dict[str, list[str]]) -> None:
        for field, messages in errors.items():
            for message in messages:
                self.add(field, message)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def has_nul(value) -> bool:
    """Does ``value`` (text or JSON) hold a NUL character, which PostgreSQL text and jsonb refuse?"""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(has_nul(k) or has_nul(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return any(has_nul(v) for v in value)
    return False


NUL_MESSAGE = "不能包含空字符（\\u0000）"


def refuse(field: str, message: str):
    raise ValidationError({field: [message]})


def process_required(rules, code: str, *, field: str = "process"):
    process = rules.process(code)
    if process is None:
        names = "、".join(f"{p.code}（{p.name}）" for p in rules.processes()) or "无"
        refuse(field, f"本省没有编码为“{code}”的办理事项；本省事项：{names}")
    return process


def add_period(day: dt.date, period: Period) -> dt.date:
    """``day`` plus the period's years and months (29 February and month ends fall back)."""
    day = add_years(day, period.years)
    if period.months:
        month_index = day.month - 1 + period.months
        year, month = day.year + month_index // 12, month_index % 12 + 1
        for candidate in (31, 30, 29, 28):
            try:
                day = dt.date(year, month, min(day.day, candidate))
                break
            except ValueError:
                continue
    return day


def case_for_write(actor: Actor, case_id) -> Case:
    """The case ``case_id`` if ``actor`` may see it, locked for the write; Http404 otherwise."""
    try:
        case_id = int(case_id)
    except (TypeError, ValueError):
        raise Http404 from None
    case = actor.scoped(Case.objects.all()).select_for_update().filter(pk=case_id).first()
    if case is None:
        raise Http404
    return case


def clean_stage_data(stage: Stage, data, errors: Errors, *, actor: Actor | None = None) -> dict:
    """``data`` checked against the stage's declared fields (unknown keys, kinds, choices;
    ``instructors``: ids of instructors ``actor`` can see)."""
    if data in (None, ""):
        return {}
    if not isinstance(data, dict):
        errors.add("data", "应为对象（键为本环节的记录项）")
        return {}
    if has_nul(data):
        errors.add("data", NUL_MESSAGE)
        return {}
    fields = {item.key: item for item in stage.fields}
    clean = {}
    for key, value in data.items():
        item = fields.get(key)
        where = f"data.{key}"
        if item is None:
            known = "、".join(f"{f.key}（{f.label}）" for f in stage.fields) or "无"
            errors.add(where, f"“{stage.name}”环节没有记录项“{key}”；可填：{known}")
            continue
        if value in (None, ""):
            clean[key] = None
            continue
        if item.kind == "text":
            if not isinstance(value, str) or len(value) > MAX_TEXT:
                errors.add(where, f"{item.label}应为不超过{MAX_TEXT}字的文字")
                continue
            clean[key] = value.strip()
        elif item.kind == "date":
            try:
                clean[key] = dt.date.fromisoformat(str(value)).isoformat()
            except ValueError:
                errors.add(where, f"{item.label}应为日期（YYYY-MM-DD）")
        elif item.kind == "number":
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                errors.add(where, f"{item.label}应为数字")
                continue
            clean[key] = value
        elif item.kind == "choice":
            if value not in item.choices:
                errors.add(where, f"{item.label}应为以下之一：{'、'.join(item.choices)}")
                continue
            clean[key] = value
        elif item.kind == "choices":
            values = value if isinstance(value, list) else [value]
            wrong = [v for v in values if v not in item.choices]
            if wrong:
                errors.add(where, f"{item.label}只能从以下选择：{'、'.join(item.choices)}")
                continue
            clean[key] = list(dict.fromkeys(values))
        elif item.kind == "instructors":
            ids = instructor_ids(actor, value)
            if ids is None:
                errors.add(where, f"{item.label}应为本省党建工作指导员的编号列表")
                continue
            clean[key] = ids
    return clean


def instructor_ids(actor: Actor | None, value) -> list[int] | None:
    """``value`` as a list of distinct ids of instructors ``actor`` can see (None when any is not)."""
    from registry.models import Instructor

    values = value if isinstance(value, list) else [value]
    try:
        ids = list(dict.fromkeys(int(str(v)) for v in values))
    except ValueError:
        return None
    if actor is None or any(not 0 < i < 2**31 for i in ids):
        return None
    found = set(actor.scoped(Instructor.objects.all()).filter(pk__in=ids).values_list("pk", flat=True))
    return ids if found == set(ids) else None


def not_allowed(stage: Stage, code: str, allowed) -> CaseError:
    from ..engine import action_summary

    names = "、".join(f"{a.code}（{a.name}）" for a in allowed) or "无"
    return CaseError(f"“{stage.name}”环节不能执行“{code}”；您现在可执行的操作：{names}",
                     allowed=[action_summary(a) for a in allowed])
