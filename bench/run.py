"""``./ops/bench [--size tiny|S|M|L|XL|national] [--quick] [--output PATH]``: load generated data into a
fresh database, time every operation beside its reference, print the table and write it (default
bench/RESULTS.md). The database (``partybuild_bench_<pid>``) is dropped at the end. At the national
size it is a copy of a template database built once (bench.national_data)."""
from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
OPERATIONS = ("1", "2", "3", "4", "5", "6", "7", "8", "9")


def arguments(argv):
    parser = argparse.ArgumentParser(prog="./ops/bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=("tiny", "S", "M", "L", "XL", "national"), default="S",
                        help="organizations per generated province: tiny 600, S 20,000, M 35,000, L 75,000, XL 150,000; "
                             "national: the 31 provinces at their own sizes, about 870,000 (bench.national_data)")
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
    national = None
    if args.size == "national":
        from . import national_data

        template, built, build_seconds = national_data.template_ensure(server, log)
        cloned = time.monotonic()
        national_data.database_from_template(server, name, template)
        national = {"template": template, "built": built, "build_seconds": build_seconds,
                    "clone_seconds": time.monotonic() - cloned}
    else:
        database.database_create(server, name)
    log(f"database {name} on {server.source}")
    os.environ.update(
        DATABASE_URL=server.url(name), DJANGO_SETTINGS_MODULE="bench.settings", LOG_LEVEL="WARNING",
        # the throttle still counts every request in Redis; the load tests must not be refused
        API_THROTTLE_READ="1000000000/s",
    )
    # the cache as ./ops/run has it (ops.localenv): Redis on 127.0.0.1:6379 when it answers. Without
    # REDIS_URL each process caches in its own memory, and the token cache is off then (a revocation
    # would not reach the other workers): every request read its token from the database.
    if not os.environ.get("REDIS_URL") and os.environ.get("OPS_BROKER") != "embedded":
        from ops.localenv import port_answers

        if port_answers(6379):
            os.environ["REDIS_URL"] = "redis://127.0.0.1:6379/1"
    web = None
    try:
        import django

        django.setup()
        return _run(args, only, server, name, log, started, national)
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


def _run(args, only, server, name, log, started, national=None) -> int:
    from . import data, database, report
    from .clone import schema_ddl
    from .operations import PLANS, QUICK, Context
    from .server import WebServer

    plan = QUICK if args.quick else PLANS[args.size]
    ctx = Context(size=args.size, plan=plan, quick=args.quick, server=server, database=name, log=log)
    machine = database.machine(server, name)
    if national is None:
        log("loading generated data")
        ctx.setup.update(data.load(size=args.size, snapshot_months=plan.snapshot_months, log=log))
    else:
        ctx.setup.update(data.describe_national(server=server, database=name, **national))
    ctx.setup["cache"] = (f"Redis ({os.environ['REDIS_URL']}): API tokens cached by prefix, throttle counted there"
                          if os.environ.get("REDIS_URL") else "each process's memory: the API token cache is off")
    ctx.ddl = schema_ddl(data.MAIN)
    ctx.tokens = {data.MAIN: data.api_token(data.MAIN), "national": data.national_token()}

    from .operations import api_list, dashboard, imports, national, processes, provisioning, rules

    steps = [("1", "dashboard indicators", dashboard.run), ("4", "rule evaluation", rules.run),
             ("6", "provisioning", provisioning.run_provision), ("3", "imports (and 7, 9)", imports.run),
             ("8", "process cases (set-up)", processes.setup)]
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

    ctx.only = only
    for number, title, function in steps:
        if number in only or (number == "3" and only & {"7", "9"}):
            attempt(number, title, function)
    if only & {"2", "5", "8"}:
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
            if "8" in only:
                attempt("8", "process case list under load", processes.run)
        finally:
            ctx.setup["web server memory"] = web.peak_memory()
            web.stop()
    if "6" in only:
        attempt("6", "migrate_schemas across the province schemas", provisioning.run_migrate)
    ctx.rows.sort(key=lambda row: row.number)
    ctx.setup.update(data.resources(server=server, database=name))
    seconds = time.monotonic() - started
    text = report.results_markdown(rows=ctx.rows, size=args.size, quick=args.quick, machine=machine, setup=ctx.setup,
                                   seconds=seconds, profiles=ctx.profiles, failures=failures)
    report.write(args.output, text)
    print("\n".join(report.table_lines(ctx.rows)))
    log(f"wrote {args.output}")
    for failure in failures:
        log(failure)
    return 1 if failures else 0
