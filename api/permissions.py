"""Who may call what: a token by its scopes, a staff session by being staff.

Reads (GET, HEAD, OPTIONS) need ``read``, writes need ``write``; a view that answers a
POST without writing (rules evaluation, lookups) sets ``required_scope = "read"``.
"""
from __future__ import annotations

from rest_framework.permissions import SAFE_METHODS, BasePermission

from .models import ApiToken


def request_scopes(request) -> frozenset[str]:
    """The scopes the request carries: its token's, or read+write for an active staff session.

    The accounts app narrows sessions by role; here a non-staff user gets nothing (fail closed).
    """
    token = getattr(request, "auth", None)
    if isinstance(token, ApiToken):
        return frozenset(token.scopes)
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_active and user.is_staff:
        return frozenset({ApiToken.Scope.READ, ApiToken.Scope.WRITE})
    return frozenset()


def required_scope(request, view) -> str:
    scope = getattr(view, "required_scope", None)
    if scope:
        return scope
    return ApiToken.Scope.READ if request.method in SAFE_METHODS else ApiToken.Scope.WRITE


class HasScope(BasePermission):
    message = "令牌或账号没有此操作所需的权限范围"

    def has_permission(self, request, view):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False  # DRF turns this into 401 when no credentials were given
        scope = required_scope(request, view)
        if scope not in request_scopes(request):
            self.message = f"此操作需要“{scope}”权限范围"
            self.code = "scope_missing"
            return False
        return True
