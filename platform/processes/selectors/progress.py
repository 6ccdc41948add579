"""Across cases: what a validity granted (holders), the pipeline by stage, rounds, task progress per
assignee and reporting periods, the designation process, the quarter's bulletin."""
from __future__ import annotations

import datetime as dt

from accounts.actors import Actor
from django.db.models import QuerySet

from ..engine import stage_of
from ..models import Case, Round
from .cases import subject_label, validity_fields


def holders(actor: Actor, process, *, today: dt.date, soon_days: int = 90) -> list[dict]:
    """The cases of a process with a validity or review (titles, bases, points) that have been
    granted: valid-until, review due (overdue / within ``soon_days``), current stage."""
    cases = actor.scoped(Case.objects.select_related("organization", "party_organization", "region", "round")).filter(
        process=process.code, valid_from__isnull=False).order_by("status", "review_due_on", "valid_until", "id")
    fields = validity_fields(process)
    rows = []
    for case in cases:
        stage = process.stage(case.stage)
        review = case.review_due_on
        rows.append({
            "case": case, "subject": subject_label(case), "stage_name": stage.name if stage else case.stage,
            "granted": [(item.label, (case.data.get(code) or {}).get(item.key)) for code, item in fields],
            "review_overdue": case.status == "open" and review is not None and review < today,
            "review_soon": case.status == "open" and review is not None and today <= review <= today + dt.timedelta(days=soon_days),
            "valid": case.valid_until is not None and case.valid_until >= today and case.status == "open",
        })
    return rows


def pipeline(actor: Actor, rules, *, today: dt.date, soon_days: int = 90) -> list[dict]:
    """Per process of the province (the dashboard's "办理事项" figures): open cases by stage, how
    many granted titles are valid, reviews due within ``soon_days`` or overdue, cases overdue.
    Two queries whatever the number of processes."""
    from django.db.models import Count, Q

    processes = rules.processes()
    if not processes:
        return []
    cases = actor.scoped(Case.objects.filter(process__in=[p.code for p in processes]))
    by_stage: dict[str, dict[str, int]] = {}
    for code, stage, n in cases.filter(status="open").values_list("process", "stage").annotate(n=Count("id")).order_by():
        by_stage.setdefault(code, {})[stage] = n
    figures = {row["process"]: row for row in cases.filter(status="open").values("process").annotate(
        valid=Count("id", filter=Q(valid_until__gte=today)),
        reviews_due=Count("id", filter=Q(review_due_on__lte=today + dt.timedelta(days=soon_days))),
        overdue=Count("id", filter=Q(due_on__lt=today))).order_by()}
    rows = []
    for process in processes:
        stages = by_stage.get(process.code, {})
        found = figures.get(process.code, {})
        rows.append({"process": process, "stages": [(stage, stages.get(stage.code, 0)) for stage in process.stages
                                                    if not stage.final],
                     "open": sum(stages.values()), "valid": found.get("valid", 0),
                     "reviews_due": found.get("reviews_due", 0), "overdue": found.get("overdue", 0)})
    return rows


def round_stage_counts(actor: Actor, process_code: str) -> dict[int, list[tuple[str, int]]]:
    """Per round year: (stage code, cases) of the process's cases in that round."""
    from django.db.models import Count

    counts: dict[int, list[tuple[str, int]]] = {}
    rows = actor.scoped(Case.objects.filter(process=process_code, round__isnull=False)) \
        .values_list("round__year", "stage").annotate(n=Count("id")).order_by("round__year", "stage")
    for year, stage, n in rows:
        counts.setdefault(year, []).append((stage, n))
    return counts


def rounds_of(process_code: str) -> QuerySet:
    return Round.objects.filter(process=process_code).order_by("-year")


def task_progress(actor: Actor, process, *, today: dt.date) -> list[dict]:
    """Per assignee (region or organization) of a task process: assigned / reported (in the
    current period) / overdue / done."""
    rows: dict[str, dict] = {}
    cases = actor.scoped(Case.objects.select_related("region", "organization")).filter(process=process.code)
    for case in cases.select_related("party_organization").prefetch_related("reports"):
        key = assignee_key(case)
        row = rows.setdefault(key, {"assignee": subject_label(case), "key": key, "assigned": 0, "reported": 0,
                                    "overdue": 0, "done": 0})
        row["assigned"] += 1
        if case.status == "closed":
            row["done"] += 1
            continue
        if case.due_on is not None and case.due_on < today:
            row["overdue"] += 1
        if reported_this_period(process, case, today=today):
            row["reported"] += 1
    return sorted(rows.values(), key=lambda row: row["key"])


