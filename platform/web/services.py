"""Background jobs of the web interface: importing, exporting, recomputing the indicators.

A job is started by a view (``import_upload``, ``import_confirm``, ``export_start``,
``snapshot_start``): the row is written, the start is audited, and ``tasks.job_run`` is
queued through the outbox in the same transaction (sent once it commits; sent again until a
worker has finished it). The worker calls ``job_run``, which claims the job, does the work
through the owning apps' services (``imports``, ``indicators``) in the province's schema,
writing its progress and a heartbeat to the row as it goes (the page polls it).

Nothing stays queued or running for ever: ``jobs_sweep`` (beat, every ``JOB_SWEEP_SECONDS``)
runs again a job whose worker died (no heartbeat for ``JOB_STALE_AFTER`` seconds), up to
``JOB_MAX_ATTEMPTS`` runs, then marks it failed with the reason; a job still queued after
``JOB_QUEUED_TIMEOUT`` fails too.

An import runs twice: first a check (the whole import inside a transaction that is always
rolled back, so that every row error shows and the counts of what would change are
exact), then, once the user confirms, the import itself. Writes of the registry need a
scope check per row that ``imports.registry_import`` does not make, so only provincial
staff (whose scope is the whole province) may import, as only they write through the API.
"""
from __future__ import annotations

import datetime as dt
import io
import logging
import threading
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, connections, transaction
from django.db.models import Q
from django.utils import timezone

from accounts.scoping import can_unmask, members_for, organizations_for, party_organizations_for
from accounts.services import UNMASK_REASON_MIN_LENGTH
from audit.services import audit_record
from imports.exporters import FORMATS, registry_export
from imports.readers import limit
from imports.services import registry_import
from imports.templates import SHEETS, sheet_for
from indicators.services import snapshot_take
from privacy.masking import mask_personal_numbers
import clock
from accounts.actors import Actor
from outbox.services import outbox_enqueue
from tenants.selectors import current_province, province_rules_at
from tenants.tasks import TRANSIENT_ERRORS

from .models import Job
from .retention import UPLOAD_EXPIRED, export_delete_after_download
from .selectors.common import whole_province

CHECK, IMPORT = "check", "import"
JOB_TASK = "web.job_run"

logger = logging.getLogger(__name__)


def _queue(job: Job, *, resend: bool = False) -> None:
    """Queue the job's run in the current transaction (the outbox sends it after the commit).
    One message per job and phase: queueing again while one is pending sends nothing new,
    unless ``resend`` (its worker died) makes the pending one due now."""
    Job.objects.filter(pk=job.pk).update(queued_at=timezone.now())
    outbox_enqueue(JOB_TASK, args=[job.pk], key=f"web.job:{job.pk}:{job.params.get('phase', job.kind)}", resend=resend)


def _update(job: Job, **fields) -> None:
    """Write the job's progress at once (outside any import transaction), so the page sees it."""
    for name, value in fields.items():
        setattr(job, name, value)
    Job.objects.filter(pk=job.pk).update(**fields)


def _province_rules(as_of):
    """The rules of the job's province (the worker runs in its schema) holding on ``as_of``."""
    return province_rules_at(current_province(), as_of)


def _require_importer(user) -> None:
    if not whole_province(user):
        raise PermissionDenied("只有省级社会组织党委工作人员可以导入台账（导入按统一社会信用代码更新全省数据）")


# =====================================================================================
# starting jobs (in a request)
# =====================================================================================

@transaction.atomic
def import_upload(*, user, kind: str, upload, request=None) -> Job:
    """Keep the uploaded file and queue its check."""
    _require_importer(user)
    sheet_for(kind)
    if upload.size > limit("IMPORT_MAX_FILE_BYTES"):
        raise ValidationError({"file": f"文件过大（上限{limit('IMPORT_MAX_FILE_BYTES') // (1024 * 1024)}MB）"})
    job = Job.objects.create(kind=Job.Kind.IMPORT, user=user, params={"kind": kind, "phase": CHECK, "partial": False},
                             filename=(upload.name or "")[:255], upload=upload.read(), stage="排队等待检查")
    audit_record(action="import.check", request=request, object_type=kind, object_id=job.pk,
                 changes={"file": job.filename, "bytes": upload.size})
    _queue(job)
    return job


def import_rows_with_errors(check: dict) -> int:
    return len({error["row"] for error in check.get("errors", []) if error.get("row") is not None})


