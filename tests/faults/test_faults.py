"""Real faults against a product on services of its own (``stack``): the cache killed under
writers, the broker killed while a job is queued, a worker killed mid-job, PostgreSQL crashed
and restarted under load. Each test prints what it measured (``-s`` shows it).

What a user must see: no answer of 500, every acknowledged write there once with its one
audit entry, every job done once (or failed with a reason), and the product back on its own.
"""
from __future__ import annotations

import collections
import json
import signal
import threading
import time

import pytest

from tests.registry.factories import make_uscc

from .stack import wait_for

pytestmark = pytest.mark.faults

STAFF = "faults-staff"


def _organization(uscc: str, index: int) -> dict:
    return {"name": f"长春市故障测试协会{index}", "kind": "social_group", "registration_level": "city",
            "region_code": "220100", "employees": 3}


class Writers:
    """``count`` threads writing new organizations through the API until stopped; every answer is kept."""

    def __init__(self, stack, count: int):
        self.stack, self.count = stack, count
        self.answers: list[tuple[float, str, int]] = []  # (time, uscc, status; 0 = no answer at all)
        self.lock, self.stopping = threading.Lock(), threading.Event()
        self.threads = [threading.Thread(target=self._write, daemon=True) for _ in range(count)]
        self.index = 0

    def _write(self):
        while not self.stopping.is_set():
            with self.lock:
                self.index += 1
                index, uscc = self.index, make_uscc("220100")
            try:
                status, _ = self.stack.request("PUT", f"/api/v1/organizations/{uscc}", _organization(uscc, index), timeout=20)
            except OSError:
                status = 0  # refused or reset: the client did not get an answer
            with self.lock:
                self.answers.append((time.monotonic(), uscc, status))
            if status not in (200, 201):
                time.sleep(0.05)

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=30)

    def statuses(self, start: float = 0, end: float = float("inf")) -> collections.Counter:
        return collections.Counter(status for at, _, status in self.answers if start <= at < end)

    def acknowledged(self) -> list[str]:
        return [uscc for _, uscc, status in self.answers if status in (200, 201)]


def _written_once_with_one_audit_entry(stack, usccs: list[str]) -> tuple[dict, dict]:
    rows = dict(stack.postgres.query(
        "SELECT uscc, count(*) FROM jilin.registry_socialorganization WHERE uscc = ANY(%s) GROUP BY uscc", [usccs]))
    audits = dict(stack.postgres.query(
        "SELECT object_id, count(*) FROM jilin.audit_auditentry WHERE action = 'organization.upsert' AND object_id = ANY(%s)"
        " GROUP BY object_id", [usccs]))
    return rows, audits


def _assert_every_acknowledged_write_kept(stack, writers: Writers) -> int:
    acknowledged = writers.acknowledged()
    assert len(set(acknowledged)) == len(acknowledged)
    rows, audits = _written_once_with_one_audit_entry(stack, acknowledged)
    missing = [uscc for uscc in acknowledged if rows.get(uscc) != 1]
    unaudited = [uscc for uscc in acknowledged if audits.get(uscc) != 1]
    assert missing == [] and unaudited == [], (len(missing), len(unaudited))
    return len(acknowledged)


def _report(name: str, **figures) -> None:
    print(f"\n[faults] {name}: " + json.dumps(figures, ensure_ascii=False, default=str))


# --- jobs, started through the services as a view starts them --------------------------------

def _staff(stack) -> None:
    if not stack.postgres.query("SELECT 1 FROM jilin.auth_user WHERE username = %s", [STAFF]):
        stack.manage("create_user", "jilin", STAFF, "--role", "provincial_staff")


def _start_snapshot_job(stack) -> int:
    _staff(stack)
    return int(stack.python(f"""
from django.contrib.auth import get_user_model
from django_tenants.utils import schema_context
from web import services
with schema_context("jilin"):
    print(services.snapshot_start(user=get_user_model().objects.get(username="{STAFF}")).pk)
""").strip().splitlines()[-1])


def _start_import_job(stack, rows: int) -> int:
    _staff(stack)
    return int(stack.python(f"""
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context
from tests.imports.files import ORG_HEADERS, csv_bytes, org_row
from tests.registry.factories import make_uscc
from web import services
# Serials of their own: the writers of the other tests count from the start in this process.
rows = [org_row(名称=f"长春市断电测试协会{{index}}", 统一社会信用代码=make_uscc("220100", serial=5_000_000 + index))
        for index in range({rows})]
upload = SimpleUploadedFile("organizations.csv", csv_bytes(ORG_HEADERS, rows).getvalue())
with schema_context("jilin"):
    print(services.import_upload(user=get_user_model().objects.get(username="{STAFF}"), kind="organizations",
                                 upload=upload).pk)
""").strip().splitlines()[-1])


def _confirm_import(stack, job_id: int) -> None:
    stack.python(f"""
from django.contrib.auth import get_user_model
from django_tenants.utils import schema_context
from web import services
from web.models import Job
with schema_context("jilin"):
    services.import_confirm(user=get_user_model().objects.get(username="{STAFF}"), job=Job.objects.get(pk={job_id}),
                            partial=False)
""")


