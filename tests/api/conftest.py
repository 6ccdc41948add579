"""Fixtures of the API tests: tokens issued in a province's schema (or public), and clients
that send them on that province's domain."""
from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_context

from tenants.models import Province


class ApiClient(Client):
    """A Django test client on one domain with a bearer token; JSON in, JSON out."""

    def __init__(self, host: str, secret: str | None = None, **defaults):
        if secret:
            defaults["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
        super().__init__(HTTP_HOST=host, **defaults)

    def _json(self, method, path, body=None, **extra):
        data = json.dumps(body, ensure_ascii=False) if body is not None else None
        return getattr(super(), method)(path, data=data, content_type="application/json", **extra)

    def post_json(self, path, body=None, **extra):
        return self._json("post", path, body, **extra)

    def put_json(self, path, body=None, **extra):
        return self._json("put", path, body, **extra)


def host_of(code: str) -> str:
    return "localhost" if code == "national" else f"{code}.localhost"


def issue_token(code: str, *, scopes="read,write", name="integration", expires_in_days=None) -> str:
    """Issue a token in ``code``'s schema (``national``: public) and return its secret."""
    from api.services import api_token_issue

    national = code == "national"
    schema = "public" if national else Province.objects.get(code=code).schema_name
    with schema_context(schema):
        secret = api_token_issue(name=name, scopes=scopes, expires_in_days=expires_in_days, national=national).secret
    connection.set_schema_to_public()
    return secret


def api_client(code: str, secret: str | None = None) -> ApiClient:
    return ApiClient(host_of(code), secret)


@pytest.fixture
def tokens(jilin, guangdong, anhui):
    """A read+write token of every province and a national read token."""
    return {code: issue_token(code) for code in ("jilin", "guangdong", "anhui", "national")}


@pytest.fixture
def jilin_api(tokens):
    return api_client("jilin", tokens["jilin"])
