"""User management of a province, by its administrators (三权分立): the system administrator
creates users and resets passwords; the security administrator grants and revokes roles and
the unmask permission. Every write goes through ``accounts.services`` (audited there)."""
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import services as account_services
from accounts.models import Role
from accounts.scoping import dangerously_all_organizations, dangerously_whole_province, roles_of
from regions.models import Region
from registry.models import Instructor, Supervisor

from ..forms import RoleAssignForm, UserCreateForm
from ..selectors.users import assignment_get, assignment_target, role_form_choices, user_get, user_list
from .common import page_of, roles_required

ADMINS = (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN)
ADMINS_ONLY = "用户管理只向系统管理员和安全管理员开放。"


def _rows(users):
    return [(user, [(a, assignment_target(a)) for a in user.role_assignments.all()]) for user in users]


@roles_required(*ADMINS, message=ADMINS_ONLY)
def user_list_page(request):
    q = request.GET.get("q", "")
    page = page_of(request, user_list(q=q), per_page=50)
    roles = roles_of(request.user)
    return render(request, "web/users/list.html", {
        "page": page, "rows": _rows(page), "q": q, "can_create": Role.SYSTEM_ADMIN in roles,
    })


@never_cache
@roles_required(Role.SYSTEM_ADMIN, message="只有系统管理员可以创建用户。")
def user_create(request):
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user, password = account_services.user_create(actor=request.user, request=request, **form.cleaned_data)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
        else:
            return render(request, "web/users/password.html", {"target": user, "password": password, "created": True})
    return render(request, "web/users/create.html", {"form": form}, status=400 if form.errors else 200)


def _detail(request, target, *, role_form=None, error="", status=200):
    roles = roles_of(request.user)
    return render(request, "web/users/detail.html", {
        "target": target, "assignments": [(a, assignment_target(a)) for a in target.role_assignments.all()],
        "profile": getattr(target, "account_profile", None), "target_roles": roles_of(target),
        "role_form": role_form or RoleAssignForm(**role_form_choices()),
        "security_admin": Role.SECURITY_ADMIN in roles, "system_admin": Role.SYSTEM_ADMIN in roles,
        "self": target.pk == request.user.pk, "error": error,
    }, status=status)


@roles_required(*ADMINS, message=ADMINS_ONLY)
def user_detail(request, pk):
    return _detail(request, user_get(pk=pk))


def _role_targets(form: RoleAssignForm) -> dict:
    """The objects the form names, looked up in the whole province: the security administrator
    reads no registry data but must name the organization or instructor a role covers."""
    data, targets = form.cleaned_data, {}
    if data.get("region"):
        targets["region"] = Region.objects.filter(code=data["region"]).first()
    if data.get("supervisor"):
        targets["supervisor"] = Supervisor.objects.filter(pk=data["supervisor"]).first()
    if data.get("organization_uscc"):
        targets["organization"] = dangerously_all_organizations().filter(uscc=data["organization_uscc"].strip().upper()).first()
        if targets["organization"] is None:
            form.add_error("organization_uscc", "本省没有这个统一社会信用代码的社会组织")
    if data.get("instructor_id"):
        targets["instructor"] = dangerously_whole_province(Instructor.objects.all()).filter(pk=data["instructor_id"]).first()
        if targets["instructor"] is None:
            form.add_error("instructor_id", "本省没有这个编号的指导员")
    return targets


FIELD_OF_TARGET = {"organization": "organization_uscc", "instructor": "instructor_id"}


@require_POST
@roles_required(Role.SECURITY_ADMIN, message="只有安全管理员可以分配角色。")
def role_grant(request, pk):
    target = user_get(pk=pk)
    form = RoleAssignForm(request.POST, **role_form_choices())
    if form.is_valid():
        targets = _role_targets(form)
        if not form.errors:
            try:
                account_services.role_assign(actor=request.user, user=target, role=form.cleaned_data["role"], request=request,
                                             **targets)
            except PermissionDenied as error:
                form.add_error(None, str(error))
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    field = FIELD_OF_TARGET.get(field, field)
                    form.add_error(field if field in form.fields else None, messages)
    if form.errors:
        return _detail(request, user_get(pk=pk), role_form=form, status=400)
    return redirect("web:user-detail", pk=pk)


@require_POST
@roles_required(Role.SECURITY_ADMIN, message="只有安全管理员可以撤销角色。")
def role_revoke(request, pk, assignment):
    target = user_get(pk=pk)
    try:
        account_services.role_revoke(actor=request.user, assignment=assignment_get(user=target, pk=assignment), request=request)
    except PermissionDenied as error:
        return _detail(request, target, error=str(error), status=403)
    return redirect("web:user-detail", pk=pk)


@require_POST
@roles_required(Role.SECURITY_ADMIN, message="只有安全管理员可以授予查看完整个人信息的权限。")
def unmask_permission(request, pk):
    target = user_get(pk=pk)
    try:
        account_services.unmask_permission_set(actor=request.user, user=target, allowed=request.POST.get("allowed") == "1",
                                               request=request)
    except PermissionDenied as error:
        return _detail(request, target, error=str(error), status=403)
    except ValidationError as error:
        return _detail(request, target, error="；".join(error.messages), status=400)
    return redirect("web:user-detail", pk=pk)


@never_cache
@require_POST
@roles_required(Role.SYSTEM_ADMIN, message="只有系统管理员可以重置密码。")
def password_reset(request, pk):
    target = user_get(pk=pk)
    password = account_services.user_password_reset(actor=request.user, user=target, request=request)
    return render(request, "web/users/password.html", {"target": target, "password": password, "created": False})
