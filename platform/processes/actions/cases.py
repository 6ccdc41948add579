"""Writes on cases: open one, act on it (the stage's actions); its scores and documents: ``evidence.py``.

Each takes the actor and the rules (``request.rules`` or ``province_rules_at`` in a job) and
does, in order: scope check (the case, or the subject a new case is about, must be visible
to the actor: a miss is a 404 or a field error that does not confirm the row), validation
against the process as the rules declare it, the write, and the audit entry.
"""
from __future__ import annotations

import datetime as dt

import clock
from accounts.actors import Actor
from audit.services import audit_record
from django.db import transaction
from django.utils.module_loading import import_string

from province_rules.processes import (
    APPROVE,
    CLEAR_DESIGNATION,
    DESIGNATE,
    END_VALIDITY,
    ORGANIZATION_SUBJECT,
    PARTY_ORGANIZATION_SUBJECT,
    REGION_SUBJECT,
    RENEW_REVIEW,
    START_VALIDITY,
    Process,
    Stage,
)

from ..engine import (
    CaseError,
    actions_for,
    case_roles,
    due_for,
    hard_failures,
    may_open,
    missing_for,
    stage_of,
)
from ..models import Case, CaseEvent, CaseReport, Meeting, Round
from ..workdays import province_calendar
from .checks import _case_organizations, _role_names, _scores_of, case_checks_run, case_fields
from .common import (
    NUL_MESSAGE,
    Errors,
    add_period,
    case_for_write,
    clean_stage_data,
    has_nul,
    not_allowed,
    process_required,
)
from .effects import registry_effects
from .reports import report_clean

OPEN = "open"


def _subject(actor: Actor, process: Process, *, organization_uscc, party_organization, region_code, errors: Errors):
    """(organization, party organization, region) of a new case, each visible to the actor."""
    from regions.models import Region
    from registry.models import PartyOrganization, SocialOrganization

    organization = party_org = region = None
    if process.subject == ORGANIZATION_SUBJECT:
        uscc = str(organization_uscc or "").strip().upper()
        if not uscc:
            errors.add("organization_uscc", "请填写社会组织的统一社会信用代码")
        else:
            organization = actor.scoped(SocialOrganization.objects.select_related("region")).filter(uscc=uscc).first()
            if organization is None:
                errors.add("organization_uscc", f"统一社会信用代码“{uscc}”在本省台账中不存在")
            else:
                region = organization.region
    elif process.subject == PARTY_ORGANIZATION_SUBJECT:
        key = str(party_organization or "").strip()
        visible = actor.scoped(PartyOrganization.objects.select_related("region"))
        party_org = (visible.filter(pk=int(key)).first() if key.isdigit() else None) or visible.filter(name=key).first()
        if not key or party_org is None:
            errors.add("party_organization", f"党组织“{key}”在本省台账中不存在" if key else "请填写党组织名称或编号")
        else:
            region = party_org.region
    elif process.subject == REGION_SUBJECT:
        code = str(region_code or "").strip()
        region = actor.scoped(Region.objects.all()).filter(code=code).first() if code else None
        if region is None:
            errors.add("region_code", f"行政区划“{code}”不存在" if code else "请填写承办的市、县行政区划代码")
    return organization, party_org, region


def _round_for(process: Process, round_year, today: dt.date, errors: Errors) -> Round | None:
    if process.rounds is None:
        if round_year not in (None, ""):
            errors.add("round", f"“{process.name}”不分批次申报")
        return None
    rounds = Round.objects.filter(process=process.code)
    if round_year in (None, ""):
        found = rounds.filter(opens_on__lte=today, deadline__gte=today).order_by("-year").first()
        if found is None:
            errors.add("round", f"“{process.name}”今天没有开放申报的批次（{process.rounds.late_clause}：{process.rounds.late_text}）")
        return found
    try:
        year = int(round_year)
    except (TypeError, ValueError):
        errors.add("round", "批次应为年度（如 2026）")
        return None
    found = rounds.filter(year=year).first()
    if found is None:
        errors.add("round", f"“{process.name}”没有{year}年度的批次")
    return found


def round_window_check(process: Process, round_: Round | None, today: dt.date, errors: Errors) -> None:
    """A submission outside the round's window is refused with the round's clause."""
    if round_ is None or process.rounds is None:
        return
    if today < round_.opens_on:
        errors.add("round", f"{round_.year}年度批次{round_.opens_on.isoformat()}起开始申报，今天（{today.isoformat()}）尚未开始")
    elif today > round_.deadline:
        errors.add("round", f"{round_.year}年度批次已于{round_.deadline.isoformat()}截止申报，"
                            f"{process.rounds.late_text}（{process.rounds.late_clause}）")


