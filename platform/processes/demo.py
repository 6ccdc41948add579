"""The demo-data hook of the processes: each process whose declaration names ``demo`` (a
dotted path, ``Process.demo``) gets its function called after the registry's demo data is
generated, inside the province's schema:

    def jilin_demo_bases(*, rules, process, as_of, seed) -> int:   # returns the cases it made
        ...  # open rounds and cases through processes.actions with Actor.system("demo")

The engine ships no province's demo data: the province's engineers write these functions
(e.g. in ``platform/demo/processes/<province>.py``) and name them in the declaration.
"""
from __future__ import annotations

import datetime as dt

from django.utils.module_loading import import_string


def processes_demo(*, rules, as_of: dt.date, seed: int = 1) -> dict[str, int]:
    """Call every process's demo hook; the cases each made, by process code."""
    made = {}
    for process in rules.processes():
        if process.demo:
            made[process.code] = import_string(process.demo)(rules=rules, process=process, as_of=as_of, seed=seed)
    return made
