"""One place turns every error into a problem (under /api/) or the Chinese error page
(elsewhere), errors raised before DRF included; a database that is unavailable answers 503,
never 500, and the product recovers by itself when it is back."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

from django.db import OperationalError
from django.test import Client

from api.problems import PROBLEM_MEDIA_TYPE, problem_exception_handler
from tests.conftest import _database_url_for_subprocess

REPO_ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def problem_of(response) -> dict:
    assert response["Content-Type"].startswith(PROBLEM_MEDIA_TYPE), (response.status_code, response["Content-Type"])
    return json.loads(response.content)


def run_probe(script: str, **env_overrides) -> dict:
    """Run ``script`` in a fresh Django process (test settings) and return the JSON it prints last."""
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.test", PYTHONPATH=f"{REPO_ROOT / 'platform'}:{REPO_ROOT}")
    env.update(env_overrides)
    prelude = "import django, json, sys\ndjango.setup()\n"
    result = subprocess.run([sys.executable, "-c", prelude + textwrap.dedent(script)], cwd=REPO_ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


PROBE_REQUESTS = """
    from django.test import Client
    client = Client(HTTP_HOST="jilin.localhost", raise_request_exception=False)
    answers = {}
    for name, path in (("api", "/api/v1/organizations"), ("page", "/"), ("login", "/accounts/login/"), ("health", "/healthz")):
        response = client.get(path)
        answers[name] = [response.status_code, response["Content-Type"], response.content.decode(), response.get("Retry-After")]
    print(json.dumps(answers))
"""


def test_an_unreachable_database_answers_503_as_a_problem_and_as_a_chinese_page():
    port = free_port()  # nothing listens there
    answers = run_probe(PROBE_REQUESTS, DATABASE_URL=f"postgres://postgres@127.0.0.1:{port}/nowhere")
    status, content_type, body, retry_after = answers["api"]
    assert (status, content_type.split(";")[0]) == (503, PROBLEM_MEDIA_TYPE), answers["api"]
    assert json.loads(body)["code"] == "database_unavailable"
    assert retry_after == "5"
    for name in ("page", "login", "health"):
        status, content_type, body, _ = answers[name]
        assert status == 503, (name, answers[name][:2], body[:300])
        assert content_type.startswith("text/html") and "数据库暂时不可用" in body, (name, body[:300])


def test_a_dropped_database_connection_answers_503_once_then_the_product_recovers_by_itself(db):
    """The server ends the product's connection (as a PostgreSQL restart does): the request
    that meets the dead connection gets 503, the next one reconnects; nothing is restarted.
    Served by a real WSGI server, so that Django closes the broken connection as in production."""
    script = """
    import threading, urllib.request, urllib.error
    import psycopg2
    from wsgiref.simple_server import make_server, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application
    from django.db import connection

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    server = make_server("127.0.0.1", 0, get_wsgi_application(), handler_class=Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"

    def get(path):
        # An unknown token: its lookup is a query (the domain is cached, a request without one may need none).
        request = urllib.request.Request(base + path, headers={"Host": "jilin.localhost",
                                                               "Authorization": "Bearer pbt_unknown0_secretsecret"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return [response.status, response.headers["Content-Type"], response.read().decode()]
        except urllib.error.HTTPError as error:
            return [error.code, error.headers["Content-Type"], error.read().decode()]

    def drop_connections():
        params = connection.get_connection_params()
        killer = psycopg2.connect(**{**params, "application_name": "edge-test-killer"})
        killer.autocommit = True
        with killer.cursor() as cursor:
            cursor.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = %s",
                           ["edge-test-app"])
            dropped = cursor.fetchone()[0]
        killer.close()
        return dropped

    answers = {"before": get("/api/v1/organizations"), "dropped": drop_connections(), "during": get("/api/v1/organizations"),
               "after": get("/api/v1/organizations")}
    get("/accounts/login/")
    answers["dropped_again"] = drop_connections()
    answers["page_during"] = get("/accounts/login/")
    answers["page_after"] = get("/accounts/login/")
    print(json.dumps(answers))
    """
    # Health checks off: with them on (the default) a dropped kept connection is replaced before the
    # request uses it (tests/faults); off, the request meets the dead connection and must get a 503
    # (the domain cache off too, so that every request starts with a query).
    answers = run_probe(script, DATABASE_URL=_database_url_for_subprocess(), DATABASE_CONN_MAX_AGE="600",
                        DATABASE_CONN_HEALTH_CHECKS="false", TENANT_DOMAIN_CACHE_SECONDS="0", PGAPPNAME="edge-test-app")
    assert answers["before"][0] == 401, answers["before"]  # the database answered: the token is unknown
    assert answers["dropped"] >= 1
    status, content_type, body = answers["during"]
    assert (status, content_type.split(";")[0], json.loads(body)["code"]) == (503, PROBLEM_MEDIA_TYPE, "database_unavailable"), body
    assert answers["after"][0] == 401, answers["after"]
    assert answers["dropped_again"] >= 1
    assert answers["page_during"][0] == 503 and "数据库暂时不可用" in answers["page_during"][2]
    assert answers["page_after"][0] == 200


def test_a_database_error_inside_an_api_view_is_a_503_problem():
    response = problem_exception_handler(OperationalError("server closed the connection unexpectedly"), {})
    assert response.status_code == 503
    assert json.loads(response.content)["code"] == "database_unavailable"
    assert response["Retry-After"] == "5"


def test_csrf_on_an_unmatched_api_path_is_a_problem_not_an_html_page(jilin):
    client = Client(HTTP_HOST="jilin.localhost", enforce_csrf_checks=True)
    response = client.post("/api/v1/no-such-resource", data="{}", content_type="application/json")
    assert response.status_code == 404
    assert problem_of(response)["code"] == "not_found"


def test_a_refused_csrf_token_on_a_page_is_the_chinese_error_page(jilin):
    client = Client(HTTP_HOST="jilin.localhost", enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "someone", "password": "x"})
    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")
    assert "CSRF 校验失败" in response.content.decode()
    assert '<html lang="zh-Hans">' in response.content.decode()


def test_an_unknown_domain_under_the_api_prefix_is_a_problem(db):
    response = Client(HTTP_HOST="nowhere.localhost").get("/api/v1/organizations")
    assert response.status_code == 404
    assert problem_of(response)["code"] == "not_found"


def test_an_unknown_page_is_the_chinese_404_page(jilin):
    response = Client(HTTP_HOST="jilin.localhost").get("/no-such-page/")
    assert response.status_code == 404
    assert "您要找的页面不存在" in response.content.decode()
    # It names its icon, so that a browser does not ask for /favicon.ico (which answers anyway).
    assert '<link rel="icon" href="/static/web/emblem.svg"' in response.content.decode()


def test_the_favicon_a_browser_asks_for_is_found_on_every_domain(jilin):
    for host in ("jilin.localhost", "localhost"):
        response = Client(HTTP_HOST=host).get("/favicon.ico")
        assert response.status_code == 301 and response["Location"] == "/static/web/emblem.svg", host


def test_an_api_path_on_the_national_domain_that_is_not_national_is_a_problem(db):
    response = Client(HTTP_HOST="localhost").get("/api/v1/organizations")
    assert response.status_code == 404
    assert problem_of(response)["code"] == "not_found"
