"""PostgreSQL for the drills: plain clusters, streaming standbys, pg_auto_failover, pgbouncer, Redis."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess

from .processes import AS_ROOT, DEPLOY, PG_BIN, Stack, free_port, log, port_open, wait_for


def psql(port: int, sql: str, dbname: str = "postgres", host: str = "127.0.0.1", timeout: float = 30) -> str:
    result = subprocess.run([PG_BIN / "psql", "-X", "-At", "-h", host, "-p", str(port), "-U", "postgres", "-d", dbname,
                             "-v", "ON_ERROR_STOP=1", "-c", sql], capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        raise RuntimeError(f"psql :{port}: {result.stderr.strip()}")
    return result.stdout.strip()


class PlainPostgres:
    """One PostgreSQL cluster (initdb), run in the foreground as a child of the stack."""

    def __init__(self, stack: Stack, name: str, port: int | None = None, settings: dict | None = None,
                 initdb: bool = True):
        self.stack, self.name = stack, name
        self.port = port or free_port()
        self.data = stack.root / name
        self.process: subprocess.Popen | None = None
        if not initdb:  # a data directory restored from a backup, configured by the caller
            return
        stack.dir(name, postgres=True)
        stack.run([PG_BIN / "initdb", "-D", self.data, "-U", "postgres", "--auth", "trust", "-E", "UTF8",
                   "--locale", "C.UTF-8"], as_postgres=True)
        self.configure({"listen_addresses": "'127.0.0.1'", "unix_socket_directories": f"'{self.data}'",
                        "fsync": "on", "max_connections": "200", "wal_level": "replica",
                        "logging_collector": "off", **(settings or {})})

    def configure(self, settings: dict) -> None:
        with open(self.data / "postgresql.auto.conf", "a") as handle:
            handle.write(f"port = {self.port}\n")
            for key, value in settings.items():
                handle.write(f"{key} = {value}\n")

    def start(self) -> None:
        self.process = self.stack.spawn(f"pg-{self.name}", [PG_BIN / "postgres", "-D", self.data], as_postgres=True)
        wait_for(f"PostgreSQL {self.name} on :{self.port}", lambda: psql(self.port, "SELECT 1") == "1", timeout=60)

    def stop(self, sig: int = signal.SIGINT) -> None:  # SIGINT: fast shutdown
        if self.process is not None:
            self.stack.stop(self.process, sig=sig, timeout=60)
            self.process = None

    def sql(self, statement: str, dbname: str = "postgres") -> str:
        return psql(self.port, statement, dbname=dbname)


def streaming_standby(stack: Stack, primary: PlainPostgres, name: str) -> PlainPostgres:
    """A hot standby of ``primary`` (pg_basebackup -R: streaming replication), started."""
    standby = PlainPostgres(stack, name, initdb=False)
    stack.dir(name, postgres=True)
    stack.run([PG_BIN / "pg_basebackup", "-h", "127.0.0.1", "-p", primary.port, "-U", "postgres", "-D", standby.data,
               "-R", "-X", "stream", "-c", "fast"], as_postgres=True)
    standby.configure({"unix_socket_directories": f"'{standby.data}'", "hot_standby": "on"})
    standby.start()
    return standby


class AutoFailoverCluster:
    """pg_auto_failover: a monitor and two data nodes (primary, synchronous secondary).

    The monitor's health checks are tightened from the defaults (20 s before a node is
    unhealthy, 30 s before a primary is given up) to seconds, as a small cluster on one LAN
    can afford; ops/deploy/README.md lists the values."""

    MONITOR_SETTINGS = {
        "pgautofailover.health_check_period": 1000,       # ms between checks (default 5000)
        "pgautofailover.health_check_timeout": 1000,      # ms (default 5000)
        "pgautofailover.health_check_max_retries": 1,     # (default 2)
        "pgautofailover.health_check_retry_delay": 500,   # ms (default 2000)
        "pgautofailover.node_considered_unhealthy_timeout": 4000,  # ms (default 20000)
        "pgautofailover.primary_demote_timeout": 4000,    # ms (default 30000)
    }

    def __init__(self, stack: Stack, dbname: str = "partybuild"):
        self.stack, self.dbname = stack, dbname
        self.monitor_port = free_port()
        self.node_ports = {"node1": free_port(), "node2": free_port()}
        self.processes: dict[str, subprocess.Popen] = {}
        xdg = stack.dir("xdg", postgres=True)
        self.env = dict(os.environ, PATH=f"{PG_BIN}:/usr/bin:/bin:/usr/sbin:/sbin", PG_CONFIG=str(PG_BIN / "pg_config"),
                        XDG_CONFIG_HOME=str(xdg / "config"), XDG_DATA_HOME=str(xdg / "data"),
                        XDG_RUNTIME_DIR=str(xdg / "run"), HOME=str(xdg), PGUSER="postgres")
        self.monitor_uri = f"postgres://autoctl_node@127.0.0.1:{self.monitor_port}/pg_auto_failover?sslmode=disable"

    def _create(self, name: str, argv: list) -> None:
        self.stack.dir(f"{name}-parent", postgres=True)
        self.processes[name] = self.stack.spawn(f"paf-{name}", argv, as_postgres=True, env=self.env)

    def start(self) -> None:
        self._create("monitor", ["pg_autoctl", "create", "monitor", "--pgdata", self.stack.root / "monitor-parent" / "data",
                                 "--pgport", self.monitor_port, "--hostname", "127.0.0.1", "--auth", "trust", "--no-ssl",
                                 "--pgctl", PG_BIN / "pg_ctl", "--run"])
        wait_for("the pg_auto_failover monitor",
                 lambda: psql(self.monitor_port, "SELECT count(*) FROM pgautofailover.formation", "pg_auto_failover"), 90)
        for key, value in self.MONITOR_SETTINGS.items():
            psql(self.monitor_port, f"ALTER SYSTEM SET {key} = {value}", "pg_auto_failover")
        psql(self.monitor_port, "SELECT pg_reload_conf()", "pg_auto_failover")
        for name, port in self.node_ports.items():
            self._create(name, ["pg_autoctl", "create", "postgres", "--pgdata", self.stack.root / f"{name}-parent" / "data",
                                "--pgport", port, "--hostname", "127.0.0.1", "--name", name, "--dbname", self.dbname,
                                "--monitor", self.monitor_uri, "--auth", "trust", "--no-ssl", "--pgctl", PG_BIN / "pg_ctl",
                                "--run"])
            want = {"single", "primary"} if name == "node1" else {"secondary"}

            def joined(name=name, want=want):
                if name != "node1":
                    # The secondary's pg_basebackup waits for a checkpoint, spread over minutes by
                    # default (pg_autoctl does not ask for a fast one): an explicit CHECKPOINT ends it.
                    psql(self.node_ports["node1"], "CHECKPOINT")
                return self.states().get(name) in want and self.converged()

            wait_for(f"{name} to join", joined, 180, 1.0)
        log(f"pg_auto_failover: monitor :{self.monitor_port}, node1 :{self.node_ports['node1']} (primary), "
            f"node2 :{self.node_ports['node2']} (secondary); synchronous_standby_names = "
            f"{self.primary_sql('SHOW synchronous_standby_names')!r}")

    def states(self) -> dict[str, str]:
        rows = psql(self.monitor_port, "SELECT nodename, reportedstate FROM pgautofailover.node", "pg_auto_failover")
        return dict(line.split("|") for line in rows.splitlines() if line)

    def converged(self) -> bool:
        rows = psql(self.monitor_port, "SELECT bool_and(reportedstate = goalstate) FROM pgautofailover.node", "pg_auto_failover")
        return rows == "t"

    def primary(self) -> str | None:
        """The node the monitor wants as primary and that reports being it (a dead node's last
        report stays "primary", its goal is not)."""
        rows = psql(self.monitor_port, "SELECT nodename FROM pgautofailover.node WHERE reportedstate = goalstate"
                    " AND goalstate IN ('primary', 'wait_primary', 'single')", "pg_auto_failover")
        return rows.split()[0] if rows else None

    def primary_sql(self, statement: str) -> str:
        return psql(self.node_ports[self.primary()], statement, self.dbname)

    def url(self, target_session_attrs: str = "read-write", ports: dict | None = None) -> str:
        hosts = ",".join(f"127.0.0.1:{port}" for port in (ports or self.node_ports).values())
        return f"postgres://postgres@{hosts}/{self.dbname}?target_session_attrs={target_session_attrs}&connect_timeout=2"

    def stop_node(self, name: str, sig: int = signal.SIGKILL) -> None:
        """The node's host dies: its keeper and its PostgreSQL are killed at once."""
        self.stack.stop(self.processes[name], sig=sig, timeout=30)
        port = self.node_ports[name]
        # A postmaster killed with SIGKILL leaves backends that exit on their own; wait for the port.
        wait_for(f"{name}'s port to close", lambda: not port_open(port), timeout=30)


