"""An organization's own pages (its secretary and liaison): members with the ID number typed
once and masked after, transfers, Party life with attendance against the year's requirements,
trainings; every write through the registry actions, in the audit log; another organization
is a 404."""
import datetime as dt
import re

from django_tenants.utils import schema_context

import clock
from audit.models import AuditEntry
from submissions.actions import submission_year_default
from privacy.masking import mask_id_number
from registry.models import Activity, Member, MemberTransfer, Training
from tests.registry.factories import make_id_number

from .conftest import logged_in


def _audit(action: str) -> int:
    with schema_context("jilin"):
        return AuditEntry.objects.filter(action=action).count()


def test_a_liaison_lands_on_their_organization_and_sees_what_is_missing(world, users):
    client = logged_in("jilin", users["liaison"])
    home = client.get("/")
    assert home.status_code == 302 and home["Location"] == f"/organizations/{world.orgs['o2'].uscc}/home/"
    page = client.get(home["Location"]).content.decode()
    assert "需要补充和办理的事项" in page and "章程尚未写入党建工作内容" in page
    assert "年党建工作年度报告尚未提交" in page
    assert "按本省规则" in page and "评估等级上限" in page
    assert "待办提醒" in page and "申请与办理" in page
    # The menu is the organization's, not the committee's lists.
    assert "应建未建" not in page.split('<main id="main">')[0]


