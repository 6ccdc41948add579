"""The run's database and the machine it runs on.

The server is the one ops/localenv picks for tests: ``DATABASE_URL``'s server if set, else the
PostgreSQL on 127.0.0.1:5432 when it answers, else the embedded one (pgserver, .data/pg). On it
the run creates a database of its own, ``partybuild_bench_<pid>``, and drops it at the end.
"""
from __future__ import annotations

import os
import platform
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit, urlunsplit

import psycopg2

from ops import localenv

REPO_ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Server:
    """A PostgreSQL server: where it is, and what it is called in the report."""

    host: str  # a host name, or a Unix-socket directory
    port: int | None
    user: str
    password: str | None
    source: str

    def url(self, database: str) -> str:
        host = quote(self.host, safe="") if self.host.startswith("/") else self.host
        port = f":{self.port}" if self.port else ""
        credentials = quote(self.user) + (f":{quote(self.password)}" if self.password else "")
        return f"postgres://{credentials}@{host}{port}/{database}"

    def connect(self, database: str, **options):
        """A raw psycopg2 connection (the references' road to the database: nothing in between)."""
        kwargs = {"dbname": database, "user": self.user, "host": self.host}
        if self.port:
            kwargs["port"] = self.port
        if self.password:
            kwargs["password"] = self.password
        return psycopg2.connect(**kwargs, **options)


def server_pick() -> Server:
    url = os.environ.get("DATABASE_URL")
    if url:
        parts = urlsplit(url)
        location = parts.netloc.rsplit("@", 1)[-1]
        socket = location.upper().startswith("%2F")  # the embedded server: a percent-encoded socket directory
        return Server(host=unquote(location) if socket else (parts.hostname or "127.0.0.1"),
                      port=None if socket else parts.port, user=unquote(parts.username or "postgres"),
                      password=unquote(parts.password) if parts.password else None, source="DATABASE_URL's server")
    if localenv.port_answers(5432):
        return Server(host="127.0.0.1", port=5432, user="postgres", password=None, source="PostgreSQL on 127.0.0.1:5432")
    url = localenv.embedded_postgres_url("postgres", create=False)
    socket_dir = unquote(urlsplit(url).netloc.split("@")[-1])
    return Server(host=socket_dir, port=None, user="postgres", password=None, source="embedded PostgreSQL (.data/pg)")


def database_create(server: Server, name: str) -> None:
    connection = server.connect("postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def database_drop(server: Server, name: str) -> None:
    connection = server.connect("postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    connection.close()


def _memory_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return None


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=REPO_ROOT, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def git_commit() -> str:
    commit = _git("rev-parse", "--short=12", "HEAD") or "unknown"
    changed = [line for line in _git("status", "--porcelain", "--untracked-files=no").splitlines() if line.strip()]
    return f"{commit} (+ {len(changed)} uncommitted changed files in the work tree)" if changed else commit


def machine(server: Server, database: str) -> dict[str, str]:
    connection = server.connect(database)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
        cursor.execute("SELECT current_setting('shared_buffers'), current_setting('work_mem'), current_setting('max_connections')")
        shared_buffers, work_mem, max_connections = cursor.fetchone()
    connection.close()
    memory = _memory_gib()
    return {
        "cores": str(os.cpu_count()),
        "memory": f"{memory:.1f} GiB" if memory else "unknown",
        "load average at start": " ".join(f"{value:.2f}" for value in os.getloadavg()),
        "PostgreSQL": f"{version} ({server.source}; shared_buffers {shared_buffers}, work_mem {work_mem}, "
                      f"max_connections {max_connections})",
        "Python": platform.python_version(),
        "OS": platform.platform(terse=True),
        "git commit": git_commit(),
    }


def url_with_database(url: str, database: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{database}", parts.query, parts.fragment))
