"""The province rules are pure Python: no Django, no database.

Run with ``pytest tests/province_rules -p no:django``.
"""
import pytest


@pytest.fixture(autouse=True)
def _public_schema_after_each_test():
    """Overrides the autouse fixture of ``tests/conftest.py``, which resets the database
    connection's schema: these tests have no database (and no Django settings)."""
    yield
