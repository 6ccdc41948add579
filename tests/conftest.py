"""Test set-up: a real PostgreSQL test database with the three provinces provisioned once
per test session (each a real schema), and a real Celery worker for task tests."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from django.test import Client
from hypothesis import HealthCheck, settings

# Property tests measure what is generated, never how fast: the suite shares two cores with its
# other worker and with whatever else the machine runs, so Hypothesis's timing checks (a slow
# example, slow input generation) would fail on load, not on code.
settings.register_profile("suite", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("suite")

REPO_ROOT = Path(__file__).resolve().parents[1]
PROVINCES = ("jilin", "guangdong", "anhui")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from tenants.services import province_provision

    with django_db_blocker.unblock():
        for code in PROVINCES:
            province_provision(code=code)


@pytest.fixture(autouse=True)
def _public_schema_after_each_test():
    yield
    connection.set_schema_to_public()


def _province(code):
    from tenants.models import Province

    return Province.objects.get(code=code)


@pytest.fixture
def jilin(db):
    return _province("jilin")


@pytest.fixture
def guangdong(db):
    return _province("guangdong")


@pytest.fixture
def anhui(db):
    return _province("anhui")


def province_client(code: str, **kwargs) -> Client:
    """A browser-like client on a province's domain (``<code>.localhost``)."""
    return Client(HTTP_HOST=f"{code}.localhost", **kwargs)


@pytest.fixture
def national_client(db):
    return Client(HTTP_HOST="localhost")


def _database_url_for_subprocess() -> str:
    settings_dict = connection.settings_dict
    host = settings_dict.get("HOST") or "127.0.0.1"
    host = quote(host, safe="") if host.startswith("/") else host
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    user = settings_dict.get("USER") or "postgres"
    return f"postgres://{user}@{host}{port}/{settings_dict['NAME']}"


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, worker_id):
    """A real Celery worker process on the test database, on a queue of this test process."""
    from config.celery import app

    queue = f"test-{worker_id}-{os.getpid()}"
    app.conf.task_default_queue = queue
    env = dict(os.environ)
    env.update(
        DATABASE_URL=_database_url_for_subprocess(),
        DJANGO_SETTINGS_MODULE="config.settings.test",
        CELERY_TASK_DEFAULT_QUEUE=queue,
        PYTHONPATH=f"{REPO_ROOT / 'platform'}:{REPO_ROOT}",
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", queue, "-n", f"{queue}@localhost", "--pool", "solo",
         "--loglevel", "WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=REPO_ROOT / "platform", env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        replies = app.control.ping(destination=[f"{queue}@localhost"], timeout=0.5) or []
        if replies:
            break
        if process.poll() is not None:
            raise RuntimeError("the Celery worker exited during start-up")
    else:
        process.terminate()
        raise RuntimeError("the Celery worker did not answer a ping within 60 s")
    yield app
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
