"""A national user in a real browser: logs in with the second factor on the national domain
and sees three provinces compared on the shared definitions, small cells suppressed."""
import datetime as dt
import re

import pytest
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from national.models import NationalSnapshot
from tenants.models import Province

from .data import Role, user_with_role, users_remove

pytestmark = pytest.mark.browser
HOST = "localhost"
# Days no other test uses (the latest snapshot days of the national domain while this runs).
DAYS = [dt.date(2032, month, 28) for month in (1, 2, 3)]


def _counts(code: str, day_index: int) -> dict:
    from indicators.selectors import INDICATORS

    base = {"jilin": 2400, "guangdong": 5200, "anhui": 900}[code]
    counts = dict.fromkeys(INDICATORS, 40)
    counts.update(in_scope=base, organizational_coverage=int(base * (0.24 + 0.02 * day_index + {"anhui": 0.08}.get(code, 0))),
                  work_coverage=int(base * 0.4), with_party_org=int(base * 0.3), target_orgs=60, target_orgs_without_party_org=12,
                  three_meetings_compliant=int(base * 0.1), training_compliant=int(base * 0.15),
                  grade_above_cap=3 if code == "jilin" else 17)  # Jilin's 3: too few to publish
    return counts


def test_a_national_user_compares_three_provinces(browser_page, committed, unique):
    username = f"web-national-{unique}"
    try:
        with schema_context("public"):
            for code in ("jilin", "guangdong", "anhui"):
                province = Province.objects.get(code=code)
                for index, day in enumerate(DAYS):
                    NationalSnapshot.objects.create(province=province, taken_on=day, grouping="province", group_key="all",
                                                    group_label="全省", rules=code, counts=_counts(code, index))
        _, device = user_with_role("public", username, Role.NATIONAL_STAFF, second_factor=True)
        page = browser_page.page
        browser_page.goto(HOST, "/")
        expect(page.get_by_role("link", name="全国层面用户登录")).to_be_visible()
        browser_page.login(HOST, username, totp_device=device)

        expect(page.get_by_role("heading", name="各省比较")).to_be_visible()
        table = page.locator("#comparison-table")
        expect(table.locator("tbody tr")).to_have_count(3)
        for name in ("吉林省", "广东省", "安徽省"):
            expect(table).to_contain_text(name)
        jilin = table.locator("tbody tr", has_text="吉林省")
        expect(jilin).to_contain_text("—（数据过少不公开）")
        expect(table.locator("tbody tr", has_text="安徽省")).to_contain_text("36.0%")
        expect(page.locator("[data-chart='national-bars'] canvas")).to_be_visible()
        expect(page.locator("[data-chart='national-trend'] canvas")).to_be_visible()
        browser_page.check()
        browser_page.screenshot("06-national-comparison")
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        page.wait_for_timeout(300)
        browser_page.screenshot("07-national-table-suppressed")

        with page.expect_download() as download:
            page.get_by_role("link", name="下载CSV").click()
        text = open(download.value.path(), encoding="utf-8-sig").read()
        assert text.count("\n") == 4 and "数据过少不公开" in text and "安徽省" in text

        page.get_by_label("图表指标").select_option(label="党的工作覆盖率")
        page.get_by_role("button", name="查看").click()
        expect(page).to_have_url(re.compile(r"rate=work_coverage_rate"))
        expect(page.get_by_role("heading", name=re.compile("党的工作覆盖率"))).to_have_count(2)
        assert browser_page.errors == []
    finally:
        users_remove("public", username)
        with schema_context("public"):
            NationalSnapshot.objects.filter(taken_on__in=DAYS).delete()
