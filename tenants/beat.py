"""Exactly one Celery beat across hosts: a PostgreSQL advisory lock.

Every application host may run ``celery beat`` (systemd unit ``partybuild-beat``); only the
one holding the session-level advisory lock ``BEAT_LOCK_KEY`` sends due tasks, the others
wait and try again every ``BEAT_STANDBY_SECONDS``. The lock lives on a connection of its own:
if the holder dies or loses its connection (a failover), PostgreSQL releases the lock and a
waiting beat takes over within one retry. A holder checks its connection before every tick
and stops sending the moment it cannot prove it still holds the lock.

Chosen over django-celery-beat's database scheduler: the schedule stays in settings (with
tenant-schemas-celery's per-province expansion), and nothing new has to be migrated.
"""
from __future__ import annotations

import logging

import psycopg2
from django.db import connections
from tenant_schemas_celery.scheduler import TenantAwarePersistentScheduler

logger = logging.getLogger(__name__)

BEAT_LOCK_KEY = 0x70625F62656174  # "pb_beat"
BEAT_STANDBY_SECONDS = 5.0


def lock_connection():
    """A new psycopg2 connection with the default database's parameters (multi-host URLs
    included: the lock is taken on the primary)."""
    params = connections["default"].get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    conn = psycopg2.connect(**params)
    conn.autocommit = True
    return conn


class BeatLock:
    """The session-level advisory lock that makes a beat the active one."""

    def __init__(self, key: int = BEAT_LOCK_KEY, connect=lock_connection):
        self.key = key
        self.connect = connect
        self.conn = None

    def held(self) -> bool:
        """True if this process holds the lock now (taking it when free); False otherwise."""
        try:
            if self.conn is None or self.conn.closed:
                self.conn = self.connect()
            with self.conn.cursor() as cursor:
                cursor.execute(
                    "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()"
                    " AND ((classid::bigint << 32) | objid::bigint) = %s AND granted)", [self.key])
                if cursor.fetchone()[0]:
                    return True
                cursor.execute("SELECT pg_try_advisory_lock(%s)", [self.key])
                return bool(cursor.fetchone()[0])
        except psycopg2.Error as error:
            logger.warning("beat lock: %s", error)
            self.release()
            return False

    def release(self) -> None:
        if self.conn is not None:
            try:
                self.conn.close()
            except psycopg2.Error:
                pass
        self.conn = None


class SingleBeatScheduler(TenantAwarePersistentScheduler):
    """tenant-schemas-celery's scheduler, ticking only while it holds :class:`BeatLock`."""

    def __init__(self, *args, **kwargs):
        self.beat_lock = BeatLock()
        self.active = False
        super().__init__(*args, **kwargs)

    def tick(self, *args, **kwargs):
        held = self.beat_lock.held()
        if held != self.active:
            logger.info("beat: %s", "active (holds the lock)" if held else "standby (another beat holds the lock)")
            self.active = held
        if not held:
            return BEAT_STANDBY_SECONDS
        return super().tick(*args, **kwargs)

    def close(self):
        super().close()
        self.beat_lock.release()
