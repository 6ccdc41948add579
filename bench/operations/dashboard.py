"""1. The province dashboard's indicators (all of domain.md section 5) by city:
``indicators.selectors.indicator_rows(grouping="city")`` against the same figures from
hand-written SQL through psycopg2 (bench.sql.indicators_by_city). Both must agree."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context

from indicators.selectors import INDICATORS, indicator_rows
from province_rules.registry import rules_for

from .. import sql
from ..data import MAIN
from ..timing import Row, Sample, timed
from . import fresh_capture

TARGET_RATIO = 1.5
TARGET_SECONDS_AT_L = 0.300


def run(ctx) -> None:
    as_of = timezone.localdate()
    rules = rules_for(MAIN, as_of)
    with schema_context(MAIN):
        ours, rows = timed(lambda: indicator_rows(rules=rules, grouping="city", as_of=as_of), runs=ctx.plan.runs, warmup=1)
        with fresh_capture() as captured:
            indicator_rows(rules=rules, grouping="city", as_of=as_of)
        selector_sql = captured.captured_queries[-1]["sql"]
    statement, params = sql.indicators_by_city(rules, as_of)
    raw = ctx.raw(MAIN)
    cursor = raw.cursor()

    def reference():
        cursor.execute(statement, params)
        return cursor.fetchall()

    reference_sample, reference_rows = timed(reference, runs=ctx.plan.runs, warmup=1)
    columns = [column.name for column in cursor.description]
    expected = {(row[0], row[1]): dict(zip(columns[2:], row[2:])) for row in reference_rows}
    got = {(row["group_key"], row["group_label"]): {name: row[name] for name in INDICATORS} for row in rows}
    differences = [(key, name, got[key][name], expected.get(key, {}).get(name)) for key in got for name in INDICATORS
                   if got[key][name] != expected.get(key, {}).get(name)]
    if differences or sorted(got) != sorted(expected):
        raise AssertionError(f"bench 1: the selectors and the hand-written SQL differ: {differences[:5]}")
    ratio = ours.median / reference_sample.median
    met = ratio <= TARGET_RATIO and (ctx.size != "L" or ours.median < TARGET_SECONDS_AT_L)
    target = f"≤ {TARGET_RATIO}×" + (f" and < {TARGET_SECONDS_AT_L * 1000:.0f} ms at L" if ctx.size in ("L",) else "")
    in_scope = sum(row["in_scope"] for row in rows)
    ctx.add(Row(1, "dashboard indicators by city (indicators.selectors.indicator_rows)", f"{ctx.size}: {in_scope:,} orgs",
                ours, "hand-written SQL (psycopg2)", reference_sample, target=target, met=met,
                note=f"the same {len(rows)} city rows × {len(INDICATORS)} figures from both (checked)"))
    ctx.profiles[1] = plan_profile(raw, selector_sql, statement, params)
    raw.close()


def _nodes(plan: dict, out: list) -> float:
    """Walk an EXPLAIN (FORMAT JSON) plan; collect (own ms, node, relation, loops); returns its total ms."""
    total = plan.get("Actual Total Time", 0.0) * plan.get("Actual Loops", 1)
    children = sum(_nodes(child, out) for child in plan.get("Plans", []))
    out.append((max(total - children, 0.0), plan["Node Type"], plan.get("Relation Name", ""), plan.get("Actual Loops", 1),
                plan.get("Subplan Name", "") or plan.get("Parent Relationship", "")))
    return total


def _explain(cursor, statement, params=None) -> tuple[float, list, Counter]:
    cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + statement, params)
    document = cursor.fetchone()[0]
    document = document if isinstance(document, list) else json.loads(document)
    nodes: list = []
    _nodes(document[0]["Plan"], nodes)
    scans = Counter(relation for _, node, relation, _, _ in nodes if relation)
    jit = document[0].get("JIT", {}).get("Timing", {}).get("Total")
    return document[0]["Execution Time"], nodes, scans, jit


def plan_profile(raw, selector_sql: str, statement: str, params: dict) -> list[str]:
    """Where the selectors' statement spends its time, beside the reference's (EXPLAIN ANALYZE)."""
    from django.db import connection as product

    with product.cursor() as django_cursor:
        django_cursor.execute("SHOW jit")
        product_jit = django_cursor.fetchone()[0]
    with raw.cursor() as cursor:
        cursor.execute(f"SET jit = {'on' if product_jit == 'on' else 'off'}")  # as the product's connections have it
        ours_ms, ours_nodes, ours_scans, ours_jit = _explain(cursor, selector_sql)
        cursor.execute("SET jit = off")
        reference_ms, _, reference_scans, _ = _explain(cursor, statement, params)
    lines = [f"EXPLAIN ANALYZE: selectors' statement {ours_ms:.0f} ms"
             + (f" (of which JIT compilation {ours_jit:.0f} ms)" if ours_jit else " (not JIT-compiled)")
             + f", hand-written SQL {reference_ms:.0f} ms (JIT off)",
             "table scans per statement (selectors vs hand-written):"]
    for relation in sorted(set(ours_scans) | set(reference_scans)):
        lines.append(f"  {relation:50} {ours_scans.get(relation, 0):3} vs {reference_scans.get(relation, 0):3}")
    lines.append("selectors' statement, plan nodes with the most time of their own:")
    for own, node, relation, loops, role in sorted(ours_nodes, reverse=True)[:8]:
        lines.append(f"  {own:8.1f} ms  {node} {relation} (loops {loops}) {role}")
    return lines


REPO_ROOT = Path(__file__).resolve().parents[2]


def run_during_import(ctx, *, target: str, path: Path, rows: int) -> None:
    """7. The dashboard of operation 1 while another province (``target``) imports ``path`` in a
    process of its own (as a Celery worker would), against the same dashboard with nothing else
    running, timed just before."""
    as_of = timezone.localdate()
    rules = rules_for(MAIN, as_of)

    def dashboard():
        with schema_context(MAIN):
            return indicator_rows(rules=rules, grouping="city", as_of=as_of)

    idle, _ = timed(dashboard, runs=ctx.plan.runs, warmup=1)
    process = subprocess.Popen([sys.executable, "-m", "bench.background_import", target, MAIN, str(path)],
                               cwd=REPO_ROOT, env=dict(os.environ), stdout=subprocess.PIPE, text=True)
    try:
        if process.stdout.readline().strip() != "started":
            raise AssertionError("bench 7: the background import did not start")
        time.sleep(1.0)  # past the file's opening: reading, validating and writing rows
        during = Sample()
        overlapped = 0
        for _ in range(ctx.plan.runs):
            began = time.perf_counter()
            dashboard()
            during.times.append(time.perf_counter() - began)
            overlapped += process.poll() is None
        output, _ = process.communicate(timeout=1800)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    if process.returncode != 0:
        raise AssertionError(f"bench 7: the background import failed ({process.returncode}): {output[-300:]}")
    seconds = float(output.split()[1]) if output.startswith("done") else float("nan")
    ctx.add(Row(7, f"dashboard indicators by city while another province imports {rows:,} organizations (.xlsx)",
                f"{ctx.size}: {MAIN}, import into {target}", during, "the same dashboard, nothing else running (just before)",
                idle, note=f"{overlapped} of {len(during.times)} runs while the import ran ({seconds:.0f} s, its own process, "
                           f"rolled back); {os.cpu_count()} cores shared by both"))
