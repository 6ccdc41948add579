"""URLs of a province's domain (<code>.<BASE_DOMAIN>)."""
from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from accounts import urls as account_urls
from regions import views as region_views
from tenants import views as tenant_views
from web import urls as web_urls
from web.views import dashboard as web_dashboard

FAVICON = RedirectView.as_view(url=static("web/emblem.svg"), permanent=True)

urlpatterns = [
    path("", web_dashboard.home, name="home"),
    path("healthz", tenant_views.healthz, name="healthz"),
    path("favicon.ico", FAVICON),  # browsers ask for it on pages that name no icon (a file download, a PDF)
    path("regions/<str:code>/", region_views.region_detail, name="region-detail"),
    path("admin/", admin.site.urls),
    path("accounts/", include((account_urls.province_urlpatterns, "accounts"))),
    path("api/v1/", include("api.v1.urls")),
    path("", include((web_urls.urlpatterns, "web"))),
    path("", include("processes.urls")),
    path("", include("notifications.urls")),
]

# Every error outside DRF's views: a problem under /api/, the Chinese error page elsewhere.
handler400 = "edge.errors.bad_request"
handler403 = "edge.errors.permission_denied"
handler404 = "edge.errors.page_not_found"
handler500 = "edge.errors.server_error"
