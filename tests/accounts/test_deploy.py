"""Production fails closed: it refuses to start without each of its secrets and services,
every entry point uses it unless told otherwise, and it passes Django's deployment
checklist without a single warning."""
import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from config.settings.services import REQUIRED_IN_PRODUCTION

REPO_ROOT = Path(__file__).resolve().parents[2]
SECRET_NAMES = ("DJANGO_SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "FIELD_HASH_KEY")


def bare_environment() -> dict:
    """The test process's environment without any of the product's settings."""
    env = {name: value for name, value in os.environ.items()
           if name not in REQUIRED_IN_PRODUCTION and name not in ("DJANGO_SETTINGS_MODULE", "CELERY_RESULT_BACKEND")}
    env["PYTHONPATH"] = f"{REPO_ROOT / 'platform'}:{REPO_ROOT}"
    return env


def production_environment(**overrides) -> dict:
    env = bare_environment()
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
        FIELD_ENCRYPTION_KEYS=f"prod1:{base64.b64encode(os.urandom(32)).decode()}",
        FIELD_HASH_KEY=base64.b64encode(os.urandom(32)).decode(),
        AUDIT_HMAC_KEYS=f"prod1:{base64.b64encode(os.urandom(32)).decode()}",
        AUDIT_ANCHOR_FILE="/var/log/partybuild/audit-anchors.jsonl",
        DATABASE_URL="postgres://partybuild@db.example.org:5432/partybuild",
        BACKUP_ENCRYPTION_KEYS=f"backup1:{base64.b64encode(os.urandom(32)).decode()}",
        DJANGO_ALLOWED_HOSTS="dangjian.example.org,.dangjian.example.org",
        BASE_DOMAIN="dangjian.example.org",
        CELERY_BROKER_URL="amqp://partybuild@mq.example.org:5672//",
        REDIS_URL="redis://cache.example.org:6379/1",
    )
    env.update(overrides)
    return env


def run(args, env, timeout=120):
    return subprocess.run(args, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=timeout)


def test_check_deploy_on_production_settings_is_clean():
    result = run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_environment())
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output
    assert "WARNING" not in output.upper().replace("--FAIL-LEVEL WARNING", ""), output


def test_production_settings_harden_cookies_and_transport():
    """The values check --deploy looks at, plus the ones it does not (session length, CSP)."""
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS >= 31536000,"
        " s.SESSION_COOKIE_AGE, s.SESSION_SAVE_EVERY_REQUEST, s.SESSION_COOKIE_HTTPONLY, s.DEBUG,"
        " \"default-src\" in s.CONTENT_SECURITY_POLICY, s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME)"
    )
    result = run([sys.executable, "-c", f"import django; django.setup(); {code}"], production_environment())
    assert result.stdout.split() == ["True", "True", "True", "True", "1800", "True", "True", "False", "True", "5", "0.5"], result.stderr


def test_production_refuses_to_start_naming_every_missing_setting():
    env = bare_environment()
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
    result = run([sys.executable, "manage.py", "check"], env)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    for name in REQUIRED_IN_PRODUCTION:
        assert name in result.stderr, (name, result.stderr)


@pytest.mark.parametrize("name", list(REQUIRED_IN_PRODUCTION))
def test_production_names_the_one_setting_that_is_missing(name):
    env = production_environment()
    del env[name]
    result = run([sys.executable, "manage.py", "check"], env)
    assert result.returncode == 2
    named = [other for other in REQUIRED_IN_PRODUCTION if other in result.stderr]
    assert named == [name], result.stderr


@pytest.mark.parametrize("entry_point", [
    [sys.executable, "manage.py", "check"],
    [sys.executable, "-c", "import config.wsgi"],
    [sys.executable, "-c", "import config.celery, os; print(os.environ['DJANGO_SETTINGS_MODULE']); "
                           "config.celery.app.loader.read_configuration(); import django; django.setup()"],
])
def test_every_entry_point_uses_production_settings_unless_told_otherwise(entry_point):
    result = run(entry_point, bare_environment())
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr and "FIELD_HASH_KEY" in result.stderr, result.stdout + result.stderr


def test_no_secret_has_a_default_outside_local_and_test_settings():
    """base/ (every module of it) and production.py hold no secret value: only the names of the variables."""
    from config.settings.local import DEVELOPMENT_DEFAULTS

    folder = REPO_ROOT / "platform/config/settings"
    modules = sorted(str(path.relative_to(folder)) for path in (folder / "base").glob("*.py")) + ["production.py", "services.py"]
    assert "base/__init__.py" in modules and len(modules) > 3
    for module in modules:
        text = (folder / module).read_text(encoding="utf-8")
        for name in SECRET_NAMES:
            assert DEVELOPMENT_DEFAULTS[name] not in text, (module, name)
        assert "insecure" not in text and "test-only" not in text, module
