"""Production settings pass Django's deployment checklist without a single warning."""
import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy_on_production_settings_is_clean():
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
        FIELD_ENCRYPTION_KEYS=f"prod1:{base64.b64encode(os.urandom(32)).decode()}",
        FIELD_HASH_KEY=base64.b64encode(os.urandom(32)).decode(),
        AUDIT_HMAC_KEYS=f"prod1:{base64.b64encode(os.urandom(32)).decode()}",
        AUDIT_ANCHOR_FILE="/var/log/partybuild/audit-anchors.jsonl",
        BACKUP_ENCRYPTION_KEYS=f"backup1:{base64.b64encode(os.urandom(32)).decode()}",
        DJANGO_ALLOWED_HOSTS="dangjian.example.org,.dangjian.example.org",
        BASE_DOMAIN="dangjian.example.org",
        PYTHONPATH=f"{REPO_ROOT / 'platform'}:{REPO_ROOT}",
    )
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output
    assert "WARNING" not in output.upper().replace("--FAIL-LEVEL WARNING", ""), output


def test_production_settings_harden_cookies_and_transport():
    """The values check --deploy looks at, plus the ones it does not (session length, CSP)."""
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.production", DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
               FIELD_ENCRYPTION_KEYS=f"p:{base64.b64encode(os.urandom(32)).decode()}",
               FIELD_HASH_KEY=base64.b64encode(os.urandom(32)).decode(),
               AUDIT_HMAC_KEYS=f"p:{base64.b64encode(os.urandom(32)).decode()}", AUDIT_ANCHOR_FILE="/tmp/anchors.jsonl",
               BACKUP_ENCRYPTION_KEYS=f"b:{base64.b64encode(os.urandom(32)).decode()}",
               PYTHONPATH=f"{REPO_ROOT / 'platform'}:{REPO_ROOT}")
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS >= 31536000,"
        " s.SESSION_COOKIE_AGE, s.SESSION_SAVE_EVERY_REQUEST, s.SESSION_COOKIE_HTTPONLY, s.DEBUG,"
        " \"default-src\" in s.CONTENT_SECURITY_POLICY, s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME)"
    )
    result = subprocess.run([sys.executable, "-c", f"import django; django.setup(); {code}"], cwd=REPO_ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.stdout.split() == ["True", "True", "True", "True", "1800", "True", "True", "False", "True", "5", "0.5"], result.stderr
