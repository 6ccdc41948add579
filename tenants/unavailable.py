"""A database that is failing over, beyond what api.problems / edge.errors already answer 503.

``api.problems.problem_for`` answers ``OperationalError``/``InterfaceError`` with 503
``database_unavailable`` (problem+json under /api/, the Chinese page elsewhere). Two more cases
come with a failover (pg_auto_failover, ops/deploy/README.md):

- SQLSTATE 25006 (read_only_sql_transaction, a ``django.db.InternalError``): a write on a kept
  connection to a node that has just stopped accepting writes — a primary being demoted, or
  pg_auto_failover's ``default_transaction_read_only = on`` while it promotes or drains. It is
  as "unavailable" as a refused connection: 503, never 500;
- that connection is usable, so Django would keep it (CONN_MAX_AGE) and every later request of
  the thread would fail the same way: :func:`drop_connections` closes it, and the next query
  connects afresh to whichever host accepts writes (target_session_attrs=read-write).
"""
from __future__ import annotations

READ_ONLY_SQLSTATE = "25006"


def is_read_only_error(exc: BaseException | None) -> bool:
    """A write refused because the server is (now) read-only, however Django wrapped it."""
    while exc is not None:
        if getattr(exc, "pgcode", None) == READ_ONLY_SQLSTATE:
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def drop_connections() -> None:
    """Close this thread's database connections (see the module's notes)."""
    from django.db import connections

    for conn in connections.all(initialized_only=True):
        try:
            conn.close()
        except Exception:  # closing a broken connection may fail again; it is gone either way
            pass
