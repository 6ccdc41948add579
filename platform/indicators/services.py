"""Writes of the indicators: the daily snapshot."""
from __future__ import annotations

import datetime as dt

from django.db import transaction

from .models import IndicatorSnapshot
from .selectors import GROUPINGS, INDICATORS, indicator_rows


@transaction.atomic
def snapshot_take(*, rules, as_of: dt.date) -> int:
    """Record every grouping's indicator rows for ``as_of`` in the current province's schema.

    Idempotent per date: taking the snapshot of a day again replaces that day's rows (a group
    that has disappeared since leaves no stale row). Returns how many rows were written.
    """
    snapshots = [
        IndicatorSnapshot(
            taken_on=as_of, grouping=grouping, group_key=str(row["group_key"])[:64], group_label=str(row["group_label"])[:200],
            rules=rules.rules_id(), **{name: row[name] for name in INDICATORS},
        )
        for grouping in GROUPINGS
        for row in indicator_rows(rules=rules, grouping=grouping, as_of=as_of)
    ]
    IndicatorSnapshot.objects.filter(taken_on=as_of).delete()
    IndicatorSnapshot.objects.bulk_create(snapshots)
    return len(snapshots)
