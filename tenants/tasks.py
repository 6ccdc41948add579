"""Tenant-aware Celery glue.

Every task runs inside the schema of the province that queued it (tenant-schemas-celery
puts the schema name in the message headers). A failure names that schema, in the
worker's log and in the traceback stored with the result.

A transient failure (the database, the broker or Redis unreachable for a moment) is retried
with an exponential backoff and jitter, up to ``max_retries`` times; any other failure is
final. Tasks are idempotent: a message may be delivered more than once (acks late, the
outbox sending again what was not acknowledged).
"""
import logging

import kombu.exceptions
import redis.exceptions
from django.db import InterfaceError, OperationalError, connection
from tenant_schemas_celery.task import TenantTask

from config.celery import app

logger = logging.getLogger(__name__)

TRANSIENT_ERRORS = (
    OperationalError, InterfaceError, kombu.exceptions.OperationalError,
    redis.exceptions.ConnectionError, redis.exceptions.TimeoutError,
)


class ProvinceTask(TenantTask):
    abstract = True
    autoretry_for = TRANSIENT_ERRORS
    retry_backoff = 2  # seconds, doubled at each retry
    retry_backoff_max = 300
    retry_jitter = True
    max_retries = 6

    def __call__(self, *args, **kwargs):
        try:
            return super().__call__(*args, **kwargs)
        except Exception as error:
            error.add_note(f"task {self.name} failed in schema {connection.schema_name}")
            logger.error("task %s failed in schema %s", self.name, connection.schema_name)
            raise


@app.task(name="tenants.current_schema")
def current_schema() -> str:
    """Say which schema the task ran in (used by health checks and tests)."""
    return connection.schema_name


@app.task(name="tenants.fail_on_purpose")
def fail_on_purpose(message: str) -> None:
    """A task that always fails, to check that failures name their schema."""
    raise RuntimeError(message)
