"""Roles and 三权分立: who may grant what, and the create_user command."""
import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django_tenants.utils import schema_context

from accounts.models import AccountProfile, Role, RoleAssignment
from accounts.scoping import can_unmask, organizations_for, roles_of
from accounts.services import (
    role_assign, role_revoke, unmask_permission_set, user_create, user_password_reset,
)
from audit.models import AuditEntry

from .conftest import PASSWORD, logged_in, make_user


def test_only_the_system_administrator_creates_users(users):
    with schema_context("jilin"):
        user, password = user_create(actor=users["system_admin"], username="made-by-sysadmin")
        assert user.check_password(password) and AccountProfile.objects.get(user=user).must_change_password
        for key in ("security_admin", "audit_admin", "provincial"):
            with pytest.raises(PermissionDenied):
                user_create(actor=users[key], username=f"made-by-{key}")
        entry = AuditEntry.objects.get(action="user.create", changes__username="made-by-sysadmin")
        assert entry.actor == "u-sysadmin" and password not in str(entry.changes)


def test_only_the_security_administrator_grants_roles_and_the_unmask_permission(world, users):
    with schema_context("jilin"):
        target = make_user("target")
        for key in ("system_admin", "audit_admin", "provincial"):
            with pytest.raises(PermissionDenied):
                role_assign(actor=users[key], user=target, role=Role.PROVINCIAL_STAFF)
        assignment = role_assign(actor=users["security_admin"], user=target, role=Role.CITY_STAFF, region=world.regions["220100"])
        assert organizations_for(target).count() == 4
        for key in ("system_admin", "audit_admin"):
            with pytest.raises(PermissionDenied):
                unmask_permission_set(actor=users[key], user=target, allowed=True)
        unmask_permission_set(actor=users["security_admin"], user=target, allowed=True)
        assert can_unmask(target)
        role_revoke(actor=users["security_admin"], assignment=assignment)
        assert organizations_for(target).count() == 0 and not can_unmask(target)
        actions = list(AuditEntry.objects.filter(object_id=str(target.pk)).values_list("action", "actor"))
        assert ("role.grant", "u-secadmin") in actions and ("permission.unmask", "u-secadmin") in actions
        assert ("role.revoke", "u-secadmin") in actions


def test_nobody_grants_to_themselves(users):
    with schema_context("jilin"):
        security = users["security_admin"]
        with pytest.raises(PermissionDenied):
            role_assign(actor=security, user=security, role=Role.AUDIT_ADMIN)
        with pytest.raises(PermissionDenied):
            unmask_permission_set(actor=security, user=security, allowed=True)


def test_administrator_roles_are_held_alone(world, users):
    with schema_context("jilin"):
        with pytest.raises(ValidationError, match="三权分立"):
            role_assign(actor=None, user=users["system_admin"], role=Role.AUDIT_ADMIN)
        with pytest.raises(ValidationError, match="三权分立"):
            role_assign(actor=None, user=users["system_admin"], role=Role.PROVINCIAL_STAFF)
        with pytest.raises(ValidationError, match="三权分立"):
            role_assign(actor=None, user=users["provincial"], role=Role.SECURITY_ADMIN)
        with pytest.raises(ValidationError):
            unmask_permission_set(actor=None, user=users["security_admin"], allowed=True)
        assert not can_unmask(users["security_admin"])


def test_role_targets_are_checked(world):
    with schema_context("jilin"):
        user = make_user("badly-targeted")
        with pytest.raises(ValidationError):
            role_assign(actor=None, user=user, role=Role.CITY_STAFF)  # no region
        with pytest.raises(ValidationError):
            role_assign(actor=None, user=user, role=Role.CITY_STAFF, region=world.regions["220102"])  # a county
        with pytest.raises(ValidationError):
            role_assign(actor=None, user=user, role=Role.SUPERVISOR_STAFF, supervisor=world.supervisors["law"])
        with pytest.raises(ValidationError):
            role_assign(actor=None, user=user, role=Role.PROVINCIAL_STAFF, region=world.regions["220100"])
        assert not RoleAssignment.objects.filter(user=user).exists()


def test_a_password_reset_is_one_time(users):
    with schema_context("jilin"):
        target = users["city"]
        password = user_password_reset(actor=users["system_admin"], user=target)
        target.refresh_from_db()
        assert target.check_password(password)
        assert AccountProfile.objects.get(user=target).must_change_password
        with pytest.raises(PermissionDenied):
            user_password_reset(actor=users["security_admin"], user=target)