@transaction.atomic
def import_confirm(*, user, job: Job, partial: bool, request=None) -> Job:
    """Queue the import of a checked file; with ``partial`` only its correct rows."""
    _require_importer(user)
    job = Job.objects.select_for_update().get(pk=job.pk, user_id=user.pk)
    check = job.check_report or {}
    if job.kind != Job.Kind.IMPORT or job.status != Job.Status.READY:
        raise ValidationError("这次导入不在“已检查，待确认”状态")
    if job.upload is None:
        raise ValidationError(UPLOAD_EXPIRED.format(hours=settings.JOB_UPLOAD_RETENTION_HOURS))
    if check.get("refused"):
        raise ValidationError("文件被拒绝，不能导入：请按提示修改后重新上传")
    if check.get("errors") and not partial:
        raise ValidationError("文件有错误：请修改后重新上传，或选择“只导入正确的行”")
    if check.get("rows", 0) <= import_rows_with_errors(check):
        raise ValidationError("没有可以导入的正确的行")
    params = dict(job.params, phase=IMPORT, partial=bool(partial and check.get("errors")))
    _update(job, params=params, status=Job.Status.QUEUED, progress=0, stage="排队等待导入", finished=None, attempts=0,
            heartbeat=None)
    audit_record(action="import.confirm", request=request, object_type=params["kind"], object_id=job.pk,
                 changes={"file": job.filename, "partial": params["partial"]})
    _queue(job)
    return job


def export_start(*, user, kind: str, fmt: str, unmasked: bool = False, reason: str = "", request=None) -> Job:
    """Queue an export of what the user may see, personal data masked; ``unmasked`` (a user
    allowed to unmask, with a typed reason, as for one member) exports them in full. The
    reason is in the audit entry, and so is a refusal."""
    sheet_for(kind)
    if fmt not in FORMATS:
        raise ValidationError({"fmt": f"未知的导出格式“{fmt}”"})
    reason = (reason or "").strip()
    changes = {"format": fmt, "unmasked": bool(unmasked), "scope": "user"}
    if unmasked:
        changes["reason"] = reason
        refusal = None
        if not can_unmask(user):
            refusal = PermissionDenied("没有查看完整个人信息的权限，只能导出脱敏的数据")
        elif len(reason) < UNMASK_REASON_MIN_LENGTH:
            refusal = ValidationError({"reason": f"导出完整个人信息须填写理由（至少{UNMASK_REASON_MIN_LENGTH}个字）"})
        if refusal is not None:
            audit_record(action="export", request=request, object_type=kind, success=False,
                         changes={**changes, "refused": str(refusal.messages[0] if hasattr(refusal, "messages") else refusal)})
            raise refusal
    with transaction.atomic():
        job = Job.objects.create(kind=Job.Kind.EXPORT, user=user, params={"kind": kind, "format": fmt, "unmasked": bool(unmasked)},
                                 stage="排队等待导出")
        audit_record(action="export", request=request, object_type=kind, object_id=job.pk, changes=changes)
        _queue(job)
    return job


def export_downloaded(*, user, job: Job, request=None) -> None:
    """Audit the download; the file is then deleted unless the settings keep it (``retention``)."""
    audit_record(action="export.download", request=request, object_type=job.params.get("kind", ""), object_id=job.pk,
                 changes={"file": job.filename, "unmasked": job.params.get("unmasked", False)})
    export_delete_after_download(job)


@transaction.atomic
def snapshot_start(*, user, request=None) -> Job:
    """Queue a recomputation of today's indicator snapshot (provincial staff)."""
    if not whole_province(user):
        raise PermissionDenied("只有省级社会组织党委工作人员可以重新计算全省指标")
    job = Job.objects.create(kind=Job.Kind.SNAPSHOT, user=user, params={"as_of": clock.today().isoformat()},
                             stage="排队等待计算")
    audit_record(action="indicators.snapshot", request=request, object_id=job.pk, changes={"as_of": job.params["as_of"]})
    _queue(job)
    return job


# =====================================================================================
# running jobs (in the worker)
# =====================================================================================

def _stale_before() -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=settings.JOB_STALE_AFTER)


def _last_sign_of_life(job: Job) -> dt.datetime:
    return job.heartbeat or job.started or job.queued_at or job.created


def _interrupted_reason(job: Job) -> str:
    return (f"执行任务的后台进程中断（超过{settings.JOB_STALE_AFTER}秒没有进展），已尝试{job.attempts}次仍未完成："
            "请重新发起；如再次失败，请联系系统管理员")


