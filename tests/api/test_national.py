"""National aggregates: copied without names, small cells suppressed, and no cell from which a
suppressed one could be recovered by subtraction."""
from __future__ import annotations

import datetime as dt

import pytest
from django_tenants.utils import schema_context

from national.suppression import suppressed_cells, with_derived

from .conftest import api_client
from .seed import CITY, seed_province

MEASURES = ("in_scope", "organizational_coverage", "target_orgs", "target_orgs_without_party_org")


def cube_of(province: dict, cities: dict[str, dict]) -> dict:
    cube = {("province", "all"): with_derived(province)}
    cube.update({("city", key): with_derived(counts) for key, counts in cities.items()})
    return cube


# --- the suppression rules, on their own --------------------------------------------------

def test_a_small_cell_is_suppressed():
    cube = {("province", "all"): {"in_scope": 40, "weak_and_lax": 3}}
    assert suppressed_cells(cube, min_cell=5) == {("province", "all", "weak_and_lax")}


def test_zero_is_published_and_one_to_four_are_suppressed():
    """A zero identifies no organization (domain.md §5): only 1 to min_cell - 1 are hidden."""
    cube = {("province", "all"): {"in_scope": 40, "c0": 0, "c1": 1, "c2": 2, "c3": 3, "c4": 4, "c5": 5}}
    assert suppressed_cells(cube, min_cell=5) == {("province", "all", f"c{n}") for n in (1, 2, 3, 4)}
    # The setting's escape hatch still hides zeros when a province asks for it.
    assert ("province", "all", "c0") in suppressed_cells(cube, min_cell=5, suppress_zero=True)


def test_zeros_are_published_by_default(settings):
    from config.settings import base

    assert base.NATIONAL_SUPPRESS_ZERO is False
    assert settings.NATIONAL_SUPPRESS_ZERO is False


def test_a_zero_beside_a_small_cell_does_not_protect_it():
    # Cities 30 + 12 + 3 + 0 = 45: hiding the 0 with the 3 would leave 45 - 30 - 12 = 3 for the
    # two hidden cells together, so the 12 is hidden, and the 0 stays published.
    cube = {
        ("province", "all"): {"in_scope": 45},
        ("city", "a"): {"in_scope": 30}, ("city", "b"): {"in_scope": 12},
        ("city", "c"): {"in_scope": 3}, ("city", "d"): {"in_scope": 0},
    }
    hidden = suppressed_cells(cube, min_cell=5)
    assert hidden == {("city", "c", "in_scope"), ("city", "b", "in_scope")}


def test_a_small_cell_among_zeros_hides_the_total_with_it():
    # 3 + 0 + 0 = 3: no non-zero part is left to hide, so the total goes (a hidden zero beside
    # the 3 would still add up to 3).
    cube = {
        ("province", "all"): {"in_scope": 3},
        ("city", "a"): {"in_scope": 3}, ("city", "b"): {"in_scope": 0}, ("city", "c"): {"in_scope": 0},
    }
    assert suppressed_cells(cube, min_cell=5) == {("province", "all", "in_scope"), ("city", "a", "in_scope")}


def test_the_subtraction_case_suppresses_the_next_smallest_cell_of_the_row():
    # Cities 30 + 12 + 3 = province 45: the 3 is suppressed, and 12 too, else 45 - 30 - 12 = 3.
    cube = {
        ("province", "all"): {"in_scope": 45},
        ("city", "220100"): {"in_scope": 30},
        ("city", "220200"): {"in_scope": 12},
        ("city", "220300"): {"in_scope": 3},
    }
    hidden = suppressed_cells(cube, min_cell=5)
    assert hidden == {("city", "220300", "in_scope"), ("city", "220200", "in_scope")}
    published = {cell: counts["in_scope"] for cell, counts in cube.items() if (*cell, "in_scope") not in hidden}
    # What is left cannot give back either hidden cell: two unknowns in the one line.
    assert published == {("province", "all"): 45, ("city", "220100"): 30}


