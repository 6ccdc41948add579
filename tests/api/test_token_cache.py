"""A token found by its prefix is kept in the cache for API_TOKEN_CACHE_SECONDS, so that a
request does not read the token table; revoking it takes effect on the next request, in any
process (the cache is Redis). The suite's settings turn the cache off (other tests change
tokens in SQL); these tests turn it on."""
from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from api.models import ApiToken

from .conftest import api_client, issue_token


@pytest.fixture
def cached(settings):
    from django.core.cache import cache
    from django.core.cache.backends.locmem import LocMemCache

    from api.throttling import cache_breaker

    if isinstance(cache, LocMemCache) or "LocMem" in type(getattr(cache, "_wrapped", cache)).__name__:
        pytest.skip("the token cache needs a cache shared by every process (Redis): REDIS_URL is not set")
    cache_breaker.reset()
    settings.API_TOKEN_CACHE_SECONDS = 30


def _token_reads(client) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        status = client.get("/api/v1/regions").status_code
    return status, sum(1 for q in captured.captured_queries if 'FROM "api_apitoken"' in q["sql"])


def test_a_token_is_read_once_then_served_from_the_cache(jilin, cached):
    client = api_client("jilin", issue_token("jilin", name="cached-reader"))
    assert _token_reads(client)[0] == 200  # reads it, records last use (and forgets the cached copy)
    assert _token_reads(client) == (200, 1)  # reads it again and caches it
    assert _token_reads(client) == (200, 0)
    assert _token_reads(client) == (200, 0)


def test_a_revoked_token_is_refused_at_once_although_it_was_cached(jilin, cached):
    client = api_client("jilin", issue_token("jilin", name="cached-revoked"))
    for _ in range(3):
        assert client.get("/api/v1/regions").status_code == 200
    assert _token_reads(client) == (200, 0)
    call_command("revoke_api_token", "jilin", "cached-revoked", stdout=StringIO())
    answer = client.get("/api/v1/regions")
    assert answer.status_code == 401 and answer.json()["code"] == "token_revoked"


def test_a_token_saved_through_the_orm_is_read_again(jilin, cached):
    client = api_client("jilin", issue_token("jilin", name="cached-saved", scopes="read,write"))
    for _ in range(3):
        assert client.get("/api/v1/regions").status_code == 200
    with schema_context("jilin"):
        token = ApiToken.objects.get(name="cached-saved")
        token.scopes = ["write"]
        token.save()
    connection.set_schema_to_public()
    assert client.get("/api/v1/regions").status_code == 403  # no read permission any more


def test_a_token_of_another_province_is_not_found_in_the_cache(jilin, guangdong, cached):
    secret = issue_token("jilin", name="cached-elsewhere")
    assert api_client("jilin", secret).get("/api/v1/regions").status_code == 200
    assert api_client("jilin", secret).get("/api/v1/regions").status_code == 200
    answer = api_client("guangdong", secret).get("/api/v1/regions")
    assert answer.status_code == 401 and answer.json()["code"] == "token_invalid"


def test_without_a_shared_cache_the_token_is_read_every_time(jilin, settings):
    """A per-process memory cache would not hear of a revocation made in another process: no
    token cache then (changing CACHES resets Django's cache handler, and back after the test)."""
    settings.API_TOKEN_CACHE_SECONDS = 30
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "KEY_FUNCTION": "django_tenants.cache.make_key"}}
    client = api_client("jilin", issue_token("jilin", name="uncached"))
    _token_reads(client)
    assert _token_reads(client) == (200, 1)
    assert _token_reads(client) == (200, 1)
