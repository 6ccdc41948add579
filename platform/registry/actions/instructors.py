from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

import clock
from accounts.models import API_WRITE_ROLES, WORK_LOG_ROLES
from audit.services import audit_record, changes_between

from ..models import Dispatch, Instructor, InstructorEvaluation, SocialOrganization, WorkLog
from ..validators import validate_phone
from .common import FieldErrors, apply_changes, not_after_today, referenced, region_by_code, snapshot

NAME_MAX, UNIT_MAX, PLAN_MAX = 50, 100, 5000


@transaction.atomic
def instructor_create(*, actor, rules, data: dict) -> Instructor:
    """Enrol an instructor (``data``: name, region_code, phone, unit, full_time)."""
    actor.require_write()
    actor.region_check(data.get("region_code"))
    errors = FieldErrors()
    name = (data.get("name") or "").strip()
    if not name:
        errors.add("name", "姓名不能为空")
    elif len(name) > NAME_MAX:
        errors.add("name", f"姓名不能超过{NAME_MAX}字")
    region = region_by_code(errors, "region_code", data.get("region_code"))
    phone = (data.get("phone") or "").strip()
    phone = errors.check("phone", validate_phone, phone) if phone else ""
    unit = (data.get("unit") or "").strip()
    if len(unit) > UNIT_MAX:
        errors.add("unit", f"单位不能超过{UNIT_MAX}字")
    errors.raise_if_any()
    instructor = Instructor.objects.create(name=name, region=region, phone=phone or "", unit=unit,
                                           full_time=bool(data.get("full_time", False)))
    audit_record(action="instructor.create", actor=actor, object_type="Instructor", object_id=instructor.pk,
                 changes=changes_between(None, snapshot(instructor, ("name", "unit", "full_time"), region_code=region.code,
                                                        phone=instructor.phone_masked)))
    return instructor


@transaction.atomic
def dispatch_start(*, actor, rules, data: dict) -> Dispatch:
    """Dispatch an instructor to an organization (``data``: instructor_id, organization_uscc,
    started_on, plan); one open dispatch per pair."""
    actor.require_write()
    instructor = referenced(actor, Instructor, "instructor_id", f"指导员 {data.get('instructor_id')} 不存在",
                             pk=data.get("instructor_id"))
    uscc = str(data.get("organization_uscc") or "").strip().upper()
    organization = referenced(actor, SocialOrganization, "organization_uscc", f"统一社会信用代码“{uscc}”在本省台账中不存在",
                               uscc=uscc)
    errors = FieldErrors()
    if not instructor.active:
        errors.add("instructor_id", f"指导员{instructor.name}已不在库")
    if Dispatch.objects.select_for_update().filter(instructor=instructor, organization=organization,
                                                   ended_on__isnull=True).exists():
        errors.add("organization_uscc", f"{instructor.name}已派驻到{organization.name}")
    started_on = data.get("started_on")
    if started_on is None:
        errors.add("started_on", "派驻日期不能为空")
    not_after_today(errors, "started_on", started_on, clock.today(), "派驻日期不能晚于今天")
    plan = (data.get("plan") or "").strip()
    if len(plan) > PLAN_MAX:
        errors.add("plan", f"工作计划不能超过{PLAN_MAX}字")
    errors.raise_if_any()
    dispatch = Dispatch.objects.create(instructor=instructor, organization=organization, started_on=started_on, plan=plan)
    audit_record(action="dispatch.start", actor=actor, object_type="Dispatch", object_id=dispatch.pk,
                 changes=changes_between(None, snapshot(dispatch, ("started_on", "plan"), instructor_id=instructor.pk,
                                                        organization_uscc=organization.uscc)))
    return dispatch


@transaction.atomic
def dispatch_end(*, actor, rules, dispatch: Dispatch, data: dict) -> Dispatch:
    """End a dispatch (``data``: ended_on); ``dispatch`` is one the actor may write (Http404 else)."""
    actor.require_write()
    dispatch = actor.write_target(Dispatch, pk=dispatch.pk)
    errors = FieldErrors()
    ended_on = data.get("ended_on")
    if ended_on is None:
        errors.add("ended_on", "结束日期不能为空")
    elif ended_on < dispatch.started_on:
        errors.add("ended_on", "结束日期不能早于派驻日期")
    errors.raise_if_any()
    before = snapshot(dispatch, ("started_on", "ended_on"))
    apply_changes(dispatch, {"ended_on": ended_on})
    audit_record(action="dispatch.end", actor=actor, object_type="Dispatch", object_id=dispatch.pk,
                 changes=changes_between(before, snapshot(dispatch, ("started_on", "ended_on"))))
    return dispatch


