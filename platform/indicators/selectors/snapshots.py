"""The daily snapshots as time series."""
from __future__ import annotations

from ..models import IndicatorSnapshot
from .definitions import INDICATORS, with_rates
from .rows import GROUPINGS


def snapshot_series(*, grouping: str, key: str) -> list[dict]:
    """The snapshots of one group, oldest first: ``taken_on``, ``group_label``, ``rules``, the
    counts and the rates. ``key`` is the group key (``all``, ``220100``, ``social_group`` ...)."""
    if grouping not in GROUPINGS:
        raise ValueError(f"unknown grouping {grouping!r}; one of {', '.join(GROUPINGS)}")
    fields = ("taken_on", "group_key", "group_label", "rules", *INDICATORS)
    return [with_rates(row) for row in
            IndicatorSnapshot.objects.filter(grouping=grouping, group_key=str(key)).order_by("taken_on").values(*fields)]
