from __future__ import annotations

import datetime as dt

from django.db import transaction

import clock
from audit.services import audit_record, changes_between

from ..models import AdministrativePenalty, AnnualInspection, EvaluationGrade, Grade, SocialOrganization
from .common import FieldErrors, apply_changes, choice, create_or_lock, not_after_today, referenced, snapshot

CHECKLIST_MAX_ITEMS = 200
RECTIFICATION_MAX = 5000
FIRST_YEAR = 2000


def organization_referenced(actor, uscc, *, field: str = "organization_uscc") -> SocialOrganization:
    """The organization a write refers to by USCC, or a field error naming ``field``: one
    outside the actor's scope is reported as not existing (the answer does not confirm it)."""
    uscc = str(uscc or "").strip().upper()
    return referenced(actor, SocialOrganization, field, f"统一社会信用代码“{uscc}”在本省台账中不存在", uscc=uscc)


def annual_inspection_validate(*, data: dict, today: dt.date) -> tuple[dict, FieldErrors]:
    errors = FieldErrors()
    clean = {"result": choice(errors, "result", data.get("result"), AnnualInspection.Result.choices)}
    year = data.get("year")
    if isinstance(year, bool) or not isinstance(year, int) or not FIRST_YEAR <= year <= today.year:
        errors.add("year", f"年度应在{FIRST_YEAR}至{today.year}之间")
    clean["year"] = year
    checklist = data.get("checklist")
    if checklist is not None:
        if not isinstance(checklist, dict) or not all(isinstance(v, bool) for v in checklist.values()):
            errors.add("checklist", "清单每一项应为“是”或“否”")
        elif len(checklist) > CHECKLIST_MAX_ITEMS:
            errors.add("checklist", f"清单不能超过{CHECKLIST_MAX_ITEMS}项")
    clean["checklist"] = checklist or {}
    rectification = (data.get("rectification") or "").strip()
    if len(rectification) > RECTIFICATION_MAX:
        errors.add("rectification", f"整改要求不能超过{RECTIFICATION_MAX}字")
    clean["rectification"] = rectification
    return clean, errors


@transaction.atomic
def annual_inspection_record(*, actor, rules, data: dict) -> tuple[AnnualInspection, bool]:
    """Record an organization's annual inspection (``data``: organization_uscc, year, result,
    checklist, rectification); a second one for the same year replaces it. (row, created)."""
    actor.require_write()
    organization = organization_referenced(actor, data.get("organization_uscc"))
    clean, errors = annual_inspection_validate(data=data, today=clock.today())
    errors.raise_if_any()
    values = {field: clean[field] for field in ("result", "checklist", "rectification")}
    inspection, created = create_or_lock(AnnualInspection, key={"organization": organization, "year": clean["year"]},
                                         values=values)
    fields = ("year", "result", "checklist", "rectification")
    before = None
    if not created:
        before = snapshot(inspection, fields, organization_uscc=organization.uscc)
        apply_changes(inspection, values)
    audit_record(action="annual_inspection.record", actor=actor, object_type="AnnualInspection", object_id=inspection.pk,
                 changes=changes_between(before, snapshot(inspection, fields, organization_uscc=organization.uscc)))
    return inspection, created


def evaluation_grade_clean(*, grade: str, rated_on: dt.date, today: dt.date) -> str:
    """The grade (a value of ``Grade``, its label accepted), or a ValidationError."""
    errors = FieldErrors()
    grade = choice(errors, "grade", grade, Grade.choices)
    if not isinstance(rated_on, dt.date):
        errors.add("rated_on", "评估日期应为日期")
    else:
        not_after_today(errors, "rated_on", rated_on, today, "评估日期不能晚于今天")
    errors.raise_if_any()
    return grade


def grade_cap_check(*, rules, facts, grade: str, rated_on: dt.date) -> tuple[bool, list[dict]]:
    """Whether ``grade`` is above the province's cap for ``facts`` on ``rated_on``, and if so the
    cap's reasons (as stored in ``EvaluationGrade.cap_reasons``); else ``(False, [])``.
    ``rules`` are the province's rules holding on ``rated_on`` (``tenants.selectors.province_rules_at``)."""
    cap = rules.max_grade(facts, rated_on)
    above = int(grade[0]) > int(str(cap.value)[0])
    return above, [r.to_dict() for r in cap.reasons] if above else []


def grade_audit_changes(record: EvaluationGrade, organization: SocialOrganization) -> dict:
    return changes_between(None, snapshot(record, ("grade", "rated_on", "above_rule_cap"),
                                          organization_uscc=organization.uscc))


@transaction.atomic
def evaluation_grade_record(*, actor, rules, data: dict) -> EvaluationGrade:
    """Record a grade (``data``: organization_uscc, grade, rated_on). A grade above the cap of
    the rules that held on the rating date is kept but flagged with the reasons. (The import
    records many at once with the same ``evaluation_grade_clean`` and ``grade_cap_check``.)"""
    from tenants.selectors import province_rules_at

    from ..selectors import organization_facts

    actor.require_write()
    organization = organization_referenced(actor, data.get("organization_uscc"))
    rated_on = data.get("rated_on")
    grade = evaluation_grade_clean(grade=data.get("grade"), rated_on=rated_on, today=clock.today())
    above, reasons = grade_cap_check(rules=province_rules_at(rules, rated_on),
                                     facts=organization_facts(organization=organization, as_of=clock.today()),
                                     grade=grade, rated_on=rated_on)
    record = EvaluationGrade.objects.create(
        organization=organization, grade=grade, rated_on=rated_on, above_rule_cap=above, cap_reasons=reasons,
    )
    if organization.evaluation_grade_on is None or rated_on >= organization.evaluation_grade_on:
        apply_changes(organization, {"evaluation_grade": grade, "evaluation_grade_on": rated_on})
    audit_record(action="evaluation_grade.record", actor=actor, object_type="EvaluationGrade", object_id=record.pk,
                 changes=grade_audit_changes(record, organization))
    return record


@transaction.atomic
def penalty_record(*, actor, rules, data: dict) -> AdministrativePenalty:
    """Record an administrative penalty (``data``: organization_uscc, decided_on, authority, description)."""
    actor.require_write()
    organization = organization_referenced(actor, data.get("organization_uscc"))
    errors = FieldErrors()
    authority, description = (data.get("authority") or "").strip(), (data.get("description") or "").strip()
    if not authority:
        errors.add("authority", "处罚机关不能为空")
    if not description:
        errors.add("description", "处罚内容不能为空")
    decided_on = data.get("decided_on")
    if decided_on is None:
        errors.add("decided_on", "处罚日期不能为空")
    not_after_today(errors, "decided_on", decided_on, clock.today())
    errors.raise_if_any()
    penalty = AdministrativePenalty.objects.create(organization=organization, decided_on=decided_on, authority=authority,
                                                   description=description)
    audit_record(action="penalty.record", actor=actor, object_type="AdministrativePenalty", object_id=penalty.pk,
                 changes=changes_between(None, snapshot(penalty, ("decided_on", "authority", "description"),
                                                        organization_uscc=organization.uscc)))
    return penalty
