"""Every page of the web interface, for the roles that open it: it answers, in Simplified
Chinese, with a title, a label on every form field and no inline script; and the roles
that may not open it are refused."""
import pytest
from django.test import Client
from django_tenants.utils import schema_context

from accounts.models import Role
from accounts.scoping import organizations_for
from tests.conftest import province_client

from .conftest import logged_in, make_user, page_problems, totp_device

DATA_PAGES = [
    "/", "/organizations/", "/organizations/?q=测试协会&kind=social_group&registration_level=county&sort=-employees",
    "/organizations/?coverage=none&status=active&region=220100", "/coverage/not-built/", "/coverage/targets/",
    "/coverage/targets/?missing=1", "/screening/weak-and-lax/", "/exports/", "/reviews/", "/lists/not-covered/",
    "/lists/renewal-overdue/?region=220100&kind=social_group&q=测试", "/lists/training-short/",
]
# An organization's own pages, for each organization the role sees.
ORGANIZATION_PAGES = ["", "home/", "members/", "activities/", "reports/", "reports/annual_report/2024/",
                      "reports/inspection_checklist/2024/"]
DATA_ROLES = ["provincial", "city", "county", "supervisor", "industry", "secretary", "liaison", "instructor"]


def _ok(response):
    html = response.content.decode()
    assert response.status_code == 200, (response.status_code, html[:500])
    assert page_problems(html) == [], page_problems(html)
    return html


@pytest.mark.parametrize("key", DATA_ROLES)
def test_the_data_pages_render_for_every_data_role(world, users, key):
    client = logged_in("jilin", users[key])
    for path in DATA_PAGES:
        _ok(client.get(path, follow=True))  # "/" leads an organization's roles and instructors to their own pages
    with schema_context("jilin"):
        visible = list(organizations_for(users[key]).values_list("uscc", flat=True))
    for uscc in visible:
        for page in ORGANIZATION_PAGES:
            _ok(client.get(f"/organizations/{uscc}/{page}"))
    if key == "instructor":
        _ok(client.get("/instructor/"))
        _ok(client.get("/instructor/logs/new/"))


@pytest.mark.parametrize("key", ["system_admin", "security_admin", "audit_admin", "none"])
def test_administrators_and_users_without_a_role_get_no_data_page(world, users, key):
    client = logged_in("jilin", users[key])
    html = _ok(client.get("/"))
    assert "工作台" in html
    for path in DATA_PAGES[1:] + ["/imports/", f"/organizations/{world.orgs['o1'].uscc}/"]:
        response = client.get(path)
        assert response.status_code == 403, path
        assert page_problems(response.content.decode()) == []


def test_the_import_page_is_for_provincial_staff(world, users):
    _ok(logged_in("jilin", users["provincial"]).get("/imports/"))
    for key in ("city", "county", "secretary"):
        assert logged_in("jilin", users[key]).get("/imports/").status_code == 403


def test_user_management_pages_render_for_administrators(world, users):
    system = logged_in("jilin", users["system_admin"])
    _ok(system.get("/users/"))
    _ok(system.get("/users/new/"))
    _ok(system.get(f"/users/{users['city'].pk}/"))
    security = logged_in("jilin", users["security_admin"])
    _ok(security.get("/users/"))
    _ok(security.get(f"/users/{users['city'].pk}/"))
    assert security.get("/users/new/").status_code == 403
    for key in ("provincial", "city", "audit_admin", "none"):
        assert logged_in("jilin", users[key]).get("/users/").status_code == 403


def test_anonymous_visitors_are_sent_to_the_login_page(world):
    client = province_client("jilin")
    html = _ok(client.get("/"))
    assert "吉林省社会组织联合党委" in html and "/accounts/login/" in html
    for path in DATA_PAGES[1:] + ["/imports/", "/users/", f"/organizations/{world.orgs['o1'].uscc}/"]:
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), path


def test_the_account_pages_are_restyled_and_keep_their_fields(world, users):
    client = province_client("jilin")
    html = _ok(client.get("/accounts/login/"))
    assert 'name="username"' in html and 'name="password"' in html and 'name="next"' in html
    with schema_context("jilin"):
        fresh = make_user("web-fresh", Role.CITY_STAFF, ready=False, region=world.regions["220100"])
    changing = logged_in("jilin", fresh, verified=False)
    html = _ok(changing.get("/accounts/password/change/"))
    assert 'name="old_password"' in html and 'name="new_password1"' in html and 'name="new_password2"' in html
    provincial = logged_in("jilin", users["provincial"], verified=False)
    html = _ok(provincial.get("/accounts/2fa/setup/"))
    assert 'name="otp_token"' in html and "<svg" in html
    with schema_context("jilin"):
        totp_device(users["provincial"])
    html = _ok(provincial.get("/accounts/2fa/verify/"))
    assert 'name="otp_token"' in html
    member = world.members["m1"]
    html = _ok(logged_in("jilin", users["provincial"]).get(f"/accounts/members/{member.pk}/unmask/"))
    assert member.id_number_masked in html


def test_the_static_files_are_bundled(world):
    """htmx, ECharts and the site's own script and stylesheet come from this site (no CDN)."""
    client = province_client("jilin")
    html = client.get("/accounts/login/").content.decode()
    assert "/static/vendor/htmx-2.0.11.min.js" in html and "/static/web/app.js" in html and "/static/web/app.css" in html
    assert "http://" not in html.split("<body")[0].replace('xmlns="http://', "") and "https://" not in html.split("<body")[0]


def test_the_national_pages(db):
    anonymous = Client(HTTP_HOST="localhost")
    html = _ok(anonymous.get("/"))
    assert "吉林省" in html and "/accounts/login/" in html
    assert anonymous.get("/compare/").status_code == 302
    with schema_context("public"):
        national = make_user("web-national", Role.NATIONAL_STAFF)
        admin = make_user("web-national-admin", Role.SYSTEM_ADMIN)
    client = logged_in("public", national)
    _ok(client.get("/"))
    _ok(client.get("/compare/?grouping=kind&rate=work_coverage_rate"))
    assert logged_in("public", admin).get("/compare/").status_code == 403
