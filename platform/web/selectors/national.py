"""The national comparison: the provinces side by side on the shared definitions.

Every figure comes suppressed from ``national.selectors`` (``national_indicator_rows``,
``suppressed_cube``): a suppressed cell stays suppressed here, in the table, the charts
and the CSV. Nothing below computes or undoes suppression.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

import clock
from national.models import NationalSnapshot
from national.selectors import indicator_definitions, national_indicator_rows, national_provinces, suppressed_cube

from .comparability import comparability_notes

SUPPRESSED_TEXT = "—（数据过少不公开）"
UNMEASURED_TEXT = "—（不适用）"
# The columns of the comparison table with their short headers (the definitions are the
# headers' tooltips and the CSV's headers; every indicator and rate goes into the CSV).
TABLE_COLUMNS = {
    "in_scope": "纳入统计", "organizational_coverage": "组织覆盖", "organizational_coverage_rate": "组织覆盖率",
    "work_coverage_rate": "工作覆盖率", "eligible_not_built": "应建未建", "target_orgs": "30人以上学校医院",
    "target_coverage_rate": "其组建率", "weak_and_lax": "软弱涣散", "renewal_overdue": "未按期换届",
    "three_meetings_rate": "三会一课达标率", "training_rate": "书记培训达标率", "grade_above_cap": "等级超上限",
}
# The rates a chart may show.
CHART_RATES = ("organizational_coverage_rate", "work_coverage_rate", "target_coverage_rate", "three_meetings_rate",
               "training_rate")
GROUPINGS = dict(NationalSnapshot.Grouping.choices)
TREND_MONTHS = 12


@dataclass(frozen=True)
class Cell:
    value: float | int | None
    suppressed: bool
    rate: bool

    @property
    def text(self) -> str:
        if self.suppressed:
            return SUPPRESSED_TEXT
        if self.value is None:
            return UNMEASURED_TEXT
        return f"{self.value * 100:.1f}%" if self.rate else f"{self.value:,}"

    @property
    def chart_value(self) -> float | None:
        if self.suppressed or self.value is None:
            return None
        return round(self.value * 100, 1) if self.rate else self.value


def definitions() -> dict[str, str]:
    indicators, rates = indicator_definitions()
    return {**indicators, **{rate: label for rate, (_, _, label) in rates.items()}}


def _cells(row: dict) -> dict[str, Cell]:
    cells = {name: Cell(cell["value"], cell["suppressed"], False) for name, cell in row["cells"].items()}
    cells.update({name: Cell(cell["value"], cell["suppressed"], True) for name, cell in row["rates"].items()})
    return cells


@dataclass
class Comparison:
    grouping: str
    as_of: dt.date | None
    columns: list[tuple[str, str, str]]  # name, short header, definition
    rows: list[dict]  # province, province_name, group_label, taken_on, cells {name: Cell}
    provinces: list[str]
    suppressed_count: int
    notes: dict = None  # column → how each province measures it, where they differ (``comparability``)

    def noted(self, name: str) -> bool:
        return bool(self.notes and name in self.notes)

    @property
    def one_day(self) -> dt.date | None:
        """The snapshot day when every row has the same (the table then names it once)."""
        days = {row["taken_on"] for row in self.rows}
        return days.pop() if len(days) == 1 else None

    def chart(self, rate: str) -> dict:
        """A bar chart of ``rate``: by province, or (other groupings) one bar group per group
        label and one series per province."""
        if self.grouping == "province":
            cells = [row["cells"][rate] for row in self.rows]
            return {"labels": [row["province_name"] for row in self.rows], "rate": definitions()[rate],
                    "series": [{"name": definitions()[rate], "values": [cell.chart_value for cell in cells],
                                "suppressed": [cell.suppressed for cell in cells]}]}
        labels = list(dict.fromkeys(row["group_label"] for row in self.rows))
        series = []
        for name in self.provinces:
            values = {row["group_label"]: row["cells"][rate] for row in self.rows if row["province_name"] == name}
            series.append({"name": name, "values": [values[label].chart_value if label in values else None for label in labels],
                           "suppressed": [bool(values.get(label) and values[label].suppressed) for label in labels]})
        return {"labels": labels, "series": series, "rate": definitions()[rate]}


def comparison_get(*, grouping: str = "province", as_of: dt.date | None = None) -> Comparison:
    """Each province's latest rows of ``grouping`` on or before ``as_of``, suppressed."""
    labels = definitions()
    rows = []
    suppressed = 0
    for row in national_indicator_rows(grouping=grouping, as_of=as_of):
        cells = _cells(row)
        suppressed += sum(1 for name in TABLE_COLUMNS if cells[name].suppressed)
        rows.append({"province": row["province"], "province_name": row["province_name"], "group_key": row["group_key"],
                     "group_label": row["group_label"], "taken_on": row["taken_on"], "rules": row["rules"], "cells": cells})
    provinces = list(dict.fromkeys(row["province_name"] for row in rows))
    columns = [(name, short, labels[name]) for name, short in TABLE_COLUMNS.items()]
    shown = national_provinces().filter(code__in={row["province"] for row in rows})
    notes = comparability_notes(shown, as_of=as_of or clock.today())
    return Comparison(grouping, as_of, columns, rows, provinces, suppressed, notes)


