"""Each role at its work in a real browser, at 1366 px and on a 390 px phone: a liaison adds a
member, records a meeting with attendance and submits the annual report; city staff return it
with a rectification demand; the liaison fixes it; staff accept it. An instructor logs a
visit. City staff open every dashboard figure into its list and export it (the export holds
exactly the rows shown) and print the PDF. Screenshots in test-output/screenshots/."""
import base64
import csv
import datetime as dt
import io
import re
import subprocess

import pytest
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from regions.models import Region
from tests.registry.factories import make_id_number

from .conftest import SCREENSHOTS, Page
from .data import (
    Role, instructor_dispatched, organization, party_organization, user_with_role, users_remove, workspace_remove,
)

HOST = "jilin.localhost"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}


def no_horizontal_overflow(page) -> None:
    """At phone width nothing but a table's own scroller is wider than the screen."""
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"the page is {width}px wide"


@pytest.mark.browser
def test_liaison_reports_and_staff_review_on_desktop_and_phone(browser_page, chromium, live_server_port, committed, unique):
    marker = f"浏览器{unique}"
    liaison_name, staff_name = f"web-liaison-{unique}", f"web-staff-{unique}"
    staff = None
    try:
        with schema_context("jilin"):
            org = organization(f"长春市{marker}软件行业协会", "220100", members=2)
            party_organization(f"{marker}软件行业协会党支部", "220100", covers=org)
            city = Region.objects.get(code="220100")
        user_with_role("jilin", liaison_name, Role.ORGANIZATION_LIAISON, organization=org)
        user_with_role("jilin", staff_name, Role.CITY_STAFF, region=city)
        liaison = browser_page
        page = liaison.page
        page.set_viewport_size(PHONE)
        liaison.login(HOST, liaison_name)
        expect(page.get_by_role("heading", name=org.name)).to_be_visible()
        expect(page.get_by_text("需要补充和办理的事项")).to_be_visible()
        liaison.check()
        no_horizontal_overflow(page)
        liaison.screenshot("10-liaison-home-phone", full_page=True)

        # Add a member: the ID number typed once, masked after.
        id_number = make_id_number()
        page.get_by_role("link", name="登记党员").first.click()
        page.get_by_label("姓名").fill("李晓梅")
        page.get_by_label("公民身份号码").fill(id_number)
        page.get_by_label("联系电话").fill("13900001234")
        page.get_by_label("党员类别").select_option("probationary")
        page.get_by_label("入党日期").fill("2025-07-01")
        page.get_by_label("管理层").check()  # several roles: a full-time 秘书长 is both
        page.get_by_label("专职工作人员").check()
        liaison.check()
        no_horizontal_overflow(page)
        liaison.screenshot("11-liaison-member-form-phone", full_page=True)
        page.get_by_role("button", name="保存").click()
        expect(page.get_by_text("已登记党员：李晓梅")).to_be_visible()
        table = page.locator("#member-table")
        expect(table).to_contain_text("李晓梅")
        expect(table).to_contain_text(id_number[:3] + "*" * 11 + id_number[-4:])
        expect(table).not_to_contain_text(id_number)
        no_horizontal_overflow(page)
        liaison.screenshot("12-liaison-members-phone", full_page=True)

        # Record a meeting with the members present.
        page.get_by_role("link", name="组织生活").first.click()
        page.get_by_role("link", name="记录组织生活").click()
        page.get_by_label("类别").select_option("general_meeting")
        page.get_by_label("主题").fill("学习贯彻党的二十届三中全会精神")
        page.get_by_label("李晓梅").check()
        page.get_by_label(re.compile("党员0")).check()
        expect(page.locator("output[data-count-of='attendee_ids']")).to_have_text("2")
        liaison.check()
        no_horizontal_overflow(page)
        liaison.screenshot("13-liaison-meeting-form-phone", full_page=True)
        page.get_by_role("button", name="保存").click()
        expect(page.get_by_text("出席2人")).to_be_visible()
        expect(page.locator("#activity-table")).to_contain_text("2 人")
        liaison.screenshot("14-liaison-party-life-phone", full_page=True)

        # The annual report: fill in and submit.
        page.get_by_role("link", name="年报与年检").first.click()
        page.get_by_role("link", name=re.compile("党建工作年度报告")).click()
        page.get_by_label("组织生活开展情况").fill("召开支部党员大会4次，主题党日12次")
        page.get_by_label("党建工作主要做法和成效").fill("组织党员服务会员企业")
        page.get_by_label("存在的问题").fill("活动形式单一")
        page.get_by_label("下一年度工作计划").fill("每月开展主题党日")
        liaison.check()
        page.get_by_role("button", name="提交审核").click()
        expect(page.get_by_text("已提交，等待审核")).to_be_visible()
        report_url = page.url

        # City staff, on a desktop: the review queue, a return with a demand.
        staff = Page(chromium, live_server_port)
        staff.login(HOST, staff_name)
        staff.page.get_by_role("link", name="年报审核").click()
        expect(staff.page.locator("#review-table")).to_contain_text(org.name)
        staff.check()
        staff.screenshot("15-staff-review-queue")
        staff.page.locator("#review-table tr", has_text=org.name).get_by_role("link", name="审核").click()
        staff.page.get_by_label("退回整改").check()
        staff.page.get_by_role("button", name="提交审核结论").click()
        expect(staff.page.get_by_text("退回整改须写明整改要求")).to_be_visible()  # a return needs its demand
        staff.page.get_by_label("退回整改").check()
        staff.page.get_by_label("整改要求").fill("请补充民主评议党员的开展情况")
        staff.check()
        staff.screenshot("16-staff-return-with-demand")
        staff.page.get_by_role("button", name="提交审核结论").click()
        expect(staff.page.get_by_text("已退回整改")).to_be_visible()

        # The liaison sees what to fix, fixes it and submits again.
        page.goto(report_url)
        expect(page.locator("#demand")).to_contain_text("请补充民主评议党员的开展情况")
        expect(page.locator("#demand")).to_contain_text("002 第九条(二)")
        no_horizontal_overflow(page)
        liaison.screenshot("17-liaison-returned-phone", full_page=True)
        page.get_by_label("组织生活开展情况").fill("召开支部党员大会4次，主题党日12次，民主评议党员1次")
        page.get_by_role("button", name="提交审核").click()
        expect(page.get_by_text("已提交，等待审核")).to_be_visible()

        staff.page.goto(report_url)
        staff.page.get_by_label("审核通过").check()
        staff.page.get_by_role("button", name="提交审核结论").click()
        expect(staff.page.locator(".messages")).to_contain_text("审核通过")
        staff.page.set_viewport_size(PHONE)
        staff.page.goto(report_url)
        expect(staff.page.get_by_text("已审核通过").first).to_be_visible()
        no_horizontal_overflow(staff.page)
        staff.screenshot("18-staff-accepted-phone", full_page=True)

        # Another organization is not found for the liaison.
        response = page.goto(liaison.url(HOST, "/organizations/51220100MJ0000001X/home/"))
        assert response.status == 404
        expect(page.get_by_role("heading", name="未找到")).to_be_visible()  # the edge's error page, in Chinese
        expect(page.locator("a[href='/']").first).to_be_visible()  # with a way back
        liaison.screenshot("19-liaison-404-phone")
        page.wait_for_load_state("networkidle")  # the page's own resources load after it; a late 404 would count
        missing = liaison.url(HOST, "/organizations/51220100MJ0000001X/home/")
        assert f"404 {missing}" in liaison.errors
        # The page itself only: its console line and its response; anything else (a favicon) stays an error.
        liaison.errors[:] = [e for e in liaison.errors if e != f"404 {missing}" and "status of 404" not in e]
        assert not any(e.startswith("404 ") for e in liaison.errors), liaison.errors
        assert staff.errors == []
    finally:
        if staff is not None:
            staff.close()
        users_remove("jilin", liaison_name, staff_name)
        workspace_remove("jilin", marker)