def test_two_small_cells_protect_each_other():
    cube = {
        ("province", "all"): {"in_scope": 40},
        ("city", "a"): {"in_scope": 32}, ("city", "b"): {"in_scope": 4}, ("city", "c"): {"in_scope": 4},
    }
    assert suppressed_cells(cube, min_cell=5) == {("city", "b", "in_scope"), ("city", "c", "in_scope")}


def test_a_single_city_province_hides_the_total_with_the_city():
    cube = {("province", "all"): {"in_scope": 3}, ("city", "a"): {"in_scope": 3}}
    assert suppressed_cells(cube, min_cell=5) == {("province", "all", "in_scope"), ("city", "a", "in_scope")}


def test_the_target_rate_cannot_give_back_a_suppressed_count():
    # 20 target orgs, 2 without a Party organization: the 18 "with" is published only through
    # the rate, so it is suppressed too (else 20 - 18 = 2).
    cube = {("province", "all"): with_derived({"target_orgs": 20, "target_orgs_without_party_org": 2})}
    hidden = suppressed_cells(cube, min_cell=5)
    assert ("province", "all", "target_orgs_without_party_org") in hidden
    assert ("province", "all", "target_orgs_with_party_org") in hidden


def test_suppression_spreads_until_no_line_has_a_lone_hidden_cell():
    cube = {
        ("province", "all"): with_derived({"in_scope": 60, "target_orgs": 20, "target_orgs_without_party_org": 10}),
        ("city", "a"): with_derived({"in_scope": 50, "target_orgs": 18, "target_orgs_without_party_org": 9}),
        ("city", "b"): with_derived({"in_scope": 10, "target_orgs": 2, "target_orgs_without_party_org": 1}),
    }
    hidden = suppressed_cells(cube, min_cell=5)
    lines = [
        [("province", "all", m), ("city", "a", m), ("city", "b", m)]
        for m in ("in_scope", "target_orgs", "target_orgs_without_party_org", "target_orgs_with_party_org")
    ] + [
        [(*row, "target_orgs"), (*row, "target_orgs_with_party_org"), (*row, "target_orgs_without_party_org")]
        for row in cube
    ]
    for line in lines:
        assert sum(cell in hidden for cell in line) != 1, line


# --- copied and served -------------------------------------------------------------------

def _snapshot(code: str, *, taken_on: dt.date, rows: dict[tuple[str, str], dict]):
    """Write a province's snapshot rows directly (chosen counts; other counts 10)."""
    from indicators.models import IndicatorSnapshot
    from indicators.selectors import INDICATORS

    with schema_context(code):
        for (grouping, key), counts in rows.items():
            values = {name: 10 for name in INDICATORS}
            values.update(counts)
            IndicatorSnapshot.objects.create(taken_on=taken_on, grouping=grouping, group_key=key, group_label=key,
                                             rules=f"{code}-rules", **values)


@pytest.fixture
def national_api(tokens, settings):
    settings.NATIONAL_MIN_CELL = 5
    return api_client("national", tokens["national"])  # NATIONAL_SUPPRESS_ZERO: the default


def test_national_indicators_are_suppressed_with_the_subtraction_case(national_api, jilin):
    from national.services import national_sharing_set, national_snapshots_copy

    national_sharing_set(province=jilin, city_breakdown=True)
    day = dt.date(2024, 6, 30)
    _snapshot("jilin", taken_on=day, rows={
        ("province", "all"): {"in_scope": 45, "weak_and_lax": 3, "renewal_overdue": 0},
        ("city", "220100"): {"in_scope": 30, "weak_and_lax": 1, "renewal_overdue": 0},
        ("city", "220200"): {"in_scope": 12, "weak_and_lax": 1, "renewal_overdue": 0},
        ("city", "220300"): {"in_scope": 3, "weak_and_lax": 1, "renewal_overdue": 0},
        ("kind", "social_group"): {"in_scope": 45, "weak_and_lax": 3, "renewal_overdue": 0},
    })
    national_snapshots_copy()
    body = national_api.get("/api/v1/national/indicators", {"grouping": "city", "province": "jilin"}).json()
    cells = {row["group_key"]: row["cells"]["in_scope"] for row in body["rows"]}
    assert cells["220100"] == {"value": 30, "suppressed": False}
    assert cells["220300"] == {"value": None, "suppressed": True}
    assert cells["220200"] == {"value": None, "suppressed": True}  # else 45 - 30 - 12 = 3
    province = national_api.get("/api/v1/national/indicators", {"province": "jilin"}).json()["rows"][0]
    assert province["cells"]["in_scope"] == {"value": 45, "suppressed": False}
    assert province["cells"]["weak_and_lax"] == {"value": None, "suppressed": True}
    # Zeros are published, in the province row and in every city row.
    assert province["cells"]["renewal_overdue"] == {"value": 0, "suppressed": False}
    assert all(row["cells"]["renewal_overdue"] == {"value": 0, "suppressed": False} for row in body["rows"])
    assert province["rates"]["organizational_coverage_rate"] == {"value": round(10 / 45, 4), "suppressed": False}
    assert body["min_cell"] == 5


