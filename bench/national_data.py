"""The national size (``./ops/bench --size national``): all 31 provinces at realistic sizes,
about 870,000 organizations, generated once into a *template database* and cloned for each run.

Sizes: Jilin, Anhui and Guangdong as issue 21 gives them; the others are our estimates of
each province's registered social organizations (the order of magnitude of the civil affairs
statistics: the coastal provinces largest, Tibet smallest), summing to about 870,000.

The template (``partybuild_benchtpl_<key>``) is keyed by a hash of what decides its content:
the generator's code (platform/demo), this module and the build's, every migration and model
of the project, and the sizes. A run finds it, or builds it (about 10 minutes on an idle
2-core machine, two generator processes), then clones it with ``CREATE DATABASE … TEMPLATE``
(a file copy: seconds per GB). Templates of other keys are dropped when a new one is built,
so one stays on disk. A build interrupted half-way leaves ``…_wip``, dropped by the next build.

Each province's schema is made by DDL replay of one provisioned schema (bench.clone), except
Guangdong and Jilin, provisioned by ``province_provision`` as in the other sizes; every
province is then filled by the demo generator at its own size, with its own regions (placeholder
cities where tenants/data/regions.csv has none: it ships Jilin's, Anhui's and Guangdong's) and rules,
and takes its indicator snapshots (the month starts of ``SNAPSHOT_MONTHS`` and today).
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]

SIZES = {
    "beijing": 13_500, "tianjin": 6_500, "hebei": 31_000, "shanxi": 15_500, "neimenggu": 16_000,
    "liaoning": 28_000, "jilin": 20_000, "heilongjiang": 17_000, "shanghai": 17_500, "jiangsu": 80_000,
    "zhejiang": 68_000, "anhui": 35_000, "fujian": 34_000, "jiangxi": 25_000, "shandong": 62_000,
    "henan": 47_000, "hubei": 33_000, "hunan": 38_000, "guangdong": 75_000, "guangxi": 28_000,
    "hainan": 8_000, "chongqing": 18_500, "sichuan": 44_000, "guizhou": 15_000, "yunnan": 26_000,
    "xizang": 1_000, "shaanxi": 28_000, "gansu": 18_000, "qinghai": 5_000, "ningxia": 6_000,
    "xinjiang": 12_000,
}
TOTAL = sum(SIZES.values())
PROVISIONED = ("guangdong", "jilin")  # by province_provision; the others by DDL replay of the first
SNAPSHOT_MONTHS = 1
TEMPLATE_PREFIX = "partybuild_benchtpl_"
SCALE_ENV = "BENCH_NATIONAL_SCALE"  # e.g. 0.01 for a trial of the machinery (tests/bench); 1 for real


def scale() -> float:
    return float(os.environ.get(SCALE_ENV, "1"))


def sizes() -> dict[str, int]:
    factor = scale()
    return {code: max(60, int(count * factor)) for code, count in SIZES.items()}


def _hashed_files() -> list[Path]:
    files = sorted((REPO_ROOT / "platform" / "demo").rglob("*.py"))
    files += [REPO_ROOT / "bench" / name for name in ("national_data.py", "national_build.py", "clone.py", "settings.py")]
    files += sorted((REPO_ROOT / "bench" / "deploy").rglob("*.py"))
    for root in (REPO_ROOT / "platform", REPO_ROOT / "tenants", REPO_ROOT / "api"):
        files += sorted(root.rglob("migrations/*.py")) + sorted(root.rglob("models.py")) + sorted(root.rglob("models/*.py"))
    files += sorted((REPO_ROOT / "province_rules").rglob("*.py")) + sorted((REPO_ROOT / "platform" / "indicators").rglob("*.py"))
    return [path for path in files if path.is_file()]


def template_key() -> str:
    digest = hashlib.sha256()
    for path in _hashed_files():
        digest.update(str(path.relative_to(REPO_ROOT)).encode())
        digest.update(path.read_bytes())
    digest.update(repr(sorted(sizes().items())).encode())
    digest.update(str(SNAPSHOT_MONTHS).encode())
    return digest.hexdigest()[:12]


def template_name() -> str:
    return f"{TEMPLATE_PREFIX}{template_key()}"


def _databases(server) -> set[str]:
    connection = server.connect("postgres")
    with connection.cursor() as cursor:
        cursor.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", [TEMPLATE_PREFIX + "%"])
        names = {row[0] for row in cursor.fetchall()}
    connection.close()
    return names


def _admin(server, statement: str) -> None:
    connection = server.connect("postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(statement)
    connection.close()


def template_ensure(server, log) -> tuple[str, bool, float]:
    """The template database's name, whether this run built it, and the build's seconds."""
    name = template_name()
    if name in _databases(server):
        log(f"national template {name} found: reused")
        return name, False, 0.0
    for stale in _databases(server):  # other keys, and a build that did not finish
        log(f"dropping stale template {stale}")
        _admin(server, f'DROP DATABASE IF EXISTS "{stale}" WITH (FORCE)')
    building = f"{name}_wip"
    _admin(server, f'CREATE DATABASE "{building}"')
    started = time.monotonic()
    log(f"building national template {name}: 31 provinces, {sum(sizes().values()):,} organizations")
    environment = dict(os.environ, DATABASE_URL=server.url(building), DJANGO_SETTINGS_MODULE="bench.settings",
                       LOG_LEVEL="WARNING")
    subprocess.run([sys.executable, "-m", "bench.national_build"], cwd=REPO_ROOT, env=environment, check=True)
    _admin(server, f'ALTER DATABASE "{building}" RENAME TO "{name}"')
    seconds = time.monotonic() - started
    log(f"national template built in {seconds:.0f} s")
    return name, True, seconds


def database_from_template(server, name: str, template: str) -> None:
    """The run's database as a copy of the template (FILE_COPY: copies the files, not the WAL)."""
    _admin(server, f'DROP DATABASE IF EXISTS "{name}"')
    _admin(server, f'CREATE DATABASE "{name}" TEMPLATE "{template}" STRATEGY FILE_COPY')


def database_bytes(server, name: str) -> int:
    connection = server.connect("postgres")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(%s)", [name])
        size = cursor.fetchone()[0]
    connection.close()
    return size
