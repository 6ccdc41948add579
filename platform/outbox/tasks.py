"""Celery task of the outbox: the relay, run by beat in the public schema."""
from config.celery import app

from .services import outbox_relay


@app.task(name="outbox.relay", ignore_result=True)
def relay() -> dict:
    """Publish the outbox messages that are due (never sent, or sent and not acknowledged)."""
    return outbox_relay()