# --- the tests ---------------------------------------------------------------------------------

def test_the_cache_killed_for_10_s_under_20_writers(healthy):
    stack = healthy
    with Writers(stack, 20) as writers:
        time.sleep(2)
        killed = time.monotonic()
        stack.cache.kill()
        time.sleep(10)
        stack.cache.start()
        back = time.monotonic()
        time.sleep(2)
    during = writers.statuses(killed, back)
    kept = _assert_every_acknowledged_write_kept(stack, writers)
    _report("cache killed 10 s, 20 writers", answers=len(writers.answers), acknowledged=kept,
            statuses=dict(writers.statuses()), statuses_while_down=dict(during))
    assert writers.statuses()[500] == 0
    assert during[200] + during[201] > 0  # writes went on while the cache was down


def test_the_broker_killed_while_jobs_are_queued(healthy):
    stack = healthy
    stack.processes.pop("worker").stop()  # no worker: the job waits in the broker
    published = _start_snapshot_job(stack)  # its message is in the broker when the start returns
    stack.broker.kill()  # it held the message in memory only: the message is gone
    refused_at = time.monotonic()
    while_down = _start_snapshot_job(stack)  # queued while the broker is down: the start must still succeed
    started_while_down = time.monotonic() - refused_at
    time.sleep(2)
    stack.broker.start()
    stack.start_worker()
    back = time.monotonic()
    first = stack.wait_job(published, lambda job: job["status"] == "done", 40, "the lost job done after the broker returned")
    second = stack.wait_job(while_down, lambda job: job["status"] == "done", 40, "the job queued while down done")
    _report("broker killed with a job queued", job_lost_in_broker_done_after_s=round(time.monotonic() - back, 1),
            runs=[first["attempts"], second["attempts"]], seconds_to_start_a_job_with_the_broker_down=round(started_while_down, 2))
    assert (first["attempts"], second["attempts"]) == (1, 1)  # each ran once


def test_a_worker_killed_mid_job(healthy):
    stack = healthy
    rows = 8000
    job_id = _start_import_job(stack, rows)
    stack.wait_job(job_id, lambda job: job["status"] == "ready", 60, "the import checked")
    _confirm_import(stack, job_id)
    stack.wait_job(job_id, lambda job: job["status"] == "running" and job["params"].get("phase") == "import"
                   and job["progress"] >= 30, 30, "the import running")
    worker = stack.processes.pop("worker")
    worker.stop(signal.SIGKILL)
    killed = time.monotonic()
    assert stack.job(job_id)["status"] == "running"
    stack.start_worker("worker-2")  # as the service manager would
    done = stack.wait_job(job_id, lambda job: job["status"] in ("done", "failed"), 45, "the job finished after the kill")
    recovered = time.monotonic() - killed
    names = stack.postgres.query("SELECT count(*), count(DISTINCT uscc) FROM jilin.registry_socialorganization"
                                 " WHERE name LIKE '长春市断电测试协会%%'")[0]
    imports = stack.postgres.query("SELECT count(*) FROM jilin.audit_auditentry WHERE action = 'import' AND object_id = %s",
                                   [str(job_id)])[0][0]
    _report("worker SIGKILLed mid-import", rows=rows, status=done["status"], runs=done["attempts"],
            seconds_from_kill_to_done=round(recovered, 1), organizations=names[0], import_audit_entries=imports)
    assert done["status"] == "done" and done["attempts"] == 2, done
    # (the job's result is encrypted at rest: the rows themselves say it)
    assert names == (rows, rows) and imports == 1  # imported once, audited once


def test_postgresql_crashed_and_restarted_under_load(healthy):
    stack = healthy
    health_while_down = None
    with Writers(stack, 10) as writers:
        time.sleep(2)
        stack.postgres.crash()
        crashed = time.monotonic()  # once the postmaster has exited
        time.sleep(1)
        health_while_down = stack.get("/healthz", timeout=10)[0]
        time.sleep(3)
        restarting = time.monotonic()
        stack.postgres.start()
        back = time.monotonic()
        time.sleep(4)
    after_restart = [(at, status) for at, _, status in writers.answers if at >= back]
    first_ok = next((at for at, status in after_restart if status in (200, 201)), None)
    later = collections.Counter(status for at, status in after_restart if first_ok is not None and at > first_ok + 0.5)
    during = writers.statuses(crashed + 0.5, restarting)
    kept = _assert_every_acknowledged_write_kept(stack, writers)
    job = _start_snapshot_job(stack)
    done = stack.wait_job(job, lambda job: job["status"] == "done", 30, "a job after the restart")
    _report("PostgreSQL crashed and restarted, 10 writers", answers=len(writers.answers), acknowledged=kept,
            statuses=dict(writers.statuses()), statuses_while_down=dict(during), healthz_while_down=health_while_down,
            seconds_from_restart_to_first_write=round(first_ok - back, 2) if first_ok else None,
            statuses_after_recovery=dict(later))
    assert writers.statuses()[500] == 0
    assert during and set(during) <= {503}, during  # refused cleanly while down
    assert health_while_down == 503
    assert first_ok is not None and set(later) <= {200, 201}, later  # back without restarting the product
    assert done["attempts"] == 1
