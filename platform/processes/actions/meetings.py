"""A committee meeting deciding a batch of cases at once: each approved, rejected with a
reason, or deferred, by the meeting stage's actions with those decisions."""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

import clock
from accounts.actors import Actor
from audit.services import audit_record
from province_rules.processes import DECISIONS

from ..engine import CaseError
from ..models import Case, Meeting
from .cases import case_act
from .common import Errors, has_nul, process_required
from .rounds import _date

DECISION_NAMES = {"approve": "通过", "reject": "不予通过", "defer": "暂缓"}


@transaction.atomic
def meeting_decide(*, actor: Actor, rules, process: str, held_on, title: str, decisions,
                   today: dt.date | None = None) -> tuple[Meeting, list[Case]]:
    """Record the meeting and take each decision (``[{case, decision, reason?}]``) as the
    case's stage action. All or nothing: one refused decision refuses the batch, naming
    ``decisions[i].<field>``."""
    today = today or clock.today()
    definition = process_required(rules, process)
    errors = Errors()
    held = _date(held_on, "held_on", errors)
    if held and held > today:
        errors.add("held_on", "会议日期不能晚于今天")
    title = str(title or "").strip()
    if not title or len(title) > 200 or has_nul(title):
        errors.add("title", "请填写会议名称（不超过200字）")
    if not isinstance(decisions, list) or not decisions:
        errors.add("decisions", "请至少对一个事项作出决定")
        decisions = []
    seen = set()
    for index, entry in enumerate(decisions):
        where = f"decisions[{index}]"
        if not isinstance(entry, dict):
            errors.add(where, "应为对象 {case, decision, reason}")
            continue
        if entry.get("decision") not in DECISIONS:
            errors.add(f"{where}.decision", "决定应为 approve（通过）、reject（不予通过）或 defer（暂缓）")
        if entry.get("case") in seen:
            errors.add(f"{where}.case", "同一事项在一次会议中只能决定一次")
        seen.add(entry.get("case"))
    errors.raise_if_any()
    meeting = Meeting.objects.create(process=definition.code, held_on=held, title=title, recorded_by=actor.name[:150])
    audit_record(action="meeting.record", actor=actor, object_type="Meeting", object_id=meeting.pk,
                 changes={"process": definition.code, "held_on": held.isoformat(), "title": title,
                          "cases": [entry.get("case") for entry in decisions]})
    cases = []
    for index, entry in enumerate(decisions):
        where = f"decisions[{index}]"
        case = Case.objects.filter(pk=_int(entry.get("case")), process=definition.code).first()
        if case is None or not actor.scoped(Case.objects.filter(pk=case.pk)).exists():
            raise ValidationError({f"{where}.case": [f"“{definition.name}”没有编号为{entry.get('case')}的事项"]})
        stage = definition.stage(case.stage)
        step = next((a for a in (stage.actions if stage else ()) if a.decision == entry["decision"]), None)
        if stage is None or not stage.meeting or step is None:
            raise ValidationError({f"{where}.case": [
                f"事项{case.pk}在“{stage.name if stage else case.stage}”环节，不在会议审定环节，不能{DECISION_NAMES[entry['decision']]}"]})
        try:
            decided = case_act(actor=actor, rules=rules, case_id=case.pk, action=step.code,
                               reason=entry.get("reason") or "", data=entry.get("data"), meeting=meeting, today=today)
            cases.append(decided)
        except ValidationError as error:
            raise ValidationError({f"{where}.{field}": messages for field, messages in error.message_dict.items()}) from None
        except CaseError as error:
            error.field = f"{where}.{error.field}"
            raise
        _tell_applicant(definition, decided, step, meeting, entry.get("reason") or "")
    return meeting, cases


def _tell_applicant(process, case: Case, step, meeting: Meeting, reason: str) -> None:
    """The organizations' secretaries and liaisons learn the meeting's decision, with its reason
    (a rejection says why and what to do next), in their inbox."""
    from notifications.reminders import organization_people
    from notifications.services import notify

    from ..engine import case_organization_ids
    from ..selectors import subject_label

    people = organization_people(case_organization_ids(case), "")
    stage = process.stage(case.stage)
    body = f"{meeting.held_on.isoformat()}{meeting.title}：{step.name}" + (f"。理由：{reason}" if reason else "") + \
        (f"。现为“{stage.name}”" if stage else "") + "。"
    notify(users=people, kind="case_decision", title=f"{subject_label(case)}·{process.name}：{step.name}", body=body,
           clause=step.clause or process.clause, link=f"/cases/{case.pk}/")


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
