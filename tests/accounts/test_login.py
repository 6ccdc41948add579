"""Login security: lockout on every login path, per province, 30-minute unlock, TOTP for
the roles that need it, idle timeout, first-login password change, login audit."""
import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.models import AccountProfile, Role
from accounts.validators import CharacterClassesValidator
from audit.models import AuditEntry
from tests.conftest import province_client

from .conftest import PASSWORD, current_totp, make_user, totp_device

LOGIN_PATHS = ["/accounts/login/", "/admin/login/"]


def _post_login(client, path, username, password):
    return client.post(path, {"username": username, "password": password, "next": "/"})


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def city_user(world):
    with schema_context("jilin"):
        return make_user("lock-me", Role.CITY_STAFF, region=world.regions["220100"])


@pytest.mark.parametrize("path", LOGIN_PATHS)
def test_five_failures_lock_the_account_on_each_login_path(city_user, path):
    client = province_client("jilin")
    for _ in range(4):
        assert _post_login(client, path, "lock-me", "wrong-Password-1").status_code == 200
    response = _post_login(client, path, "lock-me", "wrong-Password-1")
    assert response.status_code == 429
    assert "账号已被锁定30分钟" in response.content.decode()
    # Now even the right password is refused, on this path and on the other one.
    for any_path in LOGIN_PATHS:
        response = _post_login(province_client("jilin"), any_path, "lock-me", PASSWORD)
        assert response.status_code == 429
    with schema_context("jilin"):
        failed = AuditEntry.objects.filter(action="login.failed", actor="lock-me", success=False)
        assert failed.count() >= 5
        assert failed.first().ip == "127.0.0.1" and failed.first().schema == "jilin"
        assert AuditEntry.objects.filter(action="login.locked_out", actor="lock-me").exists()


def test_the_lock_ends_after_30_minutes(city_user):
    client = province_client("jilin")
    for _ in range(5):
        _post_login(client, "/accounts/login/", "lock-me", "wrong-Password-1")
    assert _post_login(client, "/accounts/login/", "lock-me", PASSWORD).status_code == 429
    with schema_context("jilin"):
        # 29 minutes later: still locked.
        AccessAttempt.objects.filter(username="lock-me").update(attempt_time=timezone.now() - dt.timedelta(minutes=29))
    assert _post_login(province_client("jilin"), "/accounts/login/", "lock-me", PASSWORD).status_code == 429
    with schema_context("jilin"):
        AccessAttempt.objects.filter(username="lock-me").update(attempt_time=timezone.now() - dt.timedelta(minutes=31))
    client = province_client("jilin")
    response = _post_login(client, "/accounts/login/", "lock-me", PASSWORD)
    assert response.status_code == 302 and _logged_in(client)


def test_a_lockout_holds_in_one_province_only(city_user, guangdong):
    with schema_context("guangdong"):
        make_user("lock-me", Role.PROVINCIAL_STAFF)
    for _ in range(5):
        _post_login(province_client("jilin"), "/accounts/login/", "lock-me", "wrong-Password-1")
    assert _post_login(province_client("jilin"), "/accounts/login/", "lock-me", PASSWORD).status_code == 429
    client = province_client("guangdong")
    assert _post_login(client, "/accounts/login/", "lock-me", PASSWORD).status_code == 302
    assert _logged_in(client)


def test_success_resets_the_failure_count(city_user):
    client = province_client("jilin")
    for _ in range(4):
        _post_login(client, "/accounts/login/", "lock-me", "wrong-Password-1")
    assert _post_login(client, "/accounts/login/", "lock-me", PASSWORD).status_code == 302
    client = province_client("jilin")
    for _ in range(4):
        _post_login(client, "/accounts/login/", "lock-me", "wrong-Password-1")
    assert _post_login(client, "/accounts/login/", "lock-me", PASSWORD).status_code == 302


def test_login_success_and_failure_are_audited_with_ip_and_tenant(city_user):
    _post_login(province_client("jilin"), "/accounts/login/", "lock-me", "wrong-Password-1")
    _post_login(province_client("jilin"), "/accounts/login/", "lock-me", PASSWORD)
    with schema_context("jilin"):
        failed = AuditEntry.objects.get(action="login.failed", actor="lock-me")
        ok = AuditEntry.objects.get(action="login", actor="lock-me")
    assert (failed.success, ok.success) == (False, True)
    assert failed.ip == ok.ip == "127.0.0.1"
    assert failed.schema == ok.schema == "jilin"
    assert "password" not in str(failed.changes).lower() or "wrong" not in str(failed.changes)


def test_login_page_is_in_chinese(db):
    page = province_client("jilin").get("/accounts/login/").content.decode()
    assert "登录" in page and "用户名" in page and "密码" in page
    assert 'lang="zh-Hans"' in page


