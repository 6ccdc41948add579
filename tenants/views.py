from django.db import connection
from django.http import JsonResponse

from .health import health_report


def healthz(request):
    """Liveness of this domain: the schema in use, the database and the broker (503 if down)."""
    report = health_report(schema_name=connection.schema_name)
    return JsonResponse(report, status=200 if report["ok"] else 503, json_dumps_params={"ensure_ascii": False})
