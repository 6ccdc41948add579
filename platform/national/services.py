"""Writes of the national aggregates: copying each province's snapshot rows into public."""
from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.db.models import Max, Q
from django_tenants.utils import get_public_schema_name, schema_context

from tenants.models import Province
from tenants.selectors import provinces_real

from .models import NationalSharing, NationalSnapshot

logger = logging.getLogger(__name__)

# The groupings the national domain sees; by supervisor stays in the province (names of units).
COPIED_GROUPINGS = ("province", "kind", "registration_level")
CITY = "city"


def city_breakdown_allowed(province: Province) -> bool:
    sharing = NationalSharing.objects.filter(province=province).first()
    return bool(sharing and sharing.city_breakdown)


def city_breakdown_provinces(provinces) -> set[int]:
    """The ids of those of ``provinces`` (ids or provinces) whose city breakdown is shared: one query."""
    ids = [getattr(province, "pk", province) for province in provinces]
    return set(NationalSharing.objects.filter(province_id__in=ids, city_breakdown=True).values_list("province_id", flat=True))


def national_sharing_set(*, province: Province, city_breakdown: bool) -> NationalSharing:
    """Let (or stop letting) the national domain see the province's indicators per city.
    Turning it off also removes the city rows already copied."""
    with schema_context(get_public_schema_name()), transaction.atomic():
        sharing, _ = NationalSharing.objects.update_or_create(province=province, defaults={"city_breakdown": city_breakdown})
        if not city_breakdown:
            NationalSnapshot.objects.filter(province=province, grouping=CITY).delete()
    return sharing


def _province_rows(province: Province, groupings: tuple[str, ...], since: dt.date | None) -> list[dict]:
    """The province's snapshot rows (aggregates only) from its own schema."""
    from indicators.models import IndicatorSnapshot
    from indicators.selectors import INDICATORS

    with schema_context(province.schema_name):
        rows = IndicatorSnapshot.objects.filter(grouping__in=groupings)
        if since is not None:
            rows = rows.filter(taken_on__gte=since)
        return [
            {
                "taken_on": row["taken_on"], "grouping": row["grouping"], "group_key": row["group_key"],
                "group_label": row["group_label"], "rules": row["rules"],
                "counts": {name: row[name] for name in INDICATORS},
            }
            for row in rows.values("taken_on", "grouping", "group_key", "group_label", "rules", *INDICATORS)
        ]


def national_snapshots_copy(*, provinces=None, full: bool = False) -> dict[str, int]:
    """Copy every province's snapshot rows into the public schema; returns rows per province.

    Incremental: days from the latest one already copied (that day again, in case it was
    retaken); ``full`` copies every day. A day's rows are replaced as a whole.
    """
    copied: dict[str, int] = {}
    with schema_context(get_public_schema_name()):
        provinces = list(provinces if provinces is not None else provinces_real())
        with_cities = city_breakdown_provinces(provinces)
        latest_copied = {} if full else dict(
            NationalSnapshot.objects.filter(province__in=provinces).order_by().values("province")
            .annotate(day=Max("taken_on")).values_list("province", "day"))
        for province in provinces:
            groupings = COPIED_GROUPINGS + ((CITY,) if province.pk in with_cities else ())
            rows = _province_rows(province, groupings, latest_copied.get(province.pk))
            days = sorted({row["taken_on"] for row in rows})
            replaced = Q(taken_on__in=days)
            if CITY not in groupings:
                replaced |= Q(grouping=CITY)  # city rows of a province that stopped sharing them
            with transaction.atomic():
                NationalSnapshot.objects.filter(replaced, province=province).delete()
                NationalSnapshot.objects.bulk_create(NationalSnapshot(province=province, **row) for row in rows)
            copied[province.code] = len(rows)
            logger.info("national: copied %s snapshot rows of %s (%s days)", len(rows), province.code, len(days))
    return copied


def province_snapshots_take(*, provinces=None, as_of: dt.date | None = None) -> dict[str, int]:
    """Take today's (or ``as_of``'s) indicator snapshot in every province (on-demand copies)."""
    import clock
    from indicators.services import snapshot_take
    from tenants.selectors import province_rules_at

    day = as_of or clock.today()
    taken: dict[str, int] = {}
    with schema_context(get_public_schema_name()):
        provinces = list(provinces if provinces is not None else provinces_real())
    for province in provinces:
        with schema_context(province.schema_name):
            taken[province.code] = snapshot_take(rules=province_rules_at(province, day), as_of=day)
    return taken
