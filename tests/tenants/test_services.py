import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django_tenants.utils import schema_context

from regions.models import Region
from tenants.models import Domain, Province
from tenants.selectors import province_rules_at
from tenants.services import UnknownProvince, province_info_lookup, province_provision


def test_the_three_provinces_have_their_schema_domain_regions_and_rules(db):
    for code, region_code, cities, rules_key in [
        ("jilin", "220000", 9, "jilin"),
        ("guangdong", "440000", 21, "guangdong"),
        ("anhui", "340000", 16, "anhui"),
    ]:
        province = Province.objects.get(code=code)
        assert province.schema_name == code
        assert province.region_code == region_code
        assert province.rules_key == rules_key
        assert Domain.objects.get(tenant=province).domain == f"{code}.localhost"
        with schema_context(code):
            assert Region.objects.get(level="province").code == region_code
            assert Region.objects.filter(level="city", parent__code=region_code).count() == cities


def test_jilin_committee_is_named_as_in_its_documents(jilin):
    assert jilin.committee_name(province_rules_at(jilin, dt.date(2026, 12, 1))) == "吉林省社会组织联合党委"


def test_provisioning_twice_changes_nothing(jilin):
    with schema_context("jilin"):
        regions_before = list(Region.objects.values_list("code", "name"))
        users_before = list(get_user_model().objects.values_list("username", "password"))
    result = province_provision(code="jilin")
    assert result.created is False
    assert result.admin_password is None
    assert Province.objects.filter(code="jilin").count() == 1
    with schema_context("jilin"):
        assert list(Region.objects.values_list("code", "name")) == regions_before
        assert list(get_user_model().objects.values_list("username", "password")) == users_before


def test_provision_command_says_when_nothing_changed(jilin, capsys):
    call_command("provision_province", "jilin")
    assert "already provisioned; nothing changed" in capsys.readouterr().out


def test_a_fourth_province_gets_the_baseline_rules_with_one_command(db, capsys):
    call_command("provision_province", "420000")  # Hubei, by its GB/T 2260 code
    output = capsys.readouterr().out
    hubei = Province.objects.get(code="hubei")
    assert hubei.rules_key == "national"
    assert hubei.committee_name(province_rules_at(hubei, dt.date(2026, 12, 1))).startswith("湖北省")
    assert "one-time password" in output
    with schema_context("hubei"):
        assert Region.objects.get(code="420000").name == "湖北省"
        admin = get_user_model().objects.get(username="admin")
        assert admin.is_superuser
        password = output.split("one-time password (shown only now):")[1].split()[0]
        assert admin.check_password(password)
        # The security and audit administrators from the first day, each password printed once.
        from accounts.scoping import roles_of
        from accounts.services import must_change_password

        for username, role, label in (("secadmin", "security_admin", "安全管理员"), ("auditadmin", "audit_admin", "安全审计员")):
            line = next(line for line in output.splitlines() if f"{label} {username}:" in line)
            user = get_user_model().objects.get(username=username)
            assert user.check_password(line.split("one-time password (shown only now):")[1].strip())
            assert roles_of(user) == {role} and must_change_password(user) and not user.is_superuser
    assert output.count("one-time password") == 3


def test_an_unknown_province_code_is_refused_with_a_clear_error(db):
    with pytest.raises(UnknownProvince, match="未知的省份代码：atlantis"):
        province_info_lookup("atlantis")
