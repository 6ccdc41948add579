"""Reads from a standby: a database router, off unless ``DATABASE_REPLICA_URL`` is set.

What may read from the replica (alias ``replica``): the ORM reads of a GET or HEAD request
(national reads, dashboards, lists, exports, detail pages), and only while the replica is
up and behind the primary by at most ``DATABASE_REPLICA_MAX_LAG`` seconds (measured at most
every ``REPLICA_CHECK_SECONDS`` per process). Everything else reads the primary:

- read-your-writes: a request that has written (any write routed here, or an unsafe method)
  reads the primary from then on; and for ``DATABASE_REPLICA_PIN_SECONDS`` after an unsafe
  request the client's next requests do too (cookie ``pb_primary``), so a form's redirect
  shows what was just saved;
- inside a transaction on the primary;
- security state: sessions, users and their login security, API tokens (a revoked token or
  a lockout takes effect at once, whatever the replica's lag);
- Celery tasks, management commands, anything outside a request.

django-tenants sets the schema on the ``default`` connection; the router puts the same
tenant on the replica's connection before handing it out, so a province reads its own schema.
"""
from __future__ import annotations

import contextvars
import logging
import time

from django.conf import settings
from django.db import connection, connections

logger = logging.getLogger(__name__)

ALIAS = "replica"
ROUTER = "tenants.replicas.ReplicaRouter"
PIN_COOKIE = "pb_primary"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
# Always the primary: what decides who may do what must never be stale.
PRIMARY_ONLY_APPS = {"sessions", "auth", "accounts", "axes", "otp_totp", "django_otp", "api", "tenants", "contenttypes"}
REPLICA_CHECK_SECONDS = 5.0

# Per request (and per thread: gunicorn's threads each have their own context).
_request_state: contextvars.ContextVar[dict | None] = contextvars.ContextVar("replica_request_state", default=None)


def enabled() -> bool:
    """A replica is configured (DATABASE_REPLICA_URL puts the router first in DATABASE_ROUTERS)."""
    return ROUTER in settings.DATABASE_ROUTERS


def in_transaction(conn) -> bool:
    """Inside a transaction the product opened (a TestCase's own atomic blocks do not count, as
    in Django's check of durable blocks)."""
    return any(not getattr(block, "_from_testcase", False) for block in conn.atomic_blocks)


LAG_SQL = """
SELECT pg_is_in_recovery(),
       CASE WHEN NOT pg_is_in_recovery() THEN NULL
            WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0.0
            ELSE COALESCE(EXTRACT(EPOCH FROM clock_timestamp() - pg_last_xact_replay_timestamp()), 0.0) END
"""


def replica_lag(cursor) -> dict:
    """The standby's state on ``cursor`` (a connection to it): whether it is a standby and how
    far its replay is behind (seconds; 0 when it has replayed all it has received)."""
    cursor.execute(LAG_SQL)
    in_recovery, lag = cursor.fetchone()
    return {"standby": bool(in_recovery), "lag_seconds": None if lag is None else round(float(lag), 3)}


def replica_report() -> dict:
    """For /healthz: ``{"state": "off"}``, or the replica's state and lag."""
    if not enabled():
        return {"state": "off"}
    try:
        with connections[ALIAS].cursor() as cursor:
            lag = replica_lag(cursor)
    except Exception as error:  # down or unreachable: the report says so
        return {"state": "down", "error": type(error).__name__}
    finally:
        # /healthz checks from a thread of its own (tenants/health.py): its connection must not outlive it.
        _close_quietly(connections[ALIAS])
    if not lag["standby"]:
        # A replica that left recovery is a promoted (split) node: never read from it.
        return {"state": "not_standby", "lag_seconds": None}
    too_far = lag["lag_seconds"] > settings.DATABASE_REPLICA_MAX_LAG
    return {"state": "lagging" if too_far else "ok", "lag_seconds": lag["lag_seconds"],
            "max_lag_seconds": settings.DATABASE_REPLICA_MAX_LAG}


_status = {"checked": -REPLICA_CHECK_SECONDS, "usable": False}


def replica_usable() -> bool:
    """Whether reads may go to the replica now (cached per process for REPLICA_CHECK_SECONDS)."""
    if time.monotonic() - _status["checked"] >= REPLICA_CHECK_SECONDS:
        remember_replica_state(replica_report()["state"] == "ok")
    return _status["usable"]


def remember_replica_state(usable: bool) -> None:
    """What the last check found, kept for REPLICA_CHECK_SECONDS."""
    _status.update(usable=usable, checked=time.monotonic())


def _close_quietly(conn) -> None:
    try:
        conn.close()
    except Exception:
        pass


class ReplicaRouter:
    """First in DATABASE_ROUTERS when a replica is configured; django-tenants' router follows."""

    def db_for_read(self, model, **hints):
        state = _request_state.get()
        if state is None or not state["eligible"] or state["wrote"]:
            return None
        if model._meta.app_label in PRIMARY_ONLY_APPS or in_transaction(connection):
            return None
        if not replica_usable():
            return None
        replica = connections[ALIAS]
        tenant = getattr(connection, "tenant", None)
        if tenant is not None and getattr(replica, "schema_name", None) != connection.schema_name:
            replica.set_tenant(tenant)
        state["used"] = True
        return ALIAS

    def db_for_write(self, model, **hints):
        # A write of data (not of the session's expiry or a token's last use) pins the rest of
        # the request, and the client for a while, to the primary.
        state = _request_state.get()
        if state is not None and model._meta.app_label not in PRIMARY_ONLY_APPS:
            state["wrote"] = True
        return None

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the primary's rows: objects read from either relate freely.
        return True if {obj1._state.db, obj2._state.db} <= {"default", ALIAS} else None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return False if db == ALIAS else None


class ReplicaReadsMiddleware:
    """Marks which requests may read from the replica and pins a client to the primary after it writes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not enabled():
            return self.get_response(request)
        safe = request.method in SAFE_METHODS
        state = {"eligible": safe and PIN_COOKIE not in request.COOKIES, "wrote": not safe, "used": False}
        token = _request_state.set(state)
        try:
            response = self.get_response(request)
        finally:
            _request_state.reset(token)
        if state["wrote"]:
            response.set_cookie(PIN_COOKIE, "1", max_age=settings.DATABASE_REPLICA_PIN_SECONDS, httponly=True,
                                samesite="Lax", secure=request.is_secure())
        return response
