import sys

from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.views import defaults

from .health import health_report


def healthz(request):
    """Liveness of this domain: the schema in use, the database and the broker (503 if down)."""
    report = health_report(schema_name=connection.schema_name)
    return JsonResponse(report, status=200 if report["ok"] else 503, json_dumps_params={"ensure_ascii": False})


DATABASE_UNAVAILABLE_PAGE = """<!DOCTYPE html>
<html lang="zh-Hans"><head><meta charset="utf-8"><title>服务暂时不可用</title></head>
<body><h1>服务暂时不可用</h1><p>数据库暂时不可用（可能正在重启），请稍后刷新页面；刚才的操作没有保存任何数据。</p></body></html>"""


def server_error(request):
    """Django's handler500, called inside its ``except`` block, for errors raised outside DRF
    (in a middleware: the domain's lookup is the first query of every request). A database
    that went away is a 503 to retry, as a problem under /api/, a page elsewhere; built
    without the database (no template context processors)."""
    from api.problems import DATABASE_ERRORS, database_unavailable_problem

    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_ERRORS):
        if request.path.startswith("/api/"):
            return database_unavailable_problem(request.get_full_path())
        return HttpResponse(DATABASE_UNAVAILABLE_PAGE, status=503, content_type="text/html; charset=utf-8",
                            headers={"Retry-After": "5"})
    return defaults.server_error(request)
