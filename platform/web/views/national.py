"""The national domain: provinces compared on the shared definitions (aggregates only,
small cells suppressed by ``national.selectors``), with charts and a CSV download."""
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.models import Role
from accounts.scoping import roles_of

from ..selectors.national import (
    CHART_RATES, GROUPINGS, SUPPRESSED_TEXT, comparison_csv, comparison_get, comparison_trend, definitions, province_names,
)
from .common import roles_required

NATIONAL_ONLY = "各省比较只向全国层面用户开放。"


def _grouping(request) -> str:
    grouping = request.GET.get("grouping", "province")
    return grouping if grouping in GROUPINGS else "province"


def _rate(request) -> str:
    rate = request.GET.get("rate", CHART_RATES[0])
    return rate if rate in CHART_RATES else CHART_RATES[0]


def national_home(request):
    """Before login: the provinces and the way in; national users: the comparison."""
    if request.user.is_authenticated and Role.NATIONAL_STAFF in roles_of(request.user):
        return comparison(request)
    return render(request, "tenants/national_home.html", {"provinces": province_names()})


@roles_required(Role.NATIONAL_STAFF, message=NATIONAL_ONLY, public=True)
def comparison(request):
    grouping, rate = _grouping(request), _rate(request)
    data = comparison_get(grouping=grouping)
    labels = definitions()
    return render(request, "web/national/comparison.html", {
        "comparison": data, "grouping": grouping, "groupings": GROUPINGS.items(), "rate": rate,
        "rates": [(name, labels[name]) for name in CHART_RATES],
        "chart_data": {"bars": data.chart(rate), "trend": comparison_trend(rate=rate)}, "suppressed_text": SUPPRESSED_TEXT,
    })


@roles_required(Role.NATIONAL_STAFF, message=NATIONAL_ONLY, public=True)
def comparison_download(request):
    grouping = _grouping(request)
    content = comparison_csv(comparison_get(grouping=grouping))
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    filename = f"national-{grouping}-{timezone.localdate():%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
