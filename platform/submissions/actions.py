"""The writes of submissions: an organization saves and submits its annual report or checklist
(``ORGANIZATION_REPORT_ROLES``: its secretary or liaison, or the committees' staff on its
behalf); the committee accepts it or returns it with a rectification demand (``API_WRITE_ROLES``
only). Each does scope check, validation, write and audit, in that order."""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

import clock
from accounts.models import ORGANIZATION_REPORT_ROLES
from audit.services import audit_record, changes_between
from registry.actions.checks import organization_referenced
from registry.actions.common import FieldErrors, apply_changes, choice, create_or_lock, snapshot

from .content import ANNUAL_REPORT_SECTIONS, NOTE_MAX, SECTION_MAX, inspection_checklist
from .models import Submission

FIRST_YEAR = 2000
DEMAND_MAX = 5000
FIELDS = ("kind", "year", "status", "content", "demand")


def _snapshot(submission: Submission) -> dict:
    return snapshot(submission, FIELDS, organization_uscc=submission.organization.uscc)


def _report_content(errors: FieldErrors, content: dict, *, complete: bool) -> dict:
    clean = {}
    for section in ANNUAL_REPORT_SECTIONS:
        text = str(content.get(section.key) or "").strip()
        if len(text) > SECTION_MAX:
            errors.add(section.key, f"{section.title}不能超过{SECTION_MAX}字")
        elif complete and section.required and not text:
            errors.add(section.key, f"请填写“{section.title}”")
        clean[section.key] = text
    return clean


def _checklist_content(errors: FieldErrors, content: dict, *, rules, complete: bool) -> dict:
    checklist = inspection_checklist(rules)
    if checklist is None:
        errors.add("kind", "本省规则未设社会组织党建工作年检清单")
        return {}
    given = content.get("items") or {}
    if not isinstance(given, dict):
        errors.add("items", "清单内容格式不正确")
        return {}
    unknown = sorted(set(given) - {item.key for item in checklist.items})
    if unknown:
        errors.add("items", f"清单中没有这些项目：{'、'.join(unknown)}")
    items = {}
    for item in checklist.items:
        answer = given.get(item.key) or {}
        met, note = answer.get("met"), str(answer.get("note") or "").strip()
        if met not in (True, False, None):
            errors.add(item.key, "应为“是”或“否”")
            met = None
        if len(note) > NOTE_MAX:
            errors.add(item.key, f"说明不能超过{NOTE_MAX}字")
        if complete and met is None:
            errors.add(item.key, f"请选择“是”或“否”：{item.text}")
        if complete and met is False and not note:
            errors.add(item.key, f"选择“否”的，请说明原因和整改措施：{item.text}")
        items[item.key] = {"met": met, "note": note}
    return {"checklist": checklist.key, "items": items}


def _step(actor, step: str, note: str = "") -> dict:
    return {"at": clock.now().isoformat(timespec="seconds"), "by": actor.name, "step": step, "note": note}


@transaction.atomic
def submission_save(*, actor, rules, data: dict) -> Submission:
    """Save an organization's annual report or checklist for a year, and with ``submit`` submit
    it for review (``data``: organization_uscc, kind, year, content, submit). Only a draft or
    a returned one may change; submitting checks that it is complete."""
    actor = actor.acting_as(ORGANIZATION_REPORT_ROLES)
    actor.require_write()
    organization = organization_referenced(actor, data.get("organization_uscc"))
    errors = FieldErrors()
    kind = choice(errors, "kind", data.get("kind"), Submission.Kind.choices)
    year = data.get("year")
    today = clock.today()
    if isinstance(year, bool) or not isinstance(year, int) or not FIRST_YEAR <= year <= today.year:
        errors.add("year", f"年度应在{FIRST_YEAR}至{today.year}之间")
    errors.raise_if_any()
    submit = bool(data.get("submit"))
    content = data.get("content") or {}
    if not isinstance(content, dict):
        raise ValidationError({"content": ["填报内容格式不正确"]})
    if kind == Submission.Kind.ANNUAL_REPORT:
        clean = _report_content(errors, content, complete=submit)
    else:
        clean = _checklist_content(errors, content, rules=rules, complete=submit)
    submission, created = create_or_lock(Submission, key={"organization": organization, "kind": kind, "year": year},
                                         values={"content": {}})
    if not submission.editable:
        errors.add("status", f"{year}年{submission.get_kind_display()}{submission.get_status_display()}，不能再修改")
    errors.raise_if_any()
    before = None if created else _snapshot(submission)
    values = {"content": clean}
    if submit:
        values |= {"status": Submission.Status.SUBMITTED, "submitted_at": clock.now(),
                   "history": submission.history + [_step(actor, "submitted")]}
    apply_changes(submission, values)
    audit_record(action="submission.submit" if submit else "submission.save", actor=actor, object_type="Submission",
                 object_id=submission.pk, changes=changes_between(before, _snapshot(submission)))
    return submission


@transaction.atomic
def submission_review(*, actor, rules, submission: Submission, data: dict) -> Submission:
    """The committee's review of a submitted report (``data``: decision "accept" or "return",
    demand): a return needs the rectification demand (002 第九条(二)), which the organization
    sees beside what it submitted. Committee staff within their region only."""
    actor.require_write()
    submission = actor.write_target(Submission, pk=submission.pk)
    errors = FieldErrors()
    decision = data.get("decision")
    if decision not in ("accept", "return"):
        errors.add("decision", "请选择“审核通过”或“退回整改”")
    demand = (data.get("demand") or "").strip()
    if decision == "return" and not demand:
        errors.add("demand", "退回整改须写明整改要求")
    elif len(demand) > DEMAND_MAX:
        errors.add("demand", f"整改要求不能超过{DEMAND_MAX}字")
    if submission.status != Submission.Status.SUBMITTED:
        errors.add("decision", f"该{submission.get_kind_display()}{submission.get_status_display()}，不在待审核状态")
    errors.raise_if_any()
    before = _snapshot(submission)
    status = Submission.Status.ACCEPTED if decision == "accept" else Submission.Status.RETURNED
    apply_changes(submission, {
        "status": status, "demand": demand if decision == "return" else submission.demand, "reviewed_at": clock.now(),
        "history": submission.history + [_step(actor, "accepted" if decision == "accept" else "returned", demand)],
    })
    audit_record(action=f"submission.{'accept' if decision == 'accept' else 'return'}", actor=actor,
                 object_type="Submission", object_id=submission.pk, changes=changes_between(before, _snapshot(submission)))
    return submission


def submission_year_default(today: dt.date) -> int:
    """The year an organization reports on by default: the last one until the end of June
    (annual reports are made in the first half of the next year), then the current one."""
    return today.year - 1 if today.month <= 6 else today.year
