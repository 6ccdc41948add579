"""A liaison's application to the province's processes, on a phone and at 1366 px (Anhui's
schema with the suite's rule module testland, switched committed for the test and back): the
applications page, a start, the document uploaded, the submission, the stage followed; an
instructor sees the committee's quarterly evaluation. Screenshots in test-output/screenshots/."""
import datetime as dt

import pytest
from django_tenants.utils import schema_context
from playwright.sync_api import expect

import clock
from accounts.actors import Actor
from tests.processes.files import PDF
from tests.processes.test_api import full_scores
from tests.registry.factories import make_uscc

from .data import Role, user_with_role, users_remove
from .test_roles import DESKTOP, PHONE, no_horizontal_overflow

HOST = "anhui.localhost"


@pytest.mark.browser
def test_a_liaison_applies_uploads_submits_and_follows_the_stage(browser_page, committed, unique, tmp_path):
    from processes import actions
    from processes.models import Case, Round
    from province_rules.registry import rules_for
    from registry.actions import organization_upsert
    from registry.models import SocialOrganization
    from tenants.models import Province

    marker = f"浏览器{unique}"
    liaison_name = f"web-apply-{unique}"
    previous = Province.objects.get(code="anhui").rules_key
    Province.objects.filter(code="anhui").update(rules_key="testland")
    round_ = None
    try:
        today = clock.today()
        with schema_context("anhui"):
            rules = rules_for("testland", today)
            org, _ = organization_upsert(actor=Actor.system("test"), rules=rules, data={
                "uscc": make_uscc("340100"), "name": f"安徽省{marker}软件行业协会", "kind": "social_group",
                "registration_level": "province", "region_code": "340100", "charter_clause": True})
            year = today.year + 40 + int(unique[:2], 16) % 50  # a year of this test's own (the rounds' key)
            round_ = Round.objects.create(process="demo_point", year=year, opens_on=today - dt.timedelta(days=1),
                                          deadline=today + dt.timedelta(days=10), opened_by="test")
        user_with_role("anhui", liaison_name, Role.ORGANIZATION_LIAISON, organization=org)
        liaison = browser_page
        page = liaison.page
        page.set_viewport_size(PHONE)
        liaison.login(HOST, liaison_name)
        page.get_by_role("link", name="申请与办理").first.click()
        expect(page.get_by_role("heading", name="可以申请的事项")).to_be_visible()
        expect(page.locator("#process-demo_point")).to_contain_text(f"{year}年度批次")
        liaison.check()
        no_horizontal_overflow(page)
        liaison.screenshot("50-liaison-applications-phone", full_page=True)
        page.locator("#process-demo_point").get_by_label("申请标题（可不填）").fill(f"{year}年度示范点申报")
        page.locator("#process-demo_point").get_by_role("button", name="发起申请").click()
        expect(page.get_by_text("已发起“测试示范点创建”申请")).to_be_visible()
        expect(page.locator("#current-stage")).to_have_text("自评申报")
        expect(page.get_by_text("缺少材料：自评报告")).to_be_visible()
        expect(page.locator("nav.sidenav a[aria-current=page]")).to_have_text("申请与办理")
        with schema_context("anhui"):
            case = Case.objects.get(organization=org, process="demo_point")
        # The document and the self-assessment scores, then the submission.
        (tmp_path / "自评报告.pdf").write_bytes(PDF)
        page.locator("select[name=kind]").select_option("self_report")
        page.locator("input[type=file]").set_input_files(str(tmp_path / "自评报告.pdf"))
        page.get_by_role("button", name="上传").click()
        expect(page.get_by_text("材料已上传")).to_be_visible()
        for entry in full_scores()["scores"]:
            page.locator(f"input[name='score.{entry['item']}']").fill(str(entry["score"]))
        page.get_by_role("button", name="保存评分").click()
        expect(page.get_by_text("评分已保存")).to_be_visible()
        liaison.check()
        no_horizontal_overflow(page)
        liaison.screenshot("51-liaison-case-before-submit-phone", full_page=True)
        page.locator("#action-submit").get_by_role("button", name="提交申报").click()
        expect(page.locator("#current-stage")).to_have_text("初审")
        page.set_viewport_size(DESKTOP)
        page.get_by_role("link", name="申请与办理").first.click()
        row = page.locator("#application-table tbody tr", has_text=f"{year}年度示范点申报")
        expect(row).to_contain_text("初审")
        expect(page.locator("#process-demo_point")).to_contain_text(f"已有办理中的申请：编号 {case.pk}")
        liaison.screenshot("52-liaison-applications-desktop", full_page=True)
        assert liaison.errors == []
    finally:
        Province.objects.filter(code="anhui").update(rules_key=previous)
        users_remove("anhui", liaison_name)
        with schema_context("anhui"):
            organizations = SocialOrganization.objects.filter(name__contains=marker)
            Case.objects.filter(organization__in=organizations).delete()
            organizations.delete()
            if round_ is not None:
                Round.objects.filter(pk=round_.pk).delete()