def province_names() -> list[str]:
    return list(national_provinces().values_list("name", flat=True))


def _month_ends(days: list[dt.date], months: int) -> list[dt.date]:
    """The last day of each of the latest ``months`` months that have a snapshot."""
    last_of_month: dict[tuple[int, int], dt.date] = {}
    for day in days:
        key = (day.year, day.month)
        if key not in last_of_month or day > last_of_month[key]:
            last_of_month[key] = day
    return sorted(last_of_month.values())[-months:]


def comparison_trend(*, rate: str = "organizational_coverage_rate", months: int = TREND_MONTHS) -> dict:
    """Each province's ``rate`` at the end of each of its last ``months`` months of snapshots
    (each day suppressed within its own cube, as the national API's series does)."""
    provinces = list(national_provinces())
    series, all_days = [], set()
    for province in provinces:
        days = list(NationalSnapshot.objects.filter(province=province, grouping="province")
                    .values_list("taken_on", flat=True).distinct())
        values = {}
        for day in _month_ends(days, months):
            row = next((r for r in suppressed_cube(province, day) if r["grouping"] == "province"), None)
            if row is not None:
                values[day] = _cells(row)[rate]
        all_days |= set(values)
        series.append((province.name, values))
    dates = sorted(all_days)
    return {
        "dates": [day.isoformat() for day in dates], "rate": definitions()[rate],
        "series": [{"name": name, "values": [values[d].chart_value if d in values else None for d in dates],
                    "suppressed": [bool(d in values and values[d].suppressed) for d in dates]} for name, values in series],
    }


def comparison_csv(comparison: Comparison) -> bytes:
    """The comparison (every indicator and rate) as a CSV in UTF-8 with BOM, suppressed cells as text."""
    labels = definitions()
    names = [name for name in labels if comparison.rows and name in comparison.rows[0]["cells"]]
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["省份", "分组方式", "分组", "统计日期", *[labels[name] for name in names]])
    grouping = GROUPINGS.get(comparison.grouping, comparison.grouping)
    for row in comparison.rows:
        writer.writerow([row["province_name"], grouping, row["group_label"], row["taken_on"].isoformat(),
                         *[_csv_text(row["cells"][name]) for name in names]])
    return buffer.getvalue().encode("utf-8-sig")


def _csv_text(cell: Cell) -> str:
    if cell.suppressed:
        return "数据过少不公开"
    if cell.value is None:
        return "不适用"
    return f"{cell.value:.4f}" if cell.rate else str(cell.value)
