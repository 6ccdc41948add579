"""Settings of the Celery beat the reminders test starts: the test settings with one entry,
the reminders pass every second in Anhui at a fixed date, on the test's own queue."""
import os

from config.settings.test import *  # noqa: F401,F403

CELERY_BEAT_SCHEDULER = "tenant_schemas_celery.scheduler:TenantAwarePersistentScheduler"
CELERY_BEAT_SCHEDULE = {
    "notifications-reminders": {
        "task": "notifications.reminders_run",
        "schedule": 1.0,
        "kwargs": {"as_of": os.environ["REMINDERS_AS_OF"]},
        "tenant_schemas": [os.environ.get("REMINDERS_SCHEMA", "anhui")],
        "options": {"queue": os.environ["CELERY_TASK_DEFAULT_QUEUE"], "expires": 30},
    },
}
