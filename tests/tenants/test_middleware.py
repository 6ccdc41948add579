"""The province of a request's host comes from a per-process cache (tenants.middleware):
no query of the domain table per request, yet a domain added or changed in this process is
seen on the next request, and an unknown host is never remembered."""
from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from tenants.middleware import domain_cache
from tenants.models import Domain


import pytest


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.TENANT_DOMAIN_CACHE_SECONDS = 60
    domain_cache.clear()
    yield
    domain_cache.clear()


def _domain_reads(host: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        status = Client(HTTP_HOST=host).get("/healthz").status_code
    connection.set_schema_to_public()
    return status, sum(1 for q in captured.captured_queries if 'FROM "tenants_domain"' in q["sql"])


def test_the_suite_runs_without_the_cache_and_a_setting_of_0_turns_it_off(jilin, settings):
    settings.TENANT_DOMAIN_CACHE_SECONDS = 0
    assert _domain_reads("jilin.localhost") == (200, 1)
    assert _domain_reads("jilin.localhost") == (200, 1)


def test_a_domain_is_looked_up_once(jilin):
    domain_cache.clear()
    assert _domain_reads("jilin.localhost") == (200, 1)
    assert _domain_reads("jilin.localhost") == (200, 0)


def test_an_unknown_host_is_asked_every_time_and_a_new_domain_answers_at_once(jilin):
    domain_cache.clear()
    assert _domain_reads("elsewhere.localhost")[0] == 404
    assert _domain_reads("elsewhere.localhost")[1] == 1
    with schema_context("public"):
        Domain.objects.create(domain="elsewhere.localhost", tenant=jilin, is_primary=False)
    status, reads = _domain_reads("elsewhere.localhost")
    assert (status, reads) == (200, 1)


def test_a_domain_moved_to_another_province_is_seen_on_the_next_request(jilin, guangdong):
    domain_cache.clear()
    with schema_context("public"):
        domain = Domain.objects.create(domain="moving.localhost", tenant=jilin, is_primary=False)
    client = Client(HTTP_HOST="moving.localhost")
    assert client.get("/healthz").json()["schema"] == "jilin"
    with schema_context("public"):
        domain.tenant = guangdong
        domain.save()
    assert client.get("/healthz").json()["schema"] == "guangdong"
    connection.set_schema_to_public()
