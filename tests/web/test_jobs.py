"""Imports, exports and recomputation as background jobs: the view writes the job and queues
it on commit; the worker's service (run here directly) does the work; the page shows the
progress and the result. (The real worker runs the import in tests/browser.)"""
import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.services import unmask_permission_set
from audit.models import AuditEntry
from indicators.models import IndicatorSnapshot
from registry.models import SocialOrganization
from tests.imports.files import ORG_HEADERS, csv_bytes, org_row, xlsx_bytes
from tests.registry.factories import make_uscc
from web import services
from web.models import Job

from .conftest import logged_in, page_problems


def _run(job_id: int) -> Job:
    with schema_context("jilin"):
        services.job_run(job_id=job_id)
        return Job.objects.get(pk=job_id)


def _bad_file(good_uscc: str) -> SimpleUploadedFile:
    bad_uscc = make_uscc("220100")
    bad_uscc = bad_uscc[:-1] + ("0" if bad_uscc[-1] != "0" else "1")
    rows = [org_row(名称="长春市类型错误测试协会", 类型="俱乐部"),
            org_row(名称="长春市代码错误测试协会", 统一社会信用代码=bad_uscc),
            org_row(名称="长春市正确测试协会", 统一社会信用代码=good_uscc)]
    return SimpleUploadedFile("社会组织.xlsx", xlsx_bytes(ORG_HEADERS, rows).getvalue())


def _upload(client, upload, django_capture_on_commit_callbacks, kind="organizations") -> int:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post("/imports/", {"kind": kind, "file": upload})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert len(callbacks) == 1  # tasks.job_run, queued once the job is committed
    return int(response["Location"].rstrip("/").split("/")[-1])


def test_an_import_is_checked_row_by_row_then_confirmed(world, users, django_capture_on_commit_callbacks):
    client = logged_in("jilin", users["provincial"])
    good = make_uscc("220100")
    pk = _upload(client, _bad_file(good), django_capture_on_commit_callbacks)
    page = client.get(f"/jobs/{pk}/").content.decode()
    assert "排队中" in page and 'hx-trigger="every 1s"' in page  # the bar polls while the job moves

    job = _run(pk)
    assert job.status == Job.Status.READY and job.progress == 100
    assert {error["row"] for error in job.check_report["errors"]} == {2, 3}
    assert job.check_report["created"] == 1  # what the confirmed import would write
    with schema_context("jilin"):
        assert not SocialOrganization.objects.filter(uscc=good).exists()  # a check writes nothing

    html = client.get(f"/jobs/{pk}/").content.decode()
    assert page_problems(html) == []
    assert "第2行" in html and "第3行" in html and ">类型<" in html and ">统一社会信用代码<" in html and "俱乐部" in html
    assert "确认导入正确的行" in html and "修改后重新上传" in html
    progress = client.get(f"/jobs/{pk}/progress/").content.decode()
    assert "<html" not in progress and "hx-trigger" not in progress  # stopped: no more polling
    errors = list(csv.reader(io.StringIO(client.get(f"/jobs/{pk}/errors.csv").content.decode("utf-8-sig"))))
    assert errors[0] == ["行号", "列", "问题"] and {row[0] for row in errors[1:]} == {"2", "3"}

    refused = client.post(f"/jobs/{pk}/confirm/", {})
    assert refused.status_code == 400 and "只导入正确的行" in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert client.post(f"/jobs/{pk}/confirm/", {"partial": "on"}).status_code == 302
    assert len(callbacks) == 1
    job = _run(pk)
    assert job.status == Job.Status.DONE and job.result["created"] == 1 and job.result["skipped"] == 2
    assert job.upload is None  # the file is not kept once imported
    with schema_context("jilin"):
        assert SocialOrganization.objects.filter(uscc=good, name="长春市正确测试协会").exists()
        actions = list(AuditEntry.objects.filter(object_id=str(pk), action__startswith="import").values_list("action", "success"))
    assert actions == [("import.check", True), ("import.confirm", True), ("import", False)]  # False: rows had errors
    assert "已导入正确的行" in client.get(f"/jobs/{pk}/").content.decode()


