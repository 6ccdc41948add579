"""Language and time, Celery and its schedule, the outbox and jobs, the cache, the REST API."""
from celery.schedules import crontab

from .environment import REPO_ROOT, SOURCE_ROOT, env

# The audit chain heads are anchored this often (audit/anchors.py; the beat schedule below).
AUDIT_ANCHOR_INTERVAL_MINUTES = env.int("AUDIT_ANCHOR_INTERVAL_MINUTES", default=60)

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
