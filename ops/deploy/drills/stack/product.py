"""The product in the drills: production settings, migrations, gunicorn instances behind nginx, an HTTPS client."""
from __future__ import annotations

import base64
import http.client
import json
import os
import secrets
import shutil
import signal
import ssl
import subprocess
import sys
import time

from .postgres import Redis
from .processes import BASE_DOMAIN, DEPLOY, REPO_ROOT, Stack, free_port, log, port_open, wait_for


def product_env(stack: Stack, database_url: str, redis: Redis, **extra) -> dict:
    """The environment of partybuild.env, filled for this drill (production settings)."""
    env = dict(os.environ)
    for key in [k for k in env if k.startswith(("DATABASE_", "CELERY_", "DJANGO_", "API_", "AUDIT_", "BACKUP_", "REDIS_"))]:
        del env[key]
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
        FIELD_ENCRYPTION_KEYS=f"drill:{base64.b64encode(os.urandom(32)).decode()}",
        FIELD_HASH_KEY=base64.b64encode(os.urandom(32)).decode(),
        AUDIT_HMAC_KEYS=f"drill:{base64.b64encode(os.urandom(32)).decode()}",
        BACKUP_ENCRYPTION_KEYS=f"drill:{base64.b64encode(os.urandom(32)).decode()}",
        DJANGO_ALLOWED_HOSTS=f"{BASE_DOMAIN},.{BASE_DOMAIN}",
        AUDIT_ANCHOR_FILE=str(stack.root / "audit-anchors.jsonl"),
        TRUSTED_PROXY_COUNT="1",  # nginx in front
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
