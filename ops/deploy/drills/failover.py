"""Failover under load: API writers through nginx while the primary dies.

pg_auto_failover (monitor, primary, synchronous secondary), Redis, two web instances behind
nginx with TLS, production settings, DATABASE_URL naming both nodes with
target_session_attrs=read-write. WRITERS threads PUT new organizations (each retries its
write until acknowledged, as an integration would) for DURATION seconds; at KILL_AT the
primary's keeper and PostgreSQL are killed (SIGKILL, the host is gone). READERS threads read
lists meanwhile; DATABASE_REPLICA_URL names both nodes with target_session_attrs=prefer-standby,
so the replica router sends those reads to the standby while there is one.

Prints: writes acknowledged, acknowledged writes found on the new primary afterwards (must be
equal), the longest time without a successful write, and the answers by status: 5xx other
than 503 must be 0. Exit status 1 when a figure fails.

    ./ops/deploy/drill failover [--writers 20] [--readers 4] [--duration 60] [--kill-at 20] [--through-pgbouncer]
"""
from __future__ import annotations

import argparse
import collections
import itertools
import threading
import time

from . import stack as s


def writer(client: s.HttpsClient, serials, stop_at: float, results: dict, lock: threading.Lock, started: float) -> None:
    while time.monotonic() < stop_at:
        serial = next(serials)
        uscc = s.make_uscc(serial)
        body = s.organization_body(f"演练协会{serial}")
        while time.monotonic() < stop_at:
            status, _ = client.request("PUT", f"/api/v1/organizations/{uscc}", body)
            now = time.monotonic() - started
            with lock:
                results["statuses"][status] += 1
                if status in (200, 201):
                    results["acknowledged"].add(uscc)
                    results["ok_times"].append(now)
                else:
                    results["tried"].add(uscc)
                    if status >= 500 or status == 0:
                        results["failure_times"].append((now, status))
            if status in (200, 201):
                break
            if 400 <= status < 500:
                results["client_errors"].append((status, uscc))
                break
            time.sleep(0.2)  # 503 or no answer: retry the same write shortly (it is an idempotent PUT)
    client.close()


def reader(client: s.HttpsClient, stop_at: float, results: dict, lock: threading.Lock) -> None:
    """Lists read while the writers write: GETs, which may read the standby (DATABASE_REPLICA_URL)."""
    while time.monotonic() < stop_at:
        status, _ = client.request("GET", "/api/v1/organizations?page_size=50")
        with lock:
            results["read_statuses"][status] += 1
        time.sleep(0.2 if status == 503 else 0.05)
    client.close()


