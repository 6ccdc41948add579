"""Settings shared by every environment; values come from the environment (twelve-factor).

Tenancy: the public schema holds the provinces and their domains plus the national
aggregates; every province has its own schema holding its registry and its users.
"""
from pathlib import Path
import environ
from celery.schedules import crontab

REPO_ROOT = Path(__file__).resolve().parents[3]
SOURCE_ROOT = REPO_ROOT / "platform"

env = environ.Env()
environ.Env.read_env(REPO_ROOT / ".env", overwrite=False)

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
AUDIT_ANCHOR_INTERVAL_MINUTES = env.int("AUDIT_ANCHOR_INTERVAL_MINUTES", default=60)
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

# --- login, sessions, lockout, second factor (accounts) ------------------------------
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

AUTHENTICATION_BACKENDS = [
    # First: refuses every login path (web, admin, any authenticate() call) while the account is locked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Admin permissions come from roles (accounts.admin_site.ADMIN_POLICY).
    "accounts.admin_site.RolePermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "accounts.validators.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "accounts.validators.PatternValidator", "OPTIONS": {"min_score": 3}},
    {"NAME": "accounts.validators.PasswordHistoryValidator"},
]
# A new password may not be one of the last N (accounts.models.PasswordHistory).
PASSWORD_HISTORY_COUNT = env.int("PASSWORD_HISTORY_COUNT", default=5)

# Idle sessions end after 30 minutes: every request pushes the expiry 30 minutes on.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
# However busy, a session ends this long after its login (accounts.middleware): log in again.
SESSION_ABSOLUTE_AGE = env.int("SESSION_ABSOLUTE_AGE_HOURS", default=12) * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# 5 failed logins lock the account for 30 minutes; 30 from one client address (over any
# usernames: password spraying) lock that address (accounts/lockout.py: a committee's staff
# share an office's address, so its limit is higher). The attempts live in the schema of the
# domain the login came to, so a lockout holds in one province only. The security
# administrator releases one on the page 登录锁定 (/security/lockouts/).
AXES_FAILURE_LIMIT = 5
LOGIN_FAILURE_LIMIT_PER_ADDRESS = env.int("LOGIN_FAILURE_LIMIT_PER_ADDRESS", default=30)
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "accounts.lockout.LockoutHandler"
# The client address axes counts: REMOTE_ADDR here; behind N reverse proxies, set
# TRUSTED_PROXY_COUNT=N so that it is the first address X-Forwarded-For names before them
# (else every login would come from the proxy and spraying from anywhere would lock everyone).
if env.int("TRUSTED_PROXY_COUNT", default=0):
    AXES_IPWARE_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT")
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_SENSITIVE_PARAMETERS = ["password", "otp_token", "token"]
AXES_VERBOSE = False

OTP_TOTP_ISSUER = "社会组织党建工作平台"
# No django-otp delay after a wrong code (its default doubles from 1 s per failure and refuses
# even a correct code typed right after a typo): failures of the second factor count towards
# axes' lockout of the username (5, with the password's), which is the brute-force limit.
OTP_TOTP_THROTTLE_FACTOR = 0

# --- security headers on every response ----------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# accounts.middleware.SecurityHeadersMiddleware sends these (Django has no built-in CSP).
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],  # the Django admin still has style attributes
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# --- language and time ---------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env("STATIC_ROOT", default=str(REPO_ROOT / ".data" / "static"))
STATICFILES_DIRS = [SOURCE_ROOT / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# --- Celery (tenant-aware through tenant-schemas-celery) ------------------------------
# CELERY_BROKER_URL, CELERY_RESULT_BACKEND (and the embedded broker's folder): services.py.
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# A message is acknowledged after its task ran, and given back to the broker when the worker
# process running it dies (SIGKILL, out of memory): a task is never lost by a dying worker,
# so every task must be idempotent (jobs claim their row first: web.services.job_run).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Short waits on a broker that is down; the outbox (outbox/) keeps what could not be sent.
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=2.0)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None  # a worker waits for its broker to come back
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2
CELERY_REDIS_SOCKET_TIMEOUT = 5
CELERY_BEAT_SCHEDULER = "tenant_schemas_celery.scheduler:TenantAwarePersistentScheduler"
CELERY_BEAT_SCHEDULE_FILENAME = str(REPO_ROOT / ".data" / "celerybeat-schedule")
# Entries without "tenant_schemas" run once in every province schema.
CELERY_BEAT_SCHEDULE: dict = {}

