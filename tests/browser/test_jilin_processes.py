"""Jilin's demonstration bases in a real browser: provincial staff open a round at 1366 px, an
organization's secretary applies on a 390 px phone from the process's form, staff see the
round's cases by stage, the bases list with valid-until and review dates and a base's plaque
data. Screenshots in test-output/screenshots/ (30-… to 35-…)."""
import datetime as dt

import pytest
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from .conftest import Page
from .data import Role, organization, party_organization, user_with_role, users_remove, workspace_remove
from .test_roles import DESKTOP, HOST, PHONE, no_horizontal_overflow

PROCESS = "demonstration_base"
YEAR = 2029  # a year no other test opens: the rows are committed while the test runs


def cases_remove(marker: str) -> None:
    from processes.models import Case, Meeting, Round

    with schema_context("jilin"):
        cases = Case.objects.filter(organization__name__contains=marker)
        rounds = set(cases.values_list("round_id", flat=True))
        meetings = set(cases.values_list("events__meeting_id", flat=True)) - {None}
        cases.delete()
        Meeting.objects.filter(pk__in=meetings).delete()
        Round.objects.filter(pk__in=rounds, year=YEAR).delete()
        Round.objects.filter(process=PROCESS, year=YEAR, cases__isnull=True).delete()


def name_base(case_id: int) -> None:
    """The application taken through every stage to its title by the actions (as the committee's staff would)."""
    import clock
    from accounts.actors import Actor
    from processes import actions
    from processes.workdays import province_calendar
    from province_rules.registry import rules_for
    from tests.processes.files import PDF, upload

    system, today = Actor.system("browser test"), clock.today()
    with schema_context("jilin"):
        rules = rules_for("jilin", today)
        for kind in ("self_report", "evidence"):
            actions.case_document_add(actor=system, rules=rules, case_id=case_id, kind=kind, uploaded=upload(f"{kind}.pdf", PDF))
        scores = [{"item": i.key, "score": i.max_score} for i in rules.process(PROCESS).scoring("criteria").items]
        actions.case_scores_record(actor=system, rules=rules, case_id=case_id, scores=scores)
        actions.case_act(actor=system, rules=rules, case_id=case_id, action="submit")
        actions.case_scores_record(actor=system, rules=rules, case_id=case_id, scores=scores)
        actions.case_act(actor=system, rules=rules, case_id=case_id, action="pass", data={"opinion": "材料齐全"})
        actions.case_act(actor=system, rules=rules, case_id=case_id, action="assessed", data={
            "team": "省社会组织联合党委考核组", "assessed_on": today.isoformat(), "methods": ["查看资料", "实地检查", "座谈走访"],
            "opinion": "党建工作扎实"})
        actions.meeting_decide(actor=system, rules=rules, process=PROCESS, held_on=today, title="全体委员会议（浏览器测试）",
                               decisions=[{"case": case_id, "decision": "approve"}])
        day = province_calendar().add_working_days(today, 5).ends_on + dt.timedelta(days=1)
        actions.case_act(actor=system, rules=rules, case_id=case_id, action="notice_end", today=day)
        actions.case_act(actor=system, rules=rules, case_id=case_id, action="name", today=day,
                         data={"notice_number": "吉社联党发〔2026〕88号", "notice_date": day.isoformat()})