def _enter(case: Case, process: Process, stage: Stage, today: dt.date, calendar=None) -> None:
    """Put the case in ``stage`` today: its due date, and its status when the stage is final.
    An assigned deadline (given when the case was opened) stays."""
    case.stage = stage.code
    case.stage_entered_on = today
    if stage.final:
        case.status, case.outcome, case.closed_on, case.due_on, case.due_covered = "closed", stage.outcome, today, None, True
        return
    if stage.deadline is not None and stage.deadline.source == "assigned":
        return
    due = due_for(stage.deadline, entered_on=today, round_deadline=case.round.deadline if case.round_id else None,
                  calendar=calendar or province_calendar())
    case.due_on, case.due_covered = due.on, due.covered


def _event(case: Case, *, actor: Actor, today, action: str, action_name: str, before: str, reason: str = "",
           data: dict | None = None, meeting: Meeting | None = None) -> CaseEvent:
    event = CaseEvent.objects.create(
        case=case, on=today, actor=actor.name[:150], actor_kind=actor.kind, action=action, action_name=action_name,
        stage_before=before, stage_after=case.stage, reason=reason, data=data or {}, meeting=meeting,
    )
    changes = {"stage": [before or None, case.stage], "due_on": case.due_on.isoformat() if case.due_on else None}
    if reason:
        changes["reason"] = reason
    if data:
        changes["data"] = data
    if meeting is not None:
        changes["meeting"] = meeting.pk
    audit_record(action=f"case.{action}", actor=actor, object_type="Case", object_id=case.pk, changes=changes)
    return event


@transaction.atomic
def case_open(*, actor: Actor, rules, process: str, organization_uscc=None, party_organization=None,
              region_code=None, organizations=(), round=None, title: str = "", data=None, due_on=None,
              today: dt.date | None = None, opened_by_event: str = "") -> Case:
    """Open a case of ``process`` about its subject, in the process's first stage; ``due_on``
    is the deadline of a first stage whose deadline is assigned (``Deadline.assigned()``)."""
    today = today or clock.today()
    definition = process_required(rules, process)
    errors = Errors()
    organization, party_org, region = _subject(actor, definition, organization_uscc=organization_uscc,
                                               party_organization=party_organization, region_code=region_code,
                                               errors=errors)
    round_ = _round_for(definition, round, today, errors)
    round_window_check(definition, round_, today, errors)
    first = definition.first_stage
    clean = clean_stage_data(first, data, errors, actor=actor)
    others = _other_organizations(actor, organizations, organization, errors)
    assigned_due = _assigned_due(first, due_on, today, errors)
    if len(str(title or "")) > 200 or has_nul(str(title or "")):
        errors.add("title", "标题不超过200字，" + NUL_MESSAGE)
    errors.raise_if_any()

    case = Case(process=definition.code, round=round_, organization=organization, party_organization=party_org,
                region=region, title=str(title or "").strip(), opened_on=today, stage_entered_on=today, stage=first.code,
                data={first.code: clean} if clean else {})
    roles = case_roles(actor, case)
    if not may_open(actor, definition, roles):
        raise CaseError(f"您不能为此对象办理“{definition.name}”（本事项由{_role_names(first.roles)}提出）",
                        status=403, code="action_not_permitted", field="process")
    if organization is not None and definition.eligibility:
        _eligibility_check(rules, definition, organization, today)
    if definition.opening_checks:
        checks = Errors()
        case_checks_run(rules, definition.opening_checks, organizations=[o for o in [organization, *others] if o],
                        fields=clean, today=today, errors=checks, field="organizations")
        checks.raise_if_any()
    existing = Case.objects.filter(process=definition.code, status=OPEN, organization=organization,
                                   party_organization=party_org, round=round_)
    if definition.subject == REGION_SUBJECT:
        existing = existing.filter(region=region, title=case.title)
    elif definition.subject == PARTY_ORGANIZATION_SUBJECT:  # tasks of one Party organization differ by title
        existing = existing.filter(title=case.title)
    if existing.exists():
        raise CaseError(f"此对象已有办理中的“{definition.name}”（编号{existing.first().pk}）", code="case_exists",
                        field="organization_uscc")
    _enter(case, definition, first, today)
    if assigned_due is not None:
        case.due_on = assigned_due
    case.save()
    if others:
        case.organizations.set(others)
    _event(case, actor=actor, today=today, action="open", action_name="立案" + (f"（{opened_by_event}）" if opened_by_event else ""),
           before="", data=clean)
    return case


