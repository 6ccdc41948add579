"""Redis is optional: with the cache killed or hanging, or without one at all, the API keeps
answering (reads fail open, writes are counted in the process's memory), and /healthz says
the cache is down within 2 s. Each test that breaks Redis starts a redis-server of its own."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from api.throttling import cache_breaker
from tests.conftest import province_client
from tests.services.redis_server import OwnRedis

from .conftest import api_client, issue_token
from .seed import CITY, seed_province

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def own_redis(settings):
    redis = OwnRedis().start()
    settings.CACHES = {"default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": redis.url,
        "OPTIONS": settings.CACHES["default"].get("OPTIONS", {}),
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
    }}
    cache_breaker.reset()
    yield redis
    redis.stop()
    cache_breaker.reset()


def organization_body(uscc: str) -> dict:
    return {"name": "缓存测试协会", "kind": "social_group", "registration_level": "city", "region_code": CITY["jilin"],
            "employees": 3, "business_supervisor": "缓存测试主管单位"}


def test_with_redis_killed_reads_answer_and_writes_stay_bounded(jilin, own_redis, settings):
    settings.API_THROTTLE_RATES = {"read": "1000/min", "write": "5/min"}
    keys = seed_province("jilin", canary="CACHEKILL")
    client = api_client("jilin", issue_token("jilin"))
    uscc = keys["usccs"][0]
    assert client.get("/api/v1/organizations").status_code == 200  # counted in the test's Redis

    own_redis.kill()
    started = time.monotonic()
    reads = [client.get(f"/api/v1/organizations/{uscc}").status_code for _ in range(20)]
    assert reads == [200] * 20
    writes = [client.put_json(f"/api/v1/organizations/{uscc}", organization_body(uscc)).status_code for _ in range(8)]
    elapsed = time.monotonic() - started
    assert set(writes[:5]) == {200} and set(writes[5:]) == {429}, writes  # bounded, in this process's memory
    assert elapsed < 10, elapsed  # the dead cache is not waited for on every request

    started = time.monotonic()
    health = province_client("jilin").get("/healthz")
    assert time.monotonic() - started < 2
    assert health.status_code == 503
    assert json.loads(health.content)["cache"] == "down"


def test_with_redis_hanging_healthz_answers_503_within_2_seconds(jilin, own_redis):
    client = api_client("jilin", issue_token("jilin"))
    assert province_client("jilin").get("/healthz").status_code in (200, 503)
    own_redis.pause()
    try:
        started = time.monotonic()
        health = province_client("jilin").get("/healthz")
        assert time.monotonic() - started < 2.0
        assert health.status_code == 503 and json.loads(health.content)["cache"] == "down"
        started = time.monotonic()
        assert client.get("/api/v1/regions").status_code == 200
        assert time.monotonic() - started < 2.0
    finally:
        own_redis.resume()


def test_without_redis_the_cache_is_each_process_memory_and_the_api_answers():
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.test", REDIS_URL="",
               PYTHONPATH=f"{REPO_ROOT / 'platform'}:{REPO_ROOT}")
    code = ("import django; django.setup(); from django.conf import settings; from tenants.health import cache_state;"
            "print(settings.CACHES['default']['BACKEND'], cache_state())")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.stdout.split() == ["django.core.cache.backends.locmem.LocMemCache", "local"], result.stderr[-2000:]