def longest_gap(times: list[float], start: float, end: float) -> tuple[float, float]:
    points = [start, *sorted(times), end]
    gap, at = 0.0, start
    for a, b in zip(points, points[1:]):
        if b - a > gap:
            gap, at = b - a, a
    return gap, at


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--kill-at", type=float, default=20)
    parser.add_argument("--web-instances", type=int, default=2)
    parser.add_argument("--through-pgbouncer", action="store_true",
                        help="connect through a pgbouncer on each node (with pgbouncer-follow), not to the nodes")
    parser.add_argument("--readers", type=int, default=4, help="clients reading lists (from the standby while it is one)")
    options = parser.parse_args(argv)
    s.ensure_tools()
    with s.Stack("failover") as stack:
        cluster = s.AutoFailoverCluster(stack)
        cluster.start()
        redis = s.Redis(stack)
        bouncers: dict[str, s.PgBouncer] = {}
        if options.through_pgbouncer:
            # The production layout of ops/deploy/README.md: on each node, pgbouncer (session pooling)
            # in front of the local PostgreSQL, and pgbouncer-follow beside it.
            for name, port in cluster.node_ports.items():
                bouncers[name] = s.PgBouncer(stack, port, pool_size=20, name=f"pgbouncer-{name}")
                bouncers[name].follow = s.pgbouncer_follow(stack, port, bouncers[name], name)
            ports = {name: bouncer.port for name, bouncer in bouncers.items()}
            extra = {"DATABASE_CONN_MAX_AGE": 0}
        else:
            ports, extra = cluster.node_ports, {}
        env = s.product_env(stack, cluster.url(ports=ports), redis,
                            DATABASE_REPLICA_URL=cluster.url("prefer-standby", ports=ports), **extra)
        s.log("database: " + ("through a pgbouncer on each node" if bouncers else "the nodes directly")
              + f": {env['DATABASE_URL']}")
        tokens = s.product_setup(stack, env, ("jilin",))
        clients = options.writers + options.readers
        threads_per_instance = max(4, (clients + options.web_instances - 1) // options.web_instances + 2)
        web = s.Web(stack, env, instances=options.web_instances, workers=1, threads=threads_per_instance)
        s.log(f"web: {options.web_instances} gunicorn instances × {threads_per_instance} threads behind nginx :{web.https_port}")

        results = {"acknowledged": set(), "tried": set(), "ok_times": [], "failure_times": [], "client_errors": [],
                   "statuses": collections.Counter(), "read_statuses": collections.Counter()}
        lock = threading.Lock()
        serials = itertools.count(1)
        started = time.monotonic()
        stop_at = started + options.duration
        threads = [threading.Thread(target=writer, args=(web.client("jilin", tokens["jilin"]), serials, stop_at, results,
                                                          lock, started), daemon=True) for _ in range(options.writers)]
        threads += [threading.Thread(target=reader, args=(web.client("jilin", tokens["jilin"]), stop_at, results, lock),
                                     daemon=True) for _ in range(options.readers)]
        for thread in threads:
            thread.start()
        s.log(f"{options.readers} readers, {options.writers} writers for {options.duration:.0f} s; the primary dies at {options.kill_at:.0f} s")
        time.sleep(max(0.0, started + options.kill_at - time.monotonic()))
        old_primary = cluster.primary()
        standby = next(name for name in cluster.node_ports if name != old_primary)
        standby_transactions = int(s.psql(cluster.node_ports[standby], "SELECT xact_commit FROM pg_stat_database"
                                          f" WHERE datname = '{cluster.dbname}'"))
        killed_at = time.monotonic() - started
        cluster.stop_node(old_primary)
        if bouncers:  # the host is gone with all it ran
            stack.stop(bouncers[old_primary].follow, sig=9)
            stack.stop(bouncers[old_primary].process, sig=9)
        s.log(f"killed {old_primary} (keeper and PostgreSQL, SIGKILL) at {killed_at:.1f} s")
        promoted_at = None
        while time.monotonic() < stop_at:
            try:
                primary = cluster.primary()
            except Exception:
                primary = None
            if promoted_at is None and primary not in (None, old_primary):
                promoted_at = time.monotonic() - started
                s.log(f"monitor: {primary} is {cluster.states()[primary]} at {promoted_at:.1f} s")
            time.sleep(0.5)
        for thread in threads:
            thread.join(timeout=60)

        new_primary = cluster.primary()
        present = set(cluster.primary_sql(
            "SELECT uscc FROM jilin.registry_socialorganization WHERE uscc LIKE '51220100DR%'").split())
        acknowledged = results["acknowledged"]
        found = acknowledged & present
        lost = acknowledged - present
        in_doubt = results["tried"] - acknowledged
        committed_unacknowledged = in_doubt & present
        gap, gap_from = longest_gap(results["ok_times"], 0.0, options.duration)
        statuses = results["statuses"]
        reads = results["read_statuses"]
        other_5xx = sum(count for counter in (statuses, reads) for status, count in counter.items()
                        if status >= 500 and status != 503)
        no_answer = statuses.get(0, 0) + reads.get(0, 0)

        print()
        print("failover under load")
        print(f"  database {'through pgbouncer (session pooling) on each node' if bouncers else 'nodes directly'}; "
              f"writers {options.writers}, {options.duration:.0f} s, primary {old_primary} killed at {killed_at:.1f} s, "
              f"{new_primary} primary {'at %.1f s' % promoted_at if promoted_at else '(after the load)'}")
        print(f"  writes acknowledged                 {len(acknowledged)}")
        print(f"  acknowledged writes found afterwards {len(found)}   (lost: {len(lost)})")
        print(f"  longest time without a successful write {gap:.1f} s (from {gap_from:.1f} s)")
        print(f"  answers to writes: {dict(sorted(statuses.items()))}")
        print(f"  answers to reads:  {dict(sorted(reads.items()))}; transactions on the standby "
              f"before the failover {standby_transactions} (reads sent there by the replica router)")
        print(f"  5xx other than 503                  {other_5xx}")
        print(f"  requests without an HTTP answer     {no_answer}")
        print(f"  writes never acknowledged           {len(in_doubt)} (of which committed: {len(committed_unacknowledged)})")
        print(f"  client errors (4xx)                 {len(results['client_errors'])}")
        resumed = any(t > killed_at for t in results["ok_times"])
        print(f"  writes resumed after the failover   {'yes' if resumed else 'NO'}")
        ok = not lost and other_5xx == 0 and no_answer == 0 and len(found) == len(acknowledged) > 0 and resumed
        if not ok:
            for label in ("paf-monitor", "paf-node1", "paf-node2", "nginx-error"):
                print(f"--- {label}\n{stack.tail(label, 15)}")
        print("  result", "PASS" if ok else "FAIL")
        return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
