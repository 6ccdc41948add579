"""Who may do what: roles per user (one row per assignment) and a small security profile.

The tables exist in every schema (a province's users live in its schema, national users
in public). Scoping by role lives in ``accounts.scoping``; writes go through
``accounts.services`` so that every change is audited.

The foreign keys to regions and the registry have no database constraint in the model
because the public schema has no registry tables; migration 0002 adds the constraints in
every schema that has them (the provinces).
"""
from django.conf import settings
from django.db import models


class Role(models.TextChoices):
    PROVINCIAL_STAFF = "provincial_staff", "省级社会组织党委工作人员"
    CITY_STAFF = "city_staff", "市级社会组织党委工作人员"
    COUNTY_STAFF = "county_staff", "县级社会组织党委工作人员"
    SUPERVISOR_STAFF = "supervisor_staff", "业务主管单位工作人员"
    INDUSTRY_COMMITTEE_STAFF = "industry_committee_staff", "行业党委工作人员"
    ORGANIZATION_SECRETARY = "organization_secretary", "社会组织党组织书记"
    ORGANIZATION_LIAISON = "organization_liaison", "社会组织党建联络员"
    INSTRUCTOR = "instructor", "党建工作指导员"
    SYSTEM_ADMIN = "system_admin", "系统管理员"
    SECURITY_ADMIN = "security_admin", "安全管理员"
    AUDIT_ADMIN = "audit_admin", "安全审计员"
    NATIONAL_STAFF = "national_staff", "全国层面用户"


# 三权分立: each administrator role is held alone and does only its own work.
ADMIN_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})
# Roles that read the registry of one province (each within its scope).
DATA_ROLES = frozenset({
    Role.PROVINCIAL_STAFF, Role.CITY_STAFF, Role.COUNTY_STAFF, Role.SUPERVISOR_STAFF, Role.INDUSTRY_COMMITTEE_STAFF,
    Role.ORGANIZATION_SECRETARY, Role.ORGANIZATION_LIAISON, Role.INSTRUCTOR,
})
# Roles that may write the registry through the API with a session, each within its scope:
# the committees' own staff (分级管理). Supervisors, secretaries, liaisons and instructors
# are the subjects of the committees' decisions (grades, accepted reasons, exceptions) and
# do not write those records through the API.
API_WRITE_ROLES = frozenset({Role.PROVINCIAL_STAFF, Role.CITY_STAFF, Role.COUNTY_STAFF})
# Roles that write, through the web forms, what an organization reports about itself (its
# members and their transfers, Party life with attendance, trainings, the annual report and
# the inspection checklist): its secretary and liaison (their own organization only) besides
# the committees' staff. Never the committees' decisions about it (grades, accepted reasons,
# exceptions, designations, reviews): those stay ``API_WRITE_ROLES``'.
ORGANIZATION_REPORT_ROLES = API_WRITE_ROLES | {Role.ORGANIZATION_SECRETARY, Role.ORGANIZATION_LIAISON}
# Roles that write an instructor's work log (an instructor: of their own dispatches only).
WORK_LOG_ROLES = API_WRITE_ROLES | {Role.INSTRUCTOR}
NATIONAL_ROLES = frozenset({Role.NATIONAL_STAFF})
# Roles that must pass a TOTP second factor after the password.
SECOND_FACTOR_ROLES = ADMIN_ROLES | NATIONAL_ROLES | {Role.PROVINCIAL_STAFF}
# What each role must be tied to.
REQUIRED_TARGET = {
    Role.CITY_STAFF: "region",
    Role.COUNTY_STAFF: "region",
    Role.SUPERVISOR_STAFF: "supervisor",
    Role.INDUSTRY_COMMITTEE_STAFF: "supervisor",
    Role.ORGANIZATION_SECRETARY: "organization",
    Role.ORGANIZATION_LIAISON: "organization",
    Role.INSTRUCTOR: "instructor",
}


class RoleAssignment(models.Model):
    """One role of one user, tied to what the role covers (a region, a supervisor, an
    organization or an instructor record). A user's scope is the union of their assignments."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField("角色", max_length=32, choices=Role.choices)
    region = models.ForeignKey(
        "regions.Region", verbose_name="管辖区划", null=True, blank=True, on_delete=models.PROTECT,
        db_constraint=False, related_name="+",
    )
    supervisor = models.ForeignKey(
        "registry.Supervisor", verbose_name="业务主管单位/行业党委", null=True, blank=True, on_delete=models.PROTECT,
        db_constraint=False, related_name="+",
    )
    organization = models.ForeignKey(
        "registry.SocialOrganization", verbose_name="社会组织", null=True, blank=True, on_delete=models.CASCADE,
        db_constraint=False, related_name="+",
    )
    instructor = models.ForeignKey(
        "registry.Instructor", verbose_name="指导员", null=True, blank=True, on_delete=models.CASCADE,
        db_constraint=False, related_name="+",
    )
    granted_by = models.CharField("授予人", max_length=150, blank=True)
    granted_at = models.DateTimeField("授予时间", auto_now_add=True)

    class Meta:
        verbose_name = "角色分配"
        verbose_name_plural = verbose_name
        ordering = ["user_id", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "region", "supervisor", "organization", "instructor"],
                name="one_assignment_per_user_role_target", nulls_distinct=False,
            ),
        ]

    def __str__(self):
        target = self.region or self.supervisor or self.organization or self.instructor
        return f"{self.user} · {self.get_role_display()}" + (f"（{target}）" if target else "")


class AccountProfile(models.Model):
    """Security state of a user: a pending password change, and the unmask permission
    (granted by a security administrator only, see ``services.unmask_permission_set``)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="account_profile")
    must_change_password = models.BooleanField("须修改密码", default=True)
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)
    unmask_allowed = models.BooleanField("可查看完整个人信息", default=False)
    unmask_changed_by = models.CharField("授权人", max_length=150, blank=True)
    unmask_changed_at = models.DateTimeField("授权时间", null=True, blank=True)

    class Meta:
        verbose_name = "账号安全设置"
        verbose_name_plural = verbose_name

    def __str__(self):
        return str(self.user)


class PasswordHistory(models.Model):
    """The hashes of a user's passwords, newest last (``validators.PasswordHistoryValidator``
    refuses the last ``PASSWORD_HISTORY_COUNT`` again). Written whenever a password is saved."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="+")
    password = models.CharField("密码摘要", max_length=128)
    created = models.DateTimeField("设置时间", auto_now_add=True)

    class Meta:
        verbose_name = "历史密码"
        verbose_name_plural = verbose_name
        ordering = ["user_id", "-id"]
        indexes = [models.Index(fields=["user", "-id"])]
