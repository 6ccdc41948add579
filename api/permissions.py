"""Who may call what: a token by its scopes, a session by its roles
(``accounts.scoping.session_api_permissions``).

Reads (GET, HEAD, OPTIONS) need ``read``, writes need ``write``; a view that answers a
POST without writing (rules evaluation, lookups) sets ``required_permission = "read"``. Which
rows a request then reads or writes is ``api.scoping``'s business (it uses this module, not the reverse).
"""
from __future__ import annotations

from rest_framework.permissions import SAFE_METHODS, BasePermission

from accounts.scoping import session_api_permissions

from .models import ApiToken


def request_permissions(request) -> frozenset[str]:
    """The scopes the request carries: its token's, or what the session user's roles allow
    (``read`` with a data role, ``write`` too for provincial, city and county staff; nothing
    without a role, and nothing for administrators: fail closed)."""
    token = getattr(request, "auth", None)
    if isinstance(token, ApiToken):
        return frozenset(token.scopes)
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_active or user.pk is None:
        return frozenset()
    scopes = getattr(request, "_session_api_scopes", None)
    if scopes is None:  # the roles are read once per request (scoped() asks for every queryset)
        scopes = session_api_permissions(user)
        request._session_api_scopes = scopes
    return scopes


def required_permission(request, view) -> str:
    scope = getattr(view, "required_permission", None)
    if scope:
        return scope
    return ApiToken.Permission.READ if request.method in SAFE_METHODS else ApiToken.Permission.WRITE


class WholeProvince(BasePermission):
    """For figures computed over the whole province (indicators, snapshots): a token, or a
    session whose scope is the province. A narrower session would read beyond its scope."""

    message = "此接口给出全省的数字，只对令牌和省级工作人员开放；本人管辖范围内的指标请在网页上查看"
    code = "whole_province_only"

    def has_permission(self, request, view):
        from accounts.actors import Actor

        actor = Actor.from_request(request)
        return (actor.kind == Actor.TOKEN or actor.user is not None) and actor.is_province_wide


class HasPermission(BasePermission):
    message = "令牌或账号没有此操作所需的权限范围"

    def has_permission(self, request, view):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False  # DRF turns this into 401 when no credentials were given
        scope = required_permission(request, view)
        if scope not in request_permissions(request):
            self.message = f"此操作需要“{scope}”权限范围"
            self.code = "scope_missing"
            return False
        return True
