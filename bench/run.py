"""``./ops/bench [--size tiny|S|M|L|XL] [--quick] [--output PATH]``: load generated data into a fresh
database, time every operation beside its reference, print the table and write it (default
bench/RESULTS.md). The database (``partybuild_bench_<pid>``) is dropped at the end."""
from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
OPERATIONS = ("1", "2", "3", "4", "5", "6")


def arguments(argv):
    parser = argparse.ArgumentParser(prog="./ops/bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=("tiny", "S", "M", "L", "XL"), default="S",
                        help="organizations per generated province: tiny 600, S 20,000, M 35,000, L 75,000, XL 150,000")
    parser.add_argument("--quick", action="store_true", help="few runs and short loads (the test suite's pass)")
    parser.add_argument("--output", type=Path, default=REPO_ROOT / "bench" / "RESULTS.md", help="where to write the table")
    parser.add_argument("--only", default=",".join(OPERATIONS),
                        help="operations to run, e.g. 1,4 (default all; a partial run writes a partial table)")
    parser.add_argument("--keep-database", action="store_true", help="do not drop the run's database (to look into it)")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = arguments(argv)
    only = {item.strip() for item in args.only.split(",") if item.strip()}
    started = time.monotonic()

    def log(message: str) -> None:
        print(f"[bench {time.monotonic() - started:6.0f} s] {message}", file=sys.stderr, flush=True)

    from . import database

    server = database.server_pick()
    name = f"partybuild_bench_{os.getpid()}"
    database.database_create(server, name)
    log(f"database {name} on {server.source}")
    os.environ.update(
        DATABASE_URL=server.url(name), DJANGO_SETTINGS_MODULE="bench.settings", LOG_LEVEL="WARNING",
        # the throttle still counts every request in Redis; the load tests must not be refused
        API_THROTTLE_READ="1000000000/s",
    )
    web = None
    try:
        import django

        django.setup()
        return _run(args, only, server, name, log, started)
    except Exception:
        traceback.print_exc()
        log("failed")
        return 1
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep_database:
            database.database_drop(server, name)
            log(f"dropped {name}")


def _run(args, only, server, name, log, started) -> int:
    from . import data, database, report
    from .clone import schema_ddl
    from .operations import PLANS, QUICK, Context
    from .server import WebServer

    plan = QUICK if args.quick else PLANS[args.size]
    ctx = Context(size=args.size, plan=plan, quick=args.quick, server=server, database=name, log=log)
    machine = database.machine(server, name)
    log("loading generated data")
    ctx.setup.update(data.load(size=args.size, snapshot_months=plan.snapshot_months, log=log))
    ctx.ddl = schema_ddl(data.MAIN)
    ctx.tokens = {data.MAIN: data.api_token(data.MAIN), "national": data.national_token()}

    from .operations import api_list, dashboard, imports, national, provisioning, rules

    steps = [("1", "dashboard indicators", dashboard.run), ("4", "rule evaluation", rules.run),
             ("6", "provisioning", provisioning.run_provision), ("3", "imports", imports.run)]
    failures: list[str] = []

    def attempt(number: str, title: str, function) -> None:
        """Run one operation; a failure is reported in the table's file and the run goes on."""
        log(f"operation {number}: {title}")
        try:
            function(ctx)
        except Exception as error:  # noqa: BLE001 - reported, and the exit status says so
            traceback.print_exc()
            failures.append(f"operation {number} ({title}) failed: {type(error).__name__}: {error}")
            from django.db import connection

            connection.set_schema_to_public()

    for number, title, function in steps:
        if number in only:
            attempt(number, title, function)
    if only & {"2", "5"}:
        web = WebServer(workers=int(os.environ.get("WEB_WORKERS", "2")))
        environment = dict(os.environ)
        environment["PYTHONPATH"] = f"{REPO_ROOT / 'platform'}:{REPO_ROOT}"
        web.start(environment)
        ctx.web = web
        ctx.setup["web server"] = web.description
        from .load import load_tool

        ctx.setup["load tool"] = "wrk (C, 2 threads)" if load_tool() == "wrk" else "Python threads + http.client keep-alive"
        try:
            if "2" in only:
                attempt("2", "organization list API under load", api_list.run)
            if "5" in only:
                attempt("5", "national aggregation", national.run)
        finally:
            web.stop()
    if "6" in only:
        attempt("6", "migrate_schemas across the province schemas", provisioning.run_migrate)
    ctx.rows.sort(key=lambda row: row.number)
    seconds = time.monotonic() - started
    text = report.results_markdown(rows=ctx.rows, size=args.size, quick=args.quick, machine=machine, setup=ctx.setup,
                                   seconds=seconds, profiles=ctx.profiles, failures=failures)
    report.write(args.output, text)
    print("\n".join(report.table_lines(ctx.rows)))
    log(f"wrote {args.output}")
    for failure in failures:
        log(failure)
    return 1 if failures else 0