@pytest.mark.browser
def test_a_round_an_application_on_a_phone_and_the_bases_list(browser_page, chromium, live_server_port, committed, unique):
    marker = f"示范{unique}"
    staff_name, secretary_name = f"base-staff-{unique}", f"base-secretary-{unique}"
    secretary = None
    try:
        with schema_context("jilin"):
            org = organization(f"吉林省{marker}行业协会", "220100", registration_level="province")
            party_organization(f"吉林省{marker}行业协会党支部", "220100", covers=org)
        _, device = user_with_role("jilin", staff_name, Role.PROVINCIAL_STAFF, second_factor=True)
        user_with_role("jilin", secretary_name, Role.ORGANIZATION_SECRETARY, organization=org)

        staff = browser_page
        page = staff.page
        page.set_viewport_size(DESKTOP)
        staff.login(HOST, staff_name, totp_device=device)
        staff.goto(HOST, "/processes/")
        section = page.locator(f"#process-{PROCESS}")
        expect(section).to_contain_text("党建创新示范基地")
        section.get_by_label("年度").fill(str(YEAR))
        section.get_by_label("开始申报").fill(dt.date.today().isoformat())
        section.get_by_label("截止日期").fill(f"{YEAR}-07-10")
        section.get_by_role("button", name="开启批次").click()
        expect(page.get_by_text("已开启申报批次")).to_be_visible()
        expect(page.locator(f"#process-{PROCESS}")).to_contain_text(f"{YEAR}-07-10")
        staff.check()
        staff.screenshot("30-jilin-processes-round-open")

        # The secretary applies on a phone.
        secretary = Page(chromium, live_server_port)
        spage = secretary.page
        spage.set_viewport_size(PHONE)
        secretary.login(HOST, secretary_name)
        secretary.goto(HOST, f"/processes/{PROCESS}/apply/")
        expect(spage.get_by_text("在省级社会组织中开展创建")).to_be_visible()
        expect(spage.get_by_label("社会组织统一社会信用代码")).to_have_value(org.uscc)
        spage.get_by_label("批次").select_option(str(YEAR))
        secretary.check()
        no_horizontal_overflow(spage)
        secretary.screenshot("31-jilin-base-apply-phone", full_page=True)
        spage.get_by_role("button", name="提交申报").click()
        expect(spage.get_by_text("已立案：党建创新示范基地")).to_be_visible()
        expect(spage.locator("#current-stage")).to_have_text("自评申报")
        expect(spage.get_by_text("缺少材料：书面自评报告（001 三(一)）")).to_be_visible()
        secretary.check()
        no_horizontal_overflow(spage)
        secretary.screenshot("32-jilin-base-case-phone", full_page=True)
        case_id = int(spage.url.rstrip("/").split("/")[-1])

        # The committee: the round's cases by stage, then the named base, its dates and its plaque data.
        staff.goto(HOST, "/processes/")
        expect(page.locator(f"#process-{PROCESS}")).to_contain_text("自评申报 1")
        name_base(case_id)
        staff.goto(HOST, f"/processes/{PROCESS}/holders/")
        row = page.locator("#holders tr", has_text=org.name)
        expect(row).to_contain_text("吉社联党发〔2026〕88号")
        expect(row).to_contain_text("示范基地（有效期内）")
        staff.check()
        staff.screenshot("33-jilin-bases-list")
        page.set_viewport_size(PHONE)
        staff.goto(HOST, f"/processes/{PROCESS}/holders/")
        no_horizontal_overflow(page)
        staff.screenshot("34-jilin-bases-list-phone", full_page=True)
        page.set_viewport_size(DESKTOP)
        row = page.locator("#holders tr", has_text=org.name)
        row.get_by_role("link", name=org.name).click()
        expect(page.locator("#recorded")).to_contain_text("命名通知文号")
        expect(page.locator("#recorded")).to_contain_text("查看资料、实地检查、座谈走访")
        staff.check()
        staff.screenshot("35-jilin-base-plaque", full_page=True)
        assert secretary.errors == []
    finally:
        if secretary is not None:
            secretary.close()
        cases_remove(marker)
        users_remove("jilin", staff_name, secretary_name)
        workspace_remove("jilin", marker)


def test_the_pages_of_a_process_without_validity_or_of_no_process_are_not_found(jilin):
    """(Also gives this file a test with ``db``, which the live server needs.)"""
    from accounts.models import Role as Roles
    from tests.accounts.conftest import logged_in, make_user

    with schema_context("jilin"):
        user = make_user("holders-404", Roles.PROVINCIAL_STAFF)
    client = logged_in("jilin", user)
    assert client.get("/processes/dispatched_branch/holders/").status_code == 404
    assert client.get("/processes/unknown/holders/").status_code == 404
    assert client.get(f"/processes/{PROCESS}/holders/").status_code == 200
