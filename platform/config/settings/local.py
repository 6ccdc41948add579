"""Settings for ./ops/run and ./ops/manage on a developer's or operator's machine: the only
settings, with test.py, that give the secrets and services development defaults."""
from .base import *  # noqa: F401,F403
from .base import REPO_ROOT, env
from .services import service_settings

DEBUG = env.bool("DJANGO_DEBUG", default=False)

# Development values only: production.py has none and refuses to start without real ones.
DEVELOPMENT_DEFAULTS = {
    "DJANGO_SECRET_KEY": "insecure-development-key-change-me",
    "FIELD_ENCRYPTION_KEYS": "dev1:ZGV2ZWxvcG1lbnQta2V5LW5vdC1mb3ItcHJvZCEhISE=",
    "FIELD_HASH_KEY": "ZGV2ZWxvcG1lbnQtaGFzaC1rZXktbm90LWZvci1wcm9k",
    "AUDIT_HMAC_KEYS": "dev1:ZGV2ZWxvcG1lbnQtYXVkaXQta2V5LW5vdC1mb3ItcHJvZHVjdGlvbiEh",
    "AUDIT_ANCHOR_FILE": str(REPO_ROOT / ".data" / "audit-anchors.jsonl"),
    "BACKUP_ENCRYPTION_KEYS": "dev1:ZGV2ZWxvcG1lbnQtYmFja3VwLWtleS1ub3QtcHJvZCE=",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/partybuild",
    "BASE_DOMAIN": "localhost",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    # No REDIS_URL default: without one the cache is each process's memory (embedded mode).
}
globals().update(service_settings(env, DEVELOPMENT_DEFAULTS))
