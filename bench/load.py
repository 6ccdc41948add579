"""Load for a bounded time on loopback: requests per second and latencies.

``http_load`` uses wrk (Debian's package; ./ops/bench installs it when it can) and falls back
to a small Python generator (threads, http.client keep-alive) where wrk is missing.
``query_load`` runs the raw query from as many psycopg2 connections as there are clients.
"""
from __future__ import annotations

import http.client
import json
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from .timing import Sample

WRK_SCRIPT = """
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout
  io.write(string.format('BENCH {"requests": %d, "duration_us": %d, "errors": %d, "p50_us": %d, "p95_us": %d, "mean_us": %f}\\n',
    summary.requests, summary.duration, errors, latency:percentile(50), latency:percentile(95), latency.mean))
end
"""


def load_tool() -> str:
    return "wrk" if shutil.which("wrk") else "python"


def http_load(*, port: int, path: str, headers: dict[str, str], clients: int, seconds: float) -> Sample:
    if load_tool() == "wrk":
        return _wrk(port=port, path=path, headers=headers, clients=clients, seconds=seconds)
    return _python_load(port=port, path=path, headers=headers, clients=clients, seconds=seconds)


def _wrk(*, port, path, headers, clients, seconds) -> Sample:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    try:
        command = ["wrk", "-t", str(min(2, clients)), "-c", str(clients), "-d", f"{max(1, round(seconds))}s",
                   "--timeout", "10s", "-s", script.name]
        for name, value in headers.items():
            command += ["-H", f"{name}: {value}"]
        command.append(f"http://127.0.0.1:{port}{path}")
        output = subprocess.run(command, capture_output=True, text=True, check=True, timeout=seconds + 60).stdout
    finally:
        Path(script.name).unlink(missing_ok=True)
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    result = json.loads(line[len("BENCH "):])
    # wrk keeps a latency histogram, not every latency
    sample = Sample(times=[result["mean_us"] / 1e6], errors=result["errors"],
                    histogram=(result["p50_us"] / 1e6, result["p95_us"] / 1e6))
    sample.rps = result["requests"] / (result["duration_us"] / 1e6)
    return sample


def _python_load(*, port, path, headers, clients, seconds) -> Sample:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def client():
        mine, failed = [], 0
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while time.perf_counter() < stop_at:
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                if response.status >= 400:
                    failed += 1
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
            except (OSError, http.client.HTTPException):
                failed += 1
                connection.close()
                continue
            mine.append(time.perf_counter() - started)
        connection.close()
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    began = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    sample = Sample(times=latencies or [0.0], errors=errors[0])
    sample.rps = len(latencies) / elapsed
    return sample


def query_load(*, connect, statement: str, params, clients: int, seconds: float) -> Sample:
    """``statement`` run back to back by ``clients`` threads, each on its own connection."""
    latencies: list[float] = []
    lock = threading.Lock()
    connections = [connect() for _ in range(clients)]
    stop_at = [0.0]
    ready = threading.Barrier(clients + 1)

    def client(connection):
        mine = []
        ready.wait()
        with connection.cursor() as cursor:
            while time.perf_counter() < stop_at[0]:
                started = time.perf_counter()
                cursor.execute(statement, params)
                cursor.fetchall()
                mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(connection,)) for connection in connections]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    stop_at[0] = began + seconds
    ready.wait()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    for connection in connections:
        connection.close()
    sample = Sample(times=latencies or [0.0])
    sample.rps = len(latencies) / elapsed
    return sample
