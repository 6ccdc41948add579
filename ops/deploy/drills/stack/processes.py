"""Processes of the drills: a temporary directory, the processes started in it (each in a
session of its own, stopped by its PID), free loopback ports, waiting.

Nothing here touches the machine's shared PostgreSQL, Redis or RabbitMQ: each drill has its
own PostgreSQL clusters (plain, or a pg_auto_failover monitor with two data nodes), its own
pgbouncer, Redis (cache and Celery broker), gunicorn instances and nginx.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[4]
DEPLOY = REPO_ROOT / "ops" / "deploy"
PG_MAJOR = os.environ.get("PG_MAJOR", "15")
PG_BIN = Path(f"/usr/lib/postgresql/{PG_MAJOR}/bin")
BASE_DOMAIN = "drill.test"
AS_ROOT = os.geteuid() == 0


def log(message: str) -> None:
    print(f"[drill] {message}", flush=True)


def missing_tools() -> list[str]:
    """What this machine lacks for the drills (ops/deploy/install-packages installs it)."""
    need = []
    if not (PG_BIN / "postgres").exists():
        need.append(f"postgresql-{PG_MAJOR}")
    for tool in ("pg_autoctl", "pgbouncer", "nginx", "pgbackrest", "redis-server", "openssl"):
        if not shutil.which(tool, path=f"{os.environ.get('PATH', '')}:/usr/sbin:/usr/bin"):
            need.append(tool)
    return need


def ensure_tools() -> None:
    if missing_tools():
        subprocess.run(["bash", str(DEPLOY / "install-packages")], check=False)
    still = missing_tools()
    if still:
        raise SystemExit(f"[drill] missing: {', '.join(still)} (run ops/deploy/install-packages as root)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def wait_for(what: str, predicate, timeout: float = 60.0, interval: float = 0.3):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            result = predicate()
        except Exception:
            result = None
        if result:
            return result
        time.sleep(interval)
    raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")


def _interrupt(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


class Stack:
    """A temporary directory and the processes started in it; ``close()`` stops them all."""

    def __init__(self, name: str, keep: bool | None = None):
        self.root = Path(tempfile.mkdtemp(prefix=f"partybuild-{name}-"))
        self.root.chmod(0o755)
        self.logs = self.root / "logs"
        self.logs.mkdir()
        self.logs.chmod(0o777)
        self.keep = os.environ.get("DRILL_KEEP") == "1" if keep is None else keep
        self.children: list[tuple[str, subprocess.Popen]] = []
        # SIGTERM (a CI timeout, kill PID) unwinds like Ctrl-C, so that close() stops the children.
        self._previous_handler = None
        if threading.current_thread() is threading.main_thread():
            self._previous_handler = signal.signal(signal.SIGTERM, _interrupt)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def dir(self, name: str, postgres: bool = False) -> Path:
        path = self.root / name
        path.mkdir(parents=True, exist_ok=True)
        if postgres and AS_ROOT:
            shutil.chown(path, "postgres", "postgres")
            path.chmod(0o700)
        return path

    def _user(self, as_postgres: bool) -> dict:
        return {"user": "postgres", "group": "postgres", "extra_groups": []} if as_postgres and AS_ROOT else {}

    def run(self, argv, *, as_postgres: bool = False, env: dict | None = None, cwd=None, timeout: float = 300,
            check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run([str(a) for a in argv], env=env, cwd=cwd or self.root, capture_output=True, text=True,
                                timeout=timeout, **self._user(as_postgres))
        if check and result.returncode != 0:
            raise RuntimeError(f"{' '.join(map(str, argv))} exited {result.returncode}:\n{result.stdout}\n{result.stderr}")
        return result

    def spawn(self, label: str, argv, *, as_postgres: bool = False, env: dict | None = None, cwd=None) -> subprocess.Popen:
        logfile = open(self.logs / f"{label}.log", "ab")
        process = subprocess.Popen([str(a) for a in argv], env=env, cwd=cwd or self.root, stdout=logfile,
                                   stderr=subprocess.STDOUT, start_new_session=True, **self._user(as_postgres))
        logfile.close()
        self.children.append((label, process))
        return process

    def stop(self, process: subprocess.Popen, sig: int = signal.SIGTERM, timeout: float = 30.0) -> None:
        """Signal the process group this stack started (the process and its children)."""
        if process.poll() is None:
            try:
                os.killpg(process.pid, sig)
            except ProcessLookupError:
                pass
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        # Children that outlived their parent (postgres backends after a SIGKILL) share its group.
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass

    def close(self) -> None:
        for label, process in reversed(self.children):
            try:
                self.stop(process, timeout=20)
            except Exception as error:  # keep stopping the others
                log(f"stopping {label}: {error}")
        self.children.clear()
        if self._previous_handler is not None:
            signal.signal(signal.SIGTERM, self._previous_handler)
            self._previous_handler = None
        if self.keep:
            log(f"kept {self.root}")
        else:
            shutil.rmtree(self.root, ignore_errors=True)

    def tail(self, label: str, lines: int = 30) -> str:
        path = self.logs / f"{label}.log"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""
