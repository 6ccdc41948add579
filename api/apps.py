from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "接口"

    def ready(self):
        # The OpenAPI extension that documents bearer tokens registers itself on import.
        from . import schema  # noqa: F401