def test_a_clean_file_is_imported_once_confirmed(world, users, django_capture_on_commit_callbacks):
    client = logged_in("jilin", users["provincial"])
    rows = [org_row(名称=f"长春市干净测试协会{index}") for index in range(3)]
    upload = SimpleUploadedFile("orgs.csv", csv_bytes(ORG_HEADERS, rows).getvalue())
    pk = _upload(client, upload, django_capture_on_commit_callbacks)
    job = _run(pk)
    assert job.check_report["errors"] == [] and "检查通过：确认后将新增3条" in job.check_report["summary"]
    assert "确认导入" in client.get(f"/jobs/{pk}/").content.decode()
    with django_capture_on_commit_callbacks(execute=False):
        assert client.post(f"/jobs/{pk}/confirm/").status_code == 302
    job = _run(pk)
    assert job.result["created"] == 3
    with schema_context("jilin"):
        assert SocialOrganization.objects.filter(name__startswith="长春市干净测试协会").count() == 3
        assert AuditEntry.objects.get(action="import", object_id=str(pk)).success


def test_a_hostile_file_is_refused_as_a_whole(world, users, django_capture_on_commit_callbacks):
    def merged(book):
        book.active.merge_cells("A2:B2")

    client = logged_in("jilin", users["provincial"])
    upload = SimpleUploadedFile("bad.xlsx", xlsx_bytes(ORG_HEADERS, [org_row(), org_row()], change=merged).getvalue())
    job = _run(_upload(client, upload, django_capture_on_commit_callbacks))
    assert job.check_report["refused"]
    html = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "被拒绝" in html and "确认导入" not in html
    assert '<span class="tag bad">未通过检查</span>' in html and "已检查，待确认" not in html
    assert client.post(f"/jobs/{job.pk}/confirm/", {"partial": "on"}).status_code == 400
    history = client.get("/imports/").content.decode().split('id="job-history"')[1]
    assert "社会组织导入" in history and "bad.xlsx" in history and "未通过检查" in history and "u-provincial" in history


def test_the_history_says_what_was_imported_or_exported_and_by_whom(world, users, django_capture_on_commit_callbacks):
    city = logged_in("jilin", users["city"])
    _export(city, django_capture_on_commit_callbacks, kind="members", fmt="csv")
    provincial = logged_in("jilin", users["provincial"])
    mine = _export(provincial, django_capture_on_commit_callbacks, kind="party_organizations", fmt="xlsx")
    # Provincial staff see the province's exports, each with its content and its user; the
    # job's page stays its owner's.
    history = provincial.get("/exports/").content.decode().split('id="job-history"')[1]
    rows = history.split("<tr>")[1:]
    assert any("党员导出" in r and "u-city" in r and "/jobs/" not in r for r in rows)
    assert any("党组织导出" in r and "u-provincial" in r and f'href="/jobs/{mine.pk}/"' in r for r in rows)
    # Everyone else sees their own only.
    history = city.get("/exports/").content.decode().split('id="job-history"')[1]
    assert "党员导出" in history and "u-provincial" not in history and "党组织导出" not in history


