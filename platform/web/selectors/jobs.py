"""Reads of background jobs: a job is seen by the user who started it, nobody else."""
from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from ..models import Job

# Rows errors are listed for on the page (all of them are in the CSV of errors).
ERRORS_SHOWN = 1000


def jobs_of(*, user, kind: str, limit: int = 10) -> QuerySet[Job]:
    return Job.objects.filter(user_id=user.pk, kind=kind).defer("upload", "output")[:limit]


def job_history(*, user, kind: str, limit: int = 20) -> QuerySet[Job]:
    """The imports or exports a page lists: the whole province's for provincial staff (what
    was imported or exported, when, by whom; the files and reports stay their owner's), the
    user's own for everyone else."""
    from .common import whole_province

    jobs = Job.objects.filter(kind=kind)
    if not whole_province(user):
        jobs = jobs.filter(user_id=user.pk)
    return jobs.select_related("user").defer("upload", "output", "result")[:limit]


def job_get(*, user, pk: int, with_output: bool = False) -> Job:
    """The user's own job (404 for anyone else's, whether it exists or not)."""
    jobs = Job.objects.filter(user_id=user.pk)
    if not with_output:
        jobs = jobs.defer("upload", "output")
    return get_object_or_404(jobs, pk=pk)


def errors_by_row(errors: list[dict], *, limit: int = ERRORS_SHOWN) -> list[tuple[int | None, list[dict]]]:
    """An import's errors grouped by spreadsheet row (file-wide problems first), at most ``limit``."""
    grouped: dict[int | None, list[dict]] = {}
    for error in errors[:limit]:
        grouped.setdefault(error.get("row"), []).append(error)
    return sorted(grouped.items(), key=lambda item: -1 if item[0] is None else item[0])
