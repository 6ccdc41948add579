"""URLs of the national (public) domain: aggregates only, never a person's record."""
from django.urls import include, path

from accounts import urls as account_urls
from tenants import views as tenant_views

urlpatterns = [
    path("", tenant_views.national_home, name="national-home"),
    path("healthz", tenant_views.healthz, name="healthz"),
    path("accounts/", include((account_urls.urlpatterns, "accounts"))),
    path("api/v1/national/", include("api.national.urls")),
]
