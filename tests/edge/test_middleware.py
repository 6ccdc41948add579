"""Pages and API answers may hold personal data: they carry Cache-Control: no-store, so that
neither a shared proxy nor the browser keeps them; static files stay cacheable."""
from __future__ import annotations

from django_tenants.utils import schema_context

from accounts.models import Role
from tests.accounts.conftest import logged_in, make_user
from tests.api.conftest import api_client, issue_token
from tests.api.seed import seed_province


def test_api_answers_with_personal_data_are_not_stored(jilin):
    keys = seed_province("jilin", canary="NOSTORE")
    client = api_client("jilin", issue_token("jilin"))
    for path in ("/api/v1/members", f"/api/v1/members/{keys['member_ids'][0]}", "/api/v1/organizations"):
        response = client.get(path)
        assert response.status_code == 200
        assert response["Cache-Control"] == "no-store", path
    assert client.post_json("/api/v1/members/lookup", {"id_number": keys["id_numbers"][0]})["Cache-Control"] == "no-store"


def test_pages_of_a_logged_in_user_are_not_stored(jilin):
    with schema_context("jilin"):
        user = make_user("nostore-staff", Role.PROVINCIAL_STAFF)
    browser = logged_in("jilin", user)
    for path in ("/", "/organizations/"):
        response = browser.get(path)
        assert response.status_code == 200, path
        assert "no-store" in response["Cache-Control"], path
    login_page = logged_in("jilin", user).get("/accounts/login/")
    assert "no-store" in login_page["Cache-Control"]


def test_error_answers_are_not_stored_either(jilin):
    client = api_client("jilin", issue_token("jilin"))
    assert client.get("/api/v1/members/999999999")["Cache-Control"] == "no-store"
