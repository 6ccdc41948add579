"""The province URLconf (config.urls) plus ``/bench/ping``, the trivial endpoint of the same stack."""
from django.urls import path

from config.urls import urlpatterns as province_urlpatterns

from .views import BenchPingApi

urlpatterns = [path("bench/ping", BenchPingApi.as_view(), name="bench-ping"), *province_urlpatterns]
