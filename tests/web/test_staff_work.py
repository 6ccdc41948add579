"""Committee staff act on lists and on organizations: every dashboard figure opens into its
list, filtered and exported with exactly the rows shown; accepted reasons, grade-cap
exceptions, term renewals and weak-and-lax designations are recorded (and audited); an
instructor logs visits to their own dispatches; PDFs print with the Chinese fonts embedded."""
import csv
import datetime as dt
import io
import re
import shutil
import subprocess

import pytest
from django_tenants.utils import schema_context
from openpyxl import load_workbook

from audit.models import AuditEntry
from registry.models import PartyOrganization, SocialOrganization, WeakAndLaxDesignation, WorkLog

from tests.browser.conftest import SCREENSHOTS

from .conftest import logged_in


def _names(html: str) -> list[str]:
    body = html.split('id="drill-table"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<a href="/organizations/[0-9A-Z]+/">([^<]+)</a>', body)


def test_every_dashboard_figure_opens_into_its_list_and_exports_the_rows_shown(world, users):
    client = logged_in("jilin", users["city"])
    dashboard = client.get("/").content.decode()
    keys = re.findall(r'id="figure-([a-z-]+)" href="/lists/([a-z-]+)/"', dashboard)
    assert {key for key, _ in keys} >= {"covered", "not-covered", "renewal-overdue", "grade-above-cap",
                                        "three-meetings-short", "training-short"}
    for _, key in keys:
        page = client.get(f"/lists/{key}/")
        assert page.status_code == 200, key
        shown = _names(page.content.decode())
        exported = list(csv.reader(io.StringIO(client.get(f"/lists/{key}/export.csv").content.decode("utf-8-sig"))))
        assert [row[0] for row in exported[1:]] == shown, key
        assert not {"测试协会o4", "测试协会o5", "测试协会o8"} & set(shown), key  # outside 长春市
    # Filtered: the export holds the rows the filters select, and says which filters.
    shown = _names(client.get("/lists/not-covered/", {"region": "220102"}).content.decode())
    assert shown == ["测试协会o7"]
    book = load_workbook(io.BytesIO(client.get("/lists/not-covered/export.xlsx", {"region": "220102"}).content))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == shown
    assert "南关区" in str(list(book["说明"].iter_rows(values_only=True)))
    covered = _names(client.get("/lists/covered/").content.decode())
    assert covered == ["测试协会o1", "测试协会o2"]
    # Counted by county for city staff.
    page = client.get("/lists/in-scope/").content.decode()
    assert "按县（市、区）统计" in page and "南关区" in page and "市（州）本级" in page
    with schema_context("jilin"):
        assert AuditEntry.objects.filter(action="list.export", actor=users["city"].username).count() >= 7
    assert client.get("/lists/nonsense/").status_code == 404


def test_staff_record_decisions_on_an_organization(world, users):
    client = logged_in("jilin", users["city"])
    org = world.orgs["o1"]
    url = f"/organizations/{org.uscc}/decisions/"
    assert client.post(url, {"form": "reason", "reason-accepted_reason_for_no_party_org": "正在申请组建"}).status_code == 302
    assert client.post(url, {"form": "exception", "exception-grade_cap_exception": "委员会2024年第3次会议决定"}).status_code == 302
    today = dt.date.today()
    page = client.post(url, {"form": "renewal", "renewal-last_election_on": (today + dt.timedelta(days=2)).isoformat(),
                             "renewal-term_years": "3"}).content.decode()
    assert "换届日期不能晚于今天" in page
    assert client.post(url, {"form": "renewal", "renewal-last_election_on": today.isoformat(),
                             "renewal-term_years": "5"}).status_code == 302
    page = client.post(url, {"form": "designate", "designate-designated_on": today.isoformat(), "designate-problems": "",
                             "designate-deadline": today.isoformat()}).content.decode()
    assert "存在的问题不能为空" in page and "整顿期限应晚于认定日期" in page
    assert client.post(url, {"form": "designate", "designate-designated_on": today.isoformat(),
                             "designate-problems": "班子配备不齐", "designate-measures": "补选委员",
                             "designate-deadline": (today + dt.timedelta(days=90)).isoformat()}).status_code == 302
    with schema_context("jilin"):
        org.refresh_from_db()
        party = PartyOrganization.objects.get(pk=world.party["p1"].pk)
        assert org.accepted_reason_for_no_party_org == "正在申请组建"
        assert org.grade_cap_exception == "委员会2024年第3次会议决定"
        assert (party.last_election_on, party.term_years, party.weak_and_lax) == (today, 5, True)
    assert client.post(url, {"form": "close", "close-status": "rectified", "close-closed_on": today.isoformat(),
                             "close-result": "已补齐班子"}).status_code == 302
    with schema_context("jilin"):
        assert not PartyOrganization.objects.get(pk=world.party["p1"].pk).weak_and_lax
        assert WeakAndLaxDesignation.objects.get(party_organization=world.party["p1"]).status == "rectified"
        actions = set(AuditEntry.objects.filter(actor=users["city"].username).values_list("action", flat=True))
    assert {"organization.accepted_reason", "organization.grade_cap_exception", "party_organization.term_renewal",
            "weak_and_lax.designate", "weak_and_lax.close"} <= actions
    # Clearing: an empty reason clears it.
    client.post(url, {"form": "reason", "reason-accepted_reason_for_no_party_org": ""})
    with schema_context("jilin"):
        assert SocialOrganization.objects.get(pk=org.pk).accepted_reason_for_no_party_org == ""
    # Outside the region: not found; an organization's own roles cannot decide.
    assert client.get(f"/organizations/{world.orgs['o4'].uscc}/decisions/").status_code == 404
    assert logged_in("jilin", users["secretary"]).get(url).status_code == 403


