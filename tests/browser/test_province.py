"""A province's staff in a real browser: a city staff user logs in, filters the registry,
opens an organization and reads its grade-cap decision with the clause; provincial staff
(with the second factor) import a file with errors and see them row by row."""
import re

import pytest
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from regions.models import Region
from tests.imports.files import ORG_HEADERS, org_row, xlsx_bytes
from tests.registry.factories import make_uscc

from .data import Role, organization, organizations_remove, user_with_role, users_remove

HOST = "jilin.localhost"


def test_the_browser_tests_run_on_the_provisioned_provinces(db):
    """The provinces and domains the browser tests visit (this test also makes pytest-django
    create the test database when only tests/browser runs: the browser tests themselves
    write committed data and do not use ``db``)."""
    from tenants.models import Domain

    domains = set(Domain.objects.values_list("domain", flat=True))
    assert {"localhost", "jilin.localhost", "guangdong.localhost", "anhui.localhost"} <= domains


@pytest.mark.browser
def test_city_staff_filter_the_registry_and_read_a_grade_cap_decision(browser_page, committed, unique):
    username, marker = f"web-city-{unique}", f"浏览器{unique}"
    try:
        with schema_context("jilin"):
            capped = organization(f"长春市{marker}实验学校", "220100", members=3, grade="3A", kind="private_non_enterprise",
                                  employees=45, is_school=True)
            organization(f"长春市{marker}书法协会", "220100")
            organization(f"吉林市{marker}书法协会", "220200")  # another city: not 长春市's
            city = Region.objects.get(code="220100")
        user_with_role("jilin", username, Role.CITY_STAFF, region=city)
        page = browser_page.page

        browser_page.login(HOST, username)
        expect(page.get_by_role("heading", name=re.compile("工作台 · 长春市"))).to_be_visible()
        expect(page.locator("[data-chart='city-coverage'] canvas")).to_be_visible()
        browser_page.check()
        browser_page.screenshot("01-city-dashboard")
        page.set_viewport_size({"width": 820, "height": 1180})  # a tablet, upright
        browser_page.screenshot("02-city-dashboard-tablet")
        page.set_viewport_size({"width": 1366, "height": 768})

        page.get_by_role("link", name="社会组织台账").click()
        page.get_by_label("名称或统一社会信用代码").fill(marker)  # htmx swaps the results as one types
        results = page.locator("#organization-table tbody tr")
        expect(results).to_have_count(2)
        expect(page.locator("#organization-table")).not_to_contain_text("吉林市")
        page.get_by_label("类型").select_option(label="民办非企业单位")
        expect(results).to_have_count(1)
        expect(page).to_have_url(re.compile(r"kind=private_non_enterprise"))  # the filters stay in the address
        browser_page.check()
        browser_page.screenshot("03-registry-filtered")

        page.get_by_role("link", name=capped.name).click()
        expect(page.get_by_role("heading", name=capped.name, exact=True)).to_be_visible()
        decision = page.locator("#decision-max_grade")
        expect(decision).to_contain_text("最高可评2A")
        expect(decision).to_contain_text("《吉林省加强社会组织党的建设工作实施办法（试行）》第九条（三）")
        expect(decision).to_contain_text("无正当理由未单独建立党组织")
        expect(page.locator("#decision-must_build_own_party_org")).to_contain_text("《吉林省加强社会组织党的建设工作实施办法（试行）》第十四条")
        expect(page.get_by_text("139****5678").first).to_be_visible()  # members' phones masked
        browser_page.check()
        decision.scroll_into_view_if_needed()
        browser_page.screenshot("04-organization-grade-cap")
        assert browser_page.errors == []
    finally:
        users_remove("jilin", username)
        organizations_remove("jilin", marker)


@pytest.mark.browser
def test_provincial_staff_import_a_file_with_errors_and_see_them_by_row(browser_page, committed, unique, celery_worker_process,
                                                                       tmp_path):
    username = f"web-importer-{unique}"
    bad_uscc = make_uscc("220100")
    bad_uscc = bad_uscc[:-1] + ("0" if bad_uscc[-1] != "0" else "1")
    rows = [org_row(名称=f"长春市导入{unique}类型错误协会", 类型="俱乐部"),
            org_row(名称=f"长春市导入{unique}代码错误协会", 统一社会信用代码=bad_uscc),
            org_row(名称=f"长春市导入{unique}正确协会"),
            org_row(名称="", 从业人员数=-3)]
    upload = tmp_path / "社会组织导入.xlsx"
    upload.write_bytes(xlsx_bytes(ORG_HEADERS, rows).getvalue())
    try:
        _, device = user_with_role("jilin", username, Role.PROVINCIAL_STAFF, second_factor=True)
        page = browser_page.page
        browser_page.login(HOST, username, totp_device=device)  # provincial staff pass the second factor
        expect(page.get_by_role("heading", name=re.compile("工作台 · 吉林省全省"))).to_be_visible()

        page.get_by_role("link", name="导入", exact=True).click()
        page.get_by_label("导入内容").select_option("organizations")
        page.get_by_label("文件（.xlsx 或 .csv）").set_input_files(str(upload))
        browser_page.check()
        page.get_by_role("button", name="上传并检查").click()

        # The check runs in the Celery worker; the page polls the progress bar until it is done.
        summary = page.locator("#import-summary")
        expect(summary).to_contain_text("行有错误", timeout=60_000)
        expect(summary).to_contain_text("共4行，3行有错误")
        table = page.locator("#import-errors")
        expect(table.locator("tr[data-row='2']")).to_contain_text("类型")
        expect(table.locator("tr[data-row='2']")).to_contain_text("俱乐部")
        expect(table.locator("tr[data-row='3']")).to_contain_text("统一社会信用代码")
        expect(table.locator("tr[data-row='5']").first).to_contain_text("名称")
        expect(table).not_to_contain_text("第4行")
        expect(page.get_by_role("button", name="确认导入正确的行")).to_be_visible()
        expect(page.locator("progress")).to_have_attribute("value", "100")
        browser_page.check()
        browser_page.screenshot("05-import-errors-by-row")
        assert browser_page.errors == []
    finally:
        users_remove("jilin", username)
