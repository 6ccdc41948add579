"""Pool isolation: two provinces' requests interleaved through one pgbouncer pool.

django-tenants sets ``search_path`` on the connection before each query. In session pooling a
client keeps one server connection for its whole session (a request, with
DATABASE_CONN_MAX_AGE=0), and pgbouncer's ``DISCARD ALL`` resets it before another client gets
it; in transaction pooling the ``SET search_path`` and the query can land on different server
connections, i.e. in another province's schema.

One PostgreSQL, pgbouncer with a pool of POOL_SIZE server connections (fewer than the web
threads, so connections are handed back and forth), one web instance behind nginx, Jilin and
Guangdong each seeded with organizations named after the province. CLIENTS threads alternate
the provinces, reading lists and writing new organizations, for DURATION seconds.

Prints the cross-province rows: rows of one province in another's list answers, and rows
written through one province's domain found in the other's schema (must be 0), and the
answers by status. ``--pool-mode transaction`` runs the same load on transaction pooling, to
show what the drill catches.

    ./ops/deploy/drill pool [--pool-mode session|transaction] [--clients 12] [--duration 30]
"""
from __future__ import annotations

import argparse
import collections
import itertools
import json
import threading
import time

from . import stack as s

PROVINCES = {"jilin": ("吉林", "220100"), "guangdong": ("广东", "440100")}


def client_loop(web: s.Web, tokens: dict, serials, stop_at: float, results: dict, lock: threading.Lock, index: int) -> None:
    clients = {code: web.client(code, tokens[code]) for code in PROVINCES}
    order = itertools.cycle(PROVINCES if index % 2 == 0 else list(reversed(PROVINCES)))
    while time.monotonic() < stop_at:
        code = next(order)
        marker, region = PROVINCES[code]
        others = [m for c, (m, _) in PROVINCES.items() if c != code]
        serial = next(serials)
        if serial % 3 == 0:
            uscc = s.make_uscc(serial, region)
            status, _ = clients[code].request("PUT", f"/api/v1/organizations/{uscc}",
                                              s.organization_body(f"{marker}池演练{serial}", region))
            cross = 0
            with lock:
                results["written"][code] += status in (200, 201)
        else:
            status, body = clients[code].request("GET", "/api/v1/organizations?page_size=100&ordering=-uscc")
            cross = 0
            if status == 200:
                names = [row["name"] for row in json.loads(body)["results"]]
                cross = sum(1 for name in names if any(name.startswith(m) for m in others))
        with lock:
            results["statuses"][status] += 1
            results["cross_in_answers"] += cross
    for client in clients.values():
        client.close()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pool-mode", choices=("session", "transaction"), default="session")
    parser.add_argument("--clients", type=int, default=12)
    parser.add_argument("--duration", type=float, default=30)
    parser.add_argument("--pool-size", type=int, default=3)
    parser.add_argument("--seed", type=int, default=30, help="organizations per province before the load")
    options = parser.parse_args(argv)
    s.ensure_tools()
    with s.Stack("pool") as stack:
        result = run(stack, options)
    return result


def run(stack: s.Stack, options) -> int:
    pg = s.PlainPostgres(stack, "pg")
    pg.start()
    pg.sql("CREATE DATABASE partybuild")
    redis = s.Redis(stack)
    bouncer = s.PgBouncer(stack, pg.port, pool_mode=options.pool_mode, pool_size=options.pool_size)
    # Set up directly (migrations need a session of their own), then serve through pgbouncer.
    direct = s.product_env(stack, f"postgres://postgres@127.0.0.1:{pg.port}/partybuild", redis)
    tokens = s.product_setup(stack, direct, tuple(PROVINCES))
    pooled = dict(direct, DATABASE_URL=f"postgres://postgres@127.0.0.1:{bouncer.port}/partybuild",
                  DATABASE_CONN_MAX_AGE="0", DATABASE_CONN_HEALTH_CHECKS="false")
    web = s.Web(stack, pooled, instances=1, workers=2, threads=max(4, options.clients // 2))
    s.log(f"pgbouncer :{bouncer.port} pool_mode={options.pool_mode} default_pool_size={options.pool_size}; "
          f"web 1 instance × 2 workers × {max(4, options.clients // 2)} threads behind nginx :{web.https_port}")

    serials = itertools.count(1)
    for code, (marker, region) in PROVINCES.items():  # seed through the pool too
        client = web.client(code, tokens[code])
        for _ in range(options.seed):
            serial = next(serials)
            client.request("PUT", f"/api/v1/organizations/{s.make_uscc(serial, region)}",
                           s.organization_body(f"{marker}池演练{serial}", region))
        client.close()

    results = {"statuses": collections.Counter(), "cross_in_answers": 0, "written": collections.Counter()}
    lock = threading.Lock()
    stop_at = time.monotonic() + options.duration
    threads = [threading.Thread(target=client_loop, args=(web, tokens, serials, stop_at, results, lock, index), daemon=True)
               for index in range(options.clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=options.duration + 120)

    cross_in_schemas = 0
    for code, (marker, _) in PROVINCES.items():
        for other, (other_marker, _) in PROVINCES.items():
            if other != code:
                cross_in_schemas += int(pg.sql(f"SELECT count(*) FROM {code}.registry_socialorganization "
                                               f"WHERE name LIKE '{other_marker}%'", "partybuild"))
    # Rows that landed in the public schema (no province at all) count as crossing too.
    public = pg.sql("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
                    " AND table_name = 'registry_socialorganization'", "partybuild")
    if public == "1":
        cross_in_schemas += int(pg.sql("SELECT count(*) FROM public.registry_socialorganization", "partybuild"))
    statuses = results["statuses"]
    requests = sum(statuses.values())
    failed = requests - statuses.get(200, 0) - statuses.get(201, 0)
    cross = results["cross_in_answers"] + cross_in_schemas
    print()
    print(f"pool isolation ({options.pool_mode} pooling)")
    print(f"  clients {options.clients}, {options.duration:.0f} s, pgbouncer pool {options.pool_size} server connections")
    print(f"  requests {requests} (jilin and guangdong interleaved), writes {dict(results['written'])}")
    print(f"  answers: {dict(sorted(statuses.items()))}")
    print(f"  cross-province rows in answers      {results['cross_in_answers']}")
    print(f"  cross-province rows in the schemas  {cross_in_schemas}")
    print(f"  cross-province rows                 {cross}")
    print(f"  failed requests                     {failed}")
    ok = cross == 0 and failed == 0 and requests > 0
    print("  result", "PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
