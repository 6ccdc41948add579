"""Personal data in background jobs: encrypted at rest, deleted after its retention, never a
full ID number in a report; a full export needs a reason; unmasking needs the second factor."""
import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.services import unmask_permission_set
from audit.models import AuditEntry
from tests.imports.files import MEMBER_HEADERS, csv_bytes, member_row
from tests.registry.factories import make_id_number
from web import services
from web.models import Job
from web.retention import job_payloads_purge

from .conftest import logged_in
from .test_jobs import _export, _run, _upload


def _members_file(id_number: str) -> SimpleUploadedFile:
    rows = [member_row(姓名="党员甲", 公民身份号码=id_number), member_row(姓名="党员乙"),
            member_row(姓名="党员丙", 公民身份号码=id_number)]
    return SimpleUploadedFile("党员.csv", csv_bytes(MEMBER_HEADERS, rows).getvalue())


def _stored(pk: int) -> dict:
    """The job's columns as the database holds them (what a backup or a DBA sees)."""
    with schema_context("jilin"), connection.cursor() as cursor:
        cursor.execute("SELECT upload, check_report, result, output FROM web_job WHERE id = %s", [pk])
        upload, check_report, result, output = cursor.fetchone()
    return {"upload": bytes(upload) if upload is not None else None, "check_report": check_report,
            "result": result, "output": bytes(output) if output is not None else None}


def test_an_upload_and_its_report_are_encrypted_and_the_report_masks_id_numbers(
        world, users, django_capture_on_commit_callbacks):
    id_number = make_id_number()
    client = logged_in("jilin", users["provincial"])
    pk = _upload(client, _members_file(id_number), django_capture_on_commit_callbacks, kind="members")
    job = _run(pk)
    assert job.check_report["refused"]  # an ID number twice in one file refuses it
    messages = " ".join(error["message"] for error in job.check_report["errors"])
    masked = f"{id_number[:3]}***********{id_number[-4:]}"
    assert masked in messages and id_number not in messages
    stored = _stored(pk)
    assert id_number.encode() not in stored["upload"] and "党员甲".encode() not in stored["upload"]
    assert id_number not in stored["check_report"] and "errors" not in stored["check_report"]
    assert job.upload and id_number.encode() in bytes(job.upload)  # the product reads it back
    page = client.get(f"/jobs/{pk}/").content.decode()
    errors_csv = client.get(f"/jobs/{pk}/errors.csv").content.decode("utf-8-sig")
    assert masked in page and id_number not in page and masked in errors_csv and id_number not in errors_csv


def test_an_export_is_encrypted_and_deleted_at_its_first_download(world, users, django_capture_on_commit_callbacks):
    client = logged_in("jilin", users["city"])
    job = _export(client, django_capture_on_commit_callbacks, kind="members", fmt="csv")
    stored = _stored(job.pk)
    assert "党员m1".encode() not in stored["output"] and "党员m1".encode("utf-8") in bytes(job.output)
    assert client.get(f"/jobs/{job.pk}/download/").status_code == 200
    assert _stored(job.pk)["output"] is None
    again = client.get(f"/jobs/{job.pk}/download/")
    assert again.status_code == 404
    assert "重新导出" in client.get(f"/jobs/{job.pk}/").content.decode()


