"""Writing, publishing and acknowledging outbox messages (see the package's docstring)."""
from __future__ import annotations

import datetime as dt
import logging
import uuid

from django.conf import settings
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from .models import OutboxMessage

logger = logging.getLogger(__name__)


def outbox_enqueue(task: str, *, args: list | tuple = (), kwargs: dict | None = None, key: str = "",
                   resend: bool = False) -> OutboxMessage:
    """Queue ``task`` to run in the current schema once the current transaction commits.

    With a ``key``, a message of that key still pending in this schema stands for this one:
    nothing new is written or sent, unless ``resend`` makes the pending one due now (its
    worker died, say). Enqueueing twice sends once.
    """
    schema = connection.schema_name
    message = None
    if key:
        message = OutboxMessage.objects.filter(schema_name=schema, key=key, acknowledged=None, abandoned=None).first()
        if message is not None and not resend:
            return message
        if message is not None:
            OutboxMessage.objects.filter(pk=message.pk).update(next_attempt=timezone.now())
    if message is None:
        try:
            with transaction.atomic():
                message = OutboxMessage.objects.create(schema_name=schema, task=task, args=list(args), kwargs=kwargs or {},
                                                       key=key)
        except IntegrityError:  # the same key enqueued by someone else in the meantime
            return OutboxMessage.objects.get(schema_name=schema, key=key, acknowledged=None, abandoned=None)
    message_id = message.pk
    transaction.on_commit(lambda: outbox_publish(message_id, quick=True))
    return message


def _backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(seconds=min(2 ** max(attempts, 0), settings.OUTBOX_RETRY_MAX_SECONDS))


def outbox_publish(message_id: uuid.UUID, *, quick: bool = False) -> bool:
    """Publish one pending message to the broker; True when the broker took it.

    ``quick`` (right after a commit, inside a request): one try, no retries, so that a broker
    that is down never slows the answer; the relay sends it later. Never raises for a broker
    or database that is down: the row stays pending.
    """
    from config.celery import app

    try:
        with transaction.atomic():
            message = (OutboxMessage.objects.select_for_update(skip_locked=True)
                       .filter(pk=message_id, acknowledged=None, abandoned=None).first())
            if message is None:
                return False  # acknowledged already, or being published by the relay right now
            now = timezone.now()
            try:
                options = {"retry": False} if quick else {}
                # Nobody waits for an outbox task's result (its effect is in the database), and not
                # asking for one keeps a result backend that is down out of the way.
                app.send_task(message.task, args=message.args, kwargs=message.kwargs, task_id=str(message.pk),
                              headers={"_schema_name": message.schema_name}, ignore_result=True, **options)
            except Exception as error:  # any broker failure: keep the row, try again later
                attempts = message.attempts + 1
                fields = {"attempts": attempts, "last_error": f"{type(error).__name__}: {error}"[:2000],
                          "next_attempt": now + _backoff(attempts)}
                if attempts >= settings.OUTBOX_MAX_ATTEMPTS:
                    fields["abandoned"] = now
                    logger.error("outbox: giving up %s after %s attempts: %s", message, attempts, error)
                else:
                    logger.warning("outbox: could not publish %s (attempt %s): %s", message, attempts, error)
                OutboxMessage.objects.filter(pk=message.pk).update(**fields)
                return False
            # Sent again if not acknowledged in time; after the last attempt the relay gives up instead.
            OutboxMessage.objects.filter(pk=message.pk).update(
                attempts=message.attempts + 1, published=now, last_error="",
                next_attempt=now + dt.timedelta(seconds=settings.OUTBOX_REDELIVER_AFTER))
            return True
    except DatabaseError as error:
        logger.warning("outbox: database unavailable while publishing %s: %s", message_id, error)
        return False


def outbox_relay(*, limit: int = 500) -> dict:
    """Publish every pending message that is due (called by beat through ``tasks.relay``);
    give up on messages published ``OUTBOX_MAX_ATTEMPTS`` times without an acknowledgement;
    delete acknowledged messages older than ``OUTBOX_KEEP_DAYS``."""
    now = timezone.now()
    given_up = (OutboxMessage.objects.filter(acknowledged=None, abandoned=None, next_attempt__lte=now,
                                             attempts__gte=settings.OUTBOX_MAX_ATTEMPTS)
                .update(abandoned=now, last_error="发送多次均未得到完成确认，已放弃"))
    if given_up:
        logger.error("outbox: gave up %s message(s) never acknowledged", given_up)
    due = list(OutboxMessage.objects.filter(acknowledged=None, abandoned=None, next_attempt__lte=now)
               .order_by("next_attempt").values_list("pk", flat=True)[:limit])
    published = sum(outbox_publish(pk) for pk in due)
    purged, _ = OutboxMessage.objects.filter(
        acknowledged__lt=now - dt.timedelta(days=settings.OUTBOX_KEEP_DAYS)).delete()
    return {"due": len(due), "published": published, "given_up": given_up, "purged": purged}


def outbox_acknowledge(message_id: str) -> bool:
    """The task of ``message_id`` has finished: never send it again."""
    try:
        message_id = uuid.UUID(str(message_id))
    except ValueError:
        return False  # not one of ours
    return bool(OutboxMessage.objects.filter(pk=message_id, acknowledged=None).update(acknowledged=timezone.now()))
