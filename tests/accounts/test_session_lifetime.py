"""A session ends SESSION_ABSOLUTE_AGE after its login, however busy it is."""
import time

from django.conf import settings

from tests.conftest import province_client

from .conftest import PASSWORD


def _logged_in(users):
    client = province_client("jilin")
    assert client.post("/accounts/login/", {"username": users["city"].username, "password": PASSWORD}).status_code == 302
    return client


def _started(client, seconds_ago):
    session = client.session
    session["accounts_session_started"] = int(time.time() - seconds_ago)
    session.save()


def test_a_busy_session_still_ends_at_its_absolute_lifetime(users):
    assert settings.SESSION_ABSOLUTE_AGE == 12 * 3600
    client = _logged_in(users)
    _started(client, settings.SESSION_ABSOLUTE_AGE - 60)
    assert client.get("/regions/220100/").status_code == 200
    _started(client, settings.SESSION_ABSOLUTE_AGE + 1)
    response = client.get("/regions/220100/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session
    assert "最长时限" in client.get(response["Location"]).content.decode()


def test_an_expired_session_gets_401_on_the_api(users):
    client = _logged_in(users)
    _started(client, settings.SESSION_ABSOLUTE_AGE + 1)
    assert client.get("/api/v1/organizations").status_code == 401
