from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "outbox"
    verbose_name = "任务发件箱"

    def ready(self):
        from . import signals  # noqa: F401  (acknowledges messages when their task finishes)
