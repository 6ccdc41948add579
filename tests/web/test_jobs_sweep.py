"""No job stays queued or running for ever: a run claims its job (a message delivered twice
does nothing), and the sweeper runs again a job whose worker died, or fails it with the reason.
(The worker really killed mid-job is in tests/faults.)"""
import datetime as dt

from django.utils import timezone
from django_tenants.utils import schema_context

from outbox.models import OutboxMessage
from web import services
from web.models import Job

from .conftest import logged_in


def _job(user, **fields) -> Job:
    with schema_context("jilin"):
        job = Job.objects.create(kind=Job.Kind.SNAPSHOT, user=user, params={"as_of": "2024-06-30"}, stage="排队等待计算")
        Job.objects.filter(pk=job.pk).update(**fields)
        job = _reload(job)
        return job


def _reload(job: Job) -> Job:
    with schema_context("jilin"):
        return Job.objects.get(pk=job.pk)


def _ago(seconds: float) -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=seconds)


def _sweep() -> dict:
    with schema_context("jilin"):
        return services.jobs_sweep()


def test_a_job_whose_worker_died_runs_again(world, users, settings, django_capture_on_commit_callbacks):
    job = _job(users["provincial"], status=Job.Status.RUNNING, attempts=1, started=_ago(600),
               heartbeat=_ago(settings.JOB_STALE_AFTER + 5))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert _sweep()["requeued"] == 1
    assert len(callbacks) == 1  # sent once the sweep commits
    job = _reload(job)
    assert job.status == Job.Status.QUEUED and "重新排队" in job.stage
    message = OutboxMessage.objects.get(schema_name="jilin", task="web.job_run", args=[job.pk], acknowledged=None)
    assert message.next_attempt <= timezone.now()
    with schema_context("jilin"):
        services.job_run(job_id=job.pk)  # the worker's next run
        job = _reload(job)
    assert job.status == Job.Status.DONE and job.attempts == 2


def test_a_job_interrupted_too_often_fails_with_the_reason(world, users, settings):
    job = _job(users["provincial"], status=Job.Status.RUNNING, attempts=settings.JOB_MAX_ATTEMPTS, started=_ago(900),
               heartbeat=_ago(settings.JOB_STALE_AFTER + 5))
    assert _sweep()["failed"] == 1
    job = _reload(job)
    assert job.status == Job.Status.FAILED and job.finished is not None
    assert "后台进程中断" in job.error and f"已尝试{settings.JOB_MAX_ATTEMPTS}次" in job.error
    page = logged_in("jilin", users["provincial"]).get(f"/jobs/{job.pk}/").content.decode()
    assert "任务失败" in page and "后台进程中断" in page


def test_a_job_never_started_fails_after_the_queue_timeout(world, users, settings):
    job = _job(users["provincial"], status=Job.Status.QUEUED, queued_at=_ago(settings.JOB_QUEUED_TIMEOUT + 60))
    assert _sweep()["failed"] == 1
    job = _reload(job)
    assert job.status == Job.Status.FAILED and "排队超过" in job.error


def test_a_queued_job_whose_message_is_lost_is_sent_again_once(world, users, settings, django_capture_on_commit_callbacks):
    job = _job(users["provincial"], status=Job.Status.QUEUED, queued_at=_ago(settings.JOB_STALE_AFTER + 5))
    with django_capture_on_commit_callbacks(execute=False):
        assert _sweep()["resent"] == 1
        with schema_context("jilin"):
            Job.objects.filter(pk=job.pk).update(queued_at=_ago(settings.JOB_STALE_AFTER + 5))
        _sweep()
    assert OutboxMessage.objects.filter(schema_name="jilin", args=[job.pk], acknowledged=None).count() == 1


def test_a_live_job_and_a_finished_one_are_left_alone(world, users, settings):
    live = _job(users["provincial"], status=Job.Status.RUNNING, attempts=1, started=_ago(3600), heartbeat=_ago(1))
    done = _job(users["provincial"], status=Job.Status.DONE, attempts=1, heartbeat=_ago(3600))
    assert _sweep() == {"requeued": 0, "failed": 0, "resent": 0}
    with schema_context("jilin"):
        services.job_run(job_id=live.pk)  # a message delivered twice while the first run is alive
        services.job_run(job_id=done.pk)
    live = _reload(live)
    done = _reload(done)
    assert (live.status, live.attempts, done.status, done.attempts) == (Job.Status.RUNNING, 1, Job.Status.DONE, 1)


def test_a_run_takes_over_a_job_whose_worker_died(world, users, settings):
    job = _job(users["provincial"], status=Job.Status.RUNNING, attempts=1, started=_ago(600),
               heartbeat=_ago(settings.JOB_STALE_AFTER + 5))
    with schema_context("jilin"):
        services.job_run(job_id=job.pk)  # the outbox sent it again: no need to wait for the sweeper
        job = _reload(job)
    assert job.status == Job.Status.DONE and job.attempts == 2
