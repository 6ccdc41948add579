"""Rolling restart: each web instance restarted in turn under load; failed requests 0.

One PostgreSQL, Redis, INSTANCES gunicorn instances behind nginx (ops/deploy/nginx/partybuild.conf:
``proxy_next_upstream`` skips an instance that refuses connections). CLIENTS threads read lists,
read one organization and write organizations through nginx while, after a warm-up, each
instance in turn gets SIGTERM (gunicorn finishes the requests in flight, graceful_timeout),
is started again and waits until it answers, then the next one. Every answer other than 200
or 201, and every request without an answer, is a failed request.

    ./ops/deploy/drill rolling [--instances 3] [--clients 10] [--rounds 1]
"""
from __future__ import annotations

import argparse
import collections
import itertools
import threading
import time

from . import stack as s


def client_loop(web: s.Web, token: str, serials, stop: threading.Event, results: dict, lock: threading.Lock) -> None:
    client = web.client("jilin", token)
    while not stop.is_set():
        serial = next(serials)
        kind = serial % 4
        if kind == 0:
            status, _ = client.request("PUT", f"/api/v1/organizations/{s.make_uscc(serial)}",
                                       s.organization_body(f"滚动演练{serial}"))
        elif kind == 1:
            status, _ = client.request("GET", f"/api/v1/organizations/{s.make_uscc(1)}")
        elif kind == 2:
            status, _ = client.request("GET", "/healthz")
        else:
            status, _ = client.request("GET", "/api/v1/organizations?page_size=50")
        with lock:
            results["statuses"][status] += 1
            if status not in (200, 201):
                results["failures"].append((round(time.monotonic() - results["started"], 1), status, kind))
    client.close()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", type=int, default=3)
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--pause", type=float, default=3.0, help="seconds of load between restarts")
    options = parser.parse_args(argv)
    s.ensure_tools()
    with s.Stack("rolling") as stack:
        return run(stack, options)


def run(stack: s.Stack, options) -> int:
    pg = s.PlainPostgres(stack, "pg")
    pg.start()
    pg.sql("CREATE DATABASE partybuild")
    redis = s.Redis(stack)
    env = s.product_env(stack, f"postgres://postgres@127.0.0.1:{pg.port}/partybuild", redis)
    tokens = s.product_setup(stack, env, ("jilin",))
    web = s.Web(stack, env, instances=options.instances, workers=1, threads=4)
    s.log(f"web: {options.instances} gunicorn instances behind nginx :{web.https_port}")
    first = web.client("jilin", tokens["jilin"])
    first.request("PUT", f"/api/v1/organizations/{s.make_uscc(1)}", s.organization_body("滚动演练1"))
    first.close()

    results = {"statuses": collections.Counter(), "failures": [], "started": time.monotonic()}
    lock, stop = threading.Lock(), threading.Event()
    serials = itertools.count(2)
    threads = [threading.Thread(target=client_loop, args=(web, tokens["jilin"], serials, stop, results, lock), daemon=True)
               for _ in range(options.clients)]
    for thread in threads:
        thread.start()
    time.sleep(options.pause)
    restarts = []
    for _ in range(options.rounds):
        for port in web.ports:
            seconds = web.restart_instance(port)
            restarts.append(seconds)
            s.log(f"restarted :{port} in {seconds:.1f} s")
            time.sleep(options.pause)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    statuses = results["statuses"]
    requests = sum(statuses.values())
    failed = requests - statuses.get(200, 0) - statuses.get(201, 0)
    elapsed = time.monotonic() - results["started"]
    print()
    print("rolling restart")
    print(f"  {options.instances} web instances, {options.clients} clients, {elapsed:.0f} s, "
          f"{len(restarts)} restarts ({', '.join(f'{x:.1f}' for x in restarts)} s each, stop to answering)")
    print(f"  requests                            {requests}")
    print(f"  answers: {dict(sorted(statuses.items()))}")
    print(f"  failed requests                     {failed}")
    if results["failures"]:
        print(f"  first failures (s, status, kind): {results['failures'][:10]}")
    ok = failed == 0 and requests > 0 and len(restarts) == options.instances * options.rounds
    print("  result", "PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
