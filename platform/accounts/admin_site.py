"""The Django admin, limited by role (三权分立).

Which role may do what in the admin is this module's ``ADMIN_POLICY``; it is both what the
roles grant (``RolePermissionBackend``, so no Django permission rows are needed) and a
ceiling nobody passes, superusers included (``RoleAdminSite`` wraps every ModelAdmin).
Provincial, city and county staff see the registry here, each within their scope
(``registry.admin`` scopes every changelist through the user's ``Actor``); every other data
role uses the scoped pages and the API.
"""
from __future__ import annotations

from django.contrib import admin
from django.db.models.base import ModelBase

from .models import Role
from .scoping import roles_of

ALL = frozenset({"view", "add", "change", "delete"})
ADMIN_POLICY: dict[str, dict[str, frozenset[str]]] = {
    # Users and settings; unlocking a locked account; resetting a lost authenticator.
    Role.SYSTEM_ADMIN: {
        "auth.user": frozenset({"view", "add", "change"}),
        "accounts.accountprofile": frozenset({"view"}),
        "axes.accessattempt": frozenset({"view", "delete"}),
        "otp_totp.totpdevice": frozenset({"view", "delete"}),
    },
    # Roles and the unmask permission; no data.
    Role.SECURITY_ADMIN: {
        "auth.user": frozenset({"view"}),
        "accounts.roleassignment": frozenset({"view", "add", "delete"}),
        "accounts.accountprofile": frozenset({"view", "change"}),
    },
    # The audit log and the login records, read only.
    Role.AUDIT_ADMIN: {
        "audit.auditentry": frozenset({"view"}),
        "axes.accesslog": frozenset({"view"}),
        "axes.accessfailurelog": frozenset({"view"}),
        "axes.accessattempt": frozenset({"view"}),
    },
    # The registry within the user's scope: organizations are added and changed through the
    # registry action (registry.admin), every other row is read only; nothing is deleted here.
    Role.PROVINCIAL_STAFF: {"registry.*": frozenset({"view"}), "registry.socialorganization": frozenset({"view", "add", "change"}),
                            "regions.*": frozenset({"view"})},
    Role.CITY_STAFF: {"registry.*": frozenset({"view"}), "registry.socialorganization": frozenset({"view", "add", "change"})},
    Role.COUNTY_STAFF: {"registry.*": frozenset({"view"}), "registry.socialorganization": frozenset({"view", "add", "change"})},
}


def _roles(user) -> set[str]:
    cached = getattr(user, "_accounts_admin_roles", None)
    if cached is None:
        cached = roles_of(user)
        try:
            user._accounts_admin_roles = cached
        except AttributeError:
            pass
    return cached


def admin_allows(user, model_label: str, action: str) -> bool:
    if user is None or not user.is_active or not getattr(user, "is_authenticated", False):
        return False
    app_label = model_label.split(".")[0]
    for role in _roles(user):
        policy = ADMIN_POLICY.get(role, {})
        if action in policy.get(model_label, ()) or action in policy.get(f"{app_label}.*", ()):
            return True
    return False


def admin_allows_app(user, app_label: str) -> bool:
    if user is None or not user.is_active or not getattr(user, "is_authenticated", False):
        return False
    return any(label.split(".")[0] == app_label for role in _roles(user) for label in ADMIN_POLICY.get(role, {}))


class RolePermissionBackend:
    """Model permissions from roles (authenticates nobody)."""

    def authenticate(self, request, **credentials):
        return None

    def get_user(self, user_id):
        return None

    def has_perm(self, user_obj, perm, obj=None):
        app_label, _, codename = perm.partition(".")
        action, _, model = codename.partition("_")
        return admin_allows(user_obj, f"{app_label}.{model}", action)

    def has_module_perms(self, user_obj, app_label):
        return admin_allows_app(user_obj, app_label)


def _guard(model_admin) -> None:
    label = model_admin.model._meta.label_lower
    for action in ("view", "add", "change", "delete"):
        original = getattr(model_admin, f"has_{action}_permission")

        def guarded(request, *args, _original=original, _action=action, **kwargs):
            return admin_allows(request.user, label, _action) and _original(request, *args, **kwargs)

        setattr(model_admin, f"has_{action}_permission", guarded)
    original_module = model_admin.has_module_permission

    def guarded_module(request, _original=original_module):
        return admin_allows_app(request.user, model_admin.model._meta.app_label) and _original(request)

    model_admin.has_module_permission = guarded_module
    _guard_selected_rows(model_admin)
    _checked_json_fields(model_admin)


def _checked_json_fields(model_admin) -> None:
    """JSON typed into the admin passes the same edge checks as a JSON body (edge.forms)."""
    from django.db import models

    from edge.forms import CheckedJSONField

    model_admin.formfield_overrides = {**model_admin.formfield_overrides,
                                       models.JSONField: {"form_class": CheckedJSONField}}


def _guard_selected_rows(model_admin) -> None:
    """The changelist's bulk actions take the selected rows' keys from the form unchecked:
    a key that is no valid primary key (text, 5,000 digits) reached the query and failed
    with a 500. Refused here with a 400 naming the field."""
    from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
    from django.core.exceptions import ValidationError

    original = model_admin.changelist_view
    primary_key = model_admin.model._meta.pk

    def changelist_view(request, extra_context=None):
        if request.method == "POST":
            try:
                for value in request.POST.getlist(ACTION_CHECKBOX_NAME):
                    primary_key.clean(value, None)
            except ValidationError:
                from edge.errors import error_response

                return error_response(request, status=400, code="validation_error",
                                      detail=f"{ACTION_CHECKBOX_NAME}：所选记录的编号无效")
        return original(request, extra_context)

    model_admin.changelist_view = changelist_view


class RoleAdminSite(admin.AdminSite):
    site_header = "社会组织党建工作平台管理"
    site_title = "社会组织党建工作平台管理"
    index_title = "社会组织党建工作平台管理"

    @property
    def login_form(self):
        from .forms import AdminLoginForm  # here: the admin site is built before the apps are ready

        return AdminLoginForm

    def has_permission(self, request):
        from .services import ADMIN_SITE_ROLES

        return super().has_permission(request) and bool(_roles(request.user) & ADMIN_SITE_ROLES)

    def register(self, model_or_iterable, admin_class=None, **options):
        super().register(model_or_iterable, admin_class, **options)
        models = [model_or_iterable] if isinstance(model_or_iterable, ModelBase) else model_or_iterable
        for model in models:
            _guard(self._registry[model])