# --- second factor ----------------------------------------------------------------------

TOTP_ROLES = {
    "provincial": True, "system_admin": True, "security_admin": True, "audit_admin": True,
    "city": False, "county": False, "supervisor": False, "industry": False, "secretary": False,
    "liaison": False, "instructor": False, "none": False,
}


@pytest.mark.parametrize("key,needs_totp", sorted(TOTP_ROLES.items()))
def test_totp_is_required_for_administrators_and_provincial_staff(users, key, needs_totp):
    user = users[key]
    client = province_client("jilin")
    assert _post_login(client, "/accounts/login/", user.username, PASSWORD).status_code == 302
    response = client.get("/")
    if needs_totp:
        assert response.status_code == 302 and response["Location"].startswith("/accounts/2fa/setup/")
        assert client.get("/admin/").status_code == 302
    else:
        # 200, or the way to the user's own pages (an organization's, an instructor's), not to 2FA
        assert response.status_code == 200 or not response["Location"].startswith("/accounts/")
        assert client.get("/", follow=True).status_code == 200


def test_totp_setup_then_verify_at_the_next_login(users):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = users["provincial"]
    client = province_client("jilin")
    _post_login(client, "/accounts/login/", user.username, PASSWORD)
    page = client.get("/accounts/2fa/setup/")
    assert page.status_code == 200 and "<svg" in page.content.decode()
    with schema_context("jilin"):
        device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert client.post("/accounts/2fa/setup/", {"otp_token": "000000" if current_totp(device) != "000000" else "111111"}).status_code == 200
    # The correct code right after a wrong one is accepted (no django-otp delay; axes counts the failure).
    response = client.post("/accounts/2fa/setup/", {"otp_token": current_totp(device), "next": "/"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    # Next login: the code is asked for before anything else.
    client = province_client("jilin")
    _post_login(client, "/accounts/login/", user.username, PASSWORD)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/2fa/verify/")
    with schema_context("jilin"):
        device.refresh_from_db()
        device.last_t = -1  # allow the same time step again in this test
        device.save()
    wrong = "000000" if current_totp(device) != "000000" else "111111"
    refused = client.post("/accounts/2fa/verify/", {"otp_token": wrong, "next": "/"})
    assert refused.status_code == 200 and "验证码不正确" in refused.content.decode()
    assert client.post("/accounts/2fa/verify/", {"otp_token": current_totp(device), "next": "/"}).status_code == 302
    assert client.get("/").status_code == 200
    with schema_context("jilin"):
        assert AuditEntry.objects.filter(action="login.otp", actor=user.username).exists()


def test_five_wrong_totp_codes_lock_the_account(users):
    user = users["provincial"]
    with schema_context("jilin"):
        device = totp_device(user)
    client = province_client("jilin")
    _post_login(client, "/accounts/login/", user.username, PASSWORD)
    wrong = "000000" if current_totp(device) != "000000" else "111111"
    for _ in range(4):
        assert client.post("/accounts/2fa/verify/", {"otp_token": wrong}).status_code == 200
    assert client.post("/accounts/2fa/verify/", {"otp_token": wrong}).status_code == 429
    assert not _logged_in(client)
    assert _post_login(province_client("jilin"), "/accounts/login/", user.username, PASSWORD).status_code == 429
    with schema_context("jilin"):
        assert AuditEntry.objects.filter(action="login.failed", actor=user.username, changes__stage="otp").count() == 5


def test_national_users_need_totp_on_the_national_domain(db):
    from django.test import Client

    from accounts.services import role_assign

    with schema_context("public"):
        user = make_user("nat-user")
        role_assign(actor=None, user=user, role=Role.NATIONAL_STAFF)
    client = Client(HTTP_HOST="localhost")
    assert _post_login(client, "/accounts/login/", "nat-user", PASSWORD).status_code == 302
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/2fa/setup/")
    # The same user does not exist on a province's domain.
    assert _post_login(province_client("jilin"), "/accounts/login/", "nat-user", PASSWORD).status_code == 200


def test_national_roles_only_on_the_national_domain(world):
    from accounts.services import role_assign

    with schema_context("jilin"):
        user = make_user("not-national")
        with pytest.raises(ValidationError):
            role_assign(actor=None, user=user, role=Role.NATIONAL_STAFF)
    with schema_context("public"):
        user = make_user("not-provincial")
        with pytest.raises(ValidationError):
            role_assign(actor=None, user=user, role=Role.PROVINCIAL_STAFF)


# --- sessions -----------------------------------------------------------------------------

def test_sessions_end_after_30_idle_minutes(users):
    assert settings.SESSION_COOKIE_AGE == 1800 and settings.SESSION_SAVE_EVERY_REQUEST
    client = province_client("jilin")
    _post_login(client, "/accounts/login/", users["city"].username, PASSWORD)
    assert client.get("/regions/220100/").status_code == 200
    key = client.session.session_key
    with schema_context("jilin"):
        session = Session.objects.get(session_key=key)
        # Each request pushes the end 30 minutes on.
        assert timezone.now() + dt.timedelta(minutes=29) < session.expire_date <= timezone.now() + dt.timedelta(minutes=30)
        Session.objects.filter(session_key=key).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = client.get("/regions/220100/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_activity_keeps_the_session_alive(users):
    client = province_client("jilin")
    _post_login(client, "/accounts/login/", users["city"].username, PASSWORD)
    key = client.session.session_key
    with schema_context("jilin"):
        Session.objects.filter(session_key=key).update(expire_date=timezone.now() + dt.timedelta(minutes=1))
    assert client.get("/regions/220100/").status_code == 200
    with schema_context("jilin"):
        assert Session.objects.get(session_key=key).expire_date > timezone.now() + dt.timedelta(minutes=29)


# --- passwords ------------------------------------------------------------------------------

@pytest.mark.parametrize("password,ok", [
    ("abcdefgh", False), ("abcdEFGH", False), ("abcd1234", False), ("Ab1!", False),
    ("xqzwEF72", True), ("abcd12!!", True), ("ABCD12!!", True), ("Abcdefg!", True),
])
def test_passwords_need_three_character_classes(password, ok):
    """The classes rule alone (the patterns rule refuses several of these too: test_validators)."""
    from django.contrib.auth.password_validation import MinimumLengthValidator

    try:
        MinimumLengthValidator(8).validate(password)
        CharacterClassesValidator(3).validate(password)
        accepted = True
    except ValidationError:
        accepted = False
    assert accepted is ok


def test_a_new_user_must_change_the_one_time_password_first(world):
    from accounts.services import user_create

    with schema_context("jilin"):
        user, one_time = user_create(actor=None, username="newcomer")
    client = province_client("jilin")
    assert _post_login(client, "/accounts/login/", "newcomer", one_time).status_code == 302
    response = client.get("/regions/220100/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/password/change/")
    assert client.get("/api/v1/organizations").status_code == 403
    assert "须先设置自己的密码" in client.get("/accounts/password/change/").content.decode()
    weak = client.post("/accounts/password/change/", {"old_password": one_time, "new_password1": "abcdefgh", "new_password2": "abcdefgh"})
    assert weak.status_code == 200 and "至少3类" in weak.content.decode()
    good = "Mine-own-Pass9"
    response = client.post("/accounts/password/change/?next=/regions/220100/",
                           {"old_password": one_time, "new_password1": good, "new_password2": good})
    assert response.status_code == 302
    assert client.get("/regions/220100/").status_code == 200
    with schema_context("jilin"):
        assert AccountProfile.objects.get(user=user).must_change_password is False
        assert AuditEntry.objects.filter(action="password.change", actor="newcomer").exists()


def test_a_voluntary_password_change_says_so_and_says_it_worked(world, users):
    client = province_client("jilin")
    assert _post_login(client, "/accounts/login/", users["city"].username, PASSWORD).status_code == 302
    page = client.get("/accounts/password/change/").content.decode()
    assert "请输入当前密码和新密码" in page and "须先设置自己的密码" not in page and ">取消</a>" in page
    good = "Another-Pass7"
    done = client.post("/accounts/password/change/", {"old_password": PASSWORD, "new_password1": good, "new_password2": good},
                       follow=True)
    assert done.status_code == 200 and "密码已修改" in done.content.decode()


def test_the_provisioned_administrator_must_change_its_one_time_password(jilin):
    from accounts.services import must_change_password

    with schema_context("jilin"):
        admin = get_user_model().objects.get(username="admin")
        assert must_change_password(admin)
    client = province_client("jilin")
    with schema_context("jilin"):
        client.force_login(admin)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/password/change/")


def test_the_system_administrator_unlocks_an_account_in_the_admin(city_user, users):
    for _ in range(5):
        _post_login(province_client("jilin"), "/accounts/login/", "lock-me", "wrong-Password-1")
    assert _post_login(province_client("jilin"), "/accounts/login/", "lock-me", PASSWORD).status_code == 429
    with schema_context("jilin"):
        attempt = AccessAttempt.objects.get(username="lock-me")
    from .conftest import logged_in

    admin_client = logged_in("jilin", users["system_admin"])
    response = admin_client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    client = province_client("jilin")
    assert _post_login(client, "/accounts/login/", "lock-me", PASSWORD).status_code == 302 and _logged_in(client)