def test_city_figures_only_where_the_province_allows_them(national_api, jilin, guangdong):
    from national.models import NationalSnapshot
    from national.services import national_sharing_set, national_snapshots_copy

    day = dt.date(2024, 6, 30)
    for code in ("jilin", "guangdong"):
        _snapshot(code, taken_on=day, rows={("province", "all"): {}, ("city", CITY[code]): {}})
    national_snapshots_copy()
    assert not NationalSnapshot.objects.filter(grouping="city").exists()
    assert national_api.get("/api/v1/national/indicators", {"grouping": "city"}).json()["rows"] == []
    national_sharing_set(province=guangdong, city_breakdown=True)
    national_snapshots_copy(full=True)
    rows = national_api.get("/api/v1/national/indicators", {"grouping": "city"}).json()["rows"]
    assert {row["province"] for row in rows} == {"guangdong"}
    national_sharing_set(province=guangdong, city_breakdown=False)
    assert national_api.get("/api/v1/national/indicators", {"grouping": "city"}).json()["rows"] == []


def test_the_copy_carries_aggregates_only(national_api, jilin):
    from national.models import NationalSnapshot
    from national.services import national_sharing_set, national_snapshots_copy, province_snapshots_take

    keys = seed_province("jilin", canary="COPYCANARY", organizations=6)
    national_sharing_set(province=jilin, city_breakdown=True)
    province_snapshots_take(provinces=[jilin])
    national_snapshots_copy(provinces=[jilin])
    rows = list(NationalSnapshot.objects.filter(province=jilin).values())
    assert rows and {row["grouping"] for row in rows} == {"province", "city", "kind", "registration_level"}
    text = str(rows)
    assert "COPYCANARY" not in text and not any(uscc in text for uscc in keys["usccs"])
    assert all(isinstance(value, (int, type(None))) for row in rows for value in row["counts"].values())
    series = national_api.get("/api/v1/national/indicators/series", {"province": "jilin"}).json()["series"]
    assert len(series) == 1 and series[0]["cells"]["in_scope"]["value"] == 6
    provinces = national_api.get("/api/v1/national/provinces").json()
    assert {p["code"] for p in provinces} >= {"jilin", "guangdong", "anhui"}


def test_the_copy_runs_as_a_celery_task_too(national_api, jilin):
    from national.models import NationalSnapshot
    from national.tasks import snapshots_copy

    _snapshot("jilin", taken_on=dt.date(2024, 1, 1), rows={("province", "all"): {}})
    result = snapshots_copy.apply(kwargs={"full": True}).get()
    assert result["jilin"] == 1
    assert NationalSnapshot.objects.filter(province=jilin, taken_on=dt.date(2024, 1, 1)).count() == 1


def test_national_queries_are_checked(national_api):
    assert national_api.get("/api/v1/national/indicators", {"grouping": "supervisor"}).status_code == 400
    assert national_api.get("/api/v1/national/indicators/series", {"province": "atlantis"}).status_code == 404
    assert national_api.get("/api/v1/national/indicators/series").status_code == 400


# --- a constant number of queries, whatever the number of provinces ---------------------------

