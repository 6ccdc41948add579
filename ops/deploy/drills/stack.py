"""The machinery of the drills: every piece of the deployment started on this machine, on
free loopback ports, under one temporary directory, and stopped by the PIDs it started.

Nothing here touches the machine's shared PostgreSQL, Redis or RabbitMQ: each drill has its
own PostgreSQL clusters (plain, or a pg_auto_failover monitor with two data nodes), its own
pgbouncer, Redis (cache and Celery broker), gunicorn instances and nginx.
"""
from __future__ import annotations

import base64
import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]
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


# --- PostgreSQL --------------------------------------------------------------------------


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


# --- the product -------------------------------------------------------------------------


def product_env(stack: Stack, database_url: str, redis: Redis, **extra) -> dict:
    """The environment of partybuild.env, filled for this drill (production settings)."""
    env = dict(os.environ)
    for key in [k for k in env if k.startswith(("DATABASE_", "CELERY_", "DJANGO_", "API_"))]:
        del env[key]
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
        FIELD_ENCRYPTION_KEYS=f"drill:{base64.b64encode(os.urandom(32)).decode()}",
        FIELD_HASH_KEY=base64.b64encode(os.urandom(32)).decode(),
        BASE_DOMAIN=BASE_DOMAIN,
        DATABASE_URL=database_url,
        CELERY_BROKER_URL=f"redis://127.0.0.1:{redis.port}/0",
        REDIS_URL=f"redis://127.0.0.1:{redis.port}/1",
        STATIC_ROOT=str(stack.root / "static"),
        # The drills' load comes from a handful of tokens; the limits are not what is drilled.
        API_THROTTLE_READ="1000000/min", API_THROTTLE_WRITE="1000000/min",
        PYTHONPATH=f"{REPO_ROOT / 'platform'}:{REPO_ROOT}",
        LOG_LEVEL="WARNING",
    )
    env.update({key: str(value) for key, value in extra.items()})
    return env


def manage(stack: Stack, env: dict, *args: str, timeout: float = 600) -> str:
    return stack.run([sys.executable, "manage.py", *args], env=env, cwd=REPO_ROOT, timeout=timeout).stdout


def product_setup(stack: Stack, env: dict, provinces=("jilin",)) -> dict[str, str]:
    """Migrate, provision the provinces, collect static files; an API token per province."""
    started = time.monotonic()
    manage(stack, env, "migrate_schemas", "--shared", "-v", "0")
    tokens = {}
    for code in provinces:
        manage(stack, env, "provision_province", code)
        output = manage(stack, env, "issue_api_token", code, "drill", "--scopes", "read,write")
        tokens[code] = next(word for word in output.split() if word.startswith("pbt_"))
    manage(stack, env, "collectstatic", "--noinput", "-v", "0")
    log(f"product: migrated, provisioned {', '.join(provinces)} in {time.monotonic() - started:.0f} s")
    return tokens


