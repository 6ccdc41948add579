"""Writes of the indicators that people make: the committee's yearly coverage target."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from audit.services import audit_record

from .models import CoverageTarget


@transaction.atomic
def coverage_target_set(*, actor, rules, year: int, target, scope: str = CoverageTarget.Scope.ALL, by: dt.date | None = None,
                        note: str = "") -> CoverageTarget:
    """Set (or change) the organizational-coverage target of ``year`` for ``scope``: provincial staff
    only (a target is the province's). Scope check, validation, write, audit, in that order."""
    actor.require_write()
    if not actor.is_province_wide:
        raise ValidationError({"scope": "覆盖率目标由省级工作人员设定"})
    errors = {}
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        errors["year"] = "年度应为2000至2100之间的整数"
    try:
        share = Decimal(str(target))
        if not Decimal(0) < share <= Decimal(1):
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        errors["target"] = "目标覆盖率应为大于0、不超过1的小数，如0.36"
    if scope not in CoverageTarget.Scope.values:
        errors["scope"] = f"范围应为以下之一：{'、'.join(CoverageTarget.Scope.values)}"
    if errors:
        raise ValidationError(errors)
    by = by or dt.date(year, 12, 31)
    before = CoverageTarget.objects.filter(year=year, scope=scope).first()
    record, _ = CoverageTarget.objects.update_or_create(
        year=year, scope=scope, defaults={"target": share, "by": by, "note": note[:300], "set_by": actor.name[:200]})
    audit_record(action="coverage_target.set", actor=actor, object_type="coverage_target", object_id=record.pk,
                 changes={"target": [str(before.target) if before else None, str(share)], "year": year, "scope": scope})
    return record
