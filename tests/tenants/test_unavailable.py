"""A write refused because the server no longer accepts writes (SQLSTATE 25006, e.g. a kept
connection to a primary being demoted) answers 503 like an unreachable database, never 500."""
from __future__ import annotations

import psycopg2
import pytest
from django.db import InternalError, connection
from django.db import connections

from api.problems import problem_for
from tenants.unavailable import is_read_only_error


def refused_write() -> InternalError:
    """A real 25006 from the test server, wrapped by Django as a query of the ORM would be."""
    params = dict(connections["default"].get_connection_params(), dbname="postgres")
    params.pop("cursor_factory", None)
    raw = psycopg2.connect(**params)
    try:
        with raw.cursor() as cursor:
            cursor.execute("SET default_transaction_read_only = on")
            raw.commit()
            with pytest.raises(InternalError) as caught:
                with connection.wrap_database_errors:
                    cursor.execute("CREATE TABLE partybuild_read_only_probe (id integer)")
    finally:
        raw.close()
    return caught.value


def test_a_write_on_a_read_only_server_is_503_database_unavailable():
    exc = refused_write()
    assert is_read_only_error(exc)
    body, headers = problem_for(exc, "/api/v1/organizations/51220100MJ00000019")
    assert (body["status"], body["code"]) == (503, "database_unavailable")
    assert headers["Retry-After"] == "5"


def test_other_internal_errors_stay_500():
    body, _ = problem_for(InternalError("something else"), "/api/v1/organizations")
    assert body["status"] == 500
