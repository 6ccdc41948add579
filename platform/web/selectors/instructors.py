"""An instructor's dispatches, work logs and results, within the user's scope."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.shortcuts import get_object_or_404

from accounts.scoping import instructors_for, scope_queryset
from registry.models import Dispatch, InstructorEvaluation, WorkLog
from registry.selectors import organization_party_organization


def instructor_dispatches(*, user, instructor_ids, as_of: dt.date) -> list[Dispatch]:
    """The instructor's own dispatches the user may see (the current ones first), each marked
    ``current`` and with its organization's Party organization (``party_org``)."""
    rows = list(scope_queryset(Dispatch.objects.filter(instructor_id__in=instructor_ids), user=user)
                .select_related("organization", "organization__region", "instructor"))
    for dispatch in rows:
        dispatch.current = dispatch.started_on <= as_of and (dispatch.ended_on is None or dispatch.ended_on >= as_of)
        dispatch.party_org = organization_party_organization(organization=dispatch.organization, as_of=as_of)
    return sorted(rows, key=lambda d: (not d.current, -d.started_on.toordinal()))


def instructor_for_staff(*, user, pk: int):
    """An instructor the staff user may write (404 otherwise, whether it exists or not)."""
    return get_object_or_404(instructors_for(user, write=True).select_related("region"), pk=pk)


def evaluations_of(*, instructor_ids) -> list[InstructorEvaluation]:
    """The quarterly evaluations of these instructors, newest first (the instructor's own, or
    one a staff user already holds in scope)."""
    return list(InstructorEvaluation.objects.filter(instructor_id__in=list(instructor_ids)).select_related("instructor"))


def work_logs_of(*, user, instructor_ids, limit: int = 100) -> list[WorkLog]:
    return list(scope_queryset(WorkLog.objects.filter(dispatch__instructor_id__in=instructor_ids), user=user)
                .select_related("dispatch__organization")[:limit])


@dataclass(frozen=True)
class Results:
    """What an instructor's quarterly evaluation looks at (004 一(二), 004 二 六): visits this
    quarter, organizations visited, organizations that have a Party organization now."""

    quarter: str
    visits_this_quarter: int
    organizations_visited: int
    current_dispatches: int
    with_party_org: int
    without_visit: list


def instructor_results(*, dispatches, logs, rules, as_of: dt.date) -> Results:
    quarter_start = dt.date(as_of.year, 3 * ((as_of.month - 1) // 3) + 1, 1)
    in_quarter = [log for log in logs if quarter_start <= log.visited_on <= as_of]
    current = [d for d in dispatches if d.current]
    visited = {log.dispatch_id for log in in_quarter}
    return Results(
        quarter=f"{as_of.year}年第{(as_of.month - 1) // 3 + 1}季度", visits_this_quarter=len(in_quarter),
        organizations_visited=len({log.dispatch.organization_id for log in in_quarter}),
        current_dispatches=len(current), with_party_org=sum(1 for d in current if d.party_org is not None),
        without_visit=[d.organization.name for d in current if d.pk not in visited],
    )
