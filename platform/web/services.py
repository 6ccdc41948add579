"""Background jobs of the web interface: importing, exporting, recomputing the indicators.

A job is started by a view (``import_upload``, ``import_confirm``, ``export_start``,
``snapshot_start``): the row is written, the start is audited, and ``tasks.job_run`` is
queued once the transaction commits. The worker calls ``job_run``, which does the work
through the owning apps' services (``imports``, ``indicators``) in the province's schema,
writing its progress to the row as it goes (the page polls it).

An import runs twice: first a check (the whole import inside a transaction that is always
rolled back, so that every row error shows and the counts of what would change are
exact), then, once the user confirms, the import itself. Writes of the registry need a
scope check per row that ``imports.registry_import`` does not make, so only provincial
staff (whose scope is the whole province) may import, as only they write through the API.
"""
from __future__ import annotations

import io

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
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
from tenants.selectors import current_province, province_rules_at

from .models import Job
from .retention import UPLOAD_EXPIRED, export_delete_after_download
from .selectors.common import whole_province

CHECK, IMPORT = "check", "import"


def _queue(job: Job) -> None:
    from .tasks import job_run

    transaction.on_commit(lambda: job_run.delay(job.pk))


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
    _update(job, params=params, status=Job.Status.QUEUED, progress=0, stage="排队等待导入", finished=None)
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

def job_run(*, job_id: int) -> None:
    """Do the job (called by ``tasks.job_run``). A job already finished is left alone, so a
    message delivered twice does no harm."""
    job = Job.objects.select_related("user").get(pk=job_id)
    if job.status not in (Job.Status.QUEUED, Job.Status.RUNNING):
        return
    _update(job, status=Job.Status.RUNNING, started=timezone.now(), progress=5, error="")
    runner = {Job.Kind.IMPORT: _import_run, Job.Kind.EXPORT: _export_run, Job.Kind.SNAPSHOT: _snapshot_run}[job.kind]
    try:
        runner(job)
    except Exception as error:
        _update(job, status=Job.Status.FAILED, stage="失败", error=mask_personal_numbers(str(error))[:2000],
                finished=timezone.now())
        raise


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
    result = registry_import(actor=actor, rules=rules, kind=kind, file_obj=content, filename=job.filename, partial=partial)
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
