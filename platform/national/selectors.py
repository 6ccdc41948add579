"""Reads of the national aggregates, suppressed: what the national domain may show.

Cells are suppressed per cube (one province, one day: see ``suppression``), with
NATIONAL_MIN_CELL (default 5) and NATIONAL_SUPPRESS_ZERO (default False: zeros are
published); a suppressed cell is ``{"value": null, "suppressed": true}``.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import NamedTuple

from django.conf import settings
from django.db.models import Max

from tenants.models import Province
from tenants.selectors import provinces_real

from .models import NationalSnapshot
from .services import city_breakdown_allowed, city_breakdown_provinces
from .suppression import rate_published, suppressed_cells, with_derived

GROUPINGS = tuple(NationalSnapshot.Grouping.values)


class _Snapshot(NamedTuple):
    """The fields of a ``NationalSnapshot`` that a suppressed cube reads, as a row of the national
    read: 31 provinces' cubes are hundreds of rows a request, read without a model instance each."""
    province_id: int
    taken_on: dt.date
    grouping: str
    group_key: str
    group_label: str
    rules: str
    counts: dict


def indicator_definitions() -> tuple[dict[str, str], dict[str, tuple[str, str, str]]]:
    from indicators.selectors import INDICATORS, RATES

    return dict(INDICATORS, target_orgs_with_party_org="其中已建立党组织"), dict(RATES)


def national_provinces():
    # A restore drill's copy of a province (tenants.backups) is not a province of its own.
    return provinces_real().order_by("region_code")


def _cube_rows(province: Province, taken_on: dt.date) -> list[NationalSnapshot]:
    rows = NationalSnapshot.objects.filter(province=province, taken_on=taken_on)
    if not city_breakdown_allowed(province):
        rows = rows.exclude(grouping=NationalSnapshot.Grouping.CITY)
    return list(rows)


def suppressed_cube(province: Province, taken_on: dt.date) -> list[dict]:
    """Every row of the province's cube on ``taken_on``, with suppressed cells and rates."""
    return _suppressed(province, _cube_rows(province, taken_on))


def _suppressed(province: Province, snapshots: list) -> list[dict]:
    """The rows of one cube (one province, one day, every grouping it shows), suppressed: ``snapshots``
    are ``NationalSnapshot`` instances or ``_Snapshot`` rows (the same attributes)."""
    indicators, rates = indicator_definitions()
    cube = {(row.grouping, row.group_key): with_derived({name: row.counts.get(name) for name in indicators}) for row in snapshots}
    hidden = suppressed_cells(cube, min_cell=settings.NATIONAL_MIN_CELL, suppress_zero=settings.NATIONAL_SUPPRESS_ZERO)
    answer = []
    for row in snapshots:
        key = (row.grouping, row.group_key)
        counts = cube[key]
        cells = {
            name: {"value": None, "suppressed": True} if (*key, name) in hidden else {"value": counts.get(name), "suppressed": False}
            for name in indicators
        }
        row_rates = {}
        for rate, (numerator, denominator, _) in rates.items():
            if rate_published((numerator, denominator), key, counts, hidden):
                value = round(counts[numerator] / counts[denominator], 4) if counts[denominator] else None
                row_rates[rate] = {"value": value, "suppressed": False}
            else:
                unmeasured = counts.get(numerator) is None or counts.get(denominator) is None
                row_rates[rate] = {"value": None, "suppressed": not unmeasured}
        answer.append({
            "province": province.code, "province_name": province.name, "taken_on": row.taken_on,
            "grouping": row.grouping, "group_key": row.group_key, "group_label": row.group_label, "rules": row.rules,
            "cells": cells, "rates": row_rates,
        })
    return answer


def latest_day(province: Province, as_of: dt.date | None = None) -> dt.date | None:
    rows = NationalSnapshot.objects.filter(province=province)
    if as_of is not None:
        rows = rows.filter(taken_on__lte=as_of)
    return rows.aggregate(day=Max("taken_on"))["day"]


def latest_days(provinces, as_of: dt.date | None = None) -> dict[int, dt.date]:
    """Each province's latest day on or before ``as_of`` (one query), by province id; a
    province without snapshots is left out."""
    rows = NationalSnapshot.objects.filter(province__in=provinces)
    if as_of is not None:
        rows = rows.filter(taken_on__lte=as_of)
    return dict(rows.order_by().values("province").annotate(day=Max("taken_on")).values_list("province", "day"))


def national_indicator_rows(*, grouping: str = "province", as_of: dt.date | None = None, province_code: str | None = None) -> list[dict]:
    """Each province's latest rows of ``grouping`` on or before ``as_of``, suppressed.

    Four queries whatever the number of provinces: the provinces, their latest days, their
    sharing settings, the rows of their cubes; each cube is then suppressed on its own."""
    provinces = national_provinces()
    if province_code:
        provinces = provinces.filter(code=province_code)
    provinces = list(provinces)
    days = latest_days(provinces, as_of)
    if not days:
        return []
    with_cities = city_breakdown_provinces(list(days))
    # the provinces' latest days, read by two IN lists (one condition to compile, however many provinces)
    # and kept where the day is the province's own latest and a city row is shared
    snapshots: dict[int, list[_Snapshot]] = defaultdict(list)
    city = NationalSnapshot.Grouping.CITY
    for values in (NationalSnapshot.objects.filter(province_id__in=list(days), taken_on__in=set(days.values()))
                   .values_list(*_Snapshot._fields)):
        row = _Snapshot(*values)
        if row.taken_on == days[row.province_id] and (row.grouping != city or row.province_id in with_cities):
            snapshots[row.province_id].append(row)
    rows: list[dict] = []
    for province in provinces:
        if province.pk in days:
            rows.extend(row for row in _suppressed(province, snapshots[province.pk]) if row["grouping"] == grouping)
    return rows


def national_series(*, province: Province, grouping: str = "province", group_key: str = "all",
                    date_from: dt.date | None = None, date_to: dt.date | None = None) -> list[dict]:
    """One group's rows over time, oldest first, each day suppressed within its own cube."""
    days = NationalSnapshot.objects.filter(province=province, grouping=grouping, group_key=group_key)
    if date_from:
        days = days.filter(taken_on__gte=date_from)
    if date_to:
        days = days.filter(taken_on__lte=date_to)
    series: dict[dt.date, dict] = defaultdict(dict)
    for day in sorted(set(days.values_list("taken_on", flat=True))):
        for row in suppressed_cube(province, day):
            if row["grouping"] == grouping and row["group_key"] == group_key:
                series[day] = row
    return [series[day] for day in sorted(series)]
