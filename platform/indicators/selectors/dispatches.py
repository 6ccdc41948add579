"""What instructors' dispatches achieved: organizations with an instructor, and those that set
up a Party organization after a dispatch began (004 一(八): "31家省级社会组织中，新组建成立了9家
社会组织党组织"), by instructor and by quarter. Read from the registry (dispatches, Party
organizations and the organizations they cover), within the user's organizations."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q


def quarter_of(day: dt.date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


@dataclass
class InstructorRow:
    instructor_id: int
    name: str
    unit: str
    full_time: bool
    organizations: int = 0
    current: int = 0
    built: int = 0


@dataclass
class DispatchOutcomes:
    as_of: dt.date
    dispatched: int = 0          # organizations that have had an instructor
    current: int = 0             # organizations with an instructor today
    built: int = 0               # of those dispatched, with a Party organization set up after the dispatch began
    instructors: list[InstructorRow] = field(default_factory=list)
    quarters: list[dict] = field(default_factory=list)  # {quarter, dispatched, built}

    @property
    def built_share(self) -> float | None:
        return self.built / self.dispatched if self.dispatched else None

    def to_dict(self) -> dict:
        return {"as_of": self.as_of.isoformat(), "dispatched": self.dispatched, "current": self.current, "built": self.built,
                "instructors": [row.__dict__ for row in self.instructors], "quarters": self.quarters}


def dispatch_outcomes(actor, *, as_of: dt.date) -> DispatchOutcomes:
    """The outcomes, and every instructor of the pool in the user's scope (those not dispatched
    yet with zeros), full-time or part-time with their unit."""
    from registry.models import Dispatch, Instructor, PartyOrganization

    dispatches = list(actor.scoped(Dispatch.objects.select_related("instructor", "organization"))
                      .filter(started_on__lte=as_of).order_by("started_on", "id"))
    organization_ids = {d.organization_id for d in dispatches}
    # The first Party organization (founded, not dissolved by as_of) covering each organization.
    founded: dict[int, dt.date] = {}
    rows = PartyOrganization.objects.filter(covered_organizations__in=organization_ids).filter(
        Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=as_of)).values_list("covered_organizations", "founded_on", "created")
    for organization_id, founded_on, created in rows:
        day = founded_on or created.date()
        if day <= as_of and (organization_id not in founded or day < founded[organization_id]):
            founded[organization_id] = day
    first_dispatch: dict[int, dt.date] = {}
    by_instructor: dict[int, InstructorRow] = {}
    per_instructor_orgs: dict[int, set] = defaultdict(set)
    per_instructor_built: dict[int, set] = defaultdict(set)
    per_instructor_current: dict[int, set] = defaultdict(set)
    current_orgs = set()
    for d in dispatches:
        first_dispatch.setdefault(d.organization_id, d.started_on)
        instructor = d.instructor
        by_instructor.setdefault(instructor.pk, InstructorRow(instructor.pk, instructor.name, instructor.unit, instructor.full_time))
        per_instructor_orgs[instructor.pk].add(d.organization_id)
        if d.ended_on is None or d.ended_on >= as_of:
            current_orgs.add(d.organization_id)
            per_instructor_current[instructor.pk].add(d.organization_id)
        built_on = founded.get(d.organization_id)
        if built_on is not None and built_on >= d.started_on and (d.ended_on is None or built_on <= d.ended_on):
            per_instructor_built[instructor.pk].add(d.organization_id)
    built = {o for o, start in first_dispatch.items() if founded.get(o) is not None and founded[o] >= start}
    for instructor in actor.scoped(Instructor.objects.filter(active=True)):
        by_instructor.setdefault(instructor.pk, InstructorRow(instructor.pk, instructor.name, instructor.unit,
                                                              instructor.full_time))
    for pk, row in by_instructor.items():
        row.organizations, row.current, row.built = (len(per_instructor_orgs[pk]), len(per_instructor_current[pk]),
                                                     len(per_instructor_built[pk]))
    quarters: dict[str, dict] = {}
    for organization_id, start in first_dispatch.items():
        quarters.setdefault(quarter_of(start), {"quarter": quarter_of(start), "dispatched": 0, "built": 0})["dispatched"] += 1
    for organization_id in built:
        key = quarter_of(founded[organization_id])
        quarters.setdefault(key, {"quarter": key, "dispatched": 0, "built": 0})["built"] += 1
    return DispatchOutcomes(
        as_of=as_of, dispatched=len(first_dispatch), current=len(current_orgs), built=len(built),
        instructors=sorted(by_instructor.values(), key=lambda row: (-row.built, -row.organizations, row.name)),
        quarters=[quarters[key] for key in sorted(quarters)])
