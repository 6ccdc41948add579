"""8. The process case list (``GET /api/v1/cases``, token auth) at 10,000 cases (issue 21): the
first page and a page filtered by stage, at 1 and 10 clients, on loopback through gunicorn, as
operation 2 measures the organization list.

Set-up (``setup``, before the web server starts): Guangdong's rules key is switched to the
bench's own module (bench/process_rules.py: Guangdong's rules plus one process) and 10,000 cases
are opened through ``processes.actions.case_open`` (the one write path: scope, validation, write,
audit), one per organization; every third is submitted to its second stage and every second has
its stage's field filled, so that the page shows cases in two stages with and without what is
missing.

References: the trivial endpoint of the same stack (``/bench/ping``) and the raw list query (the
statement Django runs for the page's cases, replayed through psycopg2)."""
from __future__ import annotations

import time

from django.db import connection
from django.test import Client
from django_tenants.utils import schema_context

from ..data import MAIN
from . import fresh_capture, profile_lines, query_lines
from .api_list import list_under_load

CLIENTS = (1, 10)
FIRST_PAGE = "/api/v1/cases"
STAGE_PAGE = "/api/v1/cases?stage=review"


def setup(ctx) -> None:
    """Open the cases (once per run; the web server reads them)."""
    import clock
    from accounts.actors import Actor
    from processes.actions import case_act, case_open
    from province_rules.registry import rules_for
    from registry.models import SocialOrganization
    from tenants.models import Province

    from ..process_rules import PROCESS_CODE, RULES_KEY

    province = Province.objects.get(schema_name=MAIN)
    province.rules_key = RULES_KEY
    province.save(update_fields=["rules_key"])  # and forgets the domain cache of this process
    today = clock.today()
    rules = rules_for(RULES_KEY, today)
    actor = Actor.system("bench")
    started = time.monotonic()
    with schema_context(MAIN):
        usccs = list(SocialOrganization.objects.order_by("id").values_list("uscc", flat=True)[:ctx.plan.cases])
        for index, uscc in enumerate(usccs):
            data = {"superior": "中共基准测试社会组织委员会"} if index % 2 else None
            case = case_open(actor=actor, rules=rules, process=PROCESS_CODE, organization_uscc=uscc, data=data, today=today)
            if index % 3 == 0:
                case_act(actor=actor, rules=rules, case_id=case.pk, action="submit", today=today)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE processes_case")
    seconds = time.monotonic() - started
    ctx.cases = len(usccs)
    ctx.setup["process cases"] = (f"{len(usccs):,} cases of one process opened in {MAIN} through processes.actions.case_open "
                                  f"in {seconds:.0f} s ({seconds / max(1, len(usccs)) * 1000:.1f} ms a case, audit included); "
                                  f"a third submitted (case_act); rules key {RULES_KEY} (bench/process_rules.py)")
    connection.set_schema_to_public()
    ctx.log(f"  {len(usccs):,} cases opened in {seconds:.0f} s")


def _statement(path: str, token: str) -> tuple[str, list[dict]]:
    """The statement that reads the page's cases, and every statement of the request."""
    with fresh_capture() as captured:
        response = Client(HTTP_HOST=f"{MAIN}.localhost").get(path, HTTP_AUTHORIZATION=f"Bearer {token}")
    connection.set_schema_to_public()
    if response.status_code != 200:
        raise AssertionError(f"bench 8: in-process GET {path} answered {response.status_code}: {response.content[:300]!r}")
    if not response.json().get("results"):
        raise AssertionError(f"bench 8: GET {path} listed no case")
    statements = [q["sql"] for q in captured.captured_queries
                  if q["sql"].startswith("SELECT") and 'FROM "processes_case"' in q["sql"] and "LIMIT" in q["sql"]]
    return statements[0], captured.captured_queries


def run(ctx) -> None:
    cases = getattr(ctx, "cases", 0)
    token = ctx.tokens[MAIN]
    headers = {"Host": f"{MAIN}.localhost", "Authorization": f"Bearer {token}"}
    pages = {"first page": FIRST_PAGE, "filtered by stage": STAGE_PAGE}
    statements = {name: _statement(path, token) for name, path in pages.items()}
    list_under_load(
        ctx, number=8, pages=pages, statements={name: found[0] for name, found in statements.items()}, headers=headers,
        clients=CLIENTS, operation=lambda name, path: f"process case list at {cases:,} cases, {name} (GET {path})",
        size=lambda clients: f"{ctx.size}: {cases:,} cases, {clients} client{'s' if clients > 1 else ''}",
        note=lambda name, clients, share: f"{share:.0%} of the trivial endpoint's throughput; "
                                          f"{len(statements[name][1])} SQL statements a request")
    client = Client(HTTP_HOST=f"{MAIN}.localhost")
    ctx.profiles[8] = ["first page, in-process request:", *query_lines(statements["first page"][1]),
                       "first page, 20 in-process requests:",
                       *profile_lines(lambda: [client.get(FIRST_PAGE, HTTP_AUTHORIZATION=f"Bearer {token}")
                                               for _ in range(20)], top=14)]
    connection.set_schema_to_public()