WORK_TEXT_MAX = 5000


@transaction.atomic
def work_log_record(*, actor, rules, data: dict) -> WorkLog:
    """Log an instructor's visit (``data``: dispatch_id, visited_on, done, next_step). An
    instructor logs their own dispatches only (``WORK_LOG_ROLES``); committee staff any
    dispatch in their region."""
    actor = actor.acting_as(WORK_LOG_ROLES)
    actor.require_write()
    dispatch_id = data.get("dispatch_id")
    missing = f"派驻记录 {dispatch_id} 不存在"
    dispatch = referenced(actor, Dispatch, "dispatch_id", missing, pk=dispatch_id)
    committee = actor.acting_as(API_WRITE_ROLES)
    if not committee.may_write and dispatch.instructor_id not in actor.instructor_ids:
        raise ValidationError({"dispatch_id": [missing]})  # a colleague's dispatch to the same organization
    errors = FieldErrors()
    visited_on = data.get("visited_on")
    if visited_on is None:
        errors.add("visited_on", "走访日期不能为空")
    not_after_today(errors, "visited_on", visited_on, clock.today(), "走访日期不能晚于今天")
    if visited_on and visited_on < dispatch.started_on:
        errors.add("visited_on", f"走访日期不能早于派驻日期（{dispatch.started_on:%Y-%m-%d}）")
    done = (data.get("done") or "").strip()
    if not done:
        errors.add("done", "请填写开展的工作")
    elif len(done) > WORK_TEXT_MAX:
        errors.add("done", f"不能超过{WORK_TEXT_MAX}字")
    next_step = (data.get("next_step") or "").strip()
    if len(next_step) > WORK_TEXT_MAX:
        errors.add("next_step", f"不能超过{WORK_TEXT_MAX}字")
    errors.raise_if_any()
    log = WorkLog.objects.create(dispatch=dispatch, visited_on=visited_on, done=done, next_step=next_step)
    audit_record(action="work_log.record", actor=actor, object_type="WorkLog", object_id=log.pk,
                 changes=changes_between(None, snapshot(log, ("visited_on", "done", "next_step"), dispatch_id=dispatch.pk,
                                                        organization_uscc=dispatch.organization.uscc)))
    return log


COMMENT_MAX = 2000


@transaction.atomic
def instructor_evaluation_record(*, actor, rules, data: dict) -> InstructorEvaluation:
    """Record (or correct) the committee's evaluation of an instructor for one quarter
    (``data``: instructor_id, year, quarter, result, comment). Committee staff whose write
    scope holds the instructor; the instructor sees it on their page."""
    actor = actor.acting_as(API_WRITE_ROLES)
    actor.require_write()
    instructor = referenced(actor, Instructor, "instructor_id", f"指导员 {data.get('instructor_id')} 不存在",
                            pk=data.get("instructor_id"))
    errors = FieldErrors()
    today = clock.today()
    year, quarter = data.get("year"), data.get("quarter")
    if not isinstance(year, int) or not 2000 <= year <= today.year:
        errors.add("year", f"年度应在2000年至{today.year}年之间")
    if quarter not in (1, 2, 3, 4):
        errors.add("quarter", "季度应为1至4")
    elif isinstance(year, int) and (year, quarter) > (today.year, (today.month - 1) // 3 + 1):
        errors.add("quarter", "不能考核尚未开始的季度")
    result = data.get("result")
    if result not in InstructorEvaluation.Result.values:
        errors.add("result", "请选择考核结果")
    comment = (data.get("comment") or "").strip()
    if len(comment) > COMMENT_MAX:
        errors.add("comment", f"考核意见不能超过{COMMENT_MAX}字")
    errors.raise_if_any()
    before = InstructorEvaluation.objects.filter(instructor=instructor, year=year, quarter=quarter).first()
    fields = ("year", "quarter", "result", "comment")
    old = snapshot(before, fields, instructor_id=instructor.pk) if before else None
    evaluation, _ = InstructorEvaluation.objects.update_or_create(
        instructor=instructor, year=year, quarter=quarter,
        defaults={"result": result, "comment": comment, "evaluated_on": today, "evaluated_by": actor.name[:150]})
    audit_record(action="instructor.evaluate", actor=actor, object_type="InstructorEvaluation", object_id=evaluation.pk,
                 changes=changes_between(old, snapshot(evaluation, fields, instructor_id=instructor.pk)))
    return evaluation
