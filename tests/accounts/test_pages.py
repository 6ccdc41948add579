"""Every role × every page of a province's domain: who gets in, and what a page lists
matches the role's scope (counted with raw SQL, independent of the ORM scoping)."""
import pytest
from django.db import connection
from django_tenants.utils import schema_context

from .conftest import logged_in

ALL_ROLES = ["provincial", "city", "county", "supervisor", "industry", "secretary", "liaison", "instructor",
             "system_admin", "security_admin", "audit_admin", "none"]
ADMIN_SITE = {"provincial", "city", "county", "system_admin", "security_admin", "audit_admin"}
# admin page -> roles that may open it (everyone else: 302 to the admin login, or 403 when
# they may use the admin but not that page).
ADMIN_PAGES = {
    # committee staff, each within their scope (registry.admin scopes every changelist)
    **{f"/admin/registry/{model}/": {"provincial", "city", "county"} for model in (
        "socialorganization", "supervisor", "partyorganization", "member", "instructor", "dispatch", "activity",
        "training", "annualinspection", "evaluationgrade", "administrativepenalty", "massorganization")},
    "/admin/audit/auditentry/": {"audit_admin"},
    "/admin/axes/accesslog/": {"audit_admin"},
    "/admin/axes/accessfailurelog/": {"audit_admin"},
    "/admin/accounts/roleassignment/": {"security_admin"},
    "/admin/accounts/accountprofile/": {"security_admin", "system_admin"},
    "/admin/auth/user/": {"system_admin", "security_admin"},
    "/admin/axes/accessattempt/": {"system_admin", "audit_admin"},
    "/admin/otp_totp/totpdevice/": {"system_admin"},
}


def _every_admin_page() -> dict:
    """Each registered admin page: the table above, and nobody for a page it does not know
    (a new admin page is closed until accounts.admin_site.ADMIN_POLICY opens it)."""
    from django.contrib import admin

    pages = {f"/admin/{m._meta.app_label}/{m._meta.model_name}/": set() for m in admin.site._registry}
    pages.update(ADMIN_PAGES)
    return pages


def _count(sql):
    with schema_context("jilin"), connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


@pytest.mark.parametrize("key", ALL_ROLES)
def test_pages_by_role(world, users, key):
    client = logged_in("jilin", users[key])
    # An organization's secretary or liaison and an instructor land on their own pages.
    assert client.get("/", follow=True).status_code == 200
    assert client.get("/regions/220100/").status_code == 200  # reference data, no personal data
    assert client.get("/admin/").status_code == (200 if key in ADMIN_SITE else 302)
    for page, allowed in _every_admin_page().items():
        response = client.get(page)
        expected = 200 if key in allowed else (403 if key in ADMIN_SITE else 302)
        assert response.status_code == expected, (page, response.status_code)


def test_the_provincial_admin_lists_the_whole_province(world, users):
    client = logged_in("jilin", users["provincial"])
    for page, table in [("/admin/registry/socialorganization/", "registry_socialorganization"),
                        ("/admin/registry/member/", "registry_member"),
                        ("/admin/registry/partyorganization/", "registry_partyorganization")]:
        response = client.get(page)
        assert response.context["cl"].result_count == _count(f"SELECT count(*) FROM {table}")


def test_a_city_committee_admin_lists_its_city_only(world, users):
    client = logged_in("jilin", users["city"])  # 长春市 220100
    response = client.get("/admin/registry/socialorganization/")
    expected = _count("SELECT count(*) FROM registry_socialorganization o JOIN regions_region r ON r.id = o.region_id "
                      "WHERE r.code LIKE '2201%%'")
    assert response.context["cl"].result_count == expected < _count("SELECT count(*) FROM registry_socialorganization")


def test_a_superuser_gets_no_more_than_the_system_administrator(world):
    """The provisioned 'admin' is a superuser; 三权分立 holds for it all the same."""
    from django.contrib.auth import get_user_model

    from accounts.models import AccountProfile

    with schema_context("jilin"):
        admin = get_user_model().objects.get(username="admin")
        AccountProfile.objects.update_or_create(user=admin, defaults={"must_change_password": False})
    client = logged_in("jilin", admin)
    assert client.get("/admin/auth/user/").status_code == 200
    for page in ("/admin/audit/auditentry/", "/admin/registry/member/", "/admin/accounts/roleassignment/"):
        assert client.get(page).status_code == 403, page


@pytest.mark.parametrize("key", ALL_ROLES)
def test_member_pages_by_role(world, users, key):
    """The unmask page of a member exists only for users whose scope holds the member."""
    client = logged_in("jilin", users[key])
    from accounts.scoping import members_for

    with schema_context("jilin"):
        visible = set(members_for(users[key]).values_list("pk", flat=True))
    for member in world.members.values():
        status = client.get(f"/accounts/members/{member.pk}/unmask/").status_code
        assert status == (200 if member.pk in visible else 404)


def test_pages_send_security_headers(world, users):
    client = logged_in("jilin", users["city"])
    for page in ("/", "/accounts/login/", "/regions/220100/", "/healthz", "/admin/login/"):
        response = client.get(page)
        assert "default-src 'self'" in response["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"
        assert "camera=()" in response["Permissions-Policy"]
