"""URLs of the national (public) domain: aggregates only, never a person's record."""
from django.urls import include, path

from accounts import urls as account_urls
from tenants import views as tenant_views
from web import urls as web_urls
from web.views import national as web_national

urlpatterns = [
    path("", web_national.national_home, name="national-home"),
    path("healthz", tenant_views.healthz, name="healthz"),
    path("accounts/", include((account_urls.urlpatterns, "accounts"))),
    path("api/v1/national/", include("api.national.urls")),
    path("", include((web_urls.national_urlpatterns, "web"))),
]

# A database that went away answers 503 even before any view runs (tenants.views.server_error).
handler500 = "tenants.views.server_error"
