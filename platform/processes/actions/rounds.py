"""Opening a round of a process (the committee's yearly call, with its deadline)."""
from __future__ import annotations

import datetime as dt

from django.db import transaction

import clock
from accounts.actors import Actor
from accounts.models import Role
from audit.services import audit_record

from ..engine import CaseError
from ..models import Round
from .common import Errors, process_required


def _date(value, field: str, errors: Errors) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except (TypeError, ValueError):
        errors.add(field, "应为日期（YYYY-MM-DD）")
        return None


def may_open_rounds(actor: Actor) -> bool:
    """Provincial committee staff, a write token or a job."""
    if actor.kind == Actor.SYSTEM:
        return True
    if actor.kind == Actor.TOKEN:
        return actor.may_write
    return Role.PROVINCIAL_STAFF in actor.roles


@transaction.atomic
def round_open(*, actor: Actor, rules, process: str, year, opens_on, deadline) -> Round:
    """Open the ``year`` round of ``process`` from ``opens_on`` to ``deadline`` (both included)."""
    if not may_open_rounds(actor):
        raise CaseError("申报批次由省级党委工作人员开启", status=403, code="action_not_permitted", field="process")
    definition = process_required(rules, process)
    errors = Errors()
    if definition.rounds is None:
        errors.add("process", f"“{definition.name}”不分批次申报")
    try:
        year = int(year)
        if not 2000 <= year <= clock.today().year + 5:
            raise ValueError
    except (TypeError, ValueError):
        errors.add("year", f"年度应为2000至{clock.today().year + 5}之间的整数")
        year = None
    opens = _date(opens_on, "opens_on", errors)
    closes = _date(deadline, "deadline", errors)
    if opens and closes and closes < opens:
        errors.add("deadline", f"截止日期{closes.isoformat()}早于开始日期{opens.isoformat()}")
    if year and Round.objects.filter(process=definition.code, year=year).exists():
        errors.add("year", f"“{definition.name}”{year}年度批次已开启")
    errors.raise_if_any()
    round_ = Round.objects.create(process=definition.code, year=year, opens_on=opens, deadline=closes,
                                  opened_by=actor.name[:150])
    audit_record(action="round.open", actor=actor, object_type="Round", object_id=round_.pk,
                 changes={"process": definition.code, "year": year, "opens_on": opens.isoformat(),
                          "deadline": closes.isoformat()})
    return round_
