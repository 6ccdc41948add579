"""Login throttling by username and by client address, and its release by the security
administrator.

django-axes counts failures per (username, address, user agent). Two limits hold at once:
``AXES_FAILURE_LIMIT`` failures for one username (from anywhere) lock that account, and
``LOGIN_FAILURE_LIMIT_PER_ADDRESS`` failures from one address (over any usernames: password
spraying) lock that address, for ``AXES_COOLOFF_TIME``. The address limit is higher than the
username one because a committee's staff share an office's outgoing address: one colleague's
typos must not lock the office. A successful login clears its username's failures only, so
one valid account does not let an address go on guessing others'.
"""
from __future__ import annotations

from dataclasses import dataclass

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max, Sum
from django.utils import timezone

from audit.services import audit_record

from .models import Role
from .scoping import roles_of


def address_limit() -> int:
    return settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS


class LockoutHandler(AxesDatabaseHandler):
    """``AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]``: axes builds one set of
    attempts per parameter, in that order; each is held against its own limit."""

    def get_failures(self, request, credentials=None) -> int:
        by_username, by_address = (
            attempts.aggregate(failures=Sum("failures_since_start"))["failures"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        # Axes compares the number returned with AXES_FAILURE_LIMIT: an address over its own
        # limit counts as a locked username.
        return max(by_username, settings.AXES_FAILURE_LIMIT if by_address >= address_limit() else 0)

    def reset_user_attempts(self, request, credentials=None) -> int:
        by_username = self.filter_user_attempts(request, credentials)[0]
        count, _ = by_username.delete()
        return count


@dataclass(frozen=True)
class Lockout:
    kind: str  # "username" | "ip_address"
    value: str
    failures: int
    limit: int
    last_attempt: object

    @property
    def locked(self) -> bool:
        return self.failures >= self.limit

    @property
    def kind_label(self) -> str:
        return "用户名" if self.kind == "username" else "来源地址"


def lockouts_list() -> list[Lockout]:
    """Usernames and addresses with failures within the cool-off period, locked ones first."""
    recent = AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - get_cool_off())
    found = []
    for kind, limit in (("username", settings.AXES_FAILURE_LIMIT), ("ip_address", address_limit())):
        rows = recent.exclude(**{f"{kind}__isnull": True}).values(kind).annotate(
            failures=Sum("failures_since_start"), last=Max("attempt_time"))
        found += [Lockout(kind, row[kind], row["failures"], limit, row["last"]) for row in rows]
    return sorted(found, key=lambda item: (not item.locked, -item.failures, item.kind, item.value))


def lockout_release(*, actor, kind: str, value: str, request=None) -> int:
    """Clear the failures of a username or an address (security administrator); audited."""
    if Role.SECURITY_ADMIN not in roles_of(actor):
        raise PermissionDenied("只有安全管理员可以解除登录锁定")
    if kind not in ("username", "ip_address") or not value:
        raise ValidationError("请指定要解锁的用户名或来源地址")
    released, _ = AccessAttempt.objects.filter(**{kind: value}).delete()
    audit_record(action="login.unlock", request=request, object_type="axes.AccessAttempt", object_id=value[:64],
                 changes={kind: value, "attempts": released, "at": timezone.now().isoformat()})
    return released
