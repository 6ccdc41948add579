"""URLs of a province's domain (<code>.<BASE_DOMAIN>)."""
from django.contrib import admin
from django.urls import include, path

from accounts import urls as account_urls
from regions import views as region_views
from tenants import views as tenant_views
from web import urls as web_urls
from web.views import dashboard as web_dashboard

urlpatterns = [
    path("", web_dashboard.home, name="home"),
    path("healthz", tenant_views.healthz, name="healthz"),
    path("regions/<str:code>/", region_views.region_detail, name="region-detail"),
    path("admin/", admin.site.urls),
    path("accounts/", include((account_urls.province_urlpatterns, "accounts"))),
    path("api/v1/", include("api.v1.urls")),
    path("", include((web_urls.urlpatterns, "web"))),
]

# A database that went away answers 503 even before any view runs (tenants.views.server_error).
handler500 = "tenants.views.server_error"
