"""Celery tasks of the web interface: each only calls its service. Queued inside a
province (through the outbox, sent after the commit), a task runs in that province's schema."""
from config.celery import app

from . import services


@app.task(name="web.job_run")
def job_run(job_id: int) -> None:
    """Run one background job (import check or import, export, indicator recomputation)."""
    services.job_run(job_id=job_id)


@app.task(name="web.job_payloads_purge")
def job_payloads_purge() -> dict:
    """Delete the personal data of jobs past its retention (``retention``); beat, every hour."""
    from .retention import job_payloads_purge as purge

    return purge()


@app.task(name="web.jobs_sweep", ignore_result=True)
def jobs_sweep() -> dict:
    """Run again, or fail with the reason, the jobs of this province that no worker moves."""
    return services.jobs_sweep()
