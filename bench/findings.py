"""What limits us where a target is missed: the causes found by profiling and the fixes
recommended (file, function). Written from the profiles of the runs (each run prints a fresh
profile under these); kept here so that RESULTS.md is produced by the command, not by hand."""
from __future__ import annotations

FINDINGS: dict[int, list[str]] = {
    1: [
        "**Cause.** `indicators.selectors.indicator_rows` is one statement over the facts relations of the rules'",
        "criteria (`indicators/selectors/facts_sql.py`: Party organizations, organizations and counted members as",
        "CTEs, each criterion compiled in place); the hand-written reference computes the same figures with fewer",
        "joins. The plan profile below says which nodes carry the difference.",
        "",
        "**Next step.** Compare the two plans node by node (below); the usual gain is a CTE that the planner",
        "inlines twice (mark it MATERIALIZED) or a criterion compiled to a correlated subquery.",
    ],
    2: [
        "**Cause.** Not the query (the raw list query is a few milliseconds at any concurrency) and no longer the",
        "serializer or the lookups: the page is read with `.values()` and built by `organization_list_rows` (no",
        "model instance, no serializer field per value; the same bytes, tests/api/test_organization_list.py), the",
        "filter form is built once per class (`api.v1.filters.FormOnlyFilterSet`), the domain's province is cached",
        "per process (`tenants.middleware.CachedTenantMiddleware`), the token by prefix in Redis",
        "(`api.authentication.token_by_prefix`, forgotten on revocation), and one Redis client per pool is kept",
        "(`config.cache`). Those last three made the trivial endpoint itself cheaper too, so they narrow the",
        "difference in milliseconds but not the ratio. What the list still does beyond the trivial endpoint:",
        "django-filter's form validation, the ORM compiling the filtered, ordered, cursor-paginated `.values()`",
        "query with three joins (about a millisecond of CPU), the query itself on PostgreSQL — which shares the",
        "2 cores with the 2 sync gunicorn workers and the load tool — and the JSON of 50 rows. On 2 shared cores",
        "the request's CPU time is the throughput, and 10 clients queue 5 deep per worker (p95 ≈ 5 × the service",
        "time).",
        "",
        "**Next step.** (1) Build the list statement once per filter shape: a parametrised SQL text per",
        "(filters present, ordering) kept in the view, run through the cursor, skipping the ORM's compile per",
        "request; (2) a faster JSON renderer (orjson) for the list only; (3) in production, WEB_WORKERS sized to",
        "the cores left after PostgreSQL, and gthread workers so that 10 clients share a core fairly.",
    ],
    3: [
        "**Cause.** The bulk writes are now one multi-row INSERT (or UPDATE … FROM VALUES) per thousand rows",
        "(`platform/bulksql.py`; Django's bulk_create/bulk_update prepared each value through its field and",
        "wrote a CASE per row), the audit entries too, and the import keeps the organizations it wrote instead of",
        "reading them again. What remains is Python per row that the reference does not do at all: the reader's",
        "type conversion of each cell, the shared validation (`organization_validate`), a model instance per new",
        "organization, and its audit entry (snapshot, changes, the canonical JSON of the changes twice and the",
        "keyed hash of the chain, issue 12: one entry per changed row), and the grade cap check of each graded row",
        "(`organization_facts_bulk` for the batch). The .csv reference is `csv` + COPY with no validation and no",
        "audit; the profile below shows where the time goes.",
        "",
        "**Next step.** In `audit.services.audit_record_many`, build the hash body around the canonical text of",
        "the changes (sorted keys: the text is the same) and store that text as it is, one JSON pass per entry",
        "instead of three; in `registry.actions.bulk`, write new organizations from the cleaned rows as tuples",
        "(no model instance); convert .csv cells with a converter chosen once per column.",
    ],
    4: [
        "**Cause.** `indicators.selectors.grade_caps` is one statement over the facts relations with the rules'",
        "criteria `grade_capped` and `weak_and_lax` compiled in place; the reference is the hand-written",
        "statement of the caps. The Python rows (facts in bulk, then `max_grade` per organization) stay far",
        "behind by nature: a facts object and a decision per organization.",
        "",
        "**Next step.** Compare the two plans (EXPLAIN ANALYZE): the facts relations compute every column of",
        "the Party organizations (activities, trainings) that the cap does not read; a facts statement limited to",
        "the columns the compiled criteria name would close the gap.",
    ],
    5: [
        "**Cause.** The read is 4 queries for any number of provinces and the refresh one DELETE and one INSERT",
        "per province (dee58dc); what remains is the per-cube suppression in Python (primary and complementary)",
        "and DRF's serialization, plus the machine's load (the target is in milliseconds, not a ratio).",
        "",
        "**Next step.** Keep the suppressed national rows as a table refreshed with the snapshots (the read",
        "then selects and renders only), and one statement for the refresh across all provinces.",
    ],
    6: [
        "**Cause.** `province_provision` creates the schema by running every migration (`migrate_schemas` for one",
        "schema): Django renders the model states of every migration (`ModelBase.__new__`, `Field.deconstruct`",
        "dominate the profile) before it runs the DDL; the first administrator's password hash (PBKDF2, Django's",
        "default iterations) adds about half a second by design. On this shared machine the time also depends",
        "on the load: the target is in seconds, not a ratio.",
        "",
        "**Fix (recommended).** django-tenants can clone a template schema instead: set `TENANT_BASE_SCHEMA` (kept",
        "migrated by `migrate_schemas`) and provisioning becomes a clone plus faked migrations — about the DDL replay",
        "of this table. `tenants/services.py` `province_provision` needs no change.",
    ],
}


def findings_for(number: int) -> list[str]:
    return [f"### Operation {number}", "", *FINDINGS.get(number, ["No analysis recorded for this operation yet."])]
