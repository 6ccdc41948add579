"""./ops/run: everything from a fresh clone to a serving product, stopped by Ctrl-C."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from ops import localenv

REPO_ROOT = localenv.REPO_ROOT
PROVINCES = ("jilin", "guangdong", "anhui")
LOGINS_FILE = localenv.DATA_DIR / "admin-logins.txt"


def log(message: str) -> None:
    print(f"[ops] {message}", flush=True)


def manage(*args: str, env: dict, capture: bool = False) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=REPO_ROOT, env=env, check=True, text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    return result.stdout or ""


def remember_logins(output: str, code: str) -> None:
    """Keep the one-time passwords of this machine's demo provinces so each run can show them."""
    password = next((line.split(":", 1)[1].strip() for line in output.splitlines() if "one-time password" in line), None)
    if password:
        LOGINS_FILE.parent.mkdir(exist_ok=True)
        with LOGINS_FILE.open("a", encoding="utf-8") as handle:
            handle.write(f"{code} admin {password}\n")
        LOGINS_FILE.chmod(0o600)


def main() -> int:
    started = time.monotonic()
    env = dict(os.environ)
    env.update(localenv.environment("run"))
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    env.setdefault("DEMO_SIZE", "tiny")
    port = env.get("PORT", "8000")
    log(f"database: {env['OPS_DB_SOURCE']}; broker: {env['OPS_BROKER_SOURCE']}")
    if env["DATABASE_OWNER_URL"] == env["DATABASE_URL"]:
        log("warning: the product connects as the role that owns the tables (set DATABASE_OWNER_URL for migrations, "
            "see ops/dbroles.py): its audit log is then only as safe as that role")

    # Migrations, provisioning and demo data as the owner; the product's processes as its own role.
    owner_env = dict(env, DATABASE_URL=env["DATABASE_OWNER_URL"])
    manage("migrate_schemas", "--shared", "-v", "0", env=owner_env)
    manage("migrate_schemas", "--tenant", "-v", "0", env=owner_env)
    for code in PROVINCES:
        output = manage("provision_province", code, env=owner_env, capture=True)
        print(output, end="")
        remember_logins(output, code)
        manage("generate_demo", code, "--size", env["DEMO_SIZE"], "--if-empty", env=owner_env)
    manage("collectstatic", "--noinput", "-v", "0", env=owner_env)

    children: list[subprocess.Popen] = []
    bind = f"{env.get('HOST', '127.0.0.1')}:{port}"
    commands = {
        "web": [sys.executable, "-m", "gunicorn", "--chdir", str(REPO_ROOT / "platform"), "--bind", bind,
                "--workers", env.get("WEB_WORKERS", "2"), "--access-logfile", "-", "config.wsgi:application"],
        "worker": [sys.executable, "-m", "celery", "-A", "config", "worker", "--loglevel", "INFO", "--concurrency", "2"],
        "beat": [sys.executable, "-m", "celery", "-A", "config", "beat", "--loglevel", "INFO"],
    }
    for name, command in commands.items():
        children.append(subprocess.Popen(command, cwd=REPO_ROOT / "platform", env=env, start_new_session=True))
        log(f"started {name} (pid {children[-1].pid})")

    if not wait_until_serving(port):
        log("web did not start; stopping")
        stop(children, env)
        return 1
    log(f"serving after {time.monotonic() - started:.1f} s")
    log(f"national:  http://localhost:{port}/")
    for code in PROVINCES:
        log(f"{code:10} http://{code}.localhost:{port}/")
    if LOGINS_FILE.exists():
        log("administrator logins (one-time passwords, change at first login):")
        for line in LOGINS_FILE.read_text(encoding="utf-8").splitlines():
            log("  " + line)
    log("Ctrl-C stops everything")

    stopping = False

    def on_signal(signum, frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    while not stopping:
        if any(child.poll() is not None for child in children):
            log("a process ended unexpectedly; stopping")
            break
        time.sleep(0.5)
    stop(children, env)
    return 0


def wait_until_serving(port: str, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return True
        except urllib.error.HTTPError:
            return True  # it answers; /healthz says what is down
        except OSError:
            time.sleep(0.5)
    return False


def stop(children: list[subprocess.Popen], env: dict) -> None:
    for child in children:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGTERM)
    for child in children:
        try:
            child.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
    if env["OPS_DB_SOURCE"].startswith("embedded"):
        localenv.embedded_postgres_stop()
        log("stopped the embedded PostgreSQL")
    log("stopped")


if __name__ == "__main__":
    sys.exit(main())
