"""Demo data for a whole test module: generated once inside an open transaction that is
rolled back after the module, so the tests of the module (each in its own savepoint, as
pytest-django's ``db`` gives) share it and nothing stays in the test database."""
from __future__ import annotations

import contextlib
import os

from django.db import connection, transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from demo.generator import demo_generate
from province_rules.registry import rules_for
from tests.helpers import rules_today

PROVINCES = ("jilin", "guangdong", "anhui")
# The size the comparison with hand-written SQL runs on: tiny in the suite; set
# INDICATORS_COMPARE_SIZE=M (or S, L) to compare on a bigger registry (tests/indicators/test_against_sql.py).
COMPARE_SIZE = os.environ.get("INDICATORS_COMPARE_SIZE", "tiny")


@contextlib.contextmanager
def demo_data(django_db_blocker, *, provinces=PROVINCES, size: str = "tiny", seed: int = 1):
    """Yield {province: counts} with demo data in each province, all rolled back afterwards."""
    atomic = transaction.atomic()
    with django_db_blocker.unblock():
        atomic.__enter__()
        try:
            counts = {}
            for code in provinces:
                with schema_context(code):
                    counts[code] = demo_generate(rules=rules_today(code), size=size, seed=seed, as_of=timezone.localdate())
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
        finally:
            connection.set_schema_to_public()
    try:
        yield counts
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
