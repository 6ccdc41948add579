from django.apps import AppConfig


class TenantsConfig(AppConfig):
    name = "tenants"
    verbose_name = "省份"

    def ready(self):
        from .middleware import _connect_invalidation

        _connect_invalidation()
