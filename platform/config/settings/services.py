"""The settings that name the services and hold the secrets: secret key, encryption and hash
keys, database, allowed hosts, base domain, broker, cache.

None of them has a default here: ``local.py`` and ``test.py`` pass development defaults, and
``production.py`` passes none and refuses to start, naming every one that is missing
(``missing_settings``)."""
from __future__ import annotations

from urllib.parse import unquote

# Environment variable → what it is, in the order an operator would set them.
REQUIRED_IN_PRODUCTION = {
    "DJANGO_SECRET_KEY": "secret key (Django signing: sessions, CSRF, password reset)",
    "FIELD_ENCRYPTION_KEYS": "encryption keys of personal data (id:base64-key[,id:key...])",
    "FIELD_HASH_KEY": "hash key of personal data (lookups by ID number)",
    "DATABASE_URL": "database (postgres://user:password@host:port/name)",
    "DJANGO_ALLOWED_HOSTS": "allowed hosts (e.g. dangjian.example.org,.dangjian.example.org)",
    "BASE_DOMAIN": "base domain (provinces are served on <code>.<BASE_DOMAIN>)",
    "CELERY_BROKER_URL": "broker (redis://... or amqp://...)",
    "REDIS_URL": "cache of the API throttling (redis://host:6379/1)",
    "AUDIT_HMAC_KEYS": "keys of the audit chain's HMAC (id:base64-key[,id:key...])",
    "AUDIT_ANCHOR_FILE": "file the signed heads of the audit chain are appended to (outside the database)",
    "BACKUP_ENCRYPTION_KEYS": "keys of the province backups (id:base64-key[,id:key...]; the first encrypts)",
}


def missing_settings(env) -> list[str]:
    return [f"{name}: {what}" for name, what in REQUIRED_IN_PRODUCTION.items() if not env(name, default="").strip()]


def service_settings(env, defaults: dict[str, str] | None = None) -> dict:
    """The settings module's values for the services and secrets, from the environment, else
    from ``defaults`` (keyed by environment variable; only local and test settings pass any)."""
    defaults = defaults or {}

    def value(name: str) -> str:
        return env(name, default="") or defaults.get(name, "")

    base_domain = value("BASE_DOMAIN")
    hosts = value("DJANGO_ALLOWED_HOSTS")
    database = env.db_url_config(value("DATABASE_URL"), engine="django_tenants.postgresql_backend") if value("DATABASE_URL") else {}
    if database:
        # A Unix-socket directory comes percent-encoded in the URL's host (the embedded PostgreSQL).
        database["HOST"] = unquote(database.get("HOST", ""))
        database.setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
        # A kept connection is checked before reuse: after PostgreSQL restarts, the first
        # request reconnects instead of failing on the dead connection.
        database.setdefault("CONN_HEALTH_CHECKS", env.bool("DATABASE_CONN_HEALTH_CHECKS", default=True))
        # High availability (ops/deploy/README.md): DATABASE_URL may name several hosts,
        # postgres://u@db1:6432,db2:6432/partybuild?target_session_attrs=read-write; libpq connects to
        # whichever accepts writes, giving up on a host after connect_timeout seconds.
        database.setdefault("OPTIONS", {}).setdefault("connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5))
        # JIT off: PostgreSQL compiles a statement whose cost *estimate* passes jit_above_cost, and the
        # indicators' statements (every criterion compiled in FILTER clauses) are estimated far above
        # it: at Guangdong's size compiling took 6.6 s of an 11.7 s dashboard (bench operation 1).
        # Nothing here is long enough to win it back.
        options = database.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()
    broker = value("CELERY_BROKER_URL")
    result = {
        "SECRET_KEY": value("DJANGO_SECRET_KEY"),
        "FIELD_ENCRYPTION_KEYS": value("FIELD_ENCRYPTION_KEYS"),
        "FIELD_HASH_KEY": value("FIELD_HASH_KEY"),
        "AUDIT_HMAC_KEYS": value("AUDIT_HMAC_KEYS"),
        "AUDIT_ANCHOR_FILE": value("AUDIT_ANCHOR_FILE"),
        "BACKUP_ENCRYPTION_KEYS": value("BACKUP_ENCRYPTION_KEYS"),
        "BASE_DOMAIN": base_domain,
        "ALLOWED_HOSTS": [host.strip() for host in hosts.split(",") if host.strip()] if hosts
        else [base_domain, f".{base_domain}"] if base_domain else [],
        "DATABASES": {"default": database, **replica_database(env, database)} if database else {},
        "CELERY_BROKER_URL": broker,
        "CELERY_RESULT_BACKEND": env("CELERY_RESULT_BACKEND", default="") or (broker if broker.startswith("redis") else None),
        "REDIS_URL": value("REDIS_URL"),
        "CACHES": caches(value("REDIS_URL"), timeout=env.float("CACHE_TIMEOUT_SECONDS", default=0.5)),
    }
    if env("CELERY_BROKER_FOLDER", default=""):
        # The embedded broker of ./ops/run when no Redis or RabbitMQ answers.
        result["CELERY_BROKER_TRANSPORT_OPTIONS"] = {
            "data_folder_in": env("CELERY_BROKER_FOLDER"), "data_folder_out": env("CELERY_BROKER_FOLDER"),
        }
    return result


def replica_database(env, default: dict) -> dict:
    """The alias "replica" for DATABASE_REPLICA_URL (tenants/replicas.py), or nothing."""
    url = env("DATABASE_REPLICA_URL", default="")
    if not url:
        return {}
    replica = env.db_url_config(url, engine="django_tenants.postgresql_backend")
    replica["HOST"] = unquote(replica.get("HOST", ""))
    replica.setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
    replica.update(CONN_MAX_AGE=default["CONN_MAX_AGE"], CONN_HEALTH_CHECKS=True, TEST={"MIRROR": "default"})
    return {"replica": replica}


def caches(redis_url: str, *, timeout: float) -> dict:
    """Redis at ``redis_url`` when given, else a per-process memory cache (embedded mode).
    Keys carry the schema (django-tenants). Every Redis call gives up after ``timeout``
    seconds, without retrying; api/throttling.py then skips the cache for a while."""
    keys = {"KEY_FUNCTION": "django_tenants.cache.make_key", "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key"}
    if not redis_url:
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", **keys}}
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    return {"default": {
        "BACKEND": "config.cache.RedisCache",  # Django's, one Redis client per pool (config/cache.py)
        "LOCATION": redis_url,
        "OPTIONS": {"socket_connect_timeout": timeout, "socket_timeout": timeout, "retry": Retry(NoBackoff(), 0)},
        **keys,
    }}