def test_an_instructor_logs_visits_to_their_own_dispatches(world, users):
    client = logged_in("jilin", users["instructor"])
    assert client.get("/")["Location"] == "/instructor/"
    page = client.get("/instructor/").content.decode()
    assert "测试协会o3" in page and "派驻中" in page and "本季度尚未走访" in page
    with schema_context("jilin"):
        dispatch = world.orgs["o3"].dispatches.get()
        colleague = world.orgs["o4"].dispatches.get()
    response = client.post("/instructor/logs/new/", {"dispatch_id": dispatch.pk, "visited_on": dt.date.today().isoformat(),
                                                     "done": "指导召开党员大会", "next_step": "发展入党积极分子"})
    assert response.status_code == 302
    assert "指导召开党员大会" in client.get("/instructor/").content.decode()
    page = client.post("/instructor/logs/new/", {"dispatch_id": colleague.pk, "visited_on": dt.date.today().isoformat(),
                                                 "done": "越权"}).content.decode()
    assert "越权" not in [log.done for log in WorkLog.objects.none()] and "有效的选项" in page
    with schema_context("jilin"):
        assert list(WorkLog.objects.values_list("done", flat=True)) == ["指导召开党员大会"]
        assert AuditEntry.objects.filter(action="work_log.record").count() == 1


def test_work_log_action_refuses_a_colleagues_dispatched_work(world, users):
    from accounts.actors import Actor
    from django.core.exceptions import ValidationError
    from registry.actions import work_log_record
    from tests.helpers import rules_here

    with schema_context("jilin"):
        # i1's colleague i4 dispatched to o3 as well: i1 sees the organization, not i4's log.
        from registry.models import Dispatch, Instructor

        i4 = Instructor.objects.create(name="指导员i4", region=world.regions["220100"])
        theirs = Dispatch.objects.create(instructor=i4, organization=world.orgs["o3"], started_on=dt.date.today())
        with pytest.raises(ValidationError) as refused:
            work_log_record(actor=Actor.for_user(users["instructor"]), rules=rules_here(),
                            data={"dispatch_id": theirs.pk, "visited_on": dt.date.today(), "done": "x"})
        assert "dispatch_id" in refused.value.message_dict


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed (ops/install-system-packages)")
def test_the_pdfs_print_chinese_with_the_fonts_embedded(world, users, tmp_path):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    client = logged_in("jilin", users["city"])
    for url, name in (("/reports/indicators.pdf", "indicators"), (f"/organizations/{world.orgs['o1'].uscc}/record.pdf", "record")):
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        pdf = tmp_path / f"{name}.pdf"
        pdf.write_bytes(response.content)
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"Noto-?Sans-?CJK.* yes ", fonts)  # the CJK font embedded
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "吉林省社会组织联合党委" in text
        assert ("社会组织党建工作指标" if name == "indicators" else "测试协会o1") in text
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(tmp_path / name)], check=True)
        assert (tmp_path / f"{name}-1.png").stat().st_size > 10_000
        shutil.copy(tmp_path / f"{name}-1.png", SCREENSHOTS / f"pdf-{name}.png")  # to look at
