"""Celery tasks of the indicators. Queued inside a province (or by beat for every province),
a task runs in that province's schema (tenants.tasks.ProvinceTask)."""
from __future__ import annotations

import datetime as dt


import clock
from config.celery import app
from tenants.selectors import current_province, province_rules_at

from .services import snapshot_take


@app.task(name="indicators.take_snapshot")
def take_snapshot(as_of: str | None = None) -> int:
    """Take the current province's indicator snapshot for ``as_of`` (ISO date, default today)."""
    day = dt.date.fromisoformat(as_of) if as_of else clock.today()
    return snapshot_take(rules=province_rules_at(current_province(), day), as_of=day)
