"""Find or start the database and broker the ops/ scripts use.

Order for the database: ``DATABASE_URL`` if set; for tests, the PostgreSQL on
127.0.0.1:5432 when it answers; else an embedded PostgreSQL (pgserver) under .data/pg.
Order for the broker: ``CELERY_BROKER_URL`` if set; the embedded one if ``OPS_BROKER=embedded``; Redis on 127.0.0.1:6379 or RabbitMQ on
127.0.0.1:5672 when one answers; else an embedded file-system broker under .data/broker.
The cache: ``REDIS_URL`` if set, else Redis on 127.0.0.1:6379 (database 1) when it answers,
else none (each process keeps its counters in memory).

The embedded database gets the two roles of ``ops/dbroles.py``: ``DATABASE_URL`` is the
product's role (``partybuild_app``, what web, worker and beat connect as) and
``DATABASE_OWNER_URL`` the owner's (``partybuild_owner``: migrations, provisioning and
``./ops/manage``). With ``DATABASE_URL`` set, give ``DATABASE_OWNER_URL`` too, else both are
the same role. Tests connect as the superuser (they build their own databases).

Run as ``python -m ops.localenv run|test|manage``: prints shell ``export`` lines.
"""
from __future__ import annotations

import os
import shlex
import socket
import sys
from pathlib import Path
from urllib.parse import quote

REPO_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = REPO_ROOT / ".data"
DB_NAME = "partybuild"


def port_answers(port: int, host: str = "127.0.0.1", timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def embedded_postgres_url(database: str = DB_NAME, keep_running: bool = True, create: bool = True) -> str:
    """Start (or reuse) the embedded PostgreSQL under .data/pg and return a URL to ``database``."""
    import pgserver
    import psycopg2

    DATA_DIR.mkdir(exist_ok=True)
    server = pgserver.get_server(DATA_DIR / "pg", cleanup_mode=None if keep_running else "stop")
    socket_dir = server.get_postmaster_info().socket_dir
    if create:
        conn = psycopg2.connect(dbname="postgres", user="postgres", host=str(socket_dir))
        conn.autocommit = True
        with conn.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database])
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE DATABASE "{database}"')
        conn.close()
    return f"postgres://postgres@{quote(str(socket_dir), safe='')}/{database}"


def with_user(url: str, user: str) -> str:
    """The same database URL for another role (the embedded server trusts local sockets)."""
    scheme, _, rest = url.partition("://")
    _, _, host_part = rest.rpartition("@")
    return f"{scheme}://{user}@{host_part}"


def embedded_roles(superuser_url: str, database: str = DB_NAME) -> tuple[str, str]:
    """Create the owner and product roles in the embedded database: (product URL, owner URL)."""
    from ops import dbroles

    dbroles.roles_setup(superuser_url, database=database)
    return with_user(superuser_url, dbroles.APP), with_user(superuser_url, dbroles.OWNER)


def embedded_postgres_stop() -> None:
    import pgserver
    from pgserver._commands import pg_ctl

    pgdata = DATA_DIR / "pg"
    if (pgdata / "postmaster.pid").exists():
        user = "pgserver" if os.geteuid() == 0 else None
        try:
            pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user)
        except Exception as error:  # already stopped
            print(f"[ops] embedded PostgreSQL: {error}", file=sys.stderr)
    del pgserver


def database_url(purpose: str) -> tuple[str, str]:
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"], "DATABASE_URL"
    # Each test run gets databases of its own (test_partybuild_<pid>_gw0 ...), so that two
    # runs on one machine never drop each other's test databases.
    name = f"{DB_NAME}_{os.getppid()}" if purpose == "test" else DB_NAME
    if purpose == "test" and port_answers(5432):
        return f"postgres://postgres@127.0.0.1:5432/{name}", "PostgreSQL on 127.0.0.1:5432"
    return embedded_postgres_url(name, create=purpose != "test"), "embedded PostgreSQL (.data/pg)"


def broker_url() -> tuple[str, str]:
    if os.environ.get("CELERY_BROKER_URL"):
        return os.environ["CELERY_BROKER_URL"], "CELERY_BROKER_URL"
    if os.environ.get("OPS_BROKER") == "embedded":  # skip the local services on purpose
        return "filesystem://", "embedded file-system broker (.data/broker)"
    if port_answers(6379):
        return "redis://127.0.0.1:6379/0", "Redis on 127.0.0.1:6379"
    if port_answers(5672):
        return "amqp://guest:guest@127.0.0.1:5672//", "RabbitMQ on 127.0.0.1:5672"
    return "filesystem://", "embedded file-system broker (.data/broker)"


def environment(purpose: str) -> dict[str, str]:
    db, db_source = database_url(purpose)
    owner_db = os.environ.get("DATABASE_OWNER_URL") or db
    if purpose != "test" and db_source.startswith("embedded"):
        db, owner_db = embedded_roles(db)
        db_source += f", product role {db.split('://')[1].split('@')[0]}, migrations as {owner_db.split('://')[1].split('@')[0]}"
    broker, broker_source = broker_url()
    env = {"DATABASE_URL": db, "DATABASE_OWNER_URL": owner_db, "CELERY_BROKER_URL": broker,
           "OPS_DB_SOURCE": db_source, "OPS_BROKER_SOURCE": broker_source}
    # The cache (API throttling): Redis here when it answers, else each process's memory.
    if os.environ.get("REDIS_URL"):
        env["REDIS_URL"] = os.environ["REDIS_URL"]
    elif os.environ.get("OPS_BROKER") != "embedded" and port_answers(6379):
        env["REDIS_URL"] = "redis://127.0.0.1:6379/1"
    if broker == "filesystem://":
        folder = DATA_DIR / "broker"
        folder.mkdir(parents=True, exist_ok=True)
        env["CELERY_BROKER_FOLDER"] = str(folder)
        env.setdefault("CELERY_RESULT_BACKEND", f"file://{DATA_DIR / 'results'}")
        (DATA_DIR / "results").mkdir(parents=True, exist_ok=True)
    elif broker.startswith("amqp") and not os.environ.get("CELERY_RESULT_BACKEND"):
        env["CELERY_RESULT_BACKEND"] = "rpc://"
    return env


if __name__ == "__main__":
    purpose = sys.argv[1] if len(sys.argv) > 1 else "run"
    for key, value in environment(purpose).items():
        print(f"export {key}={shlex.quote(value)}")
