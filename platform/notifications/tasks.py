"""Celery task of the reminders: beat queues it for every province (no ``tenant_schemas``);
it runs in that province's schema with the rules of the day."""
from __future__ import annotations

import datetime as dt

from django.db import connection

import clock
from config.celery import app
from tenants.selectors import province_rules_at

from .reminders import reminders_run


@app.task(name="notifications.reminders_run")
def reminders_run_task(as_of: str | None = None) -> dict:
    day = dt.date.fromisoformat(as_of) if as_of else clock.today()
    return reminders_run(rules=province_rules_at(connection.tenant, day), as_of=day)
