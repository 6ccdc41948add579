"""Samples of a timed call, and the one row of the table they make."""
from __future__ import annotations

import gc
import math
import statistics
import time
from dataclasses import dataclass, field
from typing import Callable


@dataclass
class Sample:
    """Seconds per run (``times``), or a load test's latencies and throughput."""

    times: list[float] = field(default_factory=list)
    rps: float | None = None  # requests (or queries) per second, load tests only
    errors: int = 0  # failed requests of a load test (non-2xx, socket errors)
    extrapolated: str = ""  # how a figure was scaled, e.g. "from 1,000 of 75,000 organizations"
    histogram: tuple[float, float] | None = None  # (median, p95) from a load tool's histogram (wrk)

    @property
    def n(self) -> int:
        return len(self.times)

    @property
    def median(self) -> float:
        if self.histogram:
            return self.histogram[0]
        return statistics.median(self.times)

    @property
    def p95(self) -> float:
        """Nearest-rank 95th percentile (with few runs: the slowest)."""
        if self.histogram:
            return self.histogram[1]
        ordered = sorted(self.times)
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def timed(function: Callable[[], object], *, runs: int, warmup: int = 1, setup: Callable[[], object] | None = None,
          teardown: Callable[[], object] | None = None) -> tuple[Sample, object]:
    """Run ``function`` ``warmup`` + ``runs`` times; time the last ``runs``. ``setup`` / ``teardown``
    run around each call, untimed. Returns the sample and the last call's value."""
    sample, value = Sample(), None
    for index in range(warmup + runs):
        if setup:
            setup()
        gc.collect()
        started = time.perf_counter()
        value = function()
        elapsed = time.perf_counter() - started
        if teardown:
            teardown()
        if index >= warmup:
            sample.times.append(elapsed)
    return sample, value


@dataclass
class Row:
    """One line of the table: an operation of ours beside its reference."""

    number: int  # the operation's number in the issue (1-6)
    operation: str
    size: str
    ours: Sample
    reference_name: str
    reference: Sample
    ratio_by: str = "median"  # "median": our median ÷ the reference's; "throughput": the reference's req/s ÷ ours
    target: str = ""
    met: bool | None = None  # None: no target on this row
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.ratio_by == "throughput":
            if not self.ours.rps or not self.reference.rps:
                return None
            return self.reference.rps / self.ours.rps
        if not self.reference.times or not self.ours.times or self.reference.median <= 0:
            return None
        return self.ours.median / self.reference.median
