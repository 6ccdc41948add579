"""Assigning a plan's task (``province_rules/plans.py``) to several assignees at once: one case
of the plan's task process per city/county committee or Party organization, each with the
deadline given, all or nothing."""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404

import clock
from accounts.actors import Actor
from province_rules.processes import PARTY_ORGANIZATION_SUBJECT, REGION_SUBJECT

from ..models import Case
from .cases import case_open
from .common import Errors


@transaction.atomic
def plan_task_assign(*, actor: Actor, rules, plan: str, task: str, region_codes=(), party_organizations=(),
                     due_on=None, today: dt.date | None = None) -> list[Case]:
    """Open the task ``task`` of plan ``plan`` for each region (a city or county committee) and
    each Party organization named, due on ``due_on``. Each opening is ``case_open`` (scope,
    validation, write, audit); a refusal names ``region_codes[i]`` or ``party_organizations[i]``."""
    today = today or clock.today()
    declared = rules.plan(plan)
    if declared is None:
        raise Http404
    found = declared.task(str(task or ""))
    errors = Errors()
    if found is None:
        errors.add("task", f"“{declared.name}”没有编号为“{task}”的任务")
    processes = {rules.process(code).subject: rules.process(code) for code in declared.task_processes}
    targets = [("region_codes", REGION_SUBJECT, list(region_codes or ())),
               ("party_organizations", PARTY_ORGANIZATION_SUBJECT, list(party_organizations or ()))]
    if not any(values for _, _, values in targets):
        errors.add("region_codes", "请至少选择一个承办单位")
    for field, subject, values in targets:
        if values and subject not in processes:
            errors.add(field, f"“{declared.name}”的任务不交办给此类单位")
    errors.raise_if_any()
    item, task_declared = found
    cases = []
    for field, subject, values in targets:
        for index, value in enumerate(values):
            keys = {"region_code": value} if subject == REGION_SUBJECT else {"party_organization": value}
            try:
                cases.append(case_open(actor=actor, rules=rules, process=processes[subject].code, title=task_declared.name,
                                       data={declared.task_field: task_declared.code}, due_on=due_on, today=today, **keys))
            except ValidationError as error:
                raise ValidationError({(f"{field}[{index}]" if key in ("region_code", "party_organization") else key): messages
                                       for key, messages in error.message_dict.items()}) from None
    return cases