def test_the_purge_deletes_what_is_past_its_retention(world, users, settings):
    settings.JOB_EXPORT_DELETE_AT_DOWNLOAD = True
    user = users["provincial"]
    now = timezone.now()
    with schema_context("jilin"):
        def job(hours_ago, **fields):
            made = Job.objects.create(user=user, **fields)
            Job.objects.filter(pk=made.pk).update(created=now - dt.timedelta(hours=hours_ago))
            return made.pk

        waiting = job(25, kind=Job.Kind.IMPORT, status=Job.Status.READY, upload=b"a,b", check_report={"errors": []},
                      params={"kind": "members", "phase": "check"})
        fresh = job(1, kind=Job.Kind.IMPORT, status=Job.Status.READY, upload=b"a,b", check_report={"errors": []})
        exported = job(25, kind=Job.Kind.EXPORT, status=Job.Status.DONE, output=b"x", result={"bytes": 1})
        old = job(24 * 8, kind=Job.Kind.IMPORT, status=Job.Status.DONE, result={"errors": []})
        running = job(25, kind=Job.Kind.IMPORT, status=Job.Status.RUNNING, upload=b"a,b")
        counts = job_payloads_purge(now=now)
        rows = {row.pk: row for row in Job.objects.filter(pk__in=[waiting, fresh, exported, old, running])}
        purge_logged = AuditEntry.objects.filter(action="jobs.purge").order_by("-id").first()
    assert counts == {"uploads": 1, "exports": 1, "reports": 1, "imports_expired": 1}
    assert rows[waiting].upload is None and rows[waiting].status == Job.Status.FAILED and "重新上传" in rows[waiting].error
    assert rows[waiting].payload_deleted_at is not None and rows[waiting].check_report == {"errors": []}  # kept 7 days
    assert rows[fresh].upload == b"a,b" and rows[fresh].payload_deleted_at is None
    assert rows[exported].output is None
    assert rows[old].result is None
    assert rows[running].upload == b"a,b"  # a job still moving keeps its file
    assert purge_logged.changes == counts and purge_logged.actor_kind == "system"
    page = logged_in("jilin", user).get(f"/jobs/{waiting}/").content.decode()
    assert "超过保留期限" in page and "重新上传" in page


def test_the_purge_runs_every_hour_in_every_province():
    from django.conf import settings

    beat = settings.CELERY_BEAT_SCHEDULE["web-job-payloads-purge"]
    assert beat["task"] == "web.job_payloads_purge" and beat["schedule"] <= 3600 and "tenant_schemas" not in beat


def test_a_full_export_needs_a_typed_reason_and_is_logged_with_it(world, users, django_capture_on_commit_callbacks):
    with schema_context("jilin"):
        unmask_permission_set(actor=users["security_admin"], user=users["city"], allowed=True)
    client = logged_in("jilin", users["city"])
    page = client.get("/exports/").content.decode()
    assert "理由" in page
    masked = _export(client, django_capture_on_commit_callbacks, kind="members", fmt="csv")
    assert masked.result["unmasked"] is False  # full numbers only when asked for
    refused = client.post("/exports/", {"kind": "members", "fmt": "csv", "unmasked": "on", "reason": "看看"})
    assert refused.status_code == 400 and "理由" in refused.content.decode()
    full = _export(client, django_capture_on_commit_callbacks, kind="members", fmt="csv", unmasked="on",
                   reason="向省委组织部报送党员信息核对表")
    assert full.result["unmasked"] is True
    with schema_context("jilin"):
        logged = list(AuditEntry.objects.filter(action="export", actor="u-city").order_by("id")
                      .values_list("success", "changes__unmasked", "changes__reason"))
    assert logged[-3:] == [(True, False, None), (False, True, "看看"), (True, True, "向省委组织部报送党员信息核对表")]


def test_a_user_without_the_permission_cannot_ask_for_a_full_export(world, users):
    with schema_context("jilin"), pytest.raises(Exception, match="没有查看完整个人信息的权限"):
        services.export_start(user=users["city"], kind="members", fmt="csv", unmasked=True, reason="向上级报送核对表")


@pytest.mark.parametrize("key", ["city", "supervisor", "secretary", "instructor"])
def test_whoever_may_unmask_must_pass_the_second_factor(world, users, key):
    user = users[key]
    with schema_context("jilin"):
        unmask_permission_set(actor=users["security_admin"], user=user, allowed=True)
    response = logged_in("jilin", user, verified=False).get("/organizations/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/2fa/")
    assert logged_in("jilin", user, verified=True).get("/organizations/").status_code == 200
