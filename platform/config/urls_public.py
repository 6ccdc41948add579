"""URLs of the national (public) domain: aggregates only, never a person's record."""
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from accounts import urls as account_urls
from tenants import views as tenant_views
from web import urls as web_urls
from web.views import national as web_national

FAVICON = RedirectView.as_view(url=static("web/emblem.svg"), permanent=True)

urlpatterns = [
    path("", web_national.national_home, name="national-home"),
    path("healthz", tenant_views.healthz, name="healthz"),
    path("favicon.ico", FAVICON),  # browsers ask for it on pages that name no icon (a file download, a PDF)
    path("accounts/", include((account_urls.urlpatterns, "accounts"))),
    path("api/v1/national/", include("api.national.urls")),
    path("", include((web_urls.national_urlpatterns, "web"))),
]

# Every error outside DRF's views: a problem under /api/, the Chinese error page elsewhere.
handler400 = "edge.errors.bad_request"
handler403 = "edge.errors.permission_denied"
handler404 = "edge.errors.page_not_found"
handler500 = "edge.errors.server_error"
