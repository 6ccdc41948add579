"""Health checks of the services a domain needs."""
from django.db import connection


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # any failure means down; the report says so
        return False


def broker_ok(timeout: float = 2.0) -> bool:
    from django.conf import settings
    from kombu import Connection

    options = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {})
    try:
        with Connection(settings.CELERY_BROKER_URL, transport_options=options, connect_timeout=timeout) as conn:
            conn.ensure_connection(max_retries=1, timeout=timeout)
        return True
    except Exception:
        return False


def health_report(*, schema_name: str) -> dict:
    database = database_ok()
    broker = broker_ok()
    return {
        "ok": database and broker,
        "schema": schema_name,
        "database": "ok" if database else "down",
        "broker": "ok" if broker else "down",
    }