class Web:
    """gunicorn instances (ops/deploy/gunicorn.conf.py) behind nginx (ops/deploy/nginx/partybuild.conf)."""

    def __init__(self, stack: Stack, env: dict, instances: int = 2, workers: int = 1, threads: int = 8):
        self.stack, self.env, self.workers, self.threads = stack, env, workers, threads
        self.ports = [free_port() for _ in range(instances)]
        self.processes: dict[int, subprocess.Popen] = {}
        for port in self.ports:
            self.start_instance(port)
        self.https_port, self.http_port = free_port(), free_port()
        self._start_nginx()

    def start_instance(self, port: int) -> None:
        env = dict(self.env, WEB_BIND=f"127.0.0.1:{port}", WEB_WORKERS=self.workers, WEB_THREADS=self.threads,
                   WEB_ACCESS_LOG="-", WEB_GRACEFUL_TIMEOUT=20)
        env = {key: str(value) for key, value in env.items()}
        self.processes[port] = self.stack.spawn(f"web-{port}", [sys.executable, "-m", "gunicorn", "--config",
                                                                DEPLOY / "gunicorn.conf.py"], env=env)
        wait_for(f"web instance :{port}", lambda: self.instance_answers(port), 90)

    def instance_answers(self, port: int) -> bool:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            conn.request("GET", "/healthz", headers={"Host": BASE_DOMAIN, "X-Forwarded-Proto": "https"})
            return conn.getresponse().status in (200, 503)
        finally:
            conn.close()

    def restart_instance(self, port: int) -> float:
        """SIGTERM (gunicorn finishes what is in flight), start again, wait until it answers."""
        started = time.monotonic()
        self.stack.stop(self.processes[port], sig=signal.SIGTERM, timeout=40)
        self.start_instance(port)
        return time.monotonic() - started

    def _start_nginx(self) -> None:
        folder = self.stack.dir("nginx")
        for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (folder / "tmp" / sub).mkdir(parents=True, exist_ok=True)
            (folder / "tmp" / sub).chmod(0o777)
        key, cert = folder / "tls.key", folder / "tls.crt"
        self.stack.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-keyout", key, "-out", cert,
                        "-subj", f"/CN={BASE_DOMAIN}", "-addext", f"subjectAltName=DNS:{BASE_DOMAIN},DNS:*.{BASE_DOMAIN}"])
        key.chmod(0o644)
        site = render_site(
            BASE_DOMAIN=BASE_DOMAIN, TLS_CERTIFICATE=cert, TLS_CERTIFICATE_KEY=key, STATIC_ROOT=self.env["STATIC_ROOT"],
            HTTP_LISTEN=f"127.0.0.1:{self.http_port}", HTTPS_LISTEN=f"127.0.0.1:{self.https_port}",
            UPSTREAM_SERVERS="\n    ".join(f"server 127.0.0.1:{port} max_fails=1 fail_timeout=2s;" for port in self.ports),
        )
        (folder / "site.conf").write_text(site)
        (folder / "nginx.conf").write_text(f"""worker_processes 1;
pid {folder / 'nginx.pid'};
error_log {self.stack.logs / 'nginx-error.log'} warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {self.stack.logs / 'nginx-access.log'};
    client_body_temp_path {folder / 'tmp/body'};
    proxy_temp_path {folder / 'tmp/proxy'};
    fastcgi_temp_path {folder / 'tmp/fastcgi'};
    uwsgi_temp_path {folder / 'tmp/uwsgi'};
    scgi_temp_path {folder / 'tmp/scgi'};
    include {folder / 'site.conf'};
}}
""")
        nginx = shutil.which("nginx", path="/usr/sbin:/usr/bin") or "nginx"
        self.stack.run([nginx, "-t", "-p", folder, "-c", folder / "nginx.conf", "-e", self.stack.logs / "nginx-error.log"])
        self.nginx = self.stack.spawn("nginx", [nginx, "-p", folder, "-c", folder / "nginx.conf", "-e",
                                                self.stack.logs / "nginx-error.log", "-g", "daemon off;"])
        wait_for("nginx", lambda: port_open(self.https_port), 30)

    def client(self, code: str | None, token: str | None = None) -> "HttpsClient":
        host = f"{code}.{BASE_DOMAIN}" if code else BASE_DOMAIN
        return HttpsClient(self.https_port, host, token)


def render_site(**values) -> str:
    """ops/deploy/nginx/partybuild.conf with its @NAME@ placeholders filled."""
    lines = []
    for line in (DEPLOY / "nginx" / "partybuild.conf").read_text().splitlines():
        if not line.lstrip().startswith("#"):  # the header comment names the placeholders
            for key, value in values.items():
                line = line.replace(f"@{key}@", str(value))
            if "@" in line.split("#")[0]:
                raise ValueError(f"a placeholder of the nginx site is left unfilled: {line.strip()}")
        lines.append(line)
    return "\n".join(lines) + "\n"


class HttpsClient:
    """A keep-alive HTTPS client to nginx with a province's Host (the certificate is the drill's own)."""

    CONTEXT = ssl.create_default_context()
    CONTEXT.check_hostname = False
    CONTEXT.verify_mode = ssl.CERT_NONE

    def __init__(self, port: int, host: str, token: str | None = None, timeout: float = 30):
        self.port, self.host, self.token, self.timeout = port, host, token, timeout
        self.conn: http.client.HTTPSConnection | None = None

    def request(self, method: str, path: str, body=None, headers: dict | None = None) -> tuple[int, bytes]:
        """(status, body); status 0 when no HTTP answer came back (the connection failed)."""
        all_headers = {"Host": self.host, "Accept": "application/json"}
        if self.token:
            all_headers["Authorization"] = f"Bearer {self.token}"
        if body is not None:
            body = json.dumps(body).encode()
            all_headers["Content-Type"] = "application/json"
        all_headers.update(headers or {})
        try:
            if self.conn is None:
                self.conn = http.client.HTTPSConnection("127.0.0.1", self.port, timeout=self.timeout, context=self.CONTEXT)
            self.conn.request(method, path, body=body, headers=all_headers)
            response = self.conn.getresponse()
            return response.status, response.read()
        except (OSError, http.client.HTTPException):
            self.close()
            return 0, b""

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def make_uscc(serial: int, region_code: str = "220100") -> str:
    """A valid 统一社会信用代码 (civil affairs, social group) with a serial of its own."""
    from registry.validators import uscc_check_character

    first17 = f"51{region_code}DR{serial:07d}"
    return first17 + uscc_check_character(first17)


def organization_body(name: str, region_code: str = "220100") -> dict:
    return {"name": name, "kind": "social_group", "registration_level": "city", "region_code": region_code,
            "employees": 3, "business_supervisor": "演练主管单位"}
