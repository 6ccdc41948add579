"""The table (printed and written to RESULTS.md) and what the run knows about itself."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from .timing import Row, Sample

HEADER = ("#", "operation", "size", "ours: median", "ours: p95", "ours: req/s", "reference", "ref: median", "ref: p95",
          "ref: req/s", "ratio", "target", "met")


def _ms(seconds: float) -> str:
    milliseconds = seconds * 1000
    if milliseconds >= 10_000:
        return f"{seconds:,.1f} s"
    if milliseconds >= 100:
        return f"{milliseconds:,.0f} ms"
    return f"{milliseconds:.1f} ms"


def _cells(sample: Sample) -> list[str]:
    if not sample.times:
        return ["—", "—", "—"]
    rps = "—" if sample.rps is None else f"{sample.rps:,.0f}"
    return [_ms(sample.median), _ms(sample.p95), rps]


def _ratio(row: Row) -> str:
    ratio = row.ratio
    if ratio is None:
        return "—"
    return f"{ratio:.2f}×"


def table_lines(rows: list[Row]) -> list[str]:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    for row in rows:
        met = "" if row.met is None else ("yes" if row.met else "**no**")
        ours = _cells(row.ours)
        reference = _cells(row.reference)
        lines.append("| " + " | ".join([
            str(row.number), row.operation, row.size, *ours, row.reference_name, *reference, _ratio(row), row.target, met,
        ]) + " |")
    return lines


def notes_lines(rows: list[Row]) -> list[str]:
    lines = []
    for row in rows:
        details = [text for text in (row.note, row.ours.extrapolated) if text]
        if row.ours.errors or row.reference.errors:
            details.append(f"failed requests: ours {row.ours.errors}, reference {row.reference.errors}")
        if details:
            lines.append(f"- {row.number}. {row.operation} ({row.reference_name}): " + "; ".join(details))
    return lines


def results_markdown(*, rows: list[Row], size: str, quick: bool, machine: dict[str, str], setup: dict[str, str],
                     seconds: float, profiles: dict[int, list[str]], failures: list[str] = ()) -> str:
    now = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    lines = [
        "# Benchmark results",
        "",
        f"Produced by `./ops/bench --size {size}{' --quick' if quick else ''}` on {now}; the whole run took "
        f"{seconds / 60:.1f} minutes. Do not edit by hand: run the command again.",
        "",
        "Each operation of the product is timed beside a reference doing the same work with nothing in between, in",
        "the same run on the same machine. The machine is shared (other test runs, other engineers), so read the",
        "**ratio**: ours ÷ reference for times (median over median), the reference's requests/s ÷ ours for load",
        "tests (2.00× = half the reference's throughput). p95 is the nearest-rank 95th percentile of the runs",
        "(with few runs, the slowest one).",
        "",
        "## Machine",
        "",
        *[f"- {key}: {value}" for key, value in machine.items()],
        "",
        "## Set-up",
        "",
        *[f"- {key}: {value}" for key, value in setup.items()],
        "",
        "## Results",
        "",
        *table_lines(rows),
        "",
    ]
    if failures:
        lines += ["**Failed in this run:**", "", *[f"- {failure}" for failure in failures], ""]
    notes = notes_lines(rows)
    if notes:
        lines += ["### Notes on the rows", "", *notes, ""]
    missed = sorted({row.number for row in rows if row.met is False})
    lines += ["## Where we miss, and what limits us", ""]
    if not missed:
        lines += ["Every target with a row in this run is met.", ""]
    from .findings import findings_for  # read when the report is written

    for number in missed:
        lines += findings_for(number)
        if profiles.get(number):
            lines += ["", "Profile taken by this run:", "", "```", *profiles[number], "```"]
        lines.append("")
    other = sorted(number for number in profiles if number not in missed)
    for number in other:
        lines += [f"### Profile of operation {number} (its targets are met)", "", "```", *profiles[number], "```", ""]
    return "\n".join(lines).rstrip() + "\n"


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
