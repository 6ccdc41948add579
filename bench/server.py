"""The web server of the load tests: gunicorn on 127.0.0.1 and a free port, on the run's database,
configured as ``./ops/run`` starts it (sync workers, WEB_WORKERS, default 2)."""
from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class WebServer:
    def __init__(self, *, workers: int):
        self.workers = workers
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self.log = REPO_ROOT / ".data" / f"bench-gunicorn-{os.getpid()}.log"

    @property
    def description(self) -> str:
        return f"gunicorn, {self.workers} sync workers (as ./ops/run), 127.0.0.1:{self.port}"

    def start(self, environment: dict[str, str]) -> None:
        self.log.parent.mkdir(exist_ok=True)
        command = [sys.executable, "-m", "gunicorn", "--chdir", str(REPO_ROOT / "platform"), "--bind", f"127.0.0.1:{self.port}",
                   "--workers", str(self.workers), "--backlog", "2048", "config.wsgi:application"]
        with self.log.open("w") as log:
            self.process = subprocess.Popen(command, cwd=REPO_ROOT / "platform", env=environment, stdout=log, stderr=log,
                                            start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited at start; see {self.log}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                connection.request("GET", "/bench/ping", headers={"Host": "localhost"})
                connection.getresponse().read()
                connection.close()
                return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer within 60 s; see {self.log}")

    def peak_memory(self) -> str:
        """Peak resident memory (VmHWM) of the master and of each worker, read before stopping."""
        if self.process is None or self.process.poll() is not None:
            return "unknown"
        peaks = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                status = (entry / "status").read_text()
            except OSError:
                continue
            fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
            if entry.name == str(self.process.pid) or fields.get("PPid", "").strip() == str(self.process.pid):
                peaks[int(entry.name)] = int(fields.get("VmHWM", "0 kB").split()[0]) / 1024
        workers = [mib for pid, mib in peaks.items() if pid != self.process.pid]
        return (f"master {peaks.get(self.process.pid, 0):.0f} MiB, workers "
                + ", ".join(f"{mib:.0f}" for mib in sorted(workers, reverse=True)) + " MiB (peak resident, VmHWM)")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.log.unlink(missing_ok=True)
