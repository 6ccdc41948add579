"""Which rows of the province a request may see.

Every API queryset goes through ``scoped`` before it is filtered or looked up in. A token
belongs to one province's integration and sees the whole province (the schema keeps the
other provinces out); a user sees what their roles allow (``accounts.scoping``: 市、县委
their region, supervisors their organizations …), and nothing without a role.
"""
from __future__ import annotations

from django.db.models import QuerySet
from rest_framework.exceptions import PermissionDenied

from accounts.scoping import dangerously_whole_province, scope_queryset, session_api_scopes

from .models import ApiToken


def scoped(queryset: QuerySet, request) -> QuerySet:
    """The part of ``queryset`` that ``request`` may see (fails closed: nothing by default).

    A session's write is refused here unless the user's roles allow API writes
    (``accounts.scoping.session_api_scopes``), whatever ``request_scopes`` said: the write
    views call this before they write."""
    if isinstance(getattr(request, "auth", None), ApiToken):
        return dangerously_whole_province(queryset)
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.pk is None:
        return queryset.none()
    if _needs(request) not in session_api_scopes(user):
        if _needs(request) == ApiToken.Scope.WRITE:
            raise PermissionDenied("您的角色不能通过接口写入数据")
        return queryset.none()
    return scope_queryset(queryset, user=user)


def _needs(request) -> str:
    from .permissions import required_scope

    view = (getattr(request, "parser_context", None) or {}).get("view")
    return required_scope(request, view)
