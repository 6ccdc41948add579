"""2. The organization list API (``GET /api/v1/organizations``, token auth) under load: the first
page, and a deep page with two filters (a city and a kind, reached by following ``next``), at
1, 10 and 50 concurrent clients for a bounded time, on loopback through gunicorn.

References: a trivial endpoint of the same stack (``/bench/ping``: the same middleware, token
authentication, scope permission and throttle, answering a constant), and the raw list query
(the statement Django runs for the page, captured and replayed through psycopg2 from as many
connections as clients, capped at Plan.raw_max_connections)."""
from __future__ import annotations

import http.client
import os
import json
import time
from urllib.parse import urlsplit

from django.db import connection
from django.test import Client
from django_tenants.utils import schema_context

from ..data import MAIN
from ..load import http_load, load_tool, query_load
from ..timing import Row
from . import fresh_capture, profile_lines, query_lines

TARGET_P95_SECONDS = 0.100
TARGET_THROUGHPUT_SHARE = 0.5
MAX_WALK = 400
FIRST_PAGE = "/api/v1/organizations"


def _get(port: int, path: str, headers: dict) -> dict:
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    client.request("GET", path, headers=headers)
    response = client.getresponse()
    body = response.read()
    client.close()
    if response.status != 200:
        raise AssertionError(f"bench 2: GET {path} answered {response.status}: {body[:200]!r}")
    return json.loads(body)


def deep_page(ctx, headers: dict) -> tuple[str, int, str]:
    """The path of a deep page of the busiest city's social groups: (path, page number, filters)."""
    with schema_context(MAIN):
        city, count = _busiest_city()
    path = f"{FIRST_PAGE}?region={city}&kind=social_group"
    pages = max(1, count // 50)
    depth = min(MAX_WALK, max(1, int(pages * 0.8)))
    page = 1
    while page < depth:
        answer = _get(ctx.web.port, path, headers)
        if not answer.get("next"):
            break
        parts = urlsplit(answer["next"])
        path = f"{parts.path}?{parts.query}"
        page += 1
    return path, page, f"region={city} ({count:,} social groups), kind=social_group"


def _busiest_city() -> tuple[str, int]:
    with connection.cursor() as cursor:
        cursor.execute("""SELECT left(r.code, 4) || '00', count(*) FROM registry_socialorganization o
                          JOIN regions_region r ON r.id = o.region_id WHERE o.kind = 'social_group'
                          GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1""")
        return cursor.fetchone()


def list_statement(path: str, token: str) -> tuple[str, list[str]]:
    """The statement Django runs for the page (the one reading the organizations), and every
    statement of the request, from an in-process request."""
    with fresh_capture() as captured:
        response = Client(HTTP_HOST=f"{MAIN}.localhost").get(path, HTTP_AUTHORIZATION=f"Bearer {token}")
    connection.set_schema_to_public()
    if response.status_code != 200:
        raise AssertionError(f"bench 2: in-process GET {path} answered {response.status_code}")
    statements = [q["sql"] for q in captured.captured_queries if 'FROM "registry_socialorganization"' in q["sql"]]
    return statements[-1], captured.captured_queries


def list_under_load(ctx, *, number: int, pages: dict[str, str], statements: dict[str, str], headers: dict,
                    clients: tuple[int, ...], operation, size, note) -> None:
    """Each page at each number of clients beside the trivial endpoint (the target: half its
    throughput, and p95 < 100 ms at 10 clients) and the raw list query (for the record): two rows
    of operation ``number`` each. ``operation(name, path)``, ``size(clients)`` and ``note(name,
    clients, share)`` word the rows."""
    seconds = ctx.plan.load_seconds
    http_load(port=ctx.web.port, path=next(iter(pages.values())), headers=headers, clients=2, seconds=1)  # warm up
    for count in clients:
        trivial = http_load(port=ctx.web.port, path="/bench/ping", headers=headers, clients=count, seconds=seconds)
        for name, path in pages.items():
            ours = http_load(port=ctx.web.port, path=path, headers=headers, clients=count, seconds=seconds)
            connections = min(count, ctx.plan.raw_max_connections)
            raw = query_load(connect=lambda: ctx.raw(MAIN), statement=statements[name], params=None,
                             clients=connections, seconds=seconds)
            share = ours.rps / trivial.rps if trivial.rps else 0
            p95_target = count == 10
            met = share >= TARGET_THROUGHPUT_SHARE and (not p95_target or ours.p95 < TARGET_P95_SECONDS)
            ctx.add(Row(number, operation(name, path), size(count), ours, "trivial endpoint, same stack (/bench/ping)",
                        trivial, ratio_by="throughput",
                        target=f"≥ {TARGET_THROUGHPUT_SHARE:.0%} of its req/s (≤ 2×)"
                               + (f", p95 < {TARGET_P95_SECONDS * 1000:.0f} ms" if p95_target else ""),
                        met=met, note=note(name, count, share)))
            ctx.add(Row(number, operation(name, path), size(count), ours, f"the raw list query (psycopg2, {connections} "
                        f"connection{'s' if connections > 1 else ''})", raw, ratio_by="throughput"))


def run(ctx) -> None:
    token = ctx.tokens[MAIN]
    headers = {"Host": f"{MAIN}.localhost", "Authorization": f"Bearer {token}"}
    deep, depth, filters = deep_page(ctx, headers)
    pages = {"first page": FIRST_PAGE, f"deep page {depth} with two filters": deep}
    statements = {name: list_statement(path, token) for name, path in pages.items()}

    def note(name, clients, share):
        return f"{share:.0%} of the trivial endpoint's throughput" + (
            f"; {filters}" if name != "first page" and clients == ctx.plan.clients[0] else "")

    list_under_load(ctx, number=2, pages=pages, statements={name: found[0] for name, found in statements.items()},
                    headers=headers, clients=ctx.plan.clients, operation=lambda name, path: f"organization list API, {name}",
                    size=lambda clients: f"{ctx.size}: {clients} client{'s' if clients > 1 else ''}", note=note)
    first_queries = statements["first page"][1]
    ctx.profiles[2] = [f"load tool: {load_tool()}; web server: {ctx.web.description}; its workers share "
                       f"{os.cpu_count()} cores with PostgreSQL and the load tool",
                       "first page, in-process request:", *query_lines(first_queries)]
    client = Client(HTTP_HOST=f"{MAIN}.localhost")
    for path, label in ((FIRST_PAGE, "first page"), ("/bench/ping", "trivial endpoint")):
        client.get(path, HTTP_AUTHORIZATION=f"Bearer {token}")
        started = time.perf_counter()
        for _ in range(20):
            client.get(path, HTTP_AUTHORIZATION=f"Bearer {token}")
        ctx.profiles[2].append(f"{label}, in-process (no HTTP server): {(time.perf_counter() - started) / 20 * 1000:.1f} ms a request")
    ctx.profiles[2] += ["first page, 20 in-process requests:",
                        *profile_lines(lambda: [client.get(FIRST_PAGE, HTTP_AUTHORIZATION=f"Bearer {token}") for _ in range(20)],
                                       top=18)]
    connection.set_schema_to_public()
