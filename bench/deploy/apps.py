from django.apps import AppConfig


class BenchDeployConfig(AppConfig):
    name = "bench.deploy"
    label = "bench_deploy"
    default_auto_field = "django.db.models.BigAutoField"
