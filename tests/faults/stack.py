"""A whole product on services of its own, for tests that break them: a PostgreSQL (Debian's
binaries, or pgserver's) and two Redis servers (broker, cache) on free ports under a temporary
directory, the web server (gunicorn), a Celery worker and beat, all started here and ended here
by their PIDs. Never the machine's shared services.

The product runs with its local settings (``config.settings.local``: kept connections, the real
throttling) and short fault timings (heartbeat, relay, sweeper) from the environment.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import psycopg2

REPO_ROOT = Path(__file__).resolve().parents[2]
DB_NAME = "partybuild"

# Fault timings: seconds, so that a test sees a whole recovery in a few seconds.
FAULT_TIMINGS = {
    "OUTBOX_RELAY_SECONDS": "1",
    "OUTBOX_REDELIVER_AFTER": "4",
    "OUTBOX_RETRY_MAX_SECONDS": "2",
    "JOB_HEARTBEAT_SECONDS": "0.5",
    "JOB_STALE_AFTER": "3",
    "JOB_SWEEP_SECONDS": "1",
    "API_THROTTLE_WRITE": "100000/min",
    "API_THROTTLE_READ": "100000/min",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, timeout: float, what: str, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise TimeoutError(f"{what}: not within {timeout} s")


def port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


def _postgres_bin() -> Path:
    """The directory of initdb and postgres: Debian's (root may run them as ``postgres``), else pgserver's."""
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (candidate / "initdb").exists():
            return candidate
    import pgserver

    return Path(pgserver.__file__).parent / "pginstall" / "bin"


class Process:
    """One process this test started; ended by its PID only."""

    def __init__(self, name: str, command: list[str], *, log: Path, env: dict | None = None, cwd: Path | None = None,
                 user: str | None = None):
        self.name, self.command, self.log_path = name, command, log
        self.handle = log.open("ab")
        self.popen = subprocess.Popen(command, stdout=self.handle, stderr=subprocess.STDOUT, env=env, cwd=cwd,
                                      user=user, group=user, extra_groups=[] if user else None, start_new_session=True)

    @property
    def pid(self) -> int:
        return self.popen.pid

    def alive(self) -> bool:
        return self.popen.poll() is None

    def send(self, signum: int) -> None:
        if self.alive():
            os.kill(self.popen.pid, signum)

    def stop(self, signum: int = signal.SIGTERM, timeout: float = 15) -> None:
        self.send(signum)
        try:
            self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.send(signal.SIGKILL)
            self.popen.wait(timeout=10)
        self.handle.close()

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


class Postgres:
    def __init__(self, root: Path):
        self.root = root / "pg"
        self.data = self.root / "data"
        self.port = free_port()
        self.bin = _postgres_bin()
        self.user = "postgres" if os.geteuid() == 0 else None
        self.process: Process | None = None
        self.root.mkdir(parents=True)
        if self.user:
            shutil.chown(self.root, self.user, self.user)
        subprocess.run([str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                        "--no-sync", "--locale=C.UTF-8"], check=True, capture_output=True, user=self.user, group=self.user,
                       extra_groups=[] if self.user else None, cwd=self.root)
        self.start()

    def start(self) -> None:
        # fsync off: nothing here survives a machine crash, and a process crash loses nothing
        # committed (the WAL is in the kernel's cache). synchronous_commit stays on.
        self.process = Process("postgres", [str(self.bin / "postgres"), "-D", str(self.data), "-p", str(self.port),
                                            "-k", str(self.root), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off",
                                            "-c", "full_page_writes=off", "-c", "max_connections=200"],
                               log=self.root / "postgres.log", user=self.user, cwd=self.root)
        wait_for(self.ready, 30, "PostgreSQL accepting connections")

    def ready(self) -> bool:
        try:
            psycopg2.connect(host="127.0.0.1", port=self.port, user="postgres", dbname="postgres", connect_timeout=1).close()
            return True
        except psycopg2.OperationalError:
            return False

    def crash(self) -> None:
        """Immediate shutdown (SIGQUIT to the postmaster): like a crash, with recovery at the next start."""
        self.process.stop(signal.SIGQUIT, timeout=20)

    def url(self, database: str = DB_NAME) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def connect(self, database: str = DB_NAME):
        conn = psycopg2.connect(host="127.0.0.1", port=self.port, user="postgres", dbname=database, connect_timeout=5)
        conn.autocommit = True
        return conn

    def query(self, sql: str, params=(), database: str = DB_NAME) -> list[tuple]:
        conn = self.connect(database)
        try:
            with conn.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall() if cursor.description else []
        finally:
            conn.close()


class Redis:
    def __init__(self, root: Path, name: str):
        self.root, self.name = root, name
        self.port = free_port()
        self.process: Process | None = None
        self.start()

    def start(self) -> None:
        # No persistence: a killed Redis forgets every message and every counter it held.
        self.process = Process(f"redis-{self.name}", ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
                                                      "--save", "", "--appendonly", "no", "--dir", str(self.root)],
                               log=self.root / f"redis-{self.name}.log")
        wait_for(lambda: port_open(self.port), 15, f"redis {self.name} listening")

    def kill(self) -> None:
        self.process.stop(signal.SIGKILL)

    def url(self, db: int) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"


@dataclass
class Stack:
    root: Path
    postgres: Postgres
    broker: Redis
    cache: Redis
    env: dict
    web_port: int = 0
    token: str = ""
    processes: dict[str, Process] = field(default_factory=dict)

    # --- the product's processes -----------------------------------------------------------
    def manage(self, *args: str, timeout: float = 300) -> str:
        result = subprocess.run([sys.executable, "manage.py", *args], cwd=REPO_ROOT, env=self.env, text=True,
                                capture_output=True, timeout=timeout)
        if result.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def python(self, code: str, timeout: float = 120) -> str:
        """Run ``code`` in a Django process of the product (its database, broker and settings)."""
        prelude = "import django; django.setup()\n"
        result = subprocess.run([sys.executable, "-c", prelude + code], cwd=REPO_ROOT / "platform", env=self.env, text=True,
                                capture_output=True, timeout=timeout)
        if result.returncode:
            raise RuntimeError(f"script failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def start_web(self) -> None:
        self.processes["web"] = Process("web", [
            sys.executable, "-m", "gunicorn", "--chdir", str(REPO_ROOT / "platform"), "--bind", f"127.0.0.1:{self.web_port}",
            "--workers", "2", "--threads", "8", "--timeout", "60", "config.wsgi:application"],
            log=self.root / "web.log", env=self.env, cwd=REPO_ROOT / "platform")
        wait_for(lambda: self._answers("/healthz"), 60, "web answering /healthz")

    def start_worker(self, name: str = "worker") -> Process:
        self.processes[name] = Process(name, [
            sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo", "-n", f"{name}-{self.web_port}@localhost",
            "--loglevel", "INFO", "--without-gossip", "--without-mingle", "--without-heartbeat"],
            log=self.root / f"{name}.log", env=self.env, cwd=REPO_ROOT / "platform")
        return self.processes[name]

    def start_beat(self) -> None:
        self.processes["beat"] = Process("beat", [
            sys.executable, "-m", "celery", "-A", "config", "beat", "--loglevel", "INFO", "-s", str(self.root / "beat-schedule")],
            log=self.root / "beat.log", env=self.env, cwd=REPO_ROOT / "platform")

    def _answers(self, path: str) -> bool:
        try:
            self.get(path)
            return True
        except OSError:
            return False

    # --- HTTP ------------------------------------------------------------------------------
    def request(self, method: str, path: str, body: dict | None = None, host: str = "jilin.localhost",
                token: str | None = None, timeout: float = 30) -> tuple[int, dict | str]:
        data = json.dumps(body, ensure_ascii=False).encode() if body is not None else None
        request = urllib.request.Request(f"http://127.0.0.1:{self.web_port}{path}", data=data, method=method)
        request.add_header("Host", host)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if token or self.token:
            request.add_header("Authorization", f"Bearer {token or self.token}")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, raw = error.code, error.read()
        text = raw.decode("utf-8", errors="replace")
        try:
            return status, json.loads(text)
        except ValueError:
            return status, text

    def get(self, path: str, **kwargs):
        return self.request("GET", path, **kwargs)

    def ensure_up(self) -> None:
        """Start again whatever a test left down."""
        if not self.postgres.process.alive():
            self.postgres.start()
        for redis in (self.broker, self.cache):
            if not redis.process.alive():
                redis.start()
        if not (self.processes.get("web") and self.processes["web"].alive()):
            self.start_web()
        if not any(name.startswith("worker") and process.alive() for name, process in self.processes.items()):
            self.start_worker()
        if not (self.processes.get("beat") and self.processes["beat"].alive()):
            self.start_beat()

    # --- jobs ------------------------------------------------------------------------------
    def job(self, job_id: int, schema: str = "jilin") -> dict:
        conn = self.postgres.connect()
        try:
            with conn.cursor() as cursor:
                cursor.execute(f"SELECT * FROM {schema}.web_job WHERE id = %s", [job_id])
                row = cursor.fetchone()
                job = dict(zip([column.name for column in cursor.description], row))
        finally:
            conn.close()
        for name in ("upload", "output"):
            job.pop(name, None)
        return job

    def wait_job(self, job_id: int, predicate, timeout: float, what: str) -> dict:
        try:
            return wait_for(lambda: (lambda job: job if predicate(job) else None)(self.job(job_id)), timeout, what, 0.05)
        except TimeoutError as error:
            raise AssertionError(f"{error}; job: {self.job(job_id)}\n{self.logs()}") from None

    def stop(self) -> None:
        for name in list(self.processes)[::-1]:
            self.processes.pop(name).stop()
        for service in (self.cache.process, self.broker.process, self.postgres.process):
            if service is not None and service.alive():
                service.stop(signal.SIGINT if service is self.postgres.process else signal.SIGTERM)

    def logs(self) -> str:
        parts = [f"--- {process.name} (pid {process.pid}) ---\n{process.log_tail()}" for process in self.processes.values()]
        return "\n".join(parts)


def stack_start(province: str = "jilin") -> Stack:
    """Start the services, migrate, provision ``province`` and issue a write token; then the web,
    the worker and beat. Whoever calls it calls ``stack.stop()`` (and removes ``stack.root``)."""
    root = Path(tempfile.mkdtemp(prefix="partybuild-faults-"))
    if os.geteuid() == 0:
        os.chmod(root, 0o755)  # PostgreSQL runs as its own user below it
    postgres = Postgres(root)
    broker, cache = Redis(root, "broker"), Redis(root, "cache")
    postgres.query(f'CREATE DATABASE "{DB_NAME}"', database="postgres")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("CELERY_", "DJANGO_", "DATABASE_", "REDIS_"))}
    env.update(FAULT_TIMINGS)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DATABASE_URL=postgres.url(),
        CELERY_BROKER_URL=broker.url(0),
        CELERY_RESULT_BACKEND=broker.url(1),
        REDIS_URL=cache.url(0),
        BASE_DOMAIN="localhost",
        LOG_LEVEL="INFO",
        PYTHONPATH=f"{REPO_ROOT / 'platform'}:{REPO_ROOT}",
        PYTHONUNBUFFERED="1",
    )
    stack = Stack(root=root, postgres=postgres, broker=broker, cache=cache, env=env, web_port=free_port())
    try:
        stack.manage("migrate_schemas", "--shared", "-v", "0")
        stack.manage("provision_province", province)
        stack.token = stack.manage("issue_api_token", province, "faults", "--scopes", "read,write").strip().splitlines()[-1]
        stack.start_web()
        stack.start_worker()
        stack.start_beat()
    except Exception:
        stack.stop()
        raise
    return stack
