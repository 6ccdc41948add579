"""The outbox: a task queued in a transaction is written in it and sent after it commits;
sent again until its task has finished; given up after OUTBOX_MAX_ATTEMPTS. The relay and the
acknowledgement run against a real Celery worker; the broker faults are in tests/faults."""
import datetime as dt
import time

import pytest
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from outbox.models import OutboxMessage
from outbox.services import outbox_acknowledge, outbox_enqueue, outbox_relay


def test_a_task_queued_in_a_transaction_is_written_in_it_and_sent_after_the_commit(jilin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with schema_context("jilin"), transaction.atomic():
            message = outbox_enqueue("tenants.current_schema", key="test:committed")
            assert not callbacks  # nothing is sent before the commit
    assert len(callbacks) == 1
    stored = OutboxMessage.objects.get(pk=message.pk)
    assert (stored.schema_name, stored.task, stored.published, stored.acknowledged) == ("jilin", "tenants.current_schema", None, None)


def test_a_rolled_back_transaction_queues_nothing(jilin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks, pytest.raises(RuntimeError):
        with schema_context("jilin"), transaction.atomic():
            outbox_enqueue("tenants.current_schema", key="test:rolled-back")
            raise RuntimeError("the write failed")
    assert callbacks == [] and not OutboxMessage.objects.filter(key="test:rolled-back").exists()


def test_queueing_one_key_twice_sends_once_unless_asked_to_resend(jilin, django_capture_on_commit_callbacks):
    with schema_context("jilin"):
        with django_capture_on_commit_callbacks(execute=False) as first_send:
            first = outbox_enqueue("tenants.current_schema", key="test:twice")
        OutboxMessage.objects.filter(pk=first.pk).update(next_attempt=timezone.now() + dt.timedelta(hours=1))
        with django_capture_on_commit_callbacks(execute=False) as second_send:
            assert outbox_enqueue("tenants.current_schema", key="test:twice").pk == first.pk
        with django_capture_on_commit_callbacks(execute=False) as resend:
            assert outbox_enqueue("tenants.current_schema", key="test:twice", resend=True).pk == first.pk
    assert (len(first_send), len(second_send), len(resend)) == (1, 0, 1)
    assert OutboxMessage.objects.filter(key="test:twice").count() == 1
    assert OutboxMessage.objects.get(pk=first.pk).next_attempt <= timezone.now()
    with schema_context("guangdong"):
        assert outbox_enqueue("tenants.current_schema", key="test:twice").pk != first.pk  # keys are per province


def test_an_acknowledged_message_is_never_sent_again_and_one_never_acknowledged_is_given_up(jilin, settings):
    with schema_context("jilin"):
        done = outbox_enqueue("tenants.current_schema")
        lost = outbox_enqueue("tenants.current_schema")
    assert outbox_acknowledge(str(done.pk)) and not outbox_acknowledge(str(done.pk))
    assert not outbox_acknowledge("not-a-message-id")
    past = timezone.now() - dt.timedelta(seconds=1)
    OutboxMessage.objects.filter(pk=done.pk).update(next_attempt=past)
    OutboxMessage.objects.filter(pk=lost.pk).update(next_attempt=past, attempts=settings.OUTBOX_MAX_ATTEMPTS, published=past)
    result = outbox_relay()
    assert result["given_up"] == 1 and result["due"] == 0
    lost.refresh_from_db()
    assert lost.abandoned is not None and lost.last_error


def test_celery_gives_a_task_back_when_its_worker_dies_and_retries_transient_errors(settings):
    from tenants.tasks import TRANSIENT_ERRORS
    from web.tasks import job_run

    assert settings.CELERY_TASK_ACKS_LATE and settings.CELERY_TASK_REJECT_ON_WORKER_LOST
    assert job_run.autoretry_for == TRANSIENT_ERRORS and job_run.retry_backoff and job_run.retry_jitter
    entry = settings.CELERY_BEAT_SCHEDULE["outbox-relay"]
    assert entry["task"] == "outbox.relay" and entry["tenant_schemas"] == ["public"]


def _wait_acknowledged(pks, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if OutboxMessage.objects.filter(pk__in=pks, acknowledged__isnull=False).count() == len(pks):
            return True
        time.sleep(0.2)
    return False


@pytest.mark.worker
def test_the_relay_sends_what_is_due_and_a_real_worker_acknowledges_it_when_finished(celery_worker_process, django_db_blocker):
    with django_db_blocker.unblock():
        try:
            with schema_context("jilin"):
                # Written with nobody to send them (as if the broker was down at the commit).
                ok = OutboxMessage.objects.create(schema_name="jilin", task="tenants.current_schema")
                failing = OutboxMessage.objects.create(schema_name="jilin", task="tenants.fail_on_purpose", args=["boom"])
            later = OutboxMessage.objects.create(schema_name="jilin", task="tenants.current_schema",
                                                 next_attempt=timezone.now() + dt.timedelta(hours=1))
            result = outbox_relay()
            assert result["published"] >= 2
            assert _wait_acknowledged([ok.pk, failing.pk]), list(OutboxMessage.objects.filter(pk__in=[ok.pk, failing.pk])
                                                                  .values("task", "attempts", "published", "acknowledged"))
            later.refresh_from_db()
            assert later.published is None and later.acknowledged is None  # not due yet
            ok.refresh_from_db()
            assert ok.attempts == 1 and ok.last_error == ""
        finally:
            OutboxMessage.objects.filter(schema_name="jilin", task__startswith="tenants.").delete()
