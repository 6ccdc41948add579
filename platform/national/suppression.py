"""Small-cell suppression of the national aggregates (pure functions, no database).

A *cube* is one province's rows on one day: its total row and its rows per city, kind and
registration level, each a dict of counts. Two kinds of relation hold between the cells:

- a grouping's rows add up to the province's row, measure by measure (the cities of a
  province add up to the province, and so do its kinds and its registration levels);
- inside a row, ``target_orgs = target_orgs_with_party_org + target_orgs_without_party_org``
  (the first is published through the target coverage rate).

Primary suppression: a count from 1 to ``min_cell - 1``, small enough to point at an
organization or a person; zero identifies nobody and is published (unless ``suppress_zero``).
Complementary suppression: wherever a relation (a "line") has exactly one suppressed cell,
that cell could be recovered by subtraction, so the next-smallest published non-zero part of
the line is suppressed too, else the total, else a zero part (hiding a zero protects
little: the two hidden cells then add up to the small count itself); repeated until no
line has a lone suppressed cell. A rate is published only when its numerator and
denominator are.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

Row = tuple[str, str]          # (grouping, group_key)
CellId = tuple[str, str, str]  # (grouping, group_key, measure)

PROVINCE_ROW: Row = ("province", "all")
# total, parts: inside every row
ROW_RELATIONS = (("target_orgs", ("target_orgs_with_party_org", "target_orgs_without_party_org")),)


def with_derived(counts: Mapping[str, int | None]) -> dict[str, int | None]:
    """The counts plus the ones published through rates (``target_orgs_with_party_org``)."""
    counts = dict(counts)
    total, without = counts.get("target_orgs"), counts.get("target_orgs_without_party_org")
    counts["target_orgs_with_party_org"] = None if total is None or without is None else total - without
    return counts


def lines_of(cube: Mapping[Row, Mapping[str, int | None]]) -> list[tuple[CellId, list[CellId]]]:
    """Every (total, parts) relation between the cells of ``cube``."""
    lines: list[tuple[CellId, list[CellId]]] = []
    province = cube.get(PROVINCE_ROW)
    groupings = sorted({grouping for grouping, _ in cube if (grouping, "all") != PROVINCE_ROW})
    if province is not None:
        for grouping in groupings:
            keys = sorted(key for g, key in cube if g == grouping)
            for measure, value in province.items():
                if value is None:
                    continue
                parts = [(grouping, key, measure) for key in keys if cube[(grouping, key)].get(measure) is not None]
                lines.append(((*PROVINCE_ROW, measure), parts))
    for row, counts in cube.items():
        for total, parts in ROW_RELATIONS:
            if counts.get(total) is not None and all(counts.get(part) is not None for part in parts):
                lines.append(((*row, total), [(*row, part) for part in parts]))
    return lines


def suppressed_cells(cube: Mapping[Row, Mapping[str, int | None]], *, min_cell: int, suppress_zero: bool = False) -> set[CellId]:
    """The cells of ``cube`` to publish as null: primary, then complementary suppression."""
    values: dict[CellId, int] = {
        (*row, measure): value for row, counts in cube.items() for measure, value in counts.items() if value is not None
    }
    suppressed = {
        cell for cell, value in values.items() if value < min_cell and (value > 0 or suppress_zero)
    }
    lines = lines_of(cube)
    changed = True
    while changed:
        changed = False
        for total, parts in lines:
            members = [total, *parts]
            unknown = [cell for cell in members if cell in suppressed]
            if len(unknown) != 1:
                continue
            published = sorted((cell for cell in parts if cell not in suppressed), key=lambda cell: (values[cell], cell))
            candidates = [cell for cell in published if values[cell] > 0]
            if not candidates and total not in suppressed:
                candidates = [total]
            candidates = candidates or published
            if candidates:
                suppressed.add(candidates[0])
                changed = True
    return suppressed


def rate_published(rate_inputs: Iterable[str], row: Row, counts: Mapping[str, int | None], suppressed: set[CellId]) -> bool:
    return all(counts.get(measure) is not None and (*row, measure) not in suppressed for measure in rate_inputs)