def test_only_provincial_staff_import(world, users):
    for key in ("city", "county", "supervisor"):
        client = logged_in("jilin", users[key])
        assert client.get("/imports/").status_code == 403
        response = client.post("/imports/", {"kind": "organizations", "file": SimpleUploadedFile("a.csv", b"x")})
        assert response.status_code == 403
        assert client.get("/imports/template/?kind=organizations").status_code == 403
    template = logged_in("jilin", users["provincial"]).get("/imports/template/?kind=members")
    assert template.status_code == 200 and template["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_job_is_seen_by_its_owner_only(world, users, django_capture_on_commit_callbacks):
    pk = _upload(logged_in("jilin", users["provincial"]), _bad_file(make_uscc()), django_capture_on_commit_callbacks)
    _run(pk)
    for key in ("city", "county", "system_admin"):
        other = logged_in("jilin", users[key])
        for path in (f"/jobs/{pk}/", f"/jobs/{pk}/progress/", f"/jobs/{pk}/errors.csv", f"/jobs/{pk}/download/"):
            assert other.get(path).status_code in (403, 404), (key, path)
        assert other.post(f"/jobs/{pk}/confirm/", {"partial": "on"}).status_code in (403, 404)


def _export(client, django_capture_on_commit_callbacks, **data) -> Job:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post("/exports/", data)
    assert response.status_code == 302 and len(callbacks) == 1
    return _run(int(response["Location"].rstrip("/").split("/")[-1]))


def test_exports_are_scoped_masked_and_audited(world, users, django_capture_on_commit_callbacks):
    client = logged_in("jilin", users["city"])
    job = _export(client, django_capture_on_commit_callbacks, kind="members", fmt="csv")
    assert job.status == Job.Status.DONE and job.result["unmasked"] is False
    assert "下载" in client.get(f"/jobs/{job.pk}/").content.decode()
    download = client.get(f"/jobs/{job.pk}/download/")
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    text = b"".join(download.streaming_content if download.streaming else [download.content]).decode("utf-8-sig")
    names = {row[0] for row in list(csv.reader(io.StringIO(text)))[1:]}
    assert names == {"党员m1", "党员m2", "党员m5"}  # 长春市's: in its organizations, or in its Party organizations
    m1 = world.members["m1"]
    assert m1.id_number not in text and m1.id_number_masked in text
    with schema_context("jilin"):
        logged = list(AuditEntry.objects.filter(object_id=str(job.pk), action__startswith="export")
                      .values_list("action", "actor", "changes__unmasked"))
    assert logged == [("export", "u-city", False), ("export.download", "u-city", False)]


def test_an_allowed_user_exports_in_full(world, users, django_capture_on_commit_callbacks):
    with schema_context("jilin"):
        unmask_permission_set(actor=users["security_admin"], user=users["city"], allowed=True)
    client = logged_in("jilin", users["city"])
    assert "完整号码" in client.get("/exports/").content.decode()
    job = _export(client, django_capture_on_commit_callbacks, kind="members", fmt="xlsx", unmasked="on",
                  reason="向省委报送党员信息核对表")
    assert job.result["unmasked"] is True and job.filename.endswith(".xlsx") and "（完整）" in job.filename
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(client.get(f"/jobs/{job.pk}/download/").content))
    values = {cell for row in workbook.worksheets[0].iter_rows(values_only=True) for cell in row}
    assert world.members["m1"].id_number in values


@pytest.mark.parametrize("key,allowed", [("provincial", True), ("city", False)])
def test_recomputing_the_snapshot(world, users, key, allowed, django_capture_on_commit_callbacks):
    client = logged_in("jilin", users[key])
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post("/indicators/recompute/")
    if not allowed:
        assert response.status_code == 403
        return
    job = _run(int(response["Location"].rstrip("/").split("/")[-1]))
    assert job.status == Job.Status.DONE and job.result["rows"] > 0
    with schema_context("jilin"):
        assert IndicatorSnapshot.objects.filter(taken_on=timezone.localdate(), grouping="province").exists()
    assert "计算完成" in client.get(f"/jobs/{job.pk}/").content.decode()


def test_a_failing_job_says_so(world, users):
    with schema_context("jilin"):
        job = Job.objects.create(kind=Job.Kind.IMPORT, user=users["provincial"], params={"kind": "nonsense", "phase": "check"},
                                 filename="x.csv", upload=b"")
        with pytest.raises(Exception):
            services.job_run(job_id=job.pk)
        job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.error
    assert "任务失败" in logged_in("jilin", users["provincial"]).get(f"/jobs/{job.pk}/").content.decode()
