"""Writes of accounts: users, roles, the unmask permission, password changes, unmasking.

Every write is audited (``audit.services.audit_record``). ``actor`` is the user doing it;
``None`` means the command line (an operator with shell access, e.g. ``create_user``).
三权分立: the system administrator creates users; the security administrator grants roles
and the unmask permission; the audit administrator only reads the audit log; nobody holds
an administrator role together with another role, nor grants anything to themselves.
"""
from __future__ import annotations

import secrets
import string

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django_tenants.utils import get_public_schema_name

from audit.services import audit_record

from .models import ADMIN_ROLES, NATIONAL_ROLES, REQUIRED_TARGET, AccountProfile, Role, RoleAssignment
from .scoping import can_unmask, members_for, roles_of

UNMASK_REASON_MIN_LENGTH = 5
UNMASKABLE_FIELDS = {"id_number": "公民身份号码", "phone": "联系电话"}
# Roles whose holders use the Django admin (see accounts.admin_site).
ADMIN_SITE_ROLES = ADMIN_ROLES | {Role.PROVINCIAL_STAFF, Role.CITY_STAFF, Role.COUNTY_STAFF}


def one_time_password() -> str:
    """16 characters with all four character classes; shown once, changed at first login."""
    alphabet = string.ascii_letters + string.digits
    while True:
        candidate = "".join(secrets.choice(alphabet) for _ in range(13))
        candidate += secrets.choice(string.ascii_uppercase) + secrets.choice(string.digits) + secrets.choice("!@#%*+")
        if any(c.islower() for c in candidate):
            return candidate


def _actor_name(actor) -> str:
    return actor.get_username() if actor is not None else "system"


def _require(actor, role: str, what: str) -> None:
    if actor is not None and role not in roles_of(actor):
        raise PermissionDenied(f"只有{Role(role).label}可以{what}")


def profile_of(user) -> AccountProfile | None:
    return AccountProfile.objects.filter(user_id=user.pk).first()


def must_change_password(user) -> bool:
    """True for a user whose password someone else set (create_user, an administrator) and
    for a superuser that never changed its password here (provisioning's one-time password)."""
    profile = profile_of(user)
    if profile is None:
        return bool(user.is_superuser)
    return profile.must_change_password


@transaction.atomic
def user_create(*, actor, username: str, email: str = "", first_name: str = "", request=None):
    """A new user with a one-time password (returned, shown once, never stored in clear)."""
    _require(actor, Role.SYSTEM_ADMIN, "创建用户")
    User = get_user_model()
    username = username.strip()
    if not username:
        raise ValidationError({"username": "用户名不能为空"})
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": f"用户名“{username}”已存在"})
    password = one_time_password()
    user = User.objects.create_user(username=username, password=password, email=email, first_name=first_name)
    AccountProfile.objects.create(user=user, must_change_password=True)
    audit_record(action="user.create", request=request, actor=_actor_name(actor),
                 object_type="auth.User", object_id=user.pk, changes={"username": username})
    return user, password


@transaction.atomic
def user_password_reset(*, actor, user, request=None) -> str:
    """A new one-time password for a user who lost theirs; they change it at next login."""
    _require(actor, Role.SYSTEM_ADMIN, "重置密码")
    password = one_time_password()
    user.set_password(password)
    user.save(update_fields=["password"])
    AccountProfile.objects.update_or_create(user=user, defaults={"must_change_password": True})
    audit_record(action="user.password_reset", request=request, actor=_actor_name(actor),
                 object_type="auth.User", object_id=user.pk, changes={"username": user.get_username()})
    return password


def password_changed(*, user, request=None) -> None:
    """Called once the user set a password of their own (first login or later)."""
    AccountProfile.objects.update_or_create(
        user=user, defaults={"must_change_password": False, "password_changed_at": timezone.now()}
    )
    audit_record(action="password.change", request=request, actor=user.get_username(),
                 object_type="auth.User", object_id=user.pk)


def _target_describe(assignment: RoleAssignment) -> dict:
    described = {"role": assignment.role}
    if assignment.region_id:
        described["region"] = assignment.region.code
    if assignment.supervisor_id:
        described["supervisor"] = assignment.supervisor.name
    if assignment.organization_id:
        described["organization"] = assignment.organization.uscc
    if assignment.instructor_id:
        described["instructor"] = assignment.instructor_id
    return described


