"""Reads from a replica (tenants/replicas.py): which requests read there, and read-your-writes.

The replica here is a second connection to the test database. It does not see the rows this
test has written and not committed, exactly as a standby that has not replayed them yet: a
read that went to the replica misses them, a read on the primary finds them. Its health
check would call it "not a standby" (it is the primary itself), so the test records it as a
usable replica; tests/deploy checks the lag query against a real standby.
"""
from __future__ import annotations

import pytest
from django.db import connections
from django_tenants.utils import schema_context

from tenants import replicas
from tests.api.conftest import api_client, issue_token
from tests.helpers import SYSTEM, rules_here
from tests.registry.factories import make_uscc

ORG = {"name": "长春市副本读取协会", "kind": "social_group", "registration_level": "city", "region_code": "220100",
       "employees": 5, "business_supervisor": "长春市民政局"}


pytestmark = pytest.mark.django_db(databases=["default", replicas.ALIAS])


@pytest.fixture
def replica(settings, jilin):
    """The test settings' "replica" alias (a mirror of the test database) behind the router."""
    settings.DATABASE_ROUTERS = [replicas.ROUTER, *settings.DATABASE_ROUTERS]
    replicas.remember_replica_state(True)
    yield connections[replicas.ALIAS]
    connections[replicas.ALIAS].close()
    replicas.remember_replica_state(False)


@pytest.fixture
def organization(jilin):
    """Written in this test's transaction: on the primary, not (yet) on the replica."""
    from registry.actions import organization_upsert

    with schema_context(jilin.schema_name):
        organization, _ = organization_upsert(actor=SYSTEM, rules=rules_here(), data={**ORG, "uscc": make_uscc()})
    return organization


def test_a_get_reads_the_replica_and_misses_what_it_has_not_replayed(replica, organization):
    client = api_client("jilin", issue_token("jilin"))  # the token is read on the primary: it authenticates
    response = client.get(f"/api/v1/organizations/{organization.uscc}")
    assert response.status_code == 404
    assert replica.schema_name == "jilin"  # the replica's connection was put in the province's schema


def test_without_a_replica_the_same_get_finds_it(jilin, organization):
    client = api_client("jilin", issue_token("jilin"))
    assert client.get(f"/api/v1/organizations/{organization.uscc}").status_code == 200


def test_a_request_that_writes_reads_the_primary_and_pins_the_client_to_it(replica, organization):
    client = api_client("jilin", issue_token("jilin"))
    uscc = make_uscc()
    written = client.put_json(f"/api/v1/organizations/{uscc}", {**ORG, "name": "长春市刚写入协会"})
    assert written.status_code == 201, written.content
    assert written.cookies[replicas.PIN_COOKIE]["max-age"] == 15
    # The client's next reads (within DATABASE_REPLICA_PIN_SECONDS) go to the primary: its own write is there.
    assert client.get(f"/api/v1/organizations/{uscc}").json()["name"] == "长春市刚写入协会"
    assert client.get(f"/api/v1/organizations/{organization.uscc}").status_code == 200


def test_a_replica_that_is_down_or_behind_is_not_read(replica, organization):
    replicas.remember_replica_state(False)
    client = api_client("jilin", issue_token("jilin"))
    assert client.get(f"/api/v1/organizations/{organization.uscc}").status_code == 200


def test_healthz_reports_the_replica_state(replica, jilin):
    from django.test import Client

    body = Client(HTTP_HOST="jilin.localhost").get("/healthz").json()
    # The test's "replica" is the primary itself: the report says so, and reads would not go there.
    assert body["replica"] == {"state": "not_standby", "lag_seconds": None}
    assert body["ok"] is True
