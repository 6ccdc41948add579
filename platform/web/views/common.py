"""What the views share: who may open a page, the refusal page, pagination, htmx."""
from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db import connection
from django.shortcuts import render
from django_tenants.utils import get_public_schema_name

from accounts.scoping import has_data_role, roles_of

from ..selectors.common import PAGE_SIZE


def forbidden(request, message: str):
    return render(request, "web/forbidden.html", {"message": message}, status=403)


def _province_page(request) -> bool:
    return connection.schema_name != get_public_schema_name()


def data_role_required(view):
    """Logged in with a role that reads the registry (staff, supervisors, secretaries,
    instructors); administrators and users without a role are refused."""
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not _province_page(request) or not has_data_role(request.user):
            return forbidden(request, "此页面只向持有业务角色的工作人员开放（管理员不查阅业务数据）。")
        return view(request, *args, **kwargs)
    return wrapper


def roles_required(*roles, message: str = "您的角色不能打开此页面。", public: bool = False):
    """Logged in and holding one of ``roles`` (on a province's domain, or ``public``'s)."""
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if _province_page(request) == public or not roles_of(request.user) & set(roles):
                return forbidden(request, message)
            return view(request, *args, **kwargs)
        return wrapper
    return decorator


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true" and request.headers.get("HX-History-Restore-Request") != "true"


def page_of(request, queryset, per_page: int = PAGE_SIZE):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def action_run(form, action, **kwargs):
    """Call a write action for a form: (True, its result), or (False, None) with the action's
    refusal shown on the form (field errors beside their fields, a scope refusal above it)."""
    from accounts.actors import OutOfScope
    from django.core.exceptions import ValidationError
    from registry.forms import add_action_errors

    try:
        return True, action(**kwargs)
    except ValidationError as error:
        add_action_errors(form, error)
    except OutOfScope as refusal:
        form.add_error(refusal.field if refusal.field in form.fields else None, refusal.detail)
    return False, None


ORGANIZATION_ROLES = frozenset({"organization_secretary", "organization_liaison"})
COMMITTEE_ROLES = frozenset({"provincial_staff", "city_staff", "county_staff"})


def own_organizations(user) -> list:
    """The organizations a secretary or liaison works for (their role assignments)."""
    from accounts.scoping import assignments_of

    return [a.organization for a in assignments_of(user) if a.role in ORGANIZATION_ROLES and a.organization_id]
