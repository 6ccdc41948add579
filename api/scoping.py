"""Which rows of the province a request may see, and which it may write.

Every API queryset goes through ``scoped`` before it is filtered or looked up in. A token
belongs to one province's integration and sees the whole province (the schema keeps the
other provinces out); a user sees what their roles allow (``accounts.scoping``: 市、县委
their region, supervisors their organizations …), and nothing without a role.

A write request is scoped to what the user may *write* (``scope_queryset(write=True)``:
the assignments of provincial, city and county staff only). Before it writes, a write view
checks what the write would touch with the helpers below; tokens pass them all (their
scope is the province), and so does provincial staff:

- ``write_target``: the existing row a keyed write (an upsert by USCC, ID number or name)
  would change. One outside the scope answers 404: it is invisible to the writer, and an
  upsert must not reach it.
- ``region_check``: the region the row would lie in; outside the scope → 403 naming the field.
- ``references_check``: rows the write points to (organizations, Party organizations,
  members). One that exists outside the scope is reported like one that does not exist
  (400 naming the field): the writer cannot see it, so the answer does not confirm it.
- ``written``: the row as written must lie in the scope (``write_answer`` checks it).
  A write that would leave its row outside the scope — e.g. a member with neither an
  organization nor a Party organization — is refused (403) and rolled back.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404
from rest_framework.exceptions import PermissionDenied

from accounts.scoping import dangerously_whole_province, scope_queryset, sees_whole_province

from .models import ApiToken
from .problems import Problem


def scoped(queryset: QuerySet, request) -> QuerySet:
    """The part of ``queryset`` that ``request`` may see, or for a write request may write
    (fails closed: nothing by default). A session's write is refused here unless the user's
    roles allow API writes, whatever else let the request through."""
    if isinstance(getattr(request, "auth", None), ApiToken):
        return dangerously_whole_province(queryset)
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.pk is None:
        return queryset.none()
    from .permissions import request_scopes

    needs = _needs(request)
    if needs not in request_scopes(request):
        if needs == ApiToken.Scope.WRITE:
            raise PermissionDenied("您的角色不能通过接口写入数据")
        return queryset.none()
    return scope_queryset(queryset, user=user, write=needs == ApiToken.Scope.WRITE)


def whole_province(request) -> bool:
    """Is the request's scope the whole province: a token, or a session of provincial staff?"""
    if isinstance(getattr(request, "auth", None), ApiToken):
        return True
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated and user.pk is not None and sees_whole_province(user)


def write_target(model: type[Model], request, **lookup) -> Model | None:
    """The ``model`` row ``lookup`` finds in the province, None when the province has none.
    Raises Http404 when it exists outside the request's scope."""
    row = dangerously_whole_province(model._default_manager.all()).filter(**lookup).first()
    if row is None:
        return None
    if not scoped(model._default_manager.all(), request).filter(pk=row.pk).exists():
        raise Http404
    return row


def region_check(request, code, *, field: str = "region_code") -> None:
    """Refuse a row placed in a region outside the request's scope (403 naming ``field``).
    A code the province does not have is left to the service, which names it among the
    other bad fields."""
    from regions.models import Region

    code = str(code or "").strip()
    if not code or not Region.objects.filter(code=code).exists():
        return
    if not scoped(Region.objects.all(), request).filter(code=code).exists():
        message = f"行政区划“{code}”不在您的管辖范围内"
        raise Problem(status_code=403, code="out_of_scope", detail=message,
                      errors=[{"field": field, "code": "out_of_scope", "detail": message}])


def references_check(request, model: type[Model], *, field: str, key: str, values: Iterable,
                     message: Callable[[list], str]) -> None:
    """Refuse references to ``model`` rows (by ``key``) that exist in the province but outside
    the request's scope: a 400 naming ``field`` with ``message(those values)``, the message
    the service gives for rows that do not exist. Rows that do not exist at all are left to
    the service, which reports them with the other bad fields."""
    values = [value for value in dict.fromkeys(values) if value not in (None, "")]
    if not values:
        return
    lookup = {f"{key}__in": values}
    existing = set(dangerously_whole_province(model._default_manager.all()).filter(**lookup).values_list(key, flat=True))
    if not existing:
        return
    visible = set(scoped(model._default_manager.all(), request).filter(**lookup).values_list(key, flat=True))
    hidden = [value for value in values if value in existing and value not in visible]
    if hidden:
        raise ValidationError({field: [message(hidden)]})


def written(request, instance: Model) -> Model:
    """``instance`` when the request's scope holds it as written; otherwise 403 (the caller's
    transaction then rolls the write back)."""
    model = type(instance)
    if not scoped(model._default_manager.all(), request).filter(pk=instance.pk).exists():
        raise Problem(status_code=403, code="out_of_scope",
                      detail=f"写入后该{model._meta.verbose_name}将不在您的管辖范围内，未保存")
    return instance


def _needs(request) -> str:
    from .permissions import required_scope

    view = (getattr(request, "parser_context", None) or {}).get("view")
    return required_scope(request, view)
