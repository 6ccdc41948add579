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