def _assigned_due(stage: Stage, due_on, today: dt.date, errors: Errors) -> dt.date | None:
    assigned = stage.deadline is not None and stage.deadline.source == "assigned"
    if due_on in (None, ""):
        if assigned:
            errors.add("due_on", f"请填写“{stage.name}”的完成期限（YYYY-MM-DD）")
        return None
    if not assigned:
        errors.add("due_on", f"“{stage.name}”的期限按规则计算，不能指定")
        return None
    try:
        day = due_on if isinstance(due_on, dt.date) else dt.date.fromisoformat(str(due_on))
    except ValueError:
        errors.add("due_on", "完成期限应为日期（YYYY-MM-DD）")
        return None
    if day < today:
        errors.add("due_on", f"完成期限不能早于今天（{today.isoformat()}）")
        return None
    return day


def _other_organizations(actor: Actor, usccs, organization, errors: Errors) -> list:
    from registry.models import SocialOrganization

    if usccs in (None, "", []):
        return []
    if not isinstance(usccs, (list, tuple)):
        errors.add("organizations", "应为统一社会信用代码的列表")
        return []
    wanted = [str(u).strip().upper() for u in usccs]
    found = {o.uscc: o for o in actor.scoped(SocialOrganization.objects.all()).filter(uscc__in=wanted)}
    missing = [u for u in wanted if u not in found]
    if missing:
        errors.add("organizations", f"以下统一社会信用代码在本省台账中不存在：{'、'.join(missing)}")
    return [found[u] for u in wanted if u in found and found[u] != organization]


def _eligibility_check(rules, process: Process, organization, today: dt.date) -> None:
    from registry.selectors import organization_facts

    facts = organization_facts(organization=organization, as_of=today)
    errors = Errors()
    for check in process.eligibility:
        if check.check(rules, facts, today) is False:
            errors.add("organization_uscc", f"不符合申报条件：{check.text}（{check.clause}）")
    errors.raise_if_any()


def _validate_action(*, actor, rules, case: Case, process: Process, stage: Stage, action: str, reason: str, data,
                     today: dt.date, meeting: Meeting | None):
    roles = case_roles(actor, case)
    allowed = actions_for(actor, process, case, roles=roles)
    step = stage.action(action)
    if step is None:
        raise not_allowed(stage, action, allowed)
    if step not in allowed:
        raise CaseError(f"“{step.name}”由{_role_names(stage.roles_of(step))}办理，您在此事项中不能执行；"
                        f"您现在可执行的操作：{'、'.join(a.name for a in allowed) or '无'}", status=403,
                        code="action_not_permitted", allowed=[{"code": a.code, "name": a.name} for a in allowed])
    errors = Errors()
    if step.reason_required and not reason:
        errors.add("reason", f"“{step.name}”须说明理由")
    if len(reason) > MAX_REASON:
        errors.add("reason", f"理由不超过{MAX_REASON}字")
    if has_nul(reason):
        errors.add("reason", NUL_MESSAGE)
    report = report_clean(step.period_every(stage), data, today, errors) if step.records_report else None
    clean = {} if step.records_report else clean_stage_data(stage, data, errors, actor=actor)
    if step.within_round:
        round_window_check(process, case.round if case.round_id else None, today, errors)
    if step.after_due and case.due_on is not None and today <= case.due_on:
        errors.add("action", f"“{stage.name}”至{case.due_on.isoformat()}结束，期满后方可执行“{step.name}”")
    if step.requires_complete:
        merged = dict(case.data.get(stage.code, {}))
        merged.update({k: v for k, v in clean.items() if v is not None})
        missing = missing_for(process, stage, documents=set(case.documents.values_list("kind", flat=True)),
                              data=merged, scores=dict(case.scores.filter(stage=stage.code).values_list("item", "score"))
                              if stage.scoring else {})
        errors.merge(missing)
    if step.hard_criteria_block:
        for field, message in hard_failures(process, _scores_of(case)):
            errors.add(field, message)
    if meeting is not None and not stage.meeting:
        errors.add("action", f"“{stage.name}”不是会议审定环节")
    if step.decision == APPROVE and process.max_approved is not None:
        held = approved_count(process, today=today, excluding=case)
        if held >= process.max_approved:
            errors.add("action", f"“{process.name}”已审定通过{held}个，达到上限{process.max_approved}个，不能再通过"
                                 f"（{process.max_approved_clause or process.clause}）")
    if step.checks:
        case_checks_run(rules, step.checks, organizations=_case_organizations(case), fields=case_fields(case, clean),
                        today=today, errors=errors, field="action")
    errors.raise_if_any()
    return step, clean, report


