"""The benchmark command keeps working: one tiny, quick pass of ``./ops/bench`` (no timing is
asserted: the numbers are the command's business, bench/RESULTS.md holds the measured run).

It runs in a database of its own (partybuild_bench_<pid>, dropped at the end) and writes its
table to a temporary file, never to bench/RESULTS.md."""
import os
import subprocess
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
RESULTS = REPO_ROOT / "bench" / "RESULTS.md"
# One row per operation of issue 9 and per variant the table promises.
EXPECTED_ROWS = (
    ("1", "dashboard indicators by city"),
    ("2", "organization list API, first page", "1 client"),
    ("2", "organization list API, first page", "10 clients"),
    ("2", "organization list API, first page", "50 clients"),
    ("2", "organization list API, deep page", "50 clients"),
    ("3", "import of", ".xlsx"),
    ("3", "import of", ".csv"),
    ("4", "grade caps of every organization", "set-based"),
    ("4", "grade caps", "facts built in bulk"),
    ("4", "grade caps on registry.selectors.organization_facts"),
    ("5", "national snapshot refresh"),
    ("5", "national API read"),
    ("6", "provision a new province"),
    ("6", "migrate_schemas --tenant across"),
    ("6", "one migration adding a column"),
    ("7", "while another province imports"),
    ("8", "process case list"),
    ("9", "spreadsheet reader alone", "own reader"),
    ("9", "spreadsheet reader alone", "openpyxl"),
    ("9", "spreadsheet reader alone", "python-calamine"),
)


def test_a_tiny_quick_pass_writes_every_row(tmp_path):
    before = RESULTS.stat().st_mtime_ns if RESULTS.exists() else None
    output = tmp_path / "RESULTS.md"
    started = time.monotonic()
    completed = subprocess.run(
        [str(REPO_ROOT / "ops" / "bench"), "--size", "tiny", "--quick", "--output", str(output)],
        cwd=REPO_ROOT, env=dict(os.environ), capture_output=True, text=True, timeout=420,
    )
    seconds = time.monotonic() - started
    assert completed.returncode == 0, completed.stderr[-4000:]
    text = output.read_text(encoding="utf-8")
    table = [line for line in text.splitlines() if line.startswith("| ") and not line.startswith("| # ")]
    for expected in EXPECTED_ROWS:
        number, *words = expected
        assert any(line.startswith(f"| {number} |") and all(word in line for word in words) for line in table), expected
    for section in ("## Machine", "git commit", "PostgreSQL", "cores", "## Where we miss"):
        assert section in text, section
    assert (RESULTS.stat().st_mtime_ns if RESULTS.exists() else None) == before, "the pass must not touch bench/RESULTS.md"
    print(f"tiny quick pass: {seconds:.0f} s")
