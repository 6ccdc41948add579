"""Settings for the test suite: real PostgreSQL and a real broker, no mocks."""
from .base import *  # noqa: F401,F403
from .base import env
from .local import DEVELOPMENT_DEFAULTS
from .services import service_settings

globals().update(service_settings(env, {**DEVELOPMENT_DEFAULTS, "DJANGO_SECRET_KEY": "test-only-secret-key"}))
SECRET_KEY = "test-only-secret-key"
DEBUG = False
ALLOWED_HOSTS = [".localhost", "localhost", "testserver"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A test that needs persistent connections (a fault drill in a subprocess) sets DATABASE_CONN_MAX_AGE.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)  # noqa: F405
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# No anchors unless a test asks for them (tests roll their entries back; the file would not).
AUDIT_ANCHOR_FILE = ""
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SMS_GATEWAY = "notifications.sms.RecordingGateway"
DOCUMENTS_ROOT = env("DOCUMENTS_ROOT", default=str(REPO_ROOT / ".data" / "test-documents"))  # noqa: F405
# The suite's own rule module: a test process on the engine (tests/processes/testland.py).
PROVINCE_RULES_EXTRA_MODULES = ("tests.processes.testland",)
# A second connection to the test database, for tests/tenants/test_replicas.py; unused (no
# router) unless a test puts tenants.replicas.ReplicaRouter in DATABASE_ROUTERS.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
API_TOKEN_CACHE_SECONDS = 0  # tests change tokens in SQL and expect the next request to see it; tests/api/test_token_cache.py turns it on
# Tests change provinces inside their transactions (Province.objects.update, rolled back after):
# no process-wide domain cache in the suite; tests/tenants/test_middleware.py turns it on.
TENANT_DOMAIN_CACHE_SECONDS = 0
