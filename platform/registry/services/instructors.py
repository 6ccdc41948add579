from __future__ import annotations

import datetime as dt

from django.db import transaction

from ..models import Dispatch, Instructor, SocialOrganization
from ..validators import validate_phone
from .common import FieldErrors, region_by_code


def instructor_create(*, name: str, region_code: str, phone: str = "", unit: str = "", full_time: bool = False) -> Instructor:
    errors = FieldErrors()
    if not (name or "").strip():
        errors.add("name", "姓名不能为空")
    region = region_by_code(errors, "region_code", region_code)
    phone = errors.check("phone", validate_phone, phone) if phone else ""
    errors.raise_if_any()
    return Instructor.objects.create(name=name.strip(), region=region, phone=phone or "", unit=unit, full_time=full_time)


@transaction.atomic
def dispatch_start(*, instructor: Instructor, organization: SocialOrganization, started_on: dt.date, plan: str = "") -> Dispatch:
    """Dispatch an instructor to an organization; one open dispatch per pair."""
    errors = FieldErrors()
    if not instructor.active:
        errors.add("instructor", f"指导员{instructor.name}已不在库")
    if Dispatch.objects.filter(instructor=instructor, organization=organization, ended_on__isnull=True).exists():
        errors.add("organization", f"{instructor.name}已派驻到{organization.name}")
    if started_on > dt.date.today():
        errors.add("started_on", "派驻日期不能晚于今天")
    errors.raise_if_any()
    return Dispatch.objects.create(instructor=instructor, organization=organization, started_on=started_on, plan=plan)


def dispatch_end(*, dispatch: Dispatch, ended_on: dt.date) -> Dispatch:
    errors = FieldErrors()
    if ended_on < dispatch.started_on:
        errors.add("ended_on", "结束日期不能早于派驻日期")
    errors.raise_if_any()
    dispatch.ended_on = ended_on
    dispatch.save(update_fields=["ended_on"])
    return dispatch
