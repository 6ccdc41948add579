"""URLs of the national (public) domain: aggregates only, never a person's record."""
from django.urls import path

from tenants import views as tenant_views

urlpatterns = [
    path("", tenant_views.national_home, name="national-home"),
    path("healthz", tenant_views.healthz, name="healthz"),
]
