"""Celery tasks of the national aggregates; queued in the public schema (beat: every 6 h)."""
from config.celery import app

from .services import national_snapshots_copy, province_snapshots_take


@app.task(name="national.snapshots_copy")
def snapshots_copy(take: bool = False, full: bool = False) -> dict:
    """Copy the provinces' snapshot rows into public; with ``take``, take today's snapshots first."""
    if take:
        province_snapshots_take()
    return national_snapshots_copy(full=full)