def _reference_rows(grouping: str, as_of=None) -> list[dict]:
    """national_indicator_rows as it was: province by province (latest_day, suppressed_cube)."""
    from national.selectors import latest_day, national_provinces, suppressed_cube

    rows = []
    for province in national_provinces():
        day = latest_day(province, as_of)
        if day is not None:
            rows.extend(row for row in suppressed_cube(province, day) if row["grouping"] == grouping)
    return rows


def test_the_national_read_takes_the_same_queries_for_one_province_or_three(national_api, jilin, guangdong, anhui, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from national.selectors import national_indicator_rows
    from national.services import national_sharing_set, national_snapshots_copy

    national_sharing_set(province=guangdong, city_breakdown=True)
    small = {("province", "all"): {"in_scope": 12, "weak_and_lax": 3}, ("city", "x1"): {"in_scope": 9, "weak_and_lax": 2},
             ("city", "x2"): {"in_scope": 3, "weak_and_lax": 1}, ("kind", "social_group"): {"in_scope": 12, "weak_and_lax": 3}}
    _snapshot("jilin", taken_on=dt.date(2024, 5, 31), rows=small)
    national_snapshots_copy()
    with CaptureQueriesContext(connection) as one:
        national_indicator_rows(grouping="province")
    for code, day in (("jilin", dt.date(2024, 6, 30)), ("guangdong", dt.date(2024, 6, 30)), ("guangdong", dt.date(2024, 4, 30)),
                      ("anhui", dt.date(2024, 3, 31))):
        _snapshot(code, taken_on=day, rows=small)
    national_snapshots_copy()
    with CaptureQueriesContext(connection) as three:
        rows = national_indicator_rows(grouping="province")
    assert {row["province"] for row in rows} == {"jilin", "guangdong", "anhui"}
    selects = [[q["sql"] for q in queries.captured_queries if not q["sql"].startswith("SET ")] for queries in (one, three)]
    assert len(selects[0]) == len(selects[1]) <= 4, selects[1]
    # the same answer, suppression included, as the province-by-province read
    for grouping in ("province", "city", "kind"):
        for as_of in (None, dt.date(2024, 5, 31), dt.date(2024, 1, 1)):
            assert national_indicator_rows(grouping=grouping, as_of=as_of) == _reference_rows(grouping, as_of)
    assert national_indicator_rows(grouping="city", province_code="guangdong") == [
        row for row in _reference_rows("city") if row["province"] == "guangdong"]
    assert {row["province"] for row in national_indicator_rows(grouping="city")} == {"guangdong"}


def test_the_copy_deletes_and_inserts_once_per_province(national_api, jilin, guangdong, anhui):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from national.models import NationalSnapshot
    from national.services import national_sharing_set, national_snapshots_copy

    national_sharing_set(province=jilin, city_breakdown=True)
    for code in ("jilin", "guangdong", "anhui"):
        for day in (dt.date(2024, 5, 31), dt.date(2024, 6, 30)):
            _snapshot(code, taken_on=day, rows={("province", "all"): {}, ("city", CITY[code]): {}})
    with CaptureQueriesContext(connection) as queries:
        copied = national_snapshots_copy(full=True)
    assert {code: copied[code] for code in ("jilin", "guangdong", "anhui")} == {"jilin": 4, "guangdong": 2, "anhui": 2}
    provinces = len(copied)
    sql = [q["sql"] for q in queries.captured_queries]
    assert sum(s.startswith('DELETE FROM "national_nationalsnapshot"') for s in sql) <= provinces
    assert sum(s.startswith('INSERT INTO "national_nationalsnapshot"') for s in sql) <= provinces
    # incremental, after a province stops sharing its cities: its city rows go, the latest day is copied again
    national_sharing_set(province=jilin, city_breakdown=False)
    NationalSnapshot.objects.create(province=jilin, taken_on=dt.date(2024, 5, 31), grouping="city", group_key="stale",
                                    group_label="stale", counts={})
    assert national_snapshots_copy()["jilin"] == 1
    assert not NationalSnapshot.objects.filter(province=jilin, grouping="city").exists()
    assert NationalSnapshot.objects.filter(province=jilin).count() == 2

