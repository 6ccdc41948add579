"""How long a job keeps personal data, and the purge that deletes it (beat: every hour).

- The uploaded file of an import: deleted when the import ends (``services``), else
  ``JOB_UPLOAD_RETENTION_HOURS`` after the upload (a check never confirmed; the job then
  fails with the reason, and the file must be uploaded again).
- The exported file: deleted at its first download (unless ``JOB_EXPORT_DELETE_AT_DOWNLOAD``
  is false), else ``JOB_EXPORT_RETENTION_HOURS`` after the export.
- The check report and the result (row errors quote cells, masked): kept
  ``JOB_REPORT_RETENTION_DAYS``, then deleted.

The job row stays (who did what, when, how many rows); ``payload_deleted_at`` says when its
personal data went. Every purge is counted in the audit log.
"""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.actors import Actor
from audit.services import audit_record

from .models import Job

UPLOAD_EXPIRED = "上传的文件已超过保留期限（{hours}小时）并已删除：请重新上传后再导入"


def job_payloads_purge(*, now=None) -> dict[str, int]:
    """Delete what is past its retention in the current schema; returns counts per kind."""
    now = now or timezone.now()
    upload_cutoff = now - dt.timedelta(hours=settings.JOB_UPLOAD_RETENTION_HOURS)
    export_cutoff = now - dt.timedelta(hours=settings.JOB_EXPORT_RETENTION_HOURS)
    report_cutoff = now - dt.timedelta(days=settings.JOB_REPORT_RETENTION_DAYS)
    idle = ~Q(status__in=(Job.Status.QUEUED, Job.Status.RUNNING))
    with transaction.atomic():
        uploads = Job.objects.filter(idle, created__lt=upload_cutoff, upload__isnull=False)
        waiting = uploads.filter(status=Job.Status.READY)
        expired = waiting.update(
            status=Job.Status.FAILED, stage="文件已删除", finished=now,
            error=UPLOAD_EXPIRED.format(hours=settings.JOB_UPLOAD_RETENTION_HOURS),
        )
        counts = {
            "uploads": uploads.update(upload=None, payload_deleted_at=now),
            "exports": Job.objects.filter(idle, created__lt=export_cutoff, output__isnull=False)
                                  .update(output=None, payload_deleted_at=now),
            "reports": Job.objects.filter(idle, created__lt=report_cutoff)
                                  .filter(Q(check_report__isnull=False) | Q(result__isnull=False))
                                  .update(check_report=None, result=None, payload_deleted_at=now),
            "imports_expired": expired,
        }
        if any(counts.values()):
            audit_record(action="jobs.purge", actor=Actor.system("job retention purge"), object_type="web.Job", changes=counts)
    return counts


def export_delete_after_download(job: Job) -> None:
    if settings.JOB_EXPORT_DELETE_AT_DOWNLOAD:
        now = timezone.now()
        Job.objects.filter(pk=job.pk).update(output=None, payload_deleted_at=now)
        job.output, job.payload_deleted_at = None, now