# --- outbox and jobs: nothing queued is lost, no job waits for ever ---------------------
# The relay publishes what was never sent or never acknowledged (outbox/).
OUTBOX_RELAY_SECONDS = env.float("OUTBOX_RELAY_SECONDS", default=10)
# A message published but not acknowledged (its task finished) after this is sent again.
OUTBOX_REDELIVER_AFTER = env.int("OUTBOX_REDELIVER_AFTER", default=600)
OUTBOX_RETRY_MAX_SECONDS = env.int("OUTBOX_RETRY_MAX_SECONDS", default=300)
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=10)
OUTBOX_KEEP_DAYS = env.int("OUTBOX_KEEP_DAYS", default=7)
# A running job writes a heartbeat this often; one silent for JOB_STALE_AFTER seconds lost its
# worker: the sweeper runs it again, up to JOB_MAX_ATTEMPTS runs, then marks it failed with
# the reason. A job queued for JOB_QUEUED_TIMEOUT seconds without starting fails too.
JOB_HEARTBEAT_SECONDS = env.float("JOB_HEARTBEAT_SECONDS", default=10)
JOB_STALE_AFTER = env.int("JOB_STALE_AFTER", default=120)
JOB_MAX_ATTEMPTS = env.int("JOB_MAX_ATTEMPTS", default=3)
JOB_QUEUED_TIMEOUT = env.int("JOB_QUEUED_TIMEOUT", default=6 * 60 * 60)
JOB_SWEEP_SECONDS = env.float("JOB_SWEEP_SECONDS", default=60)
CELERY_BEAT_SCHEDULE["outbox-relay"] = {
    "task": "outbox.relay",
    "schedule": OUTBOX_RELAY_SECONDS,
    "options": {"expires": max(OUTBOX_RELAY_SECONDS * 3, 30)},
    "tenant_schemas": ["public"],
}
CELERY_BEAT_SCHEDULE["web-jobs-sweep"] = {
    # No "tenant_schemas": runs in every province's schema.
    "task": "web.jobs_sweep",
    "schedule": JOB_SWEEP_SECONDS,
    "options": {"expires": max(JOB_SWEEP_SECONDS * 2, 30)},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- cache (throttling) ---------------------------------------------------------------
# CACHES from REDIS_URL (services.caches): Redis when set (./ops/run and ./ops/test set it
# when Redis answers here), else a per-process memory cache (embedded mode). Every Redis call
# gives up after CACHE_TIMEOUT_SECONDS, and a failing cache is skipped for CACHE_RETRY_SECONDS
# (api/throttling.py): the API keeps answering and /healthz reports the cache down within 2 s.
CACHE_RETRY_SECONDS = env.float("CACHE_RETRY_SECONDS", default=5.0)

# --- REST API (api/: province API under /api/v1/, national API under /api/v1/national/) ---
# Request bodies above this size are refused (413 problem); the largest page a client may ask for.
# The longest string any request may carry in one field (JSON value, form field, query
# parameter, spreadsheet cell); fields with a tighter bound of their own check that too.
EDGE_MAX_TEXT_LENGTH = env.int("EDGE_MAX_TEXT_LENGTH", default=10_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2 * 1024 * 1024)
API_PAGE_SIZE = env.int("API_PAGE_SIZE", default=50)
API_MAX_PAGE_SIZE = env.int("API_MAX_PAGE_SIZE", default=500)
# Requests per token (or per staff user) and period, for reads and for writes.
API_THROTTLE_RATES = {
    "read": env("API_THROTTLE_READ", default="1200/min"),
    "write": env("API_THROTTLE_WRITE", default="300/min"),
}
# Tokens expire this many days after they are issued unless told otherwise (1 to 3650).
API_TOKEN_DEFAULT_EXPIRY_DAYS = env.int("API_TOKEN_DEFAULT_EXPIRY_DAYS", default=365)
# How long a stored answer to an Idempotency-Key is replayed.
API_IDEMPOTENCY_TTL_HOURS = env.int("API_IDEMPOTENCY_TTL_HOURS", default=24)
# A token found by its prefix is kept in the cache (Redis) this long, so that a request does not
# read it again; revoking it (api_token_revoke) or saving it removes it at once. A change made
# around the application (an UPDATE in SQL) is seen within this time. 0: no cache.
API_TOKEN_CACHE_SECONDS = env.int("API_TOKEN_CACHE_SECONDS", default=30)
# A domain's province is kept in each web process this long (tenants.middleware); a change made
# in that process is seen at once, one made elsewhere within this time. 0: no cache.
TENANT_DOMAIN_CACHE_SECONDS = env.int("TENANT_DOMAIN_CACHE_SECONDS", default=60)
# National aggregates: cells counting fewer organizations than this are suppressed.
NATIONAL_MIN_CELL = env.int("NATIONAL_MIN_CELL", default=5)
# Zeros are published: a count of 0 identifies no organization or person (domain.md §5
# suppresses cells small enough to identify one, i.e. 1 to NATIONAL_MIN_CELL - 1). True
# suppresses them too.
NATIONAL_SUPPRESS_ZERO = env.bool("NATIONAL_SUPPRESS_ZERO", default=False)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.HasPermission"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Cursor",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer", "rest_framework.renderers.BrowsableAPIRenderer"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.LimitedJSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.problems.problem_exception_handler",
    "DATETIME_FORMAT": "iso-8601",
    "COERCE_DECIMAL_TO_STRING": False,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "社会组织党建工作平台 API",
    "DESCRIPTION": (
        "省级接口（各省域名下 /api/v1/）：台账读写、指标、规则评估；全国接口（全国域名下 /api/v1/national/）："
        "各省汇总指标，小于最小单元的数值不公开。认证：`Authorization: Bearer <令牌>`。错误为 application/problem+json（RFC 9457）。"
    ),
    "VERSION": "1.0.0",
    "OAS_VERSION": "3.0.3",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One name per choice set shared by several fields (the same codes in the registry and in the rules' facts).
    "ENUM_NAME_OVERRIDES": {
        "OrganizationKindEnum": "registry.models.SocialOrganization.Kind",
        "OrganizationStatusEnum": "registry.models.SocialOrganization.Status",
        "RegistrationLevelEnum": "registry.models.SocialOrganization.Level",
        "SupervisorKindEnum": "registry.models.Supervisor.Kind",
        "ActivityKindEnum": "registry.models.ActivityKind",
        "MemberStatusEnum": "registry.models.Member.Status",
        "MemberRelationEnum": "registry.models.Member.Relation",
        "MemberRoleEnum": "registry.models.Member.Role",
        "PartyOrganizationLevelEnum": "registry.models.PartyOrganization.Level",
        "PartyOrganizationFormEnum": "registry.models.PartyOrganization.Form",
        "RegionLevelEnum": "regions.models.Region.Level",
        "GradeEnum": "registry.models.Grade",
        "InspectionResultEnum": "registry.models.AnnualInspection.Result",
        "NationalGroupingEnum": "national.models.NationalSnapshot.Grouping",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_problem_responses",
    ],
}

CELERY_BEAT_SCHEDULE["api-idempotency-records-purge"] = {
    # No "tenant_schemas": runs in every province's schema.
    "task": "api.idempotency_records_purge",
    "schedule": 60 * 60 * 24,
    "options": {"expires": 60 * 60},
}
CELERY_BEAT_SCHEDULE["national-snapshots-copy"] = {
    # Runs once, in the public schema; it visits every province itself.
    "task": "national.snapshots_copy",
    "schedule": 60 * 60 * 6,
    "options": {"expires": 60 * 60},
    "tenant_schemas": ["public"],
}

CELERY_BEAT_SCHEDULE["notifications-reminders"] = {
    # No "tenant_schemas": every province's schema, every hour; each reminder is sent once
    # per (subject, reason, period) however often this runs.
    "task": "notifications.reminders_run",
    "schedule": 60 * 60,
    "options": {"expires": 60 * 30},
}

CELERY_BEAT_SCHEDULE["indicators-daily-snapshot"] = {
    # No "tenant_schemas": runs once in every province's schema, after midnight (Asia/Shanghai).
    "task": "indicators.take_snapshot",
    "schedule": crontab(hour=1, minute=30),
    "options": {"expires": 60 * 60 * 12},
}

CELERY_BEAT_SCHEDULE["audit-anchor-heads"] = {
    # Runs once, in the public schema; it anchors public and every province itself.
    "task": "audit.anchor_heads",
    "schedule": 60 * AUDIT_ANCHOR_INTERVAL_MINUTES,
    "options": {"expires": 60 * AUDIT_ANCHOR_INTERVAL_MINUTES},
    "tenant_schemas": ["public"],
}

CELERY_BEAT_SCHEDULE["web-job-payloads-purge"] = {
    # No "tenant_schemas": runs in every province's schema.
    "task": "web.job_payloads_purge",
    "schedule": 60 * 60,
    "options": {"expires": 60 * 30},
}
