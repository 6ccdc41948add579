"""Production settings: every secret and service comes from the environment; without one
of them the product refuses to start, naming each that is missing."""
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import env
from .services import missing_settings, service_settings

_missing = missing_settings(env)
if _missing:
    raise ImproperlyConfigured(
        "Production settings (config.settings.production) need these environment variables, which are not set:\n  "
        + "\n  ".join(_missing)
        + "\nSet them (see README.md, Operating), or run on a developer's machine with ./ops/run "
        "(DJANGO_SETTINGS_MODULE=config.settings.local)."
    )
globals().update(service_settings(env))

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# No SMS gateway unless one is configured: messages are dropped with a log line (the recording
# gateway of development would pile them up in a table nobody reads).
SMS_GATEWAY = env("SMS_GATEWAY", default="notifications.sms.NoGateway")

# --- Celery on RabbitMQ across hosts (ops/deploy/README.md) -------------------------------
# Quorum queues (replicated on a RabbitMQ cluster, survive a broker node), tasks acknowledged
# after they ran (CELERY_TASK_ACKS_LATE, base.py) and redelivered when a worker dies mid-task,
# one task fetched at a time (prefetch 1, base.py), publishes confirmed by the broker.
if CELERY_BROKER_URL.startswith(("amqp", "pyamqp")):  # noqa: F405
    CELERY_TASK_DEFAULT_QUEUE_TYPE = env("CELERY_TASK_DEFAULT_QUEUE_TYPE", default="quorum")
    CELERY_TASK_CREATE_MISSING_QUEUE_TYPE = CELERY_TASK_DEFAULT_QUEUE_TYPE
    CELERY_WORKER_DETECT_QUORUM_QUEUES = True
    CELERY_BROKER_TRANSPORT_OPTIONS = {"confirm_publish": True}
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Results are stored only when a backend is configured: the product reads none (jobs keep
# their state in the jobs table), so CELERY_RESULT_BACKEND stays unset unless a tool needs it.
CELERY_TASK_IGNORE_RESULT = not CELERY_RESULT_BACKEND  # noqa: F405
# Beat on every host, active on one: the holder of a PostgreSQL advisory lock (tenants/beat.py).
CELERY_BEAT_SCHEDULER = "tenants.beat:SingleBeatScheduler"
CELERY_BEAT_SCHEDULE_FILENAME = env("CELERY_BEAT_SCHEDULE_FILENAME", default="/var/lib/partybuild/celerybeat-schedule")
