"""How facts are checked: the vocabularies, one validator per kind of field, and ``_Facts``, the
base of the facts classes (one table of validators per class)."""
from __future__ import annotations

import math
import re
from dataclasses import MISSING, fields
from datetime import date
from typing import Any, Callable, ClassVar

from ..contract import Grade

ORG_KINDS = ("social_group", "private_non_enterprise", "foundation", "intermediary", "community_org")
REGISTRATION_LEVELS = ("province", "city", "county")
MEMBER_STATUSES = ("formal", "probationary")
# here: the relation is held by the org's own (or covering) Party organization;
# elsewhere: held by another organization (口袋党员, 002 第十七条); mobile: 流动党员 (004 二 四).
MEMBER_RELATIONS = ("here", "elsewhere", "mobile")
# leader: 负责人 — 理事长（会长）、副理事长（副会长）、秘书长 (003 七 names them so);
# management: other management personnel (理事、监事、副秘书长 …); full_time: 专职工作人员;
# other: other staff. A member may hold several (a full-time 秘书长: leader and full_time).
MEMBER_ROLES = ("leader", "management", "full_time", "other")
# What a private non-enterprise unit does (民办学校、民办医院、养老机构 …), for rules that name them.
SERVICE_TYPES = ("school", "hospital", "elderly_care", "health", "childcare", "culture", "sports", "social_work",
                 "research", "other")
TRAINING_PERSON_ROLES = ("secretary", "party_worker")
MAX_TERM_YEARS = 10
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# The dates a request may tell the rules about (an evaluation date, a last election): outside
# them the facts describe no organization of any registry.
EARLIEST_DATE, LATEST_DATE = date(1900, 1, 1), date(2100, 12, 31)


class FactsError(ValueError):
    """Bad facts: ``errors`` is a tuple of ``(field path, Chinese message)``, one per bad field."""

    def __init__(self, errors):
        self.errors = tuple(errors)
        super().__init__("；".join(f"{path}: {message}" for path, message in self.errors))


class _Invalid(Exception):
    def __init__(self, message: str):
        self.message = message


# --- field validators: take a JSON or Python value, return the stored value -------------
# A validator raises _Invalid for its own field, or FactsError (already carrying paths)
# for nested objects. ``path`` is the field's path, used for nested errors.

Validator = Callable[[Any, str], Any]


def _enum(choices: tuple[str, ...]) -> Validator:
    def check(value, path):
        if not isinstance(value, str) or value not in choices:
            raise _Invalid(f"应为以下之一：{'、'.join(choices)}")
        return value
    return check


def _boolean(value, path):
    if not isinstance(value, bool):
        raise _Invalid("应为布尔值（true 或 false）")
    return value


def _integer(minimum: int = 0, maximum: int | None = None) -> Validator:
    def check(value, path):
        if isinstance(value, bool) or not isinstance(value, int):
            raise _Invalid("应为整数")
        if value < minimum:
            raise _Invalid(f"不能小于 {minimum}")
        if maximum is not None and value > maximum:
            raise _Invalid(f"不能大于 {maximum}")
        return value
    return check


def _number(value, path):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise _Invalid("应为数字")
    if value < 0:
        raise _Invalid("不能小于 0")
    return value


def _iso_date(value, path):
    """A date given as a date, or as ``YYYY-MM-DD`` text within ``EARLIEST_DATE``..``LATEST_DATE``
    (text comes from outside: the evaluate endpoint; dates come from the registry)."""
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            day = date.fromisoformat(value)
        except ValueError:
            pass
        else:
            if not EARLIEST_DATE <= day <= LATEST_DATE:
                raise _Invalid(f"日期应在{EARLIEST_DATE.isoformat()}至{LATEST_DATE.isoformat()}之间")
            return day
    raise _Invalid("应为日期，格式 YYYY-MM-DD")


def _roles(value, path):
    """A set of roles, given as a list (or one role as text): stored sorted, without repeats."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple, frozenset, set)) or not value:
        raise _Invalid(f"应为非空列表，元素为以下之一：{'、'.join(MEMBER_ROLES)}")
    if any(not isinstance(role, str) or role not in MEMBER_ROLES for role in value):
        raise _Invalid(f"元素应为以下之一：{'、'.join(MEMBER_ROLES)}")
    return tuple(role for role in MEMBER_ROLES if role in value)


def _grade(value, path):
    if isinstance(value, Grade):
        return value
    try:
        return Grade.parse(value)
    except (ValueError, TypeError):
        raise _Invalid("应为以下之一：1A、2A、3A、4A、5A") from None


def _text(value, path):
    if not isinstance(value, str) or not value.strip():
        raise _Invalid("应为非空字符串")
    return value.strip()


def _optional(validator: Validator) -> Validator:
    def check(value, path):
        return None if value is None else validator(value, path)
    return check


def _nested(cls) -> Validator:
    def check(value, path):
        if isinstance(value, cls):
            return value
        return cls.from_dict(value, path=path)
    return check


def _list_of(cls) -> Validator:
    def check(value, path):
        if not isinstance(value, (list, tuple)):
            raise _Invalid("应为列表")
        items, errors = [], []
        for index, item in enumerate(value):
            try:
                items.append(_nested(cls)(item, f"{path}[{index}]"))
            except FactsError as error:
                errors.extend(error.errors)
        if errors:
            raise FactsError(errors)
        return tuple(items)
    return check


class _Facts:
    """Validation shared by the facts classes: one table of validators per class (``_SPEC``)."""

    _SPEC: ClassVar[dict[str, Validator]]

    def __post_init__(self):
        errors = []
        for name, validator in self._SPEC.items():
            try:
                object.__setattr__(self, name, validator(getattr(self, name), name))
            except _Invalid as invalid:
                errors.append((name, invalid.message))
            except FactsError as error:
                errors.extend(error.errors)
        if errors:
            raise FactsError(errors)

    @classmethod
    def from_dict(cls, data: Any, *, path: str = ""):
        """Parse a JSON object; ``path`` prefixes the field paths of errors."""
        def at(name):
            return f"{path}.{name}" if path else name

        if not isinstance(data, dict):
            raise FactsError([(path or "$", "应为对象")])
        names = {f.name: f for f in fields(cls)}
        errors, values = [], {}
        for key in data:
            if key not in names:
                errors.append((at(str(key)), "未知字段"))
        for name, spec_field in names.items():
            if name not in data:
                if spec_field.default is MISSING and spec_field.default_factory is MISSING:
                    errors.append((at(name), "必填"))
                continue
            try:
                values[name] = cls._SPEC[name](data[name], at(name))
            except _Invalid as invalid:
                errors.append((at(name), invalid.message))
            except FactsError as error:
                errors.extend(error.errors)
        if errors:
            raise FactsError(errors)
        return cls(**values)
