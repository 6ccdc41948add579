"""Reads of a province's plans (``province_rules/plans.py``): each line of work with its tasks,
the progress of every task per assignee (assigned / reported this period / overdue / done,
from the task processes' cases the actor may see) and the registry's figures for the line.
Knows no province: the plan is the rules object's; a province without it has none to show."""
from __future__ import annotations

import datetime as dt

from accounts.actors import Actor

from .models import Case
from .selectors import assignee_key, subject_label, task_state

STATES = ("assigned", "reported", "overdue", "done")
STATE_NAMES = {"assigned": "已交办", "reported": "本期已报告", "overdue": "已逾期", "done": "已完成"}


def _counts() -> dict:
    return dict.fromkeys(STATES, 0) | {"total": 0}


def _figures(actor: Actor, rules, plan, *, today: dt.date) -> dict[str, dict]:
    """Every figure of the plan, by key: its label and value (None where the rules measure nothing)."""
    from indicators.selectors import indicator_totals
    from registry.models import SocialOrganization

    wanted = [figure for item in plan.items for figure in item.figures]
    totals = None
    values = {}
    for figure in wanted:
        value = None
        if figure.indicator:
            if totals is None:
                totals = indicator_totals(rules=rules, as_of=today,
                                          organizations=actor.scoped(SocialOrganization.objects.all()))
            value = totals.get(figure.indicator)
        elif figure.process:
            cases = actor.scoped(Case.objects.filter(process=figure.process))
            if figure.stages:
                cases = cases.filter(status="open", stage__in=figure.stages)
            if figure.outcome:
                cases = cases.filter(status="closed", outcome=figure.outcome)
            value = cases.count()
        values[figure.key] = {"key": figure.key, "label": figure.label, "value": value,
                              "rate": figure.indicator.endswith("_rate")}
    return values


def plan_progress(actor: Actor, rules, plan, *, today: dt.date) -> dict:
    """The plan as its page and API show it: items → tasks → assignees with each task's state,
    counts per item and task, and per assignee across the plan."""
    processes = {code: rules.process(code) for code in plan.task_processes}
    tasks: dict[str, list[dict]] = {}
    by_assignee: dict[str, dict] = {}
    cases = actor.scoped(Case.objects.filter(process__in=list(processes))) \
        .select_related("region", "organization", "party_organization").prefetch_related("reports").order_by("id")
    for case in cases:
        process = processes[case.process]
        code = (case.data.get(process.first_stage.code) or {}).get(plan.task_field)
        if not code:
            continue
        state = task_state(process, case, today=today)
        key = assignee_key(case)
        latest = next(iter(case.reports.all()), None)  # reports are ordered newest first
        tasks.setdefault(code, []).append({
            "case": case, "id": case.pk, "assignee": subject_label(case), "assignee_key": key,
            "region_code": case.region.code, "title": case.title, "due_on": case.due_on, "state": state,
            "state_name": STATE_NAMES[state], "stage": case.stage,
            "latest_report": None if latest is None else {"period": latest.period, "text": latest.text,
                                                          "figures": latest.figures, "reported_on": latest.reported_on}})
        row = by_assignee.setdefault(key, {"assignee": subject_label(case), "key": key, **_counts()})
        row[state] += 1
        row["total"] += 1
    figures = _figures(actor, rules, plan, today=today)
    items = []
    for item in plan.items:
        item_counts = _counts()
        item_tasks = []
        for task in item.tasks:
            rows = tasks.get(task.code, [])
            counts = _counts()
            for row in rows:
                counts[row["state"]] += 1
                counts["total"] += 1
                item_counts[row["state"]] += 1
                item_counts["total"] += 1
            item_tasks.append({"task": task, "counts": counts, "assignees": rows})
        items.append({"item": item, "counts": item_counts, "tasks": item_tasks,
                      "figures": [figures[figure.key] for figure in item.figures]})
    return {"plan": plan, "items": items, "assignees": sorted(by_assignee.values(), key=lambda r: r["key"]),
            "today": today}
