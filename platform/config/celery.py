"""The Celery app. Tasks queued inside a province run inside that province's schema
(tenant-schemas-celery carries the schema in the message headers)."""
import os

from tenant_schemas_celery.app import CeleryApp

# Production unless told otherwise (./ops/run sets config.settings.local).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

app = CeleryApp("partybuild", task_cls="tenants.tasks:ProvinceTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
