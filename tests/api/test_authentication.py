"""Tokens: one province each, scoped, hashed, expiring, revocable; staff sessions too."""
from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from django_tenants.utils import schema_context

from api.models import ApiToken
from tests.conftest import province_client

from .conftest import api_client, issue_token

PROBLEM = "application/problem+json"


def assert_problem(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.content.decode()
    assert response["Content-Type"].startswith(PROBLEM)
    body = response.json()
    assert {"type", "title", "status", "detail", "instance", "code"} <= set(body)
    assert body["status"] == status
    if code:
        assert body["code"] == code, body
    return body


def test_a_token_reads_its_own_province(tokens):
    response = api_client("jilin", tokens["jilin"]).get("/api/v1/organizations")
    assert response.status_code == 200
    assert response.json()["results"] == []


@pytest.mark.parametrize("owner,domain", [("jilin", "guangdong"), ("guangdong", "anhui"), ("anhui", "jilin"),
                                          ("national", "jilin"), ("jilin", "national")])
def test_a_token_of_another_province_or_of_the_national_domain_is_unknown_401(tokens, owner, domain):
    path = "/api/v1/national/indicators" if domain == "national" else "/api/v1/organizations"
    body = assert_problem(api_client(domain, tokens[owner]).get(path), 401, "token_invalid")
    assert "令牌" in body["detail"]


def test_no_credentials_is_401_with_a_bearer_challenge(jilin):
    response = api_client("jilin").get("/api/v1/organizations")
    assert_problem(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("header", ["Bearer", "Bearer a b", "Bearer pbt_nope", "Bearer pbt_abc_def", "Bearer x" * 3])
def test_malformed_tokens_are_401(jilin, header):
    client = api_client("jilin")
    assert_problem(client.get("/api/v1/organizations", HTTP_AUTHORIZATION=header), 401)


def test_the_secret_is_stored_only_as_its_sha256(jilin):
    secret = issue_token("jilin", name="hash-check")
    with schema_context("jilin"):
        token = ApiToken.objects.get(name="hash-check")
        stored = [str(getattr(token, field.attname)) for field in ApiToken._meta.fields]
    _, prefix, raw = secret.split("_", 2)
    assert token.prefix == prefix
    assert all(raw not in value for value in stored)
    import hashlib

    assert token.secret_hash == hashlib.sha256(raw.encode()).hexdigest()


def test_an_expired_token_is_refused(jilin):
    secret = issue_token("jilin", name="short", expires_in_days=1)
    client = api_client("jilin", secret)
    assert client.get("/api/v1/organizations").status_code == 200
    with schema_context("jilin"):
        ApiToken.objects.filter(name="short").update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert_problem(client.get("/api/v1/organizations"), 401, "token_expired")


def test_a_revoked_token_is_refused(jilin):
    secret = issue_token("jilin", name="to-revoke")
    client = api_client("jilin", secret)
    assert client.get("/api/v1/organizations").status_code == 200
    call_command("revoke_api_token", "jilin", "to-revoke", stdout=StringIO())
    assert_problem(client.get("/api/v1/organizations"), 401, "token_revoked")


def test_a_read_token_cannot_write_but_can_evaluate_rules(jilin):
    client = api_client("jilin", issue_token("jilin", scopes="read"))
    body = assert_problem(client.put_json("/api/v1/organizations/51220100MJ0000001X", {"name": "x"}), 403, "scope_missing")
    assert "write" in body["detail"]
    response = client.post_json("/api/v1/rules/evaluate", {"organization": {"kind": "social_group", "registration_level": "city"}})
    assert response.status_code == 200, response.content.decode()


def test_issue_command_prints_the_token_once_and_it_works(jilin):
    out, err = StringIO(), StringIO()
    call_command("issue_api_token", "jilin", "warehouse", "--scopes", "read,write", "--expires-in-days", "30", stdout=out, stderr=err)
    secret = out.getvalue().strip()
    assert secret.startswith("pbt_") and "warehouse" in err.getvalue()
    assert api_client("jilin", secret).get("/api/v1/organizations").status_code == 200
    with schema_context("jilin"):
        token = ApiToken.objects.get(name="warehouse")
        assert token.scopes == ["read", "write"]
        assert token.expires_at > timezone.now() + dt.timedelta(days=29)
        from audit.models import AuditEntry

        assert AuditEntry.objects.filter(action="api_token.issue", object_id=token.prefix).exists()


def test_national_tokens_are_read_only_and_live_in_public(jilin):
    out = StringIO()
    call_command("issue_api_token", "--national", "ministry", "--scopes", "read,write", stdout=out, stderr=StringIO())
    secret = out.getvalue().strip()
    with schema_context("public"):
        assert ApiToken.objects.get(name="ministry").scopes == ["read"]
    assert api_client("national", secret).get("/api/v1/national/provinces").status_code == 200
    assert_problem(api_client("jilin", secret).get("/api/v1/organizations"), 401)
    call_command("revoke_api_token", "--national", "ministry", stdout=StringIO())
    assert_problem(api_client("national", secret).get("/api/v1/national/provinces"), 401, "token_revoked")


def test_commands_refuse_unknown_provinces_and_scopes(jilin):
    with pytest.raises(CommandError):
        call_command("issue_api_token", "atlantis", "x", stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("issue_api_token", "jilin", "x", "--scopes", "admin", stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("revoke_api_token", "jilin", "never-issued", stdout=StringIO())


def _session_client(code: str, *, role: str | None = None, is_staff: bool = False):
    """A session on ``code``'s domain of a user with ``role`` (a city role: the province's
    first city) or none; ``is_staff`` is Django's flag, which gives nothing in the API."""
    from django.contrib.auth import get_user_model

    from accounts.services import role_assign
    from regions.models import Region

    from .seed import CITY

    with schema_context(code):
        user = get_user_model().objects.create_user(username=f"api-{code}-{role}-{is_staff}", password="x" * 12,
                                                    is_staff=is_staff)
        if role is not None:
            role_assign(actor=None, user=user, role=role, region=Region.objects.get(code=CITY[code]))
    client = province_client(code)
    with schema_context(code):
        client.force_login(user)
    return client


def test_a_session_with_a_role_works_and_a_user_without_one_gets_nothing(jilin):
    assert _session_client("jilin", role="city_staff").get("/api/v1/organizations").status_code == 200
    assert_problem(_session_client("jilin").get("/api/v1/organizations"), 403, "scope_missing")
    # Django's is_staff flag is no role: it opens nothing.
    assert_problem(_session_client("jilin", is_staff=True).get("/api/v1/organizations"), 403, "scope_missing")


def test_a_session_write_needs_the_csrf_token(jilin):
    client = _session_client("jilin", role="city_staff")
    client.handler.enforce_csrf_checks = True
    response = client.put("/api/v1/organizations/51220100MJ0000001X", data="{}", content_type="application/json")
    assert_problem(response, 403, "csrf_failed")


def test_tokens_expire_by_default(jilin, settings):
    issue_token("jilin", name="default-expiry")
    out = StringIO()
    call_command("issue_api_token", "jilin", "warehouse-default", stdout=out, stderr=StringIO())
    with schema_context("jilin"):
        for name in ("default-expiry", "warehouse-default"):
            token = ApiToken.objects.get(name=name)
            assert token.expires_at is not None
            assert abs(token.expires_at - (timezone.now() + dt.timedelta(days=settings.API_TOKEN_DEFAULT_EXPIRY_DAYS))) \
                < dt.timedelta(minutes=5)
        assert ApiToken.objects.get(name="warehouse-default").created_by.startswith("manage.py")


def test_a_token_issued_without_an_expiry_before_expires_after_the_default_period(jilin):
    secret = issue_token("jilin", name="old-forever")
    with schema_context("jilin"):
        ApiToken.objects.filter(name="old-forever").update(expires_at=None, created=timezone.now() - dt.timedelta(days=366))
    assert_problem(api_client("jilin", secret).get("/api/v1/organizations"), 401, "token_expired")
