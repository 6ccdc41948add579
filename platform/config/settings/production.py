"""Production settings: secrets must come from the environment."""
from .base import *  # noqa: F401,F403
from .base import env

SECRET_KEY = env("DJANGO_SECRET_KEY")
DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
FIELD_ENCRYPTION_KEYS = env("FIELD_ENCRYPTION_KEYS")
FIELD_HASH_KEY = env("FIELD_HASH_KEY")
AUDIT_HMAC_KEYS = env("AUDIT_HMAC_KEYS")
AUDIT_ANCHOR_FILE = env("AUDIT_ANCHOR_FILE")
# No SMS gateway unless one is configured: messages are dropped with a log line (the recording
# gateway of development would pile them up in a table nobody reads).
SMS_GATEWAY = env("SMS_GATEWAY", default="notifications.sms.NoGateway")
