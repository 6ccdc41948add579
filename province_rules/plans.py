"""A province's plans: numbered lines of work (e.g. Guangdong's ten key actions, 003 一–十),
each with its tasks and the registry figures that measure it, returned by the rules hook
``plans()``. Pure data like ``processes.py``.

The tasks are cases of the plan's task processes (``Plan.task_processes``, processes with
``REGION_SUBJECT`` or ``PARTY_ORGANIZATION_SUBJECT``), whose first stage names the plan task
in the choice field ``Plan.task_field``. The engine's plan selector counts, per item, task and
assignee, what is assigned, reported this period, overdue and done; ``GET /api/v1/plans/{code}``
and the plan page (``/plans/{code}/``) show it; a province whose rules declare no such plan
answers 404.
"""
from __future__ import annotations

from dataclasses import dataclass

from .processes import DeclarationError


@dataclass(frozen=True)
class PlanTask:
    code: str
    name: str
    clause: str


@dataclass(frozen=True)
class PlanFigure:
    """A figure the registry computes for a line of work: an indicator (or rate) of the
    dashboard, or the cases of a process (in ``stages``, or closed with ``outcome``)."""

    key: str
    label: str
    indicator: str = ""
    process: str = ""
    stages: tuple[str, ...] = ()
    outcome: str = ""


@dataclass(frozen=True)
class PlanItem:
    number: int
    code: str
    name: str
    clause: str
    summary: str = ""
    tasks: tuple[PlanTask, ...] = ()
    figures: tuple[PlanFigure, ...] = ()


@dataclass(frozen=True)
class Plan:
    code: str  # the address: GET /api/v1/plans/{code}
    name: str
    clause: str
    items: tuple[PlanItem, ...]
    task_processes: tuple[str, ...] = ()
    task_field: str = "plan_task"
    description: str = ""

    def task(self, code: str) -> tuple[PlanItem, PlanTask] | None:
        return next(((item, task) for item in self.items for task in item.tasks if task.code == code), None)


def validate_plans(plans, processes) -> tuple[Plan, ...]:
    """Every plan's tasks unique, its task processes declared with the task field naming them."""
    by_code = {process.code: process for process in processes}
    problems = []
    for plan in plans:
        codes = [task.code for item in plan.items for task in item.tasks]
        if len(set(codes)) != len(codes):
            problems.append(f"plan {plan.code}: duplicate task codes")
        for code in plan.task_processes:
            process = by_code.get(code)
            field_ = next((f for f in process.first_stage.fields if f.key == plan.task_field), None) if process else None
            if field_ is None or field_.kind != "choice" or set(field_.choices) != set(codes):
                problems.append(f"plan {plan.code}: {code} needs a first-stage choice field {plan.task_field!r} "
                                "of the plan's task codes")
    if problems:
        raise DeclarationError("; ".join(problems))
    return tuple(plans)