def test_a_liaison_adds_a_member_once_then_sees_the_id_number_masked(world, users):
    client = logged_in("jilin", users["liaison"])
    uscc = world.orgs["o2"].uscc
    id_number = make_id_number()
    before = _audit("member.upsert")
    response = client.post(f"/organizations/{uscc}/members/new/", {
        "name": "张红", "id_number": id_number, "phone": "13912340000", "status": "probationary",
        "joined_on": "2024-07-01", "roles": ["management", "full_time"], "relation": "here", "party_organization": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    listing = client.get(f"/organizations/{uscc}/members/").content.decode()
    assert "管理层、专职工作人员" in listing or "管理层" in listing
    assert "张红" in listing and id_number not in listing and mask_id_number(id_number) in listing
    assert "13912340000" not in listing
    with schema_context("jilin"):
        member = Member.objects.get(name="张红")
    edit = client.get(f"/organizations/{uscc}/members/{member.pk}/edit/").content.decode()
    assert id_number not in edit and "13912340000" not in edit and 'name="id_number"' not in edit
    response = client.post(f"/organizations/{uscc}/members/{member.pk}/edit/", {
        "name": "张红", "phone": "", "status": "formal", "joined_on": "2024-07-01", "roles": ["leader"],
        "relation": "here", "party_organization": ""})
    assert response.status_code == 302
    with schema_context("jilin"):
        member.refresh_from_db()
        assert (member.status, member.roles, member.phone) == ("formal", ["leader"], "13912340000")
    assert _audit("member.upsert") == before + 2
    # The ID number and the relation transfer
    response = client.post(f"/organizations/{uscc}/members/{member.pk}/transfer/", {
        "direction": "out", "counterpart": "长春市某街道党工委", "transferred_on": dt.date.today().isoformat(),
        "status": "done", "note": ""})
    assert response.status_code == 302
    with schema_context("jilin"):
        member.refresh_from_db()
        assert member.relation == "elsewhere"
        assert MemberTransfer.objects.filter(member=member, direction="out", status="done").exists()


def test_bad_member_input_gets_the_actions_words_and_writes_nothing(world, users):
    client = logged_in("jilin", users["liaison"])
    uscc = world.orgs["o2"].uscc
    with schema_context("jilin"):
        count = Member.objects.count()
    page = client.post(f"/organizations/{uscc}/members/new/", {
        "name": "", "id_number": "123", "status": "formal", "role": "other", "relation": "here",
        "joined_on": (dt.date.today() + dt.timedelta(days=3)).isoformat()}).content.decode()
    assert "姓名不能为空" in page and "入党日期不能晚于今天" in page and "公民身份号码" in page
    with schema_context("jilin"):
        assert Member.objects.count() == count


def test_another_organization_is_not_found(world, users):
    client = logged_in("jilin", users["liaison"])
    other = world.orgs["o1"].uscc
    for path in ("home/", "members/", "members/new/", "activities/", "reports/", f"members/{world.members['m1'].pk}/edit/"):
        assert client.get(f"/organizations/{other}/{path}").status_code == 404, path
    response = client.post(f"/organizations/{other}/members/new/", {
        "name": "越权", "id_number": make_id_number(), "status": "formal", "role": "other", "relation": "here"})
    assert response.status_code == 404
    # A member of another organization cannot be taken over by typing their ID number.
    with schema_context("jilin"):
        foreign = Member.objects.get(pk=world.members["m1"].pk)
    response = client.post(f"/organizations/{world.orgs['o2'].uscc}/members/new/", {
        "name": "越权", "id_number": foreign.id_number, "status": "formal", "role": "other", "relation": "here"})
    assert response.status_code == 404
    with schema_context("jilin"):
        assert Member.objects.get(pk=foreign.pk).organization_id == world.orgs["o1"].pk


def test_the_secretary_records_a_meeting_with_attendance_and_a_training(world, users):
    client = logged_in("jilin", users["secretary"])
    uscc = world.orgs["o1"].uscc
    member = world.members["m1"]
    response = client.post(f"/organizations/{uscc}/activities/new/", {
        "kind": "general_meeting", "held_on": dt.date.today().isoformat(), "title": "学习党章",
        "attendee_ids": [member.pk]})
    assert response.status_code == 302, response.content.decode()[:3000]
    with schema_context("jilin"):
        activity = Activity.objects.get(title="学习党章")
        assert list(activity.attendees.values_list("pk", flat=True)) == [member.pk]
    page = client.get(f"/organizations/{uscc}/activities/").content.decode()
    assert "学习党章" in page and "1 人" in page and "支部党员大会" in page
    # A member of another organization cannot be marked present.
    page = client.post(f"/organizations/{uscc}/activities/new/", {
        "kind": "theme_day", "held_on": dt.date.today().isoformat(), "title": "越权",
        "attendee_ids": [world.members["m2"].pk]}).content.decode()
    assert "越权" not in [a.title for a in Activity.objects.none()]
    assert "选择一个有效的选项" in page or "不在本省党员库中" in page
    response = client.post(f"/organizations/{uscc}/trainings/new/", {
        "member_id": member.pk, "title": "书记集中轮训", "started_on": dt.date.today().isoformat(), "days": "2",
        "concentrated": "on"})
    assert response.status_code == 302
    with schema_context("jilin"):
        assert Training.objects.filter(member=member, title="书记集中轮训").exists()


def test_read_only_roles_cannot_write(world, users):
    client = logged_in("jilin", users["supervisor"])
    uscc = world.orgs["o1"].uscc
    assert client.get(f"/organizations/{uscc}/members/new/").status_code == 403
    assert "登记党员" not in client.get(f"/organizations/{uscc}/members/").content.decode()


def test_the_annual_report_is_submitted_returned_with_a_demand_and_fixed(world, users):
    liaison, staff = logged_in("jilin", users["secretary"]), logged_in("jilin", users["city"])
    uscc = world.orgs["o1"].uscc
    year = submission_year_default(clock.today())  # the year the home page asks for
    url = f"/organizations/{uscc}/reports/annual_report/{year}/"
    filled = {"party_life": "全年召开支部党员大会4次", "work_done": "开展志愿服务", "secretary_report": "",
              "problems": "活动形式单一", "plan": "每月开展主题党日"}
    incomplete = liaison.post(url, {**filled, "plan": "", "submit": "1"}).content.decode()
    assert "请填写“下一年度工作计划”" in incomplete
    assert liaison.post(url, {**filled, "submit": "1"}).status_code == 302
    queue = staff.get("/reviews/").content.decode()
    assert world.orgs["o1"].name in queue
    # The liaison cannot review; staff must give a demand to return it.
    assert "提交审核结论" not in liaison.get(url).content.decode()
    liaison.post(url + "review/", {"decision": "accept"})
    staff.post(url + "review/", {"decision": "return", "demand": ""})
    with schema_context("jilin"):
        from submissions.models import Submission

        assert Submission.objects.get(organization=world.orgs["o1"]).status == "submitted"
    staff.post(url + "review/", {"decision": "return", "demand": "请补充民主评议党员的情况"})
    page = liaison.get(url).content.decode()
    assert "上级党组织退回整改" in page and "请补充民主评议党员的情况" in page and "002 第九条(二)" in page
    home = liaison.get(f"/organizations/{uscc}/home/").content.decode()
    assert "被退回：请补充民主评议党员的情况" in home
    assert liaison.post(url, {**filled, "party_life": "全年召开支部党员大会4次，民主评议党员1次", "submit": "1"}).status_code == 302
    staff.post(url + "review/", {"decision": "accept"})
    with schema_context("jilin"):
        submission = Submission.objects.get(organization=world.orgs["o1"])
        assert submission.status == "accepted" and [h["step"] for h in submission.history] == [
            "submitted", "returned", "submitted", "accepted"]
    assert "已审核通过" in liaison.get(url).content.decode()
    assert _audit("submission.return") >= 1 and _audit("submission.accept") >= 1


def test_the_jilin_inspection_checklist_needs_a_note_for_each_no(world, users):
    client = logged_in("jilin", users["secretary"])
    uscc = world.orgs["o1"].uscc
    url = f"/organizations/{uscc}/reports/inspection_checklist/{dt.date.today().year - 1}/"
    page = client.get(url).content.decode()
    assert "社会组织党建工作年检清单" in page and "002 第九条(二)" in page
    keys = re.findall(r'name="([a-z_]+)__met"', page)
    assert "party_org_built" in keys
    answers = {f"{key}__met": "yes" for key in keys}
    answers["mass_organizations__met"] = "no"
    page = client.post(url, {**answers, "submit": "1"}).content.decode()
    assert "选择“否”的，请说明原因和整改措施" in page
    answers["mass_organizations__note"] = "年内筹建工会"
    assert client.post(url, {**answers, "submit": "1"}).status_code == 302
