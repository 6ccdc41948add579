"""The national API, mounted at /api/v1/national/ on the national (public) domain."""
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from api.problems import not_found_view

from . import views

app_name = "api-national"

resource_patterns = [
    path("provinces", views.ProvinceListApi.as_view(), name="province-list"),
    path("indicators", views.NationalIndicatorListApi.as_view(), name="indicator-list"),
    path("indicators/series", views.NationalSeriesApi.as_view(), name="indicator-series"),
]

schema_patterns = [path("api/v1/national/", include((resource_patterns, "api-national")))]

# The reference page loads its script from a URL of its own (the split view), so that the
# Content-Security-Policy (script-src 'self', accounts.middleware) needs no inline script.
urlpatterns = resource_patterns + [
    path("schema/", SpectacularAPIView.as_view(patterns=schema_patterns, permission_classes=[], authentication_classes=[]),
         name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-national:schema", permission_classes=[], authentication_classes=[]),
         name="docs"),
    re_path(r"^[\s\S]*$", not_found_view),  # any character, newlines included
]