def assignee_key(case: Case) -> str:
    if case.organization_id:
        return case.organization.uscc
    if case.party_organization_id:
        return f"party_org:{case.party_organization_id}"
    return case.region.code


def task_state(process, case: Case, *, today: dt.date) -> str:
    """One task case: done (closed), overdue (past its due date), reported (a report for the
    current period) or assigned. Reports need ``reports`` prefetched for many cases."""
    if case.status == "closed":
        return "done"
    if case.due_on is not None and case.due_on < today:
        return "overdue"
    return "reported" if reported_this_period(process, case, today=today) else "assigned"


def reported_this_period(process, case: Case, *, today: dt.date) -> bool:
    stage = process.stage(case.stage)
    period = _current_period(stage.report_every if stage else "", today)
    return bool(period) and any(report.period == period for report in case.reports.all())


def _current_period(every: str, today: dt.date) -> str:
    if every == "month":
        return f"{today.year}-{today.month:02d}"
    if every == "quarter":
        return f"{today.year}Q{(today.month - 1) // 3 + 1}"
    return ""


def stage_of_case(process, case):
    return stage_of(process, case)


def designation_process(rules):
    """The province's process that confirms a weak-and-lax warning (a Party organization's
    process whose first stage designates it), or None."""
    from province_rules.processes import DESIGNATE, PARTY_ORGANIZATION_SUBJECT

    return next((p for p in rules.processes() if p.subject == PARTY_ORGANIZATION_SUBJECT
                 and any(DESIGNATE in a.effects for a in p.first_stage.actions)), None)


def open_cases_by_party_organization(process, party_org_ids) -> dict[int, int]:
    """Party organization id → its open case of ``process``."""
    return dict(Case.objects.filter(process=process.code, status="open", party_organization_id__in=list(party_org_ids))
                .values_list("party_organization_id", "pk"))
def quarter_periods(quarter: str) -> tuple[str, ...] | None:
    """"2026Q1" → ("2026Q1", "2026-01", "2026-02", "2026-03"); None when not a quarter."""
    import re

    found = re.fullmatch(r"(\d{4})Q([1-4])", quarter or "")
    if not found:
        return None
    year, number = int(found.group(1)), int(found.group(2))
    return (quarter,) + tuple(f"{year}-{month:02d}" for month in range(3 * number - 2, 3 * number + 1))


def quarter_bulletin(actor: Actor, process, quarter: str) -> dict:
    """The quarter's progress of a process's cases (每季度一通报): per case, each report action's
    records in the quarter (a monthly check per month, the quarterly evaluation), how many of
    the months were checked, the case's stage and outcome."""
    from ..models import CaseEvent

    periods = quarter_periods(quarter)
    reporting = [(stage, action) for stage in process.stages for action in stage.actions if action.records_report]
    codes = sorted({action.code for _, action in reporting})
    cases = list(actor.scoped(Case.objects.select_related("organization", "party_organization", "region"))
                 .filter(process=process.code).order_by("id"))
    events = CaseEvent.objects.filter(case__in=cases, action__in=codes, data__period__in=list(periods)).order_by("id")
    by_case: dict[int, dict[str, list]] = {}
    for event in events:
        by_case.setdefault(event.case_id, {}).setdefault(event.action, []).append(event)
    columns = []
    for code in codes:
        stage, action = next((s, a) for s, a in reporting if a.code == code)
        columns.append({"code": code, "name": action.name, "every": action.period_every(stage), "clause": action.clause})
    rows = []
    for case in cases:
        recorded = by_case.get(case.pk, {})
        if not recorded and case.status != "open":
            continue
        stage = process.stage(case.stage)
        cells = []
        for column in columns:
            entries = recorded.get(column["code"], [])
            expected = 3 if column["every"] == "month" else 1
            cells.append({"column": column, "entries": entries, "done": len({e.data.get("period") for e in entries}),
                          "expected": expected})
        rows.append({"case": case, "subject": subject_label(case), "stage": stage.name if stage else case.stage,
                     "cells": cells})
    return {"quarter": quarter, "columns": columns, "rows": rows}
