from __future__ import annotations

import datetime as dt

from django.db import transaction

from ..models import AdministrativePenalty, AnnualInspection, EvaluationGrade, Grade, SocialOrganization
from .common import FieldErrors, choice


def annual_inspection_record(
    *, organization: SocialOrganization, year: int, result: str, checklist: dict | None = None, rectification: str = ""
) -> AnnualInspection:
    errors = FieldErrors()
    result = choice(errors, "result", result, AnnualInspection.Result.choices)
    if not 2000 <= year <= dt.date.today().year:
        errors.add("year", f"年度应在2000至{dt.date.today().year}之间")
    if checklist is not None and not all(isinstance(v, bool) for v in checklist.values()):
        errors.add("checklist", "清单每一项应为“是”或“否”")
    errors.raise_if_any()
    inspection, _ = AnnualInspection.objects.update_or_create(
        organization=organization, year=year,
        defaults={"result": result, "checklist": checklist or {}, "rectification": rectification},
    )
    return inspection


def evaluation_grade_clean(*, grade: str, rated_on: dt.date) -> str:
    """The grade (a value of ``Grade``, its label accepted), or a ValidationError."""
    errors = FieldErrors()
    grade = choice(errors, "grade", grade, Grade.choices)
    if rated_on > dt.date.today():
        errors.add("rated_on", "评估日期不能晚于今天")
    errors.raise_if_any()
    return grade


def grade_cap_check(*, rules, facts, grade: str, rated_on: dt.date) -> tuple[bool, list[dict]]:
    """Whether ``grade`` is above the province's cap for ``facts`` on ``rated_on``, and if so the
    cap's reasons (as stored in ``EvaluationGrade.cap_reasons``); else ``(False, [])``."""
    cap = rules.max_grade(facts, rated_on)
    above = int(grade[0]) > int(str(cap.value)[0])
    return above, [r.to_dict() for r in cap.reasons] if above else []


@transaction.atomic
def evaluation_grade_record(*, rules, organization: SocialOrganization, grade: str, rated_on: dt.date) -> EvaluationGrade:
    """Record a grade. A grade above the province's cap is kept but flagged with the reasons.
    (The import records many at once with the same ``evaluation_grade_clean`` and ``grade_cap_check``.)"""
    from ..selectors import organization_facts

    grade = evaluation_grade_clean(grade=grade, rated_on=rated_on)
    above, reasons = grade_cap_check(rules=rules, facts=organization_facts(organization=organization), grade=grade,
                                     rated_on=rated_on)
    record = EvaluationGrade.objects.create(
        organization=organization, grade=grade, rated_on=rated_on, above_rule_cap=above, cap_reasons=reasons,
    )
    if organization.evaluation_grade_on is None or rated_on >= organization.evaluation_grade_on:
        organization.evaluation_grade, organization.evaluation_grade_on = grade, rated_on
        organization.save(update_fields=["evaluation_grade", "evaluation_grade_on", "updated"])
    return record


def penalty_record(*, organization: SocialOrganization, decided_on: dt.date, authority: str, description: str) -> AdministrativePenalty:
    errors = FieldErrors()
    if not (authority or "").strip():
        errors.add("authority", "处罚机关不能为空")
    if not (description or "").strip():
        errors.add("description", "处罚内容不能为空")
    errors.raise_if_any()
    return AdministrativePenalty.objects.create(
        organization=organization, decided_on=decided_on, authority=authority.strip(), description=description.strip()
    )
