"""The security administrator's API token pages: list, issue (shown once), revoke."""
import datetime as dt

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from api.models import ApiToken
from audit.models import AuditEntry
from tests.api.conftest import api_client, issue_token

from .conftest import logged_in, page_problems


def test_the_security_administrator_issues_lists_and_revokes_tokens(world, users, settings):
    admin = users["security_admin"]
    client = logged_in("jilin", admin)
    page = client.get("/security/tokens/")
    assert page.status_code == 200 and page_problems(page.content.decode()) == []
    issued = client.post("/security/tokens/", {"name": "数据仓库", "scopes": ["read", "write"], "expires_in_days": "90"})
    html = issued.content.decode()
    assert issued.status_code == 200 and "只显示这一次" in html and "no-cache" in issued.get("Cache-Control", "")
    secret = html.split('id="api-token">')[1].split("<")[0].strip()
    assert secret.startswith("pbt_")
    with schema_context("jilin"):
        token = ApiToken.objects.get(name="数据仓库")
    assert token.created_by == admin.username and token.scopes == ["read", "write"]
    assert abs(token.expires_at - (timezone.now() + dt.timedelta(days=90))) < dt.timedelta(minutes=5)
    assert api_client("jilin", secret).get("/api/v1/organizations").status_code == 200

    listing = client.get("/security/tokens/").content.decode()
    assert "数据仓库" in listing and token.prefix in listing and admin.username in listing and secret not in listing
    assert client.post(f"/security/tokens/{token.pk}/revoke/").status_code == 302
    assert api_client("jilin", secret).get("/api/v1/organizations").status_code == 401
    assert "已吊销" in client.get("/security/tokens/").content.decode()
    with schema_context("jilin"):
        logged = list(AuditEntry.objects.filter(object_id=token.prefix).order_by("id").values_list("action", "actor"))
    assert logged == [("api_token.issue", admin.username), ("api_token.revoke", admin.username)]


def test_the_issue_form_defaults_to_the_expiry_setting_and_says_what_is_wrong(world, users, settings):
    client = logged_in("jilin", users["security_admin"])
    assert f'value="{settings.API_TOKEN_DEFAULT_EXPIRY_DAYS}"' in client.get("/security/tokens/").content.decode()
    refused = client.post("/security/tokens/", {"name": "", "scopes": [], "expires_in_days": "0"})
    assert refused.status_code == 400
    with schema_context("jilin"):
        assert not ApiToken.objects.filter(name="").exists()


def test_tokens_issued_on_the_command_line_are_listed_with_their_expiry(world, users):
    issue_token("jilin", name="命令行令牌")
    listing = logged_in("jilin", users["security_admin"]).get("/security/tokens/").content.decode()
    assert "命令行令牌" in listing and (timezone.localdate() + dt.timedelta(days=365)).strftime("%Y-%m-%d") in listing


@pytest.mark.parametrize("key", ["system_admin", "audit_admin", "provincial", "city"])
def test_only_the_security_administrator_manages_tokens(world, users, key):
    secret = issue_token("jilin", name="guarded")
    with schema_context("jilin"):
        token = ApiToken.objects.get(name="guarded")
    client = logged_in("jilin", users[key])
    assert client.get("/security/tokens/").status_code == 403
    assert client.post("/security/tokens/", {"name": "x", "scopes": ["read"], "expires_in_days": "1"}).status_code == 403
    assert client.post(f"/security/tokens/{token.pk}/revoke/").status_code == 403
    assert api_client("jilin", secret).get("/api/v1/organizations").status_code == 200