def _fail(job: Job, reason: str) -> None:
    _update(job, status=Job.Status.FAILED, stage="失败", error=reason[:2000], finished=timezone.now(), heartbeat=None)


def _job_claim(job_id: int) -> Job | None:
    """Take the job for this run, or None: it is finished, or running in a live worker (a
    message delivered twice), or it ran out of attempts (then it is failed, with the reason)."""
    with transaction.atomic():
        job = Job.objects.select_for_update(of=("self",)).select_related("user").filter(pk=job_id).first()
        if job is None:
            return None
        if job.status == Job.Status.RUNNING and _last_sign_of_life(job) >= _stale_before():
            return None  # another worker is on it and alive
        if job.status not in (Job.Status.QUEUED, Job.Status.RUNNING):
            return None
        if job.attempts >= settings.JOB_MAX_ATTEMPTS:
            _fail(job, _interrupted_reason(job))
            return None
        now = timezone.now()
        _update(job, status=Job.Status.RUNNING, started=now, heartbeat=now, attempts=job.attempts + 1, progress=5, error="")
    return job


@contextmanager
def _heartbeat(job: Job):
    """While the block runs, write the job's heartbeat every JOB_HEARTBEAT_SECONDS from a
    thread of its own (its own connection: the work may hold a long transaction)."""
    schema, stop = connection.schema_name, threading.Event()

    def beat():
        try:
            connection.set_schema(schema)
            while not stop.wait(settings.JOB_HEARTBEAT_SECONDS):
                try:
                    Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(heartbeat=timezone.now())
                except DatabaseError as error:  # the sweeper judges by the heartbeat; keep trying
                    logger.warning("job %s: heartbeat not written: %s", job.pk, error)
                    connection.close()
        finally:
            connections.close_all()

    thread = threading.Thread(target=beat, name=f"job-{job.pk}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=settings.JOB_HEARTBEAT_SECONDS + 10)


def job_run(*, job_id: int) -> None:
    """Do the job (called by ``tasks.job_run``). Idempotent: a message delivered twice, or one
    for a job that is finished or running in a live worker, does nothing."""
    job = _job_claim(job_id)
    if job is None:
        return
    runner = {Job.Kind.IMPORT: _import_run, Job.Kind.EXPORT: _export_run, Job.Kind.SNAPSHOT: _snapshot_run}[job.kind]
    with _heartbeat(job):
        try:
            runner(job)
        except TRANSIENT_ERRORS:
            # The database or a service is away for a moment: give the job back (if the database
            # lets us) for the task's retry; otherwise the sweeper finds it by its silent heartbeat.
            try:
                _update(job, status=Job.Status.QUEUED, stage="服务暂时不可用，稍后自动重试", heartbeat=None)
            except DatabaseError:
                pass
            raise
        except Exception as error:
            _update(job, status=Job.Status.FAILED, stage="失败", error=mask_personal_numbers(str(error))[:2000],
                    finished=timezone.now())
            raise


def jobs_sweep() -> dict:
    """Find the jobs of the current schema that no worker moves (called by beat through
    ``tasks.jobs_sweep``): run again one whose worker died, or fail it with the reason once
    it has had JOB_MAX_ATTEMPTS runs; fail one queued longer than JOB_QUEUED_TIMEOUT; queue
    again one whose message is lost (the outbox sends nothing new if one is pending)."""
    stale = _stale_before()
    too_long = timezone.now() - dt.timedelta(seconds=settings.JOB_QUEUED_TIMEOUT)
    counts = {"requeued": 0, "failed": 0, "resent": 0}
    silent = Q(heartbeat__lt=stale) | Q(heartbeat=None, started__lt=stale) | Q(heartbeat=None, started=None, created__lt=stale)
    waited = Q(queued_at__lt=stale) | Q(queued_at=None, created__lt=stale)
    candidates = Job.objects.filter((Q(status=Job.Status.RUNNING) & silent) | (Q(status=Job.Status.QUEUED) & waited))
    for pk in candidates.values_list("pk", flat=True):
        with transaction.atomic():
            job = Job.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
            if job is None or job.status not in (Job.Status.QUEUED, Job.Status.RUNNING):
                continue
            if job.status == Job.Status.RUNNING:
                if _last_sign_of_life(job) >= stale:
                    continue
                if job.attempts >= settings.JOB_MAX_ATTEMPTS:
                    _fail(job, _interrupted_reason(job))
                    counts["failed"] += 1
                else:
                    _update(job, status=Job.Status.QUEUED, heartbeat=None,
                            stage=f"执行中断，已重新排队（第{job.attempts + 1}次执行）")
                    _queue(job, resend=True)
                    counts["requeued"] += 1
            elif (job.queued_at or job.created) < too_long:
                _fail(job, f"排队超过{settings.JOB_QUEUED_TIMEOUT // 3600}小时仍未开始执行（后台服务不可用）：请重新发起")
                counts["failed"] += 1
            else:
                _queue(job)
                counts["resent"] += 1
    if counts["failed"] or counts["requeued"]:
        logger.warning("jobs sweep in %s: %s", connection.schema_name, counts)
    return counts


def check_summary(result) -> str:
    """What a check found, in the words of a check (nothing has been written yet)."""
    if result.refused:
        return result.summary()
    counts = f"新增{result.created}条、更新{result.updated}条，{result.unchanged}条未变化"
    if not result.errors:
        return f"共{result.rows}行，检查通过：确认后将{counts}"
    bad = len({error.row for error in result.errors if error.row is not None})
    return (f"共{result.rows}行，{bad}行有错误（共{len(result.errors)}处）：请修改后重新上传；"
            f"或只导入正确的{max(result.rows - bad, 0)}行（{counts}）")


def _import_run(job: Job) -> None:
    kind, phase = job.params["kind"], job.params.get("phase", CHECK)
    rules = _province_rules(clock.today())
    actor = Actor.for_user(job.user)  # who asked for the import: their scope and name in every entry
    content = io.BytesIO(bytes(job.upload or b""))
    if phase == CHECK:
        _update(job, progress=20, stage=f"正在检查{SHEETS[kind].title}文件的每一行")
        with transaction.atomic():
            result = registry_import(actor=actor, rules=rules, kind=kind, file_obj=content, filename=job.filename,
                                     partial=True)
            transaction.set_rollback(True)  # a check writes nothing
        check = dict(result.to_dict(), summary=check_summary(result))
        _update(job, check_report=check, status=Job.Status.READY, progress=100, finished=timezone.now(),
                stage="检查完成：发现问题" if result.errors else "检查完成，等待确认导入")
        return
    partial = job.params.get("partial", False)
    _update(job, progress=30, stage=f"正在导入{SHEETS[kind].title}")
    # The rows, their audit and the job's end in one transaction: a run interrupted anywhere
    # leaves nothing behind, so the run after it imports the file once.
    with transaction.atomic():
        result = registry_import(actor=actor, rules=rules, kind=kind, file_obj=content, filename=job.filename,
                                 partial=partial)
        audit_record(action="import", actor=actor, object_type=kind, object_id=job.pk, success=result.ok,
                     changes={"file": job.filename, "partial": partial, "refused": result.refused, "created": result.created,
                              "updated": result.updated, "unchanged": result.unchanged, "errors": len(result.errors)})
        _update(job, result=result.to_dict(), status=Job.Status.DONE, progress=100, upload=None, finished=timezone.now(),
                stage="导入完成" if result.written or result.ok else "未导入：发现问题")


def _export_run(job: Job) -> None:
    kind, fmt = job.params["kind"], job.params["format"]
    user = job.user
    unmasked = bool(job.params.get("unmasked")) and can_unmask(user)  # the permission may have been withdrawn since
    queryset = {"organizations": organizations_for, "party_organizations": party_organizations_for,
                "members": members_for}[kind](user)
    _update(job, progress=20, stage=f"正在导出{SHEETS[kind].title}")
    content = registry_export(kind=kind, fmt=fmt, unmasked=unmasked, queryset=queryset)
    filename = f"{SHEETS[kind].title}{'（完整）' if unmasked else ''}-{clock.today():%Y%m%d}.{fmt}"
    _update(job, output=content, filename=filename, status=Job.Status.DONE, progress=100, finished=timezone.now(),
            stage="导出完成", result={"bytes": len(content), "unmasked": unmasked})


def _snapshot_run(job: Job) -> None:
    as_of = clock.today()
    _update(job, progress=20, stage="正在计算各项指标（全省、各市、各类型、各层级、各业务主管单位）")
    written = snapshot_take(rules=_province_rules(as_of), as_of=as_of)
    _update(job, status=Job.Status.DONE, progress=100, finished=timezone.now(), stage="计算完成",
            result={"rows": written, "as_of": as_of.isoformat()})
