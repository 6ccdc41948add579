"""8. The process case list at 10,000 cases (issue 21). The process engine (``platform/processes``)
is being built apart; until it is in the tree this operation reports a row that says so, and
measures nothing."""
from __future__ import annotations

import importlib.util

from ..timing import Row, Sample

CASES = 10_000


def run(ctx) -> None:
    present = importlib.util.find_spec("processes") is not None
    note = ("platform/processes is in the tree but the bench has no operation for it yet: add one here "
            "(its case list at 10,000 cases against the raw list query)") if present else (
        "not measured: the process engine (platform/processes) is not in this tree yet")
    ctx.add(Row(8, f"process case list at {CASES:,} cases", f"{ctx.size}: —", Sample(), "the raw list query (psycopg2)",
                Sample(), target="", met=None, note=note))
