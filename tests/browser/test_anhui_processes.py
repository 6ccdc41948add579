"""Anhui's committee at work in a real browser: the establishment meeting page at 1366 px
(the batch with each application's facts; two approved, one rejected with its reason), the
case list after it, and on a 390 px phone the quarter's bulletin of the dispatches, the
dispatch outcomes and the rule proposals. Screenshots in test-output/screenshots/."""
import datetime as dt

import pytest
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from accounts.actors import Actor
from province_rules.registry import rules_for
from registry.actions import member_upsert, organization_upsert
from tests.registry.factories import make_id_number, make_uscc

from .data import Role, user_with_role, users_remove
from .test_roles import DESKTOP, PHONE, no_horizontal_overflow

HOST = "anhui.localhost"
PROCESS = "party_org_establishment"


def _rules():
    return rules_for("anhui", dt.date.today())


def _organization(name: str, full_time: int):
    system = Actor.system("browser-test")
    org, _ = organization_upsert(actor=system, rules=_rules(), data={
        "uscc": make_uscc("340100"), "name": name, "kind": "social_group", "registration_level": "province",
        "region_code": "340100"})
    for index in range(full_time):
        member_upsert(actor=system, rules=_rules(), data={"name": f"{name[-6:]}党员{index}", "id_number": make_id_number("340102"),
                                                          "role": "full_time", "organization_uscc": org.uscc})
    return org


def _to_meeting(org, name, *, form="单独组建", others=()):
    from processes.actions import case_act, case_open

    system = Actor.system("browser-test")
    case = case_open(actor=system, rules=_rules(), process=PROCESS, organization_uscc=org.uscc,
                     organizations=[o.uscc for o in others], data={"party_org_name": name, "party_org_form": form})
    for action in ("submit", "to_meeting"):
        case_act(actor=system, rules=_rules(), case_id=case.pk, action=action)
    return case


def _remove(marker: str) -> None:
    from processes.models import Case, Meeting
    from registry.models import Member, PartyOrganization, SocialOrganization

    with schema_context("anhui"):
        organizations = SocialOrganization.objects.filter(name__contains=marker)
        cases = Case.objects.filter(organization__in=organizations)
        meetings = list(Meeting.objects.filter(events__case__in=cases).values_list("pk", flat=True))
        cases.delete()
        Meeting.objects.filter(pk__in=meetings).delete()
        PartyOrganization.objects.filter(name__contains=marker).delete()
        Member.objects.filter(organization__in=organizations).delete()
        organizations.delete()


@pytest.mark.browser
def test_the_committee_decides_a_batch_on_the_meeting_page_and_reads_its_follow_up_on_a_phone(
        browser_page, chromium, live_server_port, committed, unique):
    marker = f"浏览器{unique}"
    staff_name = f"anhui-staff-{unique}"
    try:
        with schema_context("anhui"):
            own = _organization(f"安徽省{marker}行业协会", 3)
            small_a = _organization(f"安徽省{marker}学会", 1)
            small_b = _organization(f"安徽省{marker}研究会", 1)
            short = _organization(f"安徽省{marker}促进会", 1)
            cases = [_to_meeting(own, f"{own.name}党支部"),
                     _to_meeting(small_a, f"{marker}联合党支部", form="联合组建", others=[small_b]),
                     _to_meeting(short, f"{short.name}党支部")]
        _, device = user_with_role("anhui", staff_name, Role.PROVINCIAL_STAFF, second_factor=True)
        page = browser_page.page
        page.set_viewport_size(DESKTOP)
        browser_page.login(HOST, staff_name, totp_device=device)
        browser_page.goto(HOST, f"/processes/{PROCESS}/meeting/")
        expect(page.get_by_role("heading", name="会议审定：党组织成立审批")).to_be_visible()
        table = page.locator("#meeting-table")
        expect(table).to_contain_text("按本省规则计入正式党员3名，应单独组建")
        expect(table).to_contain_text(small_b.name)
        expect(table).to_contain_text("组建方式：联合组建")
        browser_page.check()
        browser_page.screenshot("40-anhui-meeting-batch")
        own_case, joint_case, short_case = cases
        for case in (own_case, joint_case):
            page.locator(f'input[name="decision.{case.pk}"][value="approve"]').check()
        page.locator(f'input[name="decision.{short_case.pk}"][value="reject"]').check()
        page.get_by_label(f"编号{short_case.pk}的理由").fill("专职工作人员中正式党员仅1名，不符合单独组建条件；下一步可联合相邻社会组织组建")
        page.get_by_role("button", name="记录会议决定").click()
        page.wait_for_load_state("networkidle")
        expect(page.get_by_text("审定3个事项")).to_be_visible()
        browser_page.screenshot("41-anhui-after-meeting")
        with schema_context("anhui"):
            from processes.models import Case

            assert Case.objects.get(pk=own_case.pk).party_organization.name == f"{own.name}党支部"
            assert Case.objects.get(pk=joint_case.pk).party_organization.covered_organizations.count() == 2
            assert Case.objects.get(pk=short_case.pk).outcome == "rejected"

        # On a phone: the case of the joint branch, the dispatches' quarter bulletin, outcomes, proposals.
        page.set_viewport_size(PHONE)
        browser_page.goto(HOST, f"/cases/{joint_case.pk}/")
        expect(page.locator("#current-stage")).to_have_text("达标验收")
        browser_page.screenshot("42-anhui-standardization-phone", full_page=True)
        no_horizontal_overflow(page)
        browser_page.check()
        browser_page.goto(HOST, "/processes/instructor_dispatch/bulletin/")
        expect(page.get_by_role("heading", name="党建工作指导员派驻")).to_be_visible()
        browser_page.screenshot("43-anhui-bulletin-phone", full_page=True)
        no_horizontal_overflow(page)
        browser_page.goto(HOST, "/instructors/outcomes/")
        expect(page.get_by_role("heading", name="指导员派驻成效")).to_be_visible()
        browser_page.screenshot("44-anhui-dispatch-outcomes-phone", full_page=True)
        no_horizontal_overflow(page)
        browser_page.goto(HOST, "/rules/proposals/")
        expect(page.get_by_text("“3名正式党员”计入管理人员")).to_be_visible()
        browser_page.screenshot("45-anhui-proposals-phone", full_page=True)
        no_horizontal_overflow(page)
        browser_page.check()
    finally:
        users_remove("anhui", staff_name)
        _remove(marker)