def test_the_security_administrator_grants_a_role_in_the_admin(world, users):
    with schema_context("jilin"):
        target = make_user("admin-target")
    client = logged_in("jilin", users["security_admin"])
    response = client.post("/admin/accounts/roleassignment/add/", {
        "user": target.pk, "role": Role.COUNTY_STAFF, "region": world.regions["220102"].pk,
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    with schema_context("jilin"):
        assert roles_of(target) == {Role.COUNTY_STAFF}
        assert AuditEntry.objects.filter(action="role.grant", actor="u-secadmin", changes__region="220102").exists()
    # A county role on a city region is refused with a message, not saved.
    response = client.post("/admin/accounts/roleassignment/add/", {
        "user": target.pk, "role": Role.COUNTY_STAFF, "region": world.regions["220100"].pk,
    })
    assert response.status_code == 200 and "县（市、区）" in response.content.decode()


def test_the_system_administrator_creates_a_user_in_the_admin(users):
    client = logged_in("jilin", users["system_admin"])
    response = client.post("/admin/auth/user/add/", {"username": "from-admin", "first_name": "", "email": ""}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "一次性密码" in page
    with schema_context("jilin"):
        user = get_user_model().objects.get(username="from-admin")
        assert not user.is_superuser and AccountProfile.objects.get(user=user).must_change_password
        assert AuditEntry.objects.filter(action="user.create", actor="u-sysadmin").exists()
    # No way to hand out superuser status or permissions there.
    change = client.get(f"/admin/auth/user/{user.pk}/change/").content.decode()
    assert "is_superuser" not in change and "user_permissions" not in change


def test_create_user_command_prints_a_one_time_password(world, capsys):
    call_command("create_user", "jilin", "cli-county", "--role", "county_staff", "--region", "220102")
    output = capsys.readouterr().out
    password = output.split("one-time password (shown only now):")[1].split()[0]
    with schema_context("jilin"):
        user = get_user_model().objects.get(username="cli-county")
        assert user.check_password(password)
        assert roles_of(user) == {Role.COUNTY_STAFF}
        assert {o.name[-2:] for o in organizations_for(user)} == {"o1", "o7"}
        assert AccountProfile.objects.get(user=user).must_change_password
        assert AuditEntry.objects.filter(action="role.grant", actor="system", changes__username="cli-county").exists()


def test_create_user_command_with_supervisor_organization_and_national(world, capsys):
    call_command("create_user", "jilin", "cli-sup", "--role", "supervisor_staff", "--supervisor", "测试省教育厅")
    call_command("create_user", "jilin", "cli-sec", "--role", "organization_secretary", "--organization", world.orgs["o2"].uscc)
    call_command("create_user", "national", "cli-nat", "--role", "national_staff")
    with schema_context("jilin"):
        User = get_user_model()
        assert {o.name[-2:] for o in organizations_for(User.objects.get(username="cli-sup"))} == {"o1", "o4"}
        assert {o.name[-2:] for o in organizations_for(User.objects.get(username="cli-sec"))} == {"o2"}
    with schema_context("public"):
        assert roles_of(get_user_model().objects.get(username="cli-nat")) == {Role.NATIONAL_STAFF}


@pytest.mark.parametrize("args,message", [
    (["atlantis", "x", "--role", "provincial_staff"], "未知的省份"),
    (["jilin", "x", "--role", "city_staff"], "管辖区划"),
    (["jilin", "x", "--role", "city_staff", "--region", "999999"], "999999"),
    (["jilin", "x", "--role", "supervisor_staff", "--supervisor", "不存在的单位"], "不存在的单位"),
    (["jilin", "admin", "--role", "provincial_staff"], "已存在"),
])
def test_create_user_command_refuses_bad_input(world, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("create_user", *args)
    with schema_context("jilin"):
        assert not get_user_model().objects.filter(username="x").exists()


def test_logging_in_with_the_command_password_forces_a_change(world, capsys):
    from tests.conftest import province_client

    call_command("create_user", "jilin", "cli-first", "--role", "city_staff", "--region", "220100")
    password = capsys.readouterr().out.split("one-time password (shown only now):")[1].split()[0]
    client = province_client("jilin")
    client.post("/accounts/login/", {"username": "cli-first", "password": password})
    assert client.get("/").url.startswith("/accounts/password/change/")
    assert PASSWORD  # the fixture password is not needed here
