from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from .health import health_report


def healthz(request):
    """Liveness of this domain: the schema in use, the database and the broker (503 if down)."""
    report = health_report(schema_name=connection.schema_name)
    return JsonResponse(report, status=200 if report["ok"] else 503, json_dumps_params={"ensure_ascii": False})


def province_home(request):
    return render(request, "tenants/province_home.html", {"tenant": request.tenant})


def national_home(request):
    from .models import Province

    provinces = Province.objects.exclude(schema_name="public").order_by("region_code")
    return render(request, "tenants/national_home.html", {"provinces": provinces})
