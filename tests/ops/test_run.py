"""./ops/run checks before it starts anything: the Python version, a second running copy
in the same checkout (refused cleanly: nothing of the first is stopped) and the port (before
migrating), each with a message that says what to do."""
from __future__ import annotations

import fcntl
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from ops.run import python_problem

REPO_ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_ops_run(tmp_path, **env_overrides) -> tuple[subprocess.CompletedProcess, float]:
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT), OPS_RUN_LOCK=str(tmp_path / "run.lock"),
               # Were a check missing, the run would go on to a database that does not answer, and fail otherwise.
               DATABASE_URL=f"postgres://postgres@127.0.0.1:{free_port()}/nowhere", PORT=str(free_port()))
    env.update(env_overrides)
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "ops.run"], cwd=REPO_ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    return result, time.monotonic() - started


def test_a_second_copy_refuses_cleanly_and_stops_nothing(tmp_path):
    with open(tmp_path / "run.lock", "a+") as first_copy:
        fcntl.flock(first_copy, fcntl.LOCK_EX | fcntl.LOCK_NB)
        first_copy.write("4242 8000\n")
        first_copy.flush()
        result, elapsed = run_ops_run(tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "another ./ops/run is already running" in output and "pid 4242, port 8000" in output, output
    assert "Nothing was started or stopped" in output
    assert "migrate" not in output and "Traceback" not in output and "stopped the embedded" not in output
    assert elapsed < 20


def test_a_busy_port_is_refused_before_migrating(tmp_path):
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        result, _ = run_ops_run(tmp_path, PORT=str(port))
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert f"port {port} on 127.0.0.1 is already in use" in output and f"PORT={port + 1} ./ops/run" in output, output
    assert "Traceback" not in output and "database:" not in output


def test_an_old_python_is_refused_saying_which_is_needed():
    assert python_problem((3, 11, 0)) is None
    message = python_problem((3, 10, 12))
    assert "Python 3.11 or newer is needed" in message and "3.10.12" in message and "PYTHON=python3.11" in message
