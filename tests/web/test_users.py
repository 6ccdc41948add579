"""User management by the province's administrators, through accounts.services (三权分立):
the system administrator creates users and resets passwords, the security administrator
grants and revokes roles and the unmask permission; nobody reads registry data here."""
from django.contrib.auth import get_user_model
from django_tenants.utils import schema_context

from accounts.models import AccountProfile, Role, RoleAssignment
from audit.models import AuditEntry

from .conftest import logged_in, make_user, page_problems


def test_the_system_administrator_creates_a_user_and_sees_the_password_once(world, users):
    client = logged_in("jilin", users["system_admin"])
    response = client.post("/users/new/", {"username": "web-new-user", "first_name": "张新", "email": ""})
    html = response.content.decode()
    assert response.status_code == 200 and page_problems(html) == []
    assert "no-store" in response["Cache-Control"]
    password = html.split('id="one-time-password">', 1)[1].split("<", 1)[0]
    assert len(password) == 16
    with schema_context("jilin"):
        user = get_user_model().objects.get(username="web-new-user")
        assert user.check_password(password) and user.first_name == "张新"
        assert AccountProfile.objects.get(user=user).must_change_password
        assert not RoleAssignment.objects.filter(user=user).exists()  # roles are the security administrator's
        assert AuditEntry.objects.filter(action="user.create", actor="u-sysadmin", changes__username="web-new-user").exists()
    again = client.post("/users/new/", {"username": "web-new-user"})
    assert again.status_code == 400 and "已存在" in again.content.decode()


def test_the_security_administrator_grants_and_revokes_roles(world, users):
    with schema_context("jilin"):
        target = make_user("web-role-target")
    client = logged_in("jilin", users["security_admin"])
    missing = client.post(f"/users/{target.pk}/roles/", {"role": Role.CITY_STAFF})
    assert missing.status_code == 400 and "须指定管辖区划" in missing.content.decode()
    wrong_level = client.post(f"/users/{target.pk}/roles/", {"role": Role.CITY_STAFF, "region": "220102"})
    assert wrong_level.status_code == 400 and "市（州）级" in wrong_level.content.decode()
    assert client.post(f"/users/{target.pk}/roles/", {"role": Role.CITY_STAFF, "region": "220100"}).status_code == 302
    unknown = client.post(f"/users/{target.pk}/roles/", {"role": Role.ORGANIZATION_SECRETARY, "organization_uscc": "52220100MJ0000000X"})
    assert unknown.status_code == 400 and "没有这个统一社会信用代码" in unknown.content.decode()
    assert client.post(f"/users/{target.pk}/roles/", {"role": Role.ORGANIZATION_SECRETARY,
                                                      "organization_uscc": world.orgs["o3"].uscc}).status_code == 302
    separation = client.post(f"/users/{target.pk}/roles/", {"role": Role.AUDIT_ADMIN})
    assert separation.status_code == 400 and "三权分立" in separation.content.decode()
    with schema_context("jilin"):
        roles = dict(RoleAssignment.objects.filter(user=target).values_list("role", "region__code"))
        assignment = RoleAssignment.objects.get(user=target, role=Role.CITY_STAFF)
    assert roles == {Role.CITY_STAFF: "220100", Role.ORGANIZATION_SECRETARY: None}
    page = client.get(f"/users/{target.pk}/").content.decode()
    # The organization a secretary acts for, by name and USCC (not a record number).
    assert "长春市（220100）" in page and f"{world.orgs['o3'].name}（{world.orgs['o3'].uscc}）" in page
    assert "记录编号" not in page
    assert client.post(f"/users/{target.pk}/roles/{assignment.pk}/revoke/").status_code == 302
    with schema_context("jilin"):
        assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
        assert AuditEntry.objects.filter(action="role.revoke", actor="u-secadmin").exists()


def test_the_unmask_permission_and_password_reset(world, users):
    city = users["city"]
    security = logged_in("jilin", users["security_admin"])
    assert security.post(f"/users/{city.pk}/unmask/", {"allowed": "1"}).status_code == 302
    with schema_context("jilin"):
        assert AccountProfile.objects.get(user=city).unmask_allowed
    refused = security.post(f"/users/{users['system_admin'].pk}/unmask/", {"allowed": "1"})
    assert refused.status_code == 400 and "业务角色" in refused.content.decode()
    assert security.post(f"/users/{city.pk}/password/").status_code == 403  # the system administrator's work
    system = logged_in("jilin", users["system_admin"])
    assert system.post(f"/users/{city.pk}/roles/", {"role": Role.COUNTY_STAFF, "region": "220102"}).status_code == 403
    assert system.post(f"/users/{city.pk}/unmask/", {"allowed": "0"}).status_code == 403
    reset = system.post(f"/users/{city.pk}/password/")
    assert reset.status_code == 200 and 'id="one-time-password"' in reset.content.decode()
    with schema_context("jilin"):
        assert AccountProfile.objects.get(user=city).must_change_password


def test_the_list_shows_roles_and_their_scopes_only(world, users):
    html = logged_in("jilin", users["security_admin"]).get("/users/").content.decode()
    assert "u-city" in html and "市级社会组织党委工作人员" in html and "长春市（220100）" in html
    assert "u-secretary" in html and f"{world.orgs['o1'].name}（{world.orgs['o1'].uscc}）" in html
    assert f"党建工作指导员 {world.instructors['i1'].name}" in html
    # Only the organizations roles cover are named: no other registry data.
    covered = {world.orgs["o1"].pk, world.orgs["o2"].pk}
    assert all(org.name not in html and org.uscc not in html for org in world.orgs.values() if org.pk not in covered)
    assert "新建用户" not in html  # the security administrator does not create users
    assert "新建用户" in logged_in("jilin", users["system_admin"]).get("/users/").content.decode()
    found = logged_in("jilin", users["system_admin"]).get("/users/?q=u-cou").content.decode()
    assert "u-county" in found and "u-city" not in found
