"""The six operations of issue 9, one module each; each returns rows of the table.

They share a ``Context``: the run's size and its settings (``Plan``), raw connections for the
references, the web server, the tokens, and the profiles taken where a target is missed.
"""
from __future__ import annotations

import cProfile
import io
import pstats
import time
from dataclasses import dataclass, field
from typing import Callable

from ..database import Server
from ..timing import Row


@dataclass(frozen=True)
class Plan:
    """How much each operation does at one size (``--quick``: the suite's pass)."""

    runs: int  # timed runs of a quick operation (dashboard, national read: more)
    heavy_runs: int  # timed runs of a slow one (imports of the big file, migrate_schemas)
    load_seconds: float
    clients: tuple[int, ...]
    import_rows: tuple[int, int]
    rules_sample: int  # organizations evaluated one by one (organization_facts), extrapolated
    national_counts: tuple[int, ...]
    snapshot_months: int
    raw_max_connections: int = 20
    cases: int = 10_000  # operation 8: cases opened for the process case list


PLANS = {
    "tiny": Plan(runs=5, heavy_runs=2, load_seconds=2, clients=(1, 10, 50), import_rows=(200, 600), rules_sample=200,
                 national_counts=(3, 10, 31), snapshot_months=2, cases=500),
    "S": Plan(runs=9, heavy_runs=2, load_seconds=5, clients=(1, 10, 50), import_rows=(10_000, 20_000), rules_sample=1_000,
              national_counts=(3, 10, 31), snapshot_months=3),
    "M": Plan(runs=9, heavy_runs=2, load_seconds=5, clients=(1, 10, 50), import_rows=(10_000, 35_000), rules_sample=1_000,
              national_counts=(3, 10, 31), snapshot_months=3),
    "L": Plan(runs=9, heavy_runs=2, load_seconds=6, clients=(1, 10, 50), import_rows=(10_000, 75_000), rules_sample=1_000,
              national_counts=(3, 10, 31), snapshot_months=3),
    "XL": Plan(runs=7, heavy_runs=2, load_seconds=6, clients=(1, 10, 50), import_rows=(10_000, 75_000), rules_sample=1_000,
               national_counts=(3, 10, 31), snapshot_months=3),
    # the 31 provinces exist already (bench.national_data): the national operations read all of them
    "national": Plan(runs=7, heavy_runs=2, load_seconds=6, clients=(1, 10, 50), import_rows=(10_000, 75_000),
                     rules_sample=300, national_counts=(31,), snapshot_months=1),
}
QUICK = Plan(runs=2, heavy_runs=1, load_seconds=1, clients=(1, 10, 50), import_rows=(100, 300), rules_sample=50,
             national_counts=(3, 5), snapshot_months=1, raw_max_connections=10, cases=60)


@dataclass
class Context:
    size: str
    plan: Plan
    quick: bool
    server: Server
    database: str
    log: Callable[[str], None]
    rows: list[Row] = field(default_factory=list)
    profiles: dict[int, list[str]] = field(default_factory=dict)
    setup: dict[str, str] = field(default_factory=dict)
    web: object | None = None
    ddl: str = ""
    tokens: dict[str, str] = field(default_factory=dict)
    only: set[str] = field(default_factory=set)

    def raw(self, schema: str = "public"):
        """A raw psycopg2 connection whose search path is ``schema`` (then public), as a tenant's.

        JIT is off for the references: PostgreSQL compiles a statement whose cost *estimate* passes
        jit_above_cost, and the hand-written statements' estimates are far too high (a join of
        aggregates estimated at millions of rows for thousands): the compilation took seconds for
        a statement that runs in milliseconds. The product's connections keep the server's setting;
        operation 1's profile says whether its statement was compiled."""
        return self.server.connect(self.database, options=f"-c search_path={schema},public -c jit=off")

    def add(self, row: Row) -> None:
        self.rows.append(row)
        if not row.ours.times:
            self.log(f"  {row.number}. {row.operation} [{row.size}]: not measured — {row.note}")
            return
        ratio = f"{row.ratio:.2f}×" if row.ratio is not None else "—"
        self.log(f"  {row.number}. {row.operation} [{row.size}]: ours {row.ours.median * 1000:.1f} ms"
                 f"{f' ({row.ours.rps:,.0f} req/s)' if row.ours.rps else ''}, {row.reference_name} "
                 f"{row.reference.median * 1000:.1f} ms{f' ({row.reference.rps:,.0f} req/s)' if row.reference.rps else ''}, "
                 f"ratio {ratio}{'' if row.met is None else (' — target met' if row.met else ' — TARGET MISSED')}")


def fresh_capture():
    """CaptureQueriesContext on an empty log: Django keeps at most 9,000 queries in it, and a log
    filled by an earlier capture (an import) would make the next capture look empty."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    connection.queries_log.clear()
    return CaptureQueriesContext(connection)


def profile_lines(function: Callable[[], object], *, top: int = 14) -> list[str]:
    """cProfile of one call: the functions with the most time of their own, and the total."""
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    function()
    profiler.disable()
    elapsed = time.perf_counter() - started
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream)
    stats.sort_stats("tottime")
    lines = [f"cProfile, one call: {elapsed:.2f} s (with profiling overhead); top {top} functions by own time"]
    entries = sorted(stats.stats.items(), key=lambda item: item[1][2], reverse=True)[:top]
    for (filename, line, name), (calls, _, own, cumulative, _) in entries:
        where = filename.split("/site-packages/")[-1].split("/work/main/")[-1]
        lines.append(f"  {own:7.2f} s own {cumulative:7.2f} s cum {calls:>9,} calls  {name} ({where}:{line})")
    return lines


def query_lines(queries: list[dict], *, top: int = 6) -> list[str]:
    """The queries Django ran (CaptureQueriesContext): how many, their time, the slowest."""
    total = sum(float(query["time"]) for query in queries)
    lines = [f"{len(queries)} SQL queries, {total * 1000:.1f} ms in the database driver"]
    for query in sorted(queries, key=lambda q: float(q["time"]), reverse=True)[:top]:
        text = " ".join(query["sql"].split())
        lines.append(f"  {float(query['time']) * 1000:8.1f} ms  {text[:150]}{'…' if len(text) > 150 else ''}")
    return lines
