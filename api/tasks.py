"""Celery tasks of the API app (run in each province's schema by beat)."""
from config.celery import app

from .services import idempotency_records_purge


@app.task(name="api.idempotency_records_purge")
def purge_idempotency_records() -> int:
    """Delete stored Idempotency-Key answers older than API_IDEMPOTENCY_TTL_HOURS."""
    return idempotency_records_purge()