def role_validate(*, user, role: str, region=None, supervisor=None, organization=None, instructor=None) -> None:
    """Raises ValidationError when the assignment does not make sense (see the module doc)."""
    errors: dict[str, str] = {}
    if role not in Role.values:
        raise ValidationError({"role": f"未知角色：{role}"})
    public = connection.schema_name == get_public_schema_name()
    if role in NATIONAL_ROLES and not public:
        errors["role"] = "全国层面用户只能在全国域名（公共模式）下设立"
    if public and role not in NATIONAL_ROLES | ADMIN_ROLES:
        errors["role"] = "全国域名下只能设立全国层面用户和管理员"
    targets = {"region": region, "supervisor": supervisor, "organization": organization, "instructor": instructor}
    needed = REQUIRED_TARGET.get(role)
    for name, value in targets.items():
        if name == needed and value is None:
            errors[name] = f"{Role(role).label}须指定{ {'region': '管辖区划', 'supervisor': '业务主管单位/行业党委', 'organization': '社会组织', 'instructor': '指导员'}[name] }"
        elif name != needed and value is not None:
            errors[name] = f"{Role(role).label}不应指定此项"
    if region is not None and needed == "region":
        expected = "city" if role == Role.CITY_STAFF else "county"
        if region.level != expected:
            errors["region"] = f"{Role(role).label}的管辖区划应为{'市（州）' if expected == 'city' else '县（市、区）'}级"
    if supervisor is not None and needed == "supervisor":
        expected_kind = "business_supervisor" if role == Role.SUPERVISOR_STAFF else "industry_committee"
        if supervisor.kind != expected_kind:
            errors["supervisor"] = f"“{supervisor.name}”不是{'业务主管单位' if expected_kind == 'business_supervisor' else '行业党委'}"
    held = roles_of(user)
    if role in ADMIN_ROLES and (held - {role}):
        errors.setdefault("role", "三权分立：管理员角色不能与其他角色兼任")
    if role not in ADMIN_ROLES and held & ADMIN_ROLES:
        errors.setdefault("role", "三权分立：管理员不能兼任其他角色")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def role_assign(*, actor, user, role: str, region=None, supervisor=None, organization=None, instructor=None,
                request=None) -> RoleAssignment:
    """Grant ``role`` to ``user`` (security administrator, or the command line)."""
    _require(actor, Role.SECURITY_ADMIN, "分配角色")
    if actor is not None and actor.pk == user.pk:
        raise PermissionDenied("不能给自己分配角色")
    role_validate(user=user, role=role, region=region, supervisor=supervisor, organization=organization, instructor=instructor)
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, role=role, region=region, supervisor=supervisor, organization=organization, instructor=instructor,
        defaults={"granted_by": _actor_name(actor)},
    )
    if role in ADMIN_SITE_ROLES and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    if created:
        audit_record(action="role.grant", request=request, actor=_actor_name(actor),
                     object_type="auth.User", object_id=user.pk,
                     changes={"username": user.get_username(), **_target_describe(assignment)})
    return assignment


@transaction.atomic
def role_revoke(*, actor, assignment: RoleAssignment, request=None) -> None:
    _require(actor, Role.SECURITY_ADMIN, "撤销角色")
    user = assignment.user
    if actor is not None and actor.pk == user.pk:
        raise PermissionDenied("不能撤销自己的角色")
    described = _target_describe(assignment)
    assignment.delete()
    if user.is_staff and not user.is_superuser and not (roles_of(user) & ADMIN_SITE_ROLES):
        user.is_staff = False
        user.save(update_fields=["is_staff"])
    if not roles_of(user) & (set(Role.values) - ADMIN_ROLES):
        AccountProfile.objects.filter(user=user).update(unmask_allowed=False)
    audit_record(action="role.revoke", request=request, actor=_actor_name(actor),
                 object_type="auth.User", object_id=user.pk, changes={"username": user.get_username(), **described})


@transaction.atomic
def unmask_permission_set(*, actor, user, allowed: bool, request=None) -> None:
    """Allow or forbid ``user`` to see full ID and phone numbers (security administrator)."""
    _require(actor, Role.SECURITY_ADMIN, "授予查看完整个人信息的权限")
    if actor is not None and actor.pk == user.pk:
        raise PermissionDenied("不能给自己授权")
    held = roles_of(user)
    if allowed and (held & ADMIN_ROLES or not held - ADMIN_ROLES - NATIONAL_ROLES):
        raise ValidationError("只有持有业务角色的用户才能获得查看完整个人信息的权限")
    AccountProfile.objects.update_or_create(
        user=user, defaults={"unmask_allowed": allowed, "unmask_changed_by": _actor_name(actor),
                             "unmask_changed_at": timezone.now()},
    )
    audit_record(action="permission.unmask", request=request, actor=_actor_name(actor),
                 object_type="auth.User", object_id=user.pk,
                 changes={"username": user.get_username(), "unmask_allowed": allowed})


def _message(error) -> str:
    return str(error.messages[0]) if hasattr(error, "messages") else str(error)


def member_unmask(*, user, member, field: str, reason: str, request=None) -> str:
    """The full value of a member's ID number or phone, for a user allowed to see it, with a
    typed reason; logged (``member.unmask``) whether granted or refused, never with the value."""
    reason = (reason or "").strip()
    changes = {"field": field, "reason": reason}
    actor = user.get_username()

    def refuse(error):
        audit_record(action="member.unmask", request=request, actor=actor, object_type="registry.Member",
                     object_id=member.pk, changes={**changes, "refused": _message(error)},
                     success=False)
        raise error

    if field not in UNMASKABLE_FIELDS:
        refuse(ValidationError({"field": f"不能查看此字段：{field}"}))
    if not can_unmask(user):
        refuse(PermissionDenied("没有查看完整个人信息的权限"))
    if not members_for(user).filter(pk=member.pk).exists():
        refuse(PermissionDenied("该党员不在您的管理范围内"))
    if len(reason) < UNMASK_REASON_MIN_LENGTH:
        refuse(ValidationError({"reason": f"请填写查看理由（至少{UNMASK_REASON_MIN_LENGTH}个字）"}))
    audit_record(action="member.unmask", request=request, actor=actor, object_type="registry.Member",
                 object_id=member.pk, changes=changes)
    return getattr(member, field) or ""
