"""One short pass through the deployment drills' machinery (ops/deploy/drills/): the full
drills run with ./ops/deploy/drill and their figures are in ops/deploy/DRILLS.md.

Each test starts its own PostgreSQL/pgbouncer/nginx/gunicorn on free ports in a temporary
directory and stops only what it started. The Debian packages come from
ops/deploy/install-packages (as root); without them the tests are skipped, saying what is missing.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess

import psycopg2
import pytest

from ops.deploy.drills import pitr
from ops.deploy.drills import stack as s
from tenants.replicas import replica_lag


@pytest.fixture(scope="module")
def tools():
    if s.missing_tools() and os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["bash", str(s.DEPLOY / "install-packages")], check=False)
    missing = s.missing_tools()
    if missing:
        pytest.skip(f"the drills need {', '.join(missing)} (ops/deploy/install-packages installs them as root)")


def test_pitr_recovers_exactly_the_rows_written_before_the_target(tools, capsys):
    with s.Stack("pitr-smoke") as stack:
        status = pitr.run(stack, argparse.Namespace(before=40, after=40))
    output = capsys.readouterr().out
    assert "rows in the recovered cluster       {'jilin': 40, 'guangdong': 40}" in output, output
    assert "exactly the rows before the target  yes" in output, output
    assert status == 0


def test_replica_lag_is_read_from_a_real_standby(tools):
    with s.Stack("replica-smoke") as stack:
        primary = s.PlainPostgres(stack, "primary")
        primary.start()
        primary.sql("CREATE TABLE t (id integer); INSERT INTO t SELECT generate_series(1, 1000)")
        standby = s.streaming_standby(stack, primary, "standby")
        s.wait_for("the standby to replay the rows", lambda: standby.sql("SELECT count(*) FROM t") == "1000", 30)
        with psycopg2.connect(host="127.0.0.1", port=standby.port, user="postgres", dbname="postgres") as conn:
            on_standby = replica_lag(conn.cursor())
        with psycopg2.connect(host="127.0.0.1", port=primary.port, user="postgres", dbname="postgres") as conn:
            on_primary = replica_lag(conn.cursor())
    assert on_standby["standby"] is True and 0 <= on_standby["lag_seconds"] < 30, on_standby
    assert on_primary == {"standby": False, "lag_seconds": None}


def test_nginx_and_gunicorn_answer_503_while_the_database_is_down(tools):
    with s.Stack("web-smoke") as stack:
        redis = s.Redis(stack)
        closed = s.free_port()  # nothing listens there: the database is down
        env = s.product_env(stack, f"postgres://postgres@127.0.0.1:{closed},127.0.0.1:{closed}/partybuild"
                                   "?target_session_attrs=read-write&connect_timeout=1", redis)
        s.manage(stack, env, "collectstatic", "--noinput", "-v", "0")
        web = s.Web(stack, env, instances=2, workers=1, threads=2)

        api = web.client("jilin", "pbt_not-checked")
        status, body = api.request("GET", "/api/v1/organizations")
        problem = json.loads(body)
        page_status, page = web.client("jilin").request("GET", "/", headers={"Accept": "text/html"})
        static_status, _ = web.client("jilin").request("GET", "/static/web/app.css")
        import http.client
        plain = http.client.HTTPConnection("127.0.0.1", web.http_port, timeout=10)
        plain.request("GET", "/organizations/", headers={"Host": f"jilin.{s.BASE_DOMAIN}"})
        redirect = plain.getresponse()
        plain.close()

    assert (status, problem["code"], problem["status"]) == (503, "database_unavailable", 503), body
    assert page_status == 503 and "服务暂时不可用" in page.decode(), page[:300]
    assert static_status == 200  # nginx serves collectstatic's files itself
    assert redirect.status == 301 and redirect.getheader("Location") == f"https://jilin.{s.BASE_DOMAIN}/organizations/"
