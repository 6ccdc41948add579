"""A message is acknowledged when its task has finished for good (success, or a failure that
will not be retried). A retry keeps the task id and so keeps the message pending; a worker
killed mid-task sends no signal at all, so the relay sends the message again."""
import logging

from celery import states
from celery.signals import task_postrun

logger = logging.getLogger(__name__)


@task_postrun.connect(dispatch_uid="outbox_acknowledge_finished_task")
def acknowledge_finished_task(sender=None, task_id=None, state=None, **kwargs):
    if state not in (states.SUCCESS, states.FAILURE) or not task_id:
        return
    from django.db import DatabaseError

    from .services import outbox_acknowledge

    try:
        outbox_acknowledge(task_id)
    except DatabaseError as error:  # left pending: the task is sent again, and is idempotent
        logger.warning("outbox: could not acknowledge %s: %s", task_id, error)
