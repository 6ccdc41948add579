"""Celery tasks of the audit log; queued in the public schema (beat: AUDIT_ANCHOR_INTERVAL_MINUTES)."""
from config.celery import app

from .anchors import anchor_every_schema


@app.task(name="audit.anchor_heads")
def anchor_heads() -> int:
    """Write the signed head of every schema's chain outside the database (``audit.anchors``)."""
    return len(anchor_every_schema())
