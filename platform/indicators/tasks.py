"""Celery tasks of the indicators. Queued inside a province (or by beat for every province),
a task runs in that province's schema (tenants.tasks.ProvinceTask)."""
from __future__ import annotations

import datetime as dt

from django.db import connection
from django.utils import timezone

from config.celery import app
from province_rules.registry import rules_for

from .services import snapshot_take


@app.task(name="indicators.take_snapshot")
def take_snapshot(as_of: str | None = None) -> int:
    """Take the current province's indicator snapshot for ``as_of`` (ISO date, default today)."""
    day = dt.date.fromisoformat(as_of) if as_of else timezone.localdate()
    return snapshot_take(rules=rules_for(connection.tenant.rules_key, day), as_of=day)
