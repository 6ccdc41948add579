"""An organization's applications to the province's processes (``processes``): which of the
processes its secretary or liaison may start today (the first stage is theirs, a round is
open where the process has rounds, the eligibility checks hold), and its cases, open and
closed. Reads only; ``processes.actions.case_open`` writes."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from accounts.actors import Actor
from province_rules.processes import ORGANIZATION_SUBJECT, Process
from registry.models import SocialOrganization


@dataclass
class Applicable:
    """One process an organization could apply to, and why it cannot today (``blocked``)."""

    process: Process
    round: object | None = None  # the round open today, where the process has rounds
    open_case: object | None = None  # a case of it already in progress
    blocked: list[str] = field(default_factory=list)

    @property
    def may_start(self) -> bool:
        return not self.blocked and self.open_case is None


def applicable_processes(*, actor: Actor, rules, organization: SocialOrganization, today: dt.date) -> list[Applicable]:
    """The processes about one organization whose first stage its own roles act in."""
    from processes.engine import case_roles, may_open
    from processes.models import Case, Round
    from registry.selectors import organization_facts

    probe = Case(organization=organization, region=organization.region)
    roles = case_roles(actor, probe)
    facts = None
    rows = []
    for process in rules.processes():
        if process.subject != ORGANIZATION_SUBJECT or not set(process.first_stage.roles) & roles:
            continue
        if not may_open(actor, process, roles):
            continue
        row = Applicable(process)
        if process.rounds is not None:
            row.round = Round.objects.filter(process=process.code, opens_on__lte=today, deadline__gte=today) \
                .order_by("-year").first()
            if row.round is None:
                row.blocked.append(f"今天没有开放申报的批次（{process.rounds.late_clause}：{process.rounds.late_text}）")
        if process.eligibility:
            facts = facts or organization_facts(organization=organization, as_of=today)
            for check in process.eligibility:
                if check.check(rules, facts, today) is False:
                    row.blocked.append(f"不符合申报条件：{check.text}（{check.clause}）")
        existing = Case.objects.filter(process=process.code, status="open", organization=organization)
        if row.round is not None:
            existing = existing.filter(round=row.round)
        row.open_case = existing.order_by("-id").first()
        rows.append(row)
    return rows


def organization_case_rows(*, actor: Actor, rules, organization: SocialOrganization, today: dt.date) -> list[dict]:
    """Every case about the organization the actor may see, newest first, with its process's
    name, the stage's name and whether it is overdue."""
    from processes.selectors import CaseFilters, case_list

    processes = {p.code: p for p in rules.processes()}
    rows = []
    for case in case_list(actor, CaseFilters(organization=organization.uscc), today=today).order_by("-opened_on", "-id")[:100]:
        process = processes.get(case.process)
        stage = process.stage(case.stage) if process else None
        rows.append({"case": case, "process": process.name if process else case.process,
                     "stage": stage.name if stage else case.stage,
                     "overdue": case.status == "open" and case.due_on is not None and case.due_on < today})
    return rows
