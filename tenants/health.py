"""Health checks of the services a domain needs: the database, the broker and the cache.

The broker and the cache are checked at the same time, each in a thread of its own, and the
report waits for them at most ``HEALTH_TIMEOUT_SECONDS`` (a service that has not answered by
then is "down"): /healthz answers within 2 s even when Redis hangs."""
from __future__ import annotations

import threading
import time

from django.db import connection

from .replicas import replica_report

HEALTH_TIMEOUT_SECONDS = 1.5


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # any failure means down; the report says so
        return False


def broker_ok(timeout: float = 1.0) -> bool:
    from django.conf import settings
    from kombu import Connection

    options = dict(getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {}))
    if settings.CELERY_BROKER_URL.startswith(("redis", "rediss")):
        options.setdefault("socket_timeout", timeout)
        options.setdefault("socket_connect_timeout", timeout)
    try:
        with Connection(settings.CELERY_BROKER_URL, transport_options=options, connect_timeout=timeout) as conn:
            conn.ensure_connection(max_retries=1, timeout=timeout)
        return True
    except Exception:
        return False


def cache_state() -> str:
    """"ok" (Redis answered), "local" (no shared cache configured: each process's memory), or "down"."""
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    cache = caches["default"]
    if isinstance(cache, LocMemCache):
        return "local"
    try:
        cache.get("healthz-probe")
        return "ok"
    except Exception:  # redis.exceptions.ConnectionError, TimeoutError …: down
        return "down"


def _in_thread(check, default):
    result = {"value": default}

    def run():
        result["value"] = check()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, result


def health_report(*, schema_name: str) -> dict:
    started = time.monotonic()
    broker_thread, broker = _in_thread(broker_ok, False)
    cache_thread, cache = _in_thread(cache_state, "down")
    replica_thread, replica = _in_thread(replica_report, {"state": "down", "error": "timeout"})
    database = database_ok()
    for thread in (broker_thread, cache_thread, replica_thread):
        thread.join(max(HEALTH_TIMEOUT_SECONDS - (time.monotonic() - started), 0))
    broker_up = broker["value"] if not broker_thread.is_alive() else False
    cache_now = cache["value"] if not cache_thread.is_alive() else "down"
    return {
        "ok": database and broker_up and cache_now != "down",
        "schema": schema_name,
        "database": "ok" if database else "down",
        "broker": "ok" if broker_up else "down",
        "cache": cache_now,
        # The read replica (tenants/replicas.py): "off", or its state and lag; never decides "ok"
        # (reads fall back to the primary while it is down or behind).
        "replica": replica["value"] if not replica_thread.is_alive() else {"state": "down", "error": "timeout"},
    }