def approved_count(process: Process, *, today: dt.date, excluding: Case | None = None) -> int:
    """Cases of ``process`` approved at a meeting that still hold (validity not ended)."""
    from django.db.models import Q

    codes = [a.code for stage in process.stages for a in stage.actions if a.decision == APPROVE]
    approved = Case.objects.filter(process=process.code, events__action__in=codes, events__meeting__isnull=False)
    if excluding is not None and excluding.pk:
        approved = approved.exclude(pk=excluding.pk)
    return approved.exclude(Q(valid_until__isnull=False, valid_until__lte=today) & Q(status="closed")).distinct().count()


MAX_REASON = 2000


@transaction.atomic
def case_act(*, actor: Actor, rules, case_id, action: str, reason: str = "", data=None,
             meeting: Meeting | None = None, today: dt.date | None = None) -> Case:
    """Take ``action`` on the case: one of its stage's actions that the actor's roles allow,
    with its reason and the stage's recorded data. Refusals: ``CaseError`` (409 not allowed in
    this stage, listing the allowed actions; 403 not the actor's role) or a ValidationError
    naming the field (reason, data.<key>, documents, scores, round)."""
    today = today or clock.today()
    case = case_for_write(actor, case_id)
    process = process_required(rules, case.process)
    stage = stage_of(process, case)
    reason = str(reason or "").strip()
    step, clean, report = _validate_action(actor=actor, rules=rules, case=case, process=process, stage=stage,
                                           action=str(action or "").strip(), reason=reason, data=data, today=today,
                                           meeting=meeting)
    before = case.stage
    if clean:
        case.data = {**case.data, stage.code: {**case.data.get(stage.code, {}), **clean}}
    if report is not None:
        CaseReport.objects.create(case=case, period=report["period"], text=report["text"], figures=report["figures"],
                                  reported_by=actor.name[:150], reported_on=today)
    _effects(case, process, step.effects, today)
    registry_effects(actor=actor, rules=rules, case=case, effects=step.effects, today=today)
    target = process.stage(step.to)
    if target.code != before or target.final:
        _enter(case, process, target, today)
    case.save()
    _designation_effects(actor, rules, case, step.effects, today)
    if step.writes:
        import_string(step.writes)(actor=actor, rules=rules, case=case, today=today, reason=reason)
    _event(case, actor=actor, today=today, action=step.code, action_name=step.name, before=before, reason=reason,
           data=clean or report, meeting=meeting)
    return case


def _effects(case: Case, process: Process, effects, today: dt.date) -> None:
    if START_VALIDITY in effects or RENEW_REVIEW in effects:
        if START_VALIDITY in effects:
            case.valid_from = today
        if process.validity is not None:
            case.valid_until = add_period(today, process.validity)
        if process.review is not None:
            case.review_due_on = add_period(today, process.review)
    if END_VALIDITY in effects:
        case.valid_until = today
        case.review_due_on = None


def _case_field(case: Case, key: str) -> str:
    """The latest value of field ``key`` recorded in any stage of the case."""
    values = [stage_data.get(key) for stage_data in case.data.values() if isinstance(stage_data, dict)]
    return next((str(v) for v in reversed(values) if v not in (None, "")), "")


def _designation_effects(actor: Actor, rules, case: Case, effects, today: dt.date) -> None:
    """DESIGNATE / CLEAR_DESIGNATION: the registry's weak-and-lax designation of the case's
    Party organization, by the registry's actions (their scope check, validation and audit)."""
    if not set(effects) & {DESIGNATE, CLEAR_DESIGNATION}:
        return
    from django.core.exceptions import ValidationError
    from registry.actions import weak_and_lax_designate, weak_and_lax_rectification_close
    from registry.models import WeakAndLaxDesignation

    try:
        if DESIGNATE in effects:
            deadline = case.due_on or today + dt.timedelta(days=90)
            weak_and_lax_designate(actor=actor, rules=rules, data={
                "party_organization": case.party_organization.name, "designated_on": today, "deadline": deadline,
                "problems": _case_field(case, "problems") or case.title or "经排查认定",
                "measures": _case_field(case, "measures")})
        if CLEAR_DESIGNATION in effects:
            designation = WeakAndLaxDesignation.objects.filter(
                party_organization=case.party_organization, status=WeakAndLaxDesignation.Status.RECTIFYING).first()
            if designation is not None:
                weak_and_lax_rectification_close(actor=actor, rules=rules, designation=designation, data={
                    "status": WeakAndLaxDesignation.Status.RECTIFIED, "closed_on": today,
                    "result": _case_field(case, "result") or "整改到位"})
    except ValidationError as error:
        raise ValidationError({f"designation.{field}": messages for field, messages in error.message_dict.items()}) from None
