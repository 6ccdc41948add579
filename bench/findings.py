"""What limits us where a target is missed: the causes found by profiling and the fixes
recommended (file, function). Written from the profiles of the runs (each run prints a fresh
profile under these); kept here so that RESULTS.md is produced by the command, not by hand."""
from __future__ import annotations

FINDINGS: dict[int, list[str]] = {
    1: [
        "**Cause (found in the first L run).** `indicators.selectors.indicator_rows` was one statement in which every",
        "indicator was an independent `IN (<subquery>)`: the counting links were rebuilt for 8 indicators, the primary",
        "Party organization 4 times and the activities once per kind of meeting (12, 11 and 5 scans at L).",
        "",
        "**Fixed (commit dee58dc).** `indicator_rows` now computes each organization's facts once in CTEs (links and",
        "main Party organization with one DISTINCT ON, activities by kind in one pass) and counts per group with",
        "FILTER; every table is scanned once (the links twice). Same figures, checked against bench.sql on every run",
        "and org by org against the rules in tests/indicators. What remains is the statement itself: the ratio above",
        "is the product's statement vs the hand-written one on the same data.",
    ],
    2: [
        "**Cause.** Not the query: the raw list query is a few milliseconds at any concurrency (see the rows \"the raw",
        "list query\"). A request is the trivial endpoint's cost (tenant lookup, token lookup, throttle in Redis, three",
        "`SET search_path`) plus Django REST framework's work on the page: django-filter's form and",
        "`OrganizationFilter.filter_queryset` (`queryset & organization_list(...)`), cursor pagination, and",
        "`OrganizationSerializer` (a ModelSerializer: 23 fields, 4 dotted sources, a `to_representation` call per field",
        "for 50 rows). Profiled in-process at L: the serializer is about 40% of a request, pagination with its query",
        "about 25%, authentication and the throttle about 15%. With 2 sync gunicorn workers on 2 cores shared with",
        "PostgreSQL and the load tool, the",
        "request's CPU time is the throughput: 10 clients queue 5 deep per worker, so p95 = ~5 × the service time.",
        "",
        "**Fix (recommended).** `api/v1/serializers/organizations.py` `OrganizationSerializer`: read the page with",
        "`.values(...)` (the 23 columns and the 4 related names) in `api/v1/views/organizations.py`",
        "`OrganizationListApi.get_queryset`/`list`, and build the dicts without per-field serializer calls (or a plain",
        "`serializers.Serializer` with `source` on flat keys); `registry/selectors.py` `organization_list` already gives",
        "the `select_related`. More workers only help where cores are free: the deployment should size",
        "`WEB_WORKERS` to the cores left after PostgreSQL (gthread workers would let 10 clients share a core fairly).",
        "For the trivial endpoint itself: django-tenants' `TenantMainMiddleware` looks the domain up on every request",
        "(cache it), and `BearerTokenAuthentication` reads the token on every request (cache by prefix for a minute).",
    ],
    3: [
        "**Cause (found in the first L run).** `imports.services._organizations_write` recorded each graded row through",
        "`evaluation_grade_record` (facts of one organization, ~12 queries per graded row), and `_supervisors_for`",
        "created each new supervisor with its own SAVEPOINT, SELECT and INSERT.",
        "",
        "**Fixed (commit dee58dc).** Grades are recorded per batch: facts for the batch's graded organizations come",
        "from `registry.selectors.organization_facts_bulk` (≤ 10 queries), the cap from `grade_cap_check` (the one",
        "place of that decision), one bulk INSERT of the grades and one UPDATE of the organizations; supervisors are",
        "one `bulk_create(ignore_conflicts=True)` and one SELECT. **What remains:** every row is validated in Python",
        "twice (the reader's `convert_cell`, then `organization_validate`, the same validation the API uses), which is",
        "most of the gap to the .csv reference (`csv` + COPY, no validation at all).",
    ],
    4: [
        "**Cause.** Building facts one organization at a time (`registry.selectors.organization_facts`) costs ~10",
        "queries per organization. With the facts built in bulk (`registry.selectors.organization_facts_bulk`, moved",
        "there in dee58dc, ≤ 10 queries for a whole province) the time is Python: constructing the frozen facts",
        "dataclasses validates every field (`province_rules.facts._Facts.__post_init__`), and each decision builds its",
        "`Reason` texts and `Decision` objects even when only the value is wanted. The set-based statement does two hash",
        "aggregates and a CASE: no evaluation that builds Python objects per organization comes within 3× of it.",
        "",
        "**Limit and recommendation.** The ≤ 3× target is reachable only set-based. The indicators already count grade",
        "caps from the flag recorded with each grade (`EvaluationGrade.above_rule_cap`), so no screen evaluates a",
        "province organization by organization. Next step if a full re-evaluation is needed: a `_Facts.trusted(**values)`",
        "constructor that skips validation for facts built from the database, and value-only decisions.",
    ],
    5: [
        "**Cause (found in the first L run).** `national.selectors.national_indicator_rows` asked three queries per",
        "province (latest day, sharing setting, cube rows), so the read grew with the number of provinces.",
        "",
        "**Fixed (commit dee58dc).** The read is 4 queries for any number of provinces (provinces, latest day per",
        "province, sharing settings, every cube's rows) and the copy is one DELETE and one INSERT per province.",
        "What remains is the per-cube suppression in Python (primary and complementary) and DRF's serialization.",
    ],
    6: [
        "**Cause.** `province_provision` creates the schema by running every migration (`migrate_schemas` for one",
        "schema): Django renders the model states of every migration (`ModelBase.__new__`, `Field.deconstruct`",
        "dominate the profile) before it runs the DDL; the first administrator's password hash (PBKDF2, Django's",
        "default iterations) adds about half a second by design.",
        "",
        "**Fix (recommended).** django-tenants can clone a template schema instead: set `TENANT_BASE_SCHEMA` (kept",
        "migrated by `migrate_schemas`) and provisioning becomes a clone plus faked migrations — about the DDL replay",
        "of this table. `tenants/services.py` `province_provision` needs no change.",
    ],
}


def findings_for(number: int) -> list[str]:
    return [f"### Operation {number}", "", *FINDINGS.get(number, ["No analysis recorded for this operation yet."])]
