"""Which rows of the province an API request may see: every API queryset goes through
``scoped`` before it is filtered or looked up in.

A token belongs to one province's integration and sees the whole province (the schema keeps
the other provinces out); a user sees what their roles allow (``accounts.scoping``: 市、县委
their region, supervisors their organizations …), and nothing without a role. A write
request is scoped to what the user may *write*. What a write may touch (its target, region
and references) is checked by the registry actions through the request's ``Actor``.

Imports run one way: this module uses ``api.permissions`` (what the request may do), never
the reverse.
"""
from __future__ import annotations

from django.db.models import QuerySet
from rest_framework.exceptions import PermissionDenied

from accounts.actors import Actor

from .models import ApiToken
from .permissions import request_permissions, required_permission


def scoped(queryset: QuerySet, request) -> QuerySet:
    """The part of ``queryset`` that ``request`` may see, or for a write request may write
    (fails closed: nothing by default). A session's write is refused here unless the user's
    roles allow API writes, whatever else let the request through."""
    actor = Actor.from_request(request)
    if actor.kind == Actor.TOKEN:
        return actor.scoped(queryset)
    if actor.user is None:
        return queryset.none()
    view = (getattr(request, "parser_context", None) or {}).get("view")
    needs = required_permission(request, view)
    if needs not in request_permissions(request):
        if needs == ApiToken.Permission.WRITE:
            raise PermissionDenied("您的角色不能通过接口写入数据")
        return queryset.none()
    return actor.scoped(queryset, write=needs == ApiToken.Permission.WRITE)
