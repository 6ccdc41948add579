"""./ops/run: everything from a fresh clone to a serving product, stopped by Ctrl-C."""
from __future__ import annotations

import fcntl
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

from pathlib import Path

from ops import localenv

REPO_ROOT = localenv.REPO_ROOT
PROVINCES = ("jilin", "guangdong", "anhui")
LOGINS_FILE = localenv.DATA_DIR / "admin-logins.txt"
MINIMUM_PYTHON = (3, 11)
# Held for as long as this ./ops/run lives: a second copy in the same checkout sees it.
LOCK_FILE = Path(os.environ.get("OPS_RUN_LOCK", localenv.DATA_DIR / "run.lock"))


def log(message: str) -> None:
    print(f"[ops] {message}", flush=True)


def manage(*args: str, env: dict, capture: bool = False) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=REPO_ROOT, env=env, check=True, text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    return result.stdout or ""


def remember_logins(output: str, code: str) -> None:
    """Keep the one-time passwords of this machine's demo provinces so each run can show them:
    the system administrator's ("admin"), then the security and audit administrators'."""
    logins = []
    for line in output.splitlines():
        if "one-time password" not in line:
            continue
        before, password = line.rsplit(":", 1)
        head = before.split(": one-time password")[0].strip()
        username = head.split()[-1] if ": one-time password" in before else "admin"
        logins.append(f"{code} {username} {password.strip()}")
    if logins:
        LOGINS_FILE.parent.mkdir(exist_ok=True)
        with LOGINS_FILE.open("a", encoding="utf-8") as handle:
            handle.write("".join(f"{login}\n" for login in logins))
        LOGINS_FILE.chmod(0o600)


def python_problem(version: tuple = tuple(sys.version_info[:3])) -> str | None:
    if tuple(version[:2]) >= MINIMUM_PYTHON:
        return None
    found = ".".join(str(part) for part in version[:3])
    wanted = ".".join(str(part) for part in MINIMUM_PYTHON)
    return (f"Python {wanted} or newer is needed; this is Python {found} ({sys.executable}). Install Python {wanted}+, "
            f"delete .venv and run again with it: PYTHON=python{wanted} ./ops/run")


def take_run_lock():
    """The lock of this checkout's ./ops/run, or None when another copy holds it."""
    LOCK_FILE.parent.mkdir(parents=True, exist_ok=True)
    handle = open(LOCK_FILE, "a+", encoding="utf-8")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return None
    handle.seek(0)
    handle.truncate()
    handle.write(f"{os.getpid()} {os.environ.get('PORT', '8000')}\n")
    handle.flush()
    return handle


def running_copy() -> str:
    try:
        pid, port = LOCK_FILE.read_text(encoding="utf-8").split()[:2]
        return f"pid {pid}, port {port}"
    except (OSError, ValueError):
        return "pid unknown"


def port_problem(host: str, port: str) -> str | None:
    """Something already listens on host:port (SO_REUSEADDR: a socket in TIME_WAIT is no obstacle)."""
    try:
        number = int(port)
    except ValueError:
        return f"PORT must be a number, not {port!r}: e.g. PORT=8001 ./ops/run"
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, number))
        except OSError as error:
            return (f"port {number} on {host} is already in use ({error.strerror}): another program, or the ./ops/run of "
                    f"another checkout, serves there. Stop it, or choose a free port: PORT={number + 1} ./ops/run")
    return None


def preflight(env: dict) -> tuple[object | None, str | None]:
    """Checks before anything is started (database, migrations): (the run lock, or a refusal)."""
    problem = python_problem()
    if problem:
        return None, problem
    lock = take_run_lock()
    if lock is None:
        return None, (f"another ./ops/run is already running in this checkout ({running_copy()}): use it, or stop it "
                      "with Ctrl-C in its terminal before starting a new one. Nothing was started or stopped.")
    problem = port_problem(env.get("HOST", "127.0.0.1"), env.get("PORT", "8000"))
    if problem:
        lock.close()
        return None, problem + " Nothing was started or stopped."
    return lock, None


def main() -> int:
    started = time.monotonic()
    lock, refusal = preflight(dict(os.environ))
    if refusal:
        log(refusal)
        return 1
    database_was_running = (localenv.DATA_DIR / "pg" / "postmaster.pid").exists()
    env = dict(os.environ)
    env.update(localenv.environment("run"))
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    env.setdefault("DEMO_SIZE", "tiny")
    # An embedded PostgreSQL that was already running (./ops/manage started it) is left running at the end.
    env["OPS_DB_STOP_AT_EXIT"] = "" if database_was_running else "1"
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
    # The national page's figures from the first start: the provinces' snapshots (the demo data's)
    # copied now, not at the beat's first 6-hourly run (incremental: a later start copies new days only).
    manage("national_snapshots_copy", env=owner_env, capture=True)
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
    if env["OPS_DB_SOURCE"].startswith("embedded") and env.get("OPS_DB_STOP_AT_EXIT"):
        localenv.embedded_postgres_stop()
        log("stopped the embedded PostgreSQL")
    log("stopped")


if __name__ == "__main__":
    sys.exit(main())