class PgBouncer:
    def __init__(self, stack: Stack, target_port: int, dbname: str = "partybuild", pool_mode: str = "session",
                 pool_size: int = 4, name: str = "pgbouncer"):
        self.stack, self.port, self.pool_mode = stack, free_port(), pool_mode
        folder = stack.dir(name, postgres=True)
        (folder / "users.txt").write_text('"postgres" ""\n')
        (folder / "pgbouncer.ini").write_text(f"""[databases]
{dbname} = host=127.0.0.1 port={target_port} dbname={dbname}
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {self.port}
unix_socket_dir =
auth_type = trust
admin_users = postgres
auth_file = {folder / 'users.txt'}
pool_mode = {pool_mode}
default_pool_size = {pool_size}
max_client_conn = 500
ignore_startup_parameters = extra_float_digits,options
server_reset_query = DISCARD ALL
server_login_retry = 1
logfile =
pidfile =
""")
        if AS_ROOT:
            for path in folder.iterdir():
                shutil.chown(path, "postgres", "postgres")
        self.process = stack.spawn(name, ["pgbouncer", folder / "pgbouncer.ini"], as_postgres=True)
        wait_for(f"pgbouncer on :{self.port}", lambda: port_open(self.port), 30)


def pgbouncer_follow(stack: Stack, postgres_port: int, bouncer: PgBouncer, name: str) -> subprocess.Popen:
    """ops/deploy/pgbouncer-follow beside a node's pgbouncer."""
    env = dict(os.environ, FOLLOW_POSTGRES=f"host=127.0.0.1 port={postgres_port} dbname=postgres user=postgres",
               FOLLOW_PGBOUNCER=f"host=127.0.0.1 port={bouncer.port} dbname=pgbouncer user=postgres",
               FOLLOW_INTERVAL="0.5", PSQL=str(PG_BIN / "psql"))
    return stack.spawn(f"pgbouncer-follow-{name}", ["bash", DEPLOY / "pgbouncer-follow"], env=env)


class Redis:
    def __init__(self, stack: Stack):
        self.port = free_port()
        folder = stack.dir("redis")
        self.process = stack.spawn("redis", ["redis-server", "--port", self.port, "--bind", "127.0.0.1", "--save", "",
                                             "--appendonly", "no", "--dir", folder])
        wait_for(f"Redis on :{self.port}", lambda: port_open(self.port), 30)
