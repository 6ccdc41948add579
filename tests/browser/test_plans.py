"""Guangdong's ten key actions in a real browser: provincial staff at 1366 px assign a task to
two cities with a deadline from the plan page; Guangzhou's staff on a 390 px phone open it,
report progress, and the plan shows Guangzhou reported and Shenzhen still assigned.
Screenshots in test-output/screenshots/ (30-…)."""
import datetime as dt

import pytest
from django_tenants.utils import schema_context
from playwright.sync_api import expect

import clock
from regions.models import Region

from .conftest import Page
from .data import Role, user_with_role, users_remove

HOST = "guangdong.localhost"
PHONE = {"width": 390, "height": 844}


@pytest.mark.browser
def test_staff_assign_a_task_to_two_cities_and_a_city_reports_on_a_phone(browser_page, chromium, live_server_port,
                                                                           committed, unique):
    from processes.models import Case

    provincial, city = f"gd-prov-{unique}", f"gd-city-{unique}"
    due = clock.today() + dt.timedelta(days=45)
    city_page = None
    try:
        with schema_context("guangdong"):
            guangzhou = Region.objects.get(code="440100")
        _, device = user_with_role("guangdong", provincial, Role.PROVINCIAL_STAFF, second_factor=True)
        user_with_role("guangdong", city, Role.CITY_STAFF, region=guangzhou)
        staff = browser_page
        page = staff.page
        staff.login(HOST, provincial, totp_device=device)
        page.get_by_role("link", name="十项重点行动").first.click()
        page.wait_for_load_state("networkidle")
        expect(page.get_by_role("heading", name="十项重点行动", level=1)).to_be_visible()
        expect(page.get_by_role("heading", name="5. 党建工作有效覆盖行动")).to_be_visible()
        staff.check()
        page.get_by_label("任务", exact=True).select_option("5.3")
        page.get_by_label("广州市").check()
        page.get_by_label("深圳市").check()
        page.get_by_label("完成期限", exact=True).fill(due.isoformat())
        page.get_by_role("button", name="交办").click()
        page.wait_for_load_state("networkidle")
        expect(page.get_by_text("已交办2个承办单位")).to_be_visible()
        row = page.locator('tr[data-task="5.3"]')
        expect(row.get_by_text("广州市社会组织党委")).to_be_visible()
        expect(row.get_by_text("深圳市社会组织党委")).to_be_visible()
        row.scroll_into_view_if_needed()
        staff.screenshot("30-plan-assigned-desktop")

        city_page = Page(chromium, live_server_port)
        cpage = city_page.page
        cpage.set_viewport_size(PHONE)
        city_page.login(HOST, city)
        city_page.goto(HOST, "/plans/ten-actions/")
        expect(cpage.get_by_role("heading", name="十项重点行动", level=1)).to_be_visible()
        assert cpage.get_by_role("button", name="交办").count() == 0  # only the province assigns
        width = cpage.evaluate("() => document.documentElement.scrollWidth")
        assert width <= PHONE["width"] + 1, f"the page is {width}px wide"
        city_page.screenshot("31-plan-city-phone")
        city_row = cpage.locator('tr[data-task="5.3"]')
        city_row.scroll_into_view_if_needed()
        city_page.screenshot("31-plan-city-task-phone")
        expect(city_row.get_by_text("深圳市社会组织党委")).to_have_count(0)  # another city's task is not shown
        city_row.get_by_role("link", name="广州市社会组织党委").click()
        cpage.wait_for_load_state("networkidle")
        cpage.get_by_label("进展情况").fill("已建立临时党支部3个")
        cpage.get_by_role("button", name="报告进展").click()
        cpage.wait_for_load_state("networkidle")
        expect(cpage.get_by_text("已报告进展")).to_be_visible()
        city_page.screenshot("32-task-reported-phone", full_page=True)

        staff.goto(HOST, "/plans/ten-actions/")
        row = page.locator('tr[data-task="5.3"]')
        expect(row.locator("a", has_text="广州市社会组织党委").get_by_text("本期已报告")).to_be_visible()
        expect(row.locator("a", has_text="深圳市社会组织党委").get_by_text("已交办")).to_be_visible()
        expect(page.locator('#assignee-table tr[data-assignee="440100"] td').nth(2)).to_have_text("1")
        page.set_viewport_size(PHONE)
        staff.goto(HOST, "/plans/ten-actions/")
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= PHONE["width"] + 1, f"the page is {width}px wide"
        staff.screenshot("33-plan-staff-phone")
        assert city_page.errors == []
    finally:
        if city_page is not None:
            city_page.close()
        with schema_context("guangdong"):
            Case.objects.filter(process="ten_actions_city_task", title__startswith="符合条件的建立临时党支部").delete()
        users_remove("guangdong", provincial, city)