@pytest.mark.browser
def test_instructor_logs_a_visit_and_city_staff_drill_into_every_figure(browser_page, chromium, live_server_port, committed,
                                                                       unique, tmp_path):
    marker = f"浏览器{unique}"
    instructor_name, staff_name = f"web-instructor-{unique}", f"web-city2-{unique}"
    try:
        with schema_context("jilin"):
            org = organization(f"长春市{marker}养老服务中心", "220100", kind="private_non_enterprise", employees=20)
            instructor, dispatch = instructor_dispatched(f"{marker}王指导员", "220100", org,
                                                         plan="第1个月：摸清党员底数\n第3个月：成立党支部")
            city = Region.objects.get(code="220100")
            from registry.actions import instructor_evaluation_record
            from tests.helpers import SYSTEM, rules_here

            today = dt.date.today()
            instructor_evaluation_record(actor=SYSTEM, rules=rules_here(), data={
                "instructor_id": instructor.pk, "year": today.year, "quarter": (today.month - 1) // 3 + 1,
                "result": "competent", "comment": "按计划完成走访，党员底数已摸清"})
        user_with_role("jilin", instructor_name, Role.INSTRUCTOR, instructor=instructor)
        user_with_role("jilin", staff_name, Role.CITY_STAFF, region=city)
        page = browser_page.page
        page.set_viewport_size(PHONE)
        browser_page.login(HOST, instructor_name)
        expect(page.get_by_role("heading", name="我的派驻")).to_be_visible()
        expect(page.get_by_text("摸清党员底数")).to_be_visible()
        page.get_by_role("link", name="记录到此组织的走访").click()
        page.get_by_label("开展的工作").fill("与负责人座谈，摸排党员3名")
        page.get_by_label("下一步").fill("督促转接组织关系")
        browser_page.check()
        no_horizontal_overflow(page)
        browser_page.screenshot("20-instructor-log-form-phone", full_page=True)
        page.get_by_role("button", name="保存").click()
        expect(page.locator("#work-log-table")).to_contain_text("摸排党员3名")
        expect(page.locator("#evaluation-table")).to_contain_text("党员底数已摸清")  # the committee's quarterly evaluation
        no_horizontal_overflow(page)
        browser_page.screenshot("21-instructor-home-phone", full_page=True)

        staff = Page(chromium, live_server_port)
        try:
            staff.login(HOST, staff_name)
            spage = staff.page
            figures = spage.locator("a.card[id^='figure-']")
            hrefs = [figures.nth(i).get_attribute("href") for i in range(figures.count())]
            assert len([h for h in hrefs if h.startswith("/lists/")]) >= 7
            staff.screenshot("22-city-dashboard-figures")
            for href in hrefs:
                if not href.startswith("/lists/"):
                    continue
                staff.goto(HOST, href + "?q=" + marker)
                shown = spage.locator("#drill-table tbody th[scope=row] a").all_inner_texts()
                with spage.expect_download() as download:
                    spage.locator("#export-csv").click()
                path = tmp_path / "list.csv"
                download.value.save_as(path)
                exported = [row[0] for row in list(csv.reader(io.StringIO(path.read_text("utf-8-sig"))))[1:]]
                assert exported == shown, href
            staff.goto(HOST, "/lists/not-covered/")
            spage.get_by_label("所在区划").select_option("220100")
            spage.get_by_role("button", name="筛选").click()
            expect(spage.locator("#drill-table")).to_contain_text(org.name)
            staff.check()
            staff.screenshot("23-city-list-not-covered")
            spage.set_viewport_size(PHONE)
            no_horizontal_overflow(spage)
            staff.screenshot("24-city-list-phone", full_page=True)
            spage.set_viewport_size(DESKTOP)
            # The printed PDF, fetched by the page itself (chromium resolves *.localhost; Playwright's own
            # request client does not).
            encoded = spage.evaluate("""async () => {
                const response = await fetch('/reports/indicators.pdf');
                const bytes = new Uint8Array(await response.arrayBuffer());
                let text = ''; bytes.forEach(b => { text += String.fromCharCode(b); });
                return [response.status, response.headers.get('content-type'), btoa(text)];
            }""")
            assert encoded[:2] == [200, "application/pdf"]
            body = base64.b64decode(encoded[2])
            assert body[:4] == b"%PDF"
            (tmp_path / "indicators.pdf").write_bytes(body)
            text = subprocess.run(["pdftotext", str(tmp_path / "indicators.pdf"), "-"], capture_output=True, text=True).stdout
            assert "长春市社会组织党建工作指标" in text
            subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", str(tmp_path / "indicators.pdf"),
                            str(SCREENSHOTS / "25-city-indicators-pdf")], check=True)
            assert staff.errors == []
        finally:
            staff.close()
    finally:
        users_remove("jilin", instructor_name, staff_name)
        workspace_remove("jilin", marker)
