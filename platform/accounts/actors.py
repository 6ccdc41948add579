"""Who acts: one small value built once per request (web page, API call) or per job.

Every action (``registry.actions``, the process engine …) takes an ``Actor`` and asks it
what it may see and write; actions never read ``request``. Three kinds:

- a **user** (a session): their roles' scope (``accounts.scoping``), writing only through
  the assignments whose role may write (``API_WRITE_ROLES``);
- an **API token** of the province: the whole province, writing with the ``write`` token
  permission (``ApiToken.Permission``, a permission of the token; the *data scope* is what the
  actor may see);
- the **system** (a Celery job, a management command, an import started by provincial
  staff): the whole province, named for the audit log, e.g. ``Actor.system("import job 42")``.

Fail closed: a user without a data role sees nothing and writes nothing.

The write checks, in the order actions call them:

- ``write_target(model, **lookup)``: the existing row a keyed write (an upsert by USCC, ID
  number or name) would change; one outside the write scope raises ``Http404`` (the writer
  cannot see it, and an upsert must not reach it).
- ``region_check(code, field=…)``: the region a row would lie in; outside → ``OutOfScope``
  naming the field (403).
- ``references_check(model, field=…, key=…, values=…, message=…)``: rows a write points to
  that exist outside the scope are reported like rows that do not exist (a ``ValidationError``
  naming the field): the answer does not confirm them.
- ``written(instance)``: the row as written must lie in the scope, else ``OutOfScope`` (the
  action's transaction then rolls the write back).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404

from .scoping import (
    dangerously_whole_province, has_data_role, instructor_ids_of, may_write_as, roles_of, scope_queryset,
    sees_whole_province, session_api_permissions,
)


class OutOfScope(PermissionDenied):
    """A write that would reach outside the actor's scope: 403, naming ``field`` when a field
    caused it (the API lists it in ``errors``; a form shows it beside the field)."""

    def __init__(self, detail: str, *, field: str | None = None):
        super().__init__(detail)
        self.detail = detail
        self.field = field


@dataclass(frozen=True, eq=False)
class Actor:
    kind: str  # "user" | "token" | "system"
    name: str  # as written in the audit log
    user: object = None
    token: object = None
    ip: str | None = None
    # The roles whose assignments this actor writes through (None: ``API_WRITE_ROLES``, the
    # committees' staff); ``acting_as`` widens it for what an organization reports itself.
    write_roles: frozenset | None = None
    _cache: dict = field(default_factory=dict, repr=False, compare=False)

    USER, TOKEN, SYSTEM = "user", "token", "system"

    # --- building one --------------------------------------------------------------------

    @classmethod
    def for_user(cls, user, *, ip: str | None = None) -> "Actor":
        return cls(kind=cls.USER, name=user.get_username() if user is not None else "anonymous", user=user, ip=ip)

    @classmethod
    def for_token(cls, token, *, ip: str | None = None) -> "Actor":
        return cls(kind=cls.TOKEN, name=f"token:{token.name}", token=token, ip=ip)

    @classmethod
    def system(cls, label: str) -> "Actor":
        """A job or command: the whole province, named ``system:<label>`` in the audit log."""
        return cls(kind=cls.SYSTEM, name=f"system:{label}" if label else "system")

    @classmethod
    def from_request(cls, request) -> "Actor":
        """The request's actor, built once and kept on the request (``request.actor``)."""
        django_request = getattr(request, "_request", request)
        actor = getattr(django_request, "_actor", None)
        if actor is None:
            from api.models import ApiToken

            ip = request.META.get("REMOTE_ADDR") or None
            token = getattr(request, "auth", None)
            if isinstance(token, ApiToken):
                actor = cls.for_token(token, ip=ip)
            else:
                user = getattr(request, "user", None)
                authenticated = user is not None and user.is_authenticated and user.pk is not None
                actor = cls.for_user(user if authenticated else None, ip=ip)
            django_request._actor = actor
        return actor

    def acting_as(self, roles) -> "Actor":
        """This actor writing through the assignments of ``roles`` (e.g.
        ``accounts.models.ORGANIZATION_REPORT_ROLES``: an organization's secretary and liaison
        write its members and Party life, in their own organization only). Tokens and jobs
        are unchanged (the whole province). Every write check below then uses these roles."""
        return replace(self, write_roles=frozenset(roles), _cache={})

    # --- what it may do --------------------------------------------------------------------

    @property
    def is_province_wide(self) -> bool:
        """Tokens and jobs act for the whole province; a user only with provincial staff's role."""
        if self.kind in (self.TOKEN, self.SYSTEM):
            return True
        return self._memo("whole", lambda: self.user is not None and sees_whole_province(self.user))

    @property
    def roles(self) -> frozenset[str]:
        if self.user is None:
            return frozenset()
        return self._memo("roles", lambda: frozenset(roles_of(self.user)))

    @property
    def may_read(self) -> bool:
        if self.kind == self.SYSTEM:
            return True
        if self.kind == self.TOKEN:
            return "read" in self.token.scopes
        return self.user is not None and self._memo("read", lambda: has_data_role(self.user))

    @property
    def may_write(self) -> bool:
        """May this actor write the registry at all (each row then within its write scope)?"""
        if self.kind == self.SYSTEM:
            return True
        if self.kind == self.TOKEN:
            return "write" in self.token.scopes
        if self.user is None:
            return False
        if self.write_roles is not None:
            return self._memo("write", lambda: may_write_as(self.user, self.write_roles))
        return self._memo("write", lambda: "write" in session_api_permissions(self.user))

    @property
    def instructor_ids(self) -> set[int]:
        """The instructor records this user is (none for tokens and jobs)."""
        return self._memo("instructors", lambda: instructor_ids_of(self.user)) if self.user is not None else set()

    def scoped(self, queryset: QuerySet, *, write: bool = False) -> QuerySet:
        """The part of ``queryset`` this actor may see (``write``: may write). Nothing for a user
        without the role; the whole province for tokens and jobs."""
        if self.kind in (self.TOKEN, self.SYSTEM):
            return dangerously_whole_province(queryset)
        if self.user is None:
            return queryset.none()
        if write and self.write_roles is not None:
            write = self.write_roles
        return scope_queryset(queryset, user=self.user, write=write)

    # --- the write checks --------------------------------------------------------------------

    def require_write(self) -> None:
        if not self.may_write:
            raise OutOfScope("您的角色不能写入台账数据")

    def write_target(self, model: type[Model], **lookup) -> Model | None:
        """The ``model`` row ``lookup`` finds in the province, None when there is none; Http404
        when it exists outside the write scope."""
        row = dangerously_whole_province(model._default_manager.all()).filter(**lookup).first()
        if row is None:
            return None
        if not self.scoped(model._default_manager.all(), write=True).filter(pk=row.pk).exists():
            raise Http404
        return row

    def region_check(self, code, *, field: str = "region_code") -> None:
        """Refuse a row placed in a region outside the write scope (``OutOfScope`` naming
        ``field``). A code the province does not have is left to validation."""
        from regions.models import Region

        code = str(code or "").strip()
        if not code or self.is_province_wide or not Region.objects.filter(code=code).exists():
            return
        if not self.scoped(Region.objects.all(), write=True).filter(code=code).exists():
            raise OutOfScope(f"行政区划“{code}”不在您的管辖范围内", field=field)

    def references_check(self, model: type[Model], *, field: str, key: str, values: Iterable,
                         message: Callable[[list], str]) -> None:
        """Refuse references to ``model`` rows (by ``key``) that exist in the province but
        outside what the actor may see: a ValidationError naming ``field`` with
        ``message(those values)``, the message validation gives for rows that do not exist."""
        values = [value for value in dict.fromkeys(values) if value not in (None, "")]
        if not values or self.is_province_wide:
            return
        lookup = {f"{key}__in": values}
        existing = set(dangerously_whole_province(model._default_manager.all()).filter(**lookup)
                       .values_list(key, flat=True))
        if not existing:
            return
        visible = set(self.scoped(model._default_manager.all(), write=True).filter(**lookup).values_list(key, flat=True))
        hidden = [value for value in values if value in existing and value not in visible]
        if hidden:
            raise ValidationError({field: [message(hidden)]})

    def written(self, instance: Model) -> Model:
        """``instance`` when the write scope holds it as written; else ``OutOfScope``."""
        if self.is_province_wide:
            return instance
        model = type(instance)
        if not self.scoped(model._default_manager.all(), write=True).filter(pk=instance.pk).exists():
            raise OutOfScope(f"写入后该{model._meta.verbose_name}将不在您的管辖范围内，未保存")
        return instance

    def _memo(self, key, compute):
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

