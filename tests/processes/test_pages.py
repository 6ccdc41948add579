"""The web pages of the engine (Chinese): the process list with its rounds, the case list
with filters and CSV export, a case page with its stage, what is missing, the user's actions,
documents, scores and history, the committee meeting deciding a batch; another city's user
gets 404."""
import datetime as dt

from django.test import Client
from django_tenants.utils import schema_context

import clock
from accounts.actors import Actor
from processes import actions
from processes.models import Case
from province_rules.registry import rules_for

from .conftest import CODE, org_create
from .files import PDF, upload
from .test_api import full_scores


def browser(world, who):
    from django_otp import DEVICE_ID_SESSION_KEY

    from tests.accounts.conftest import totp_device

    client = Client(HTTP_HOST=f"{CODE}.localhost")
    with schema_context(CODE):
        client.force_login(world.users[who])
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = totp_device(world.users[who]).persistent_id
        session.save()
    return client


def test_the_pages_open_a_round_take_an_application_to_a_meeting_and_decide_it(world):
    today = clock.today()
    committee, secretary = browser(world, "provincial"), browser(world, "secretary")
    page = committee.get("/processes/")
    assert page.status_code == 200 and "测试示范点创建" in page.content.decode() and "001 三(一)" in page.content.decode()
    opened = committee.post("/processes/demo_point/rounds/", {"year": today.year, "opens_on": (today - dt.timedelta(days=1)).isoformat(),
                                                             "deadline": (today + dt.timedelta(days=5)).isoformat()}, follow=True)
    assert "已开启申报批次" in opened.content.decode()
    with schema_context(CODE):
        rules = rules_for("testland", clock.today())
        case = actions.case_open(actor=Actor.for_user(world.users["secretary"]), rules=rules, process="demo_point",
                                 organization_uscc=world.orgs["provincial"].uscc)
        other = actions.case_open(actor=Actor.system("test"), rules=rules, process="demo_point",
                                  organization_uscc=org_create("340100", "province", "安徽省页面测试协会").uscc)
    detail = secretary.get(f"/cases/{case.pk}/").content.decode()
    assert "缺少材料：自评报告（001 三(一)）" in detail and 'id="action-submit"' in detail and "待核实" in detail
    refused = secretary.post(f"/cases/{case.pk}/act/", {"action": "submit"}, follow=True).content.decode()
    assert "缺少材料：自评报告" in refused
    secretary.post(f"/cases/{case.pk}/documents/", {"kind": "self_report", "file": upload("自评.pdf", PDF)})
    scores = {f"score.{e['item']}": e["score"] for e in full_scores()["scores"]}
    secretary.post(f"/cases/{case.pk}/scores/", scores)
    submitted = secretary.post(f"/cases/{case.pk}/act/", {"action": "submit"}, follow=True).content.decode()
    assert "已提交申报" in submitted and 'id="current-stage">初审<' in submitted
    committee.post(f"/cases/{case.pk}/scores/", scores)
    committee.post(f"/cases/{case.pk}/act/", {"action": "pass"})
    committee.post(f"/cases/{case.pk}/act/", {"action": "assessed", "data.team": "考核组", "data.assessed_on": today.isoformat(),
                                              "data.methods": ["查看资料", "实地检查"], "data.opinion": "符合"})
    with schema_context(CODE):
        assert Case.objects.get(pk=case.pk).stage == "meeting"
        system = Actor.system("test")
        other_case = other.pk
        actions.case_document_add(actor=system, rules=rules, case_id=other_case, kind="self_report", uploaded=upload("a.pdf", PDF))
        actions.case_scores_record(actor=system, rules=rules, case_id=other_case, scores=full_scores()["scores"])
        actions.case_act(actor=system, rules=rules, case_id=other_case, action="submit")
        actions.case_scores_record(actor=system, rules=rules, case_id=other_case, scores=full_scores()["scores"])
        actions.case_act(actor=system, rules=rules, case_id=other_case, action="pass")
        actions.case_act(actor=system, rules=rules, case_id=other_case, action="assessed", data={
            "team": "考核组", "assessed_on": today.isoformat(), "methods": ["座谈走访"], "opinion": "基本符合"})
    meeting = committee.get("/processes/demo_point/meeting/").content.decode()
    assert meeting.count('name="decision.') == 6  # two cases, three decisions each
    no_reason = committee.post("/processes/demo_point/meeting/", {
        "title": "全体委员会议", "held_on": today.isoformat(), f"decision.{case.pk}": "approve",
        f"decision.{other_case}": "reject"}).content.decode()
    assert "须说明理由" in no_reason
    done = committee.post("/processes/demo_point/meeting/", {
        "title": "全体委员会议", "held_on": today.isoformat(), f"decision.{case.pk}": "approve",
        f"decision.{other_case}": "reject", f"reason.{other_case}": "不符合创建标准"}, follow=True).content.decode()
    assert "审定2个事项" in done
    notice = committee.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="current-stage">公示<' in notice and "公示截止" in notice and "全体委员会议" in notice
    # The list filters by stage and exports.
    listed = committee.get("/cases/?process=demo_point&stage=notice").content.decode()
    assert f'href="/cases/{case.pk}/"' in listed and f'href="/cases/{other_case}/"' not in listed
    exported = committee.get("/cases/?process=demo_point&format=csv")
    assert exported["Content-Type"].startswith("text/csv") and "公示" in exported.content.decode("utf-8-sig")
    # Another city's committee: 404 on the page and the document.
    wuhu = browser(world, "wuhu")
    assert wuhu.get(f"/cases/{case.pk}/").status_code == 404
    with schema_context(CODE):
        document = Case.objects.get(pk=case.pk).documents.first().pk
    assert wuhu.get(f"/cases/{case.pk}/documents/{document}/").status_code == 404
    assert browser(world, "hefei").get(f"/cases/{case.pk}/documents/{document}/").content == PDF
    assert f'/cases/{case.pk}/' not in wuhu.get("/cases/").content.decode()


def test_the_national_domain_serves_no_case_pages_or_documents(world, national_client):
    assert national_client.get("/cases/1/").status_code == 404
    assert national_client.get("/api/v1/cases/1/documents/1").status_code == 404
