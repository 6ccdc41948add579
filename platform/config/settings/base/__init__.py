"""Settings shared by every environment; values come from the environment (twelve-factor).

Tenancy: the public schema holds the provinces and their domains plus the national
aggregates; every province has its own schema holding its registry and its users.

The settings are split by subject: this module (tenancy, apps, middleware, databases'
routing, personal data, audit, the process engine's documents and messages), ``accounts``
(login, sessions, lockout, second factor, security headers) and ``runtime`` (language and
time, Celery and its schedule, outbox and jobs, cache, the REST API).
"""
from .environment import REPO_ROOT, SOURCE_ROOT, env  # noqa: F401


# The secrets and the services (SECRET_KEY, FIELD_ENCRYPTION_KEYS, FIELD_HASH_KEY, DATABASES,
# ALLOWED_HOSTS, BASE_DOMAIN, CELERY_BROKER_URL, CACHES) have no default here: each of
# local.py, test.py and production.py sets them with services.service_settings.
DEBUG = env.bool("DJANGO_DEBUG", default=False)

DATABASE_ROUTERS = ("django_tenants.routers.TenantSyncRouter",)
# Reads from a standby (tenants/replicas.py), off unless DATABASE_REPLICA_URL is set (its alias
# "replica" comes with the other services, services.py).
DATABASE_REPLICA_MAX_LAG = env.float("DATABASE_REPLICA_MAX_LAG", default=10.0)
DATABASE_REPLICA_PIN_SECONDS = env.int("DATABASE_REPLICA_PIN_SECONDS", default=15)
if env("DATABASE_REPLICA_URL", default=""):
    DATABASE_ROUTERS = ("tenants.replicas.ReplicaRouter", *DATABASE_ROUTERS)  # tenants.replicas.ROUTER

# --- tenancy -------------------------------------------------------------------------
TENANT_MODEL = "tenants.Province"
TENANT_DOMAIN_MODEL = "tenants.Domain"
PUBLIC_SCHEMA_NAME = "public"
PUBLIC_SCHEMA_URLCONF = "config.urls_public"
ROOT_URLCONF = "config.urls"
SHOW_PUBLIC_IF_NO_TENANT_FOUND = False
# django-tenants sends ``SET search_path`` before every statement unless told to send it once per
# connection and schema: it forgets what it set on set_tenant/set_schema, rollback, savepoint
# rollback and close, so the path sent is always the one in force. Each request saved one round trip
# per statement after the first (the case list page: 8 round trips → 5). Safe with session pooling only, as the
# schemas are anyway (ops/deploy/README.md, "Connection pooling").
TENANT_LIMIT_SET_CALLS = True

SHARED_APPS = [
    "django_tenants",
    "tenants",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "accounts.apps.AccountsAdminConfig",  # django.contrib.admin with the role-aware site (accounts.admin_site)
    # Users live in every schema, and so does their login security: a lockout holds in one province.
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "accounts",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "audit",
    "api",
    "national",
    "edge",
    # The web interface's jobs table lives in every schema, as users do: a user of the
    # national domain (deleted in the admin, say) has no jobs, but Django looks for them.
    "web",
    # The inbox too: reminders go to province users only, but deleting any user looks for them.
    "notifications",
    # Tasks queued in a transaction, sent after it commits; public only (one relay for all).
    "outbox",
]
TENANT_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "accounts.apps.AccountsAdminConfig",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "accounts",
    "audit",
    "privacy",
    "regions",
    "registry",
    "submissions",
    "api",
    "imports",
    "indicators",
    "demo",
    "web",
    "processes",
    "notifications",
]
INSTALLED_APPS = list(SHARED_APPS) + [app for app in TENANT_APPS if app not in SHARED_APPS]

MIDDLEWARE = [
    # First: refuses chunked bodies and bad text before anything reads the request; adds
    # Cache-Control: no-store to every answer (edge/middleware.py).
    "edge.middleware.EdgeMiddleware",
    "tenants.middleware.CachedTenantMiddleware",  # django-tenants' TenantMainMiddleware, domains cached
    # Which reads may go to the replica (tenants/replicas.py; inert without DATABASE_REPLICA_URL).
    "tenants.replicas.ReplicaReadsMiddleware",
    "tenants.middleware.RulesMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "accounts.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.AccountSecurityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SOURCE_ROOT / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tenants.context_processors.province",
                "web.context_processors.navigation",
            ],
        },
    }
]

WSGI_APPLICATION = "config.wsgi.application"
# A refused CSRF token: a problem under /api/, the Chinese error page elsewhere (edge.errors).
CSRF_FAILURE_VIEW = "edge.errors.csrf_failure"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- personal data: FIELD_ENCRYPTION_KEYS, FIELD_HASH_KEY (services.py; privacy/crypto.py for rotation)
# Backups per province (tenants.backups): where backup_province writes; the files' keys
# (BACKUP_ENCRYPTION_KEYS) come from config.settings.services. Keep the keys apart from the backups.
BACKUP_DIR = env("BACKUP_DIR", default=str(REPO_ROOT / ".data" / "backups"))

# Background jobs keep personal data this long (web/retention.py; purged every hour).
JOB_UPLOAD_RETENTION_HOURS = env.int("JOB_UPLOAD_RETENTION_HOURS", default=24)
JOB_EXPORT_RETENTION_HOURS = env.int("JOB_EXPORT_RETENTION_HOURS", default=24)
JOB_EXPORT_DELETE_AT_DOWNLOAD = env.bool("JOB_EXPORT_DELETE_AT_DOWNLOAD", default=True)
JOB_REPORT_RETENTION_DAYS = env.int("JOB_REPORT_RETENTION_DAYS", default=7)

# --- audit log (audit/chain.py, audit/anchors.py) ---------------------------------------
# The chain's HMAC keys, "<id>:<base64 of >= 32 bytes>", the first one signs; kept outside the
# database (an environment variable or a secret store), never in it.
# Where the signed chain heads go (one JSON line each); also logged on the "audit.anchor"
# logger. Put it where the database's administrators cannot write. Empty: log only.
# Both come from config.settings.services (required in production, development values in local).
# --- process engine: evidence documents, notifications ----------------------------------
# Documents are stored sealed (privacy.crypto) under DOCUMENTS_ROOT/<schema>/, outside the
# static root; nothing serves that folder: only the case pages and the API read it back.
DOCUMENTS_ROOT = env("DOCUMENTS_ROOT", default=str(REPO_ROOT / ".data" / "documents"))
DOCUMENT_MAX_BYTES = env.int("DOCUMENT_MAX_BYTES", default=20 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# E-mail through Django's backend: the console in development, SMTP by these in production.
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="noreply@localhost")
# SMS through one small interface (notifications.sms): the recording gateway keeps every
# message in the province's outbox table (development, tests); a real gateway is a class
# with send(phone, text) named here.
SMS_GATEWAY = env("SMS_GATEWAY", default="notifications.sms.RecordingGateway")
# Links in e-mails and SMS: scheme and port of the province's domain.
SITE_SCHEME = env("SITE_SCHEME", default="http")
SITE_PORT = env("SITE_PORT", default="8000")

from .accounts import *  # noqa: E402,F401,F403
from .runtime import *  # noqa: E402,F401,F403
