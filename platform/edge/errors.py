"""Every error answer of the product, from one place.

Under ``/api/`` an error is a problem (``application/problem+json``, ``api.problems``); on
every other path it is a Chinese error page with the same status and message. The mapping
of an exception to a status, code and message is ``api.problems.problem_for``, used by DRF's
exception handler (errors inside API views) and by the Django-level handlers below: errors
raised before a view or outside DRF (the tenant middleware, URL converters, CSRF, request
body parsing, the login form, the admin), wired as ``handler400/403/404/500`` in both URL
configurations and as ``CSRF_FAILURE_VIEW``.

The database being unavailable (PostgreSQL restarting: ``OperationalError`` /
``InterfaceError``, from any layer) is a 503 with ``Retry-After``, never a 500; the page for it
is rendered without touching the database (no context processors, no session, no user).
"""
from __future__ import annotations

import sys

from django.http import HttpResponse
from django.template import loader

from api.problems import CSRF_DETAIL, DETAILS, TITLES, ProblemResponse, problem_body, problem_for
from .text import safe_echo

API_PREFIX = "/api/"
PAGE_DETAILS = {
    400: "请求的内容有误，请返回上一页检查后重试。",
    403: "您没有权限打开此页面。",
    404: "您要找的页面不存在，可能已被删除或地址有误。",
    405: "此页面不支持该操作。",
    411: DETAILS[411],
    413: "提交的内容超过允许的大小。",
    500: "服务器处理请求时出错，已记录，请稍后重试。",
    503: "数据库暂时不可用（可能正在重启），请稍后刷新页面；刚才的操作没有保存任何数据。",
}


def is_api(request) -> bool:
    return request.path_info.startswith(API_PREFIX)


def error_page(request, *, status: int, detail: str, headers: dict | None = None) -> HttpResponse:
    """The Chinese error page: plain, and rendered without the database."""
    html = loader.render_to_string("edge/error.html", {
        "status": status, "title": TITLES.get(status, "请求失败"), "detail": safe_echo(detail, 300),
    })
    response = HttpResponse(html.encode("utf-8", "backslashreplace"), status=status, content_type="text/html; charset=utf-8",
                            headers=headers)
    response["Cache-Control"] = "no-store"
    return response


def error_response(request, *, status: int, code: str, detail: str, errors: list[dict] | None = None,
                   headers: dict | None = None) -> HttpResponse:
    """An error the code detected itself (not an exception): a problem or the page."""
    if is_api(request):
        return ProblemResponse(problem_body(status_code=status, code=code, detail=detail, instance=_instance(request),
                                            errors=errors), headers=headers)
    return error_page(request, status=status, detail=detail, headers=headers)


def exception_response(request, exc: BaseException | None, *, status: int) -> HttpResponse:
    """The answer to an exception raised outside DRF; ``status`` is what Django chose."""
    if exc is None:
        body, headers = problem_body(status_code=status, code=_default_code(status), detail=DETAILS.get(status, TITLES.get(status, "")),
                                     instance=_instance(request)), {}
    else:
        body, headers = problem_for(exc, _instance(request))
    if is_api(request):
        return ProblemResponse(body, headers=headers)
    status = body["status"]
    detail = PAGE_DETAILS.get(status, body["detail"]) if body["code"] in _GENERIC_CODES else body["detail"]
    return error_page(request, status=status, detail=detail, headers=headers)


_GENERIC_CODES = {"not_found", "server_error", "bad_request", "permission_denied", "database_unavailable", "request_too_large"}


def _default_code(status: int) -> str:
    return {400: "bad_request", 403: "permission_denied", 404: "not_found", 500: "server_error"}.get(status, "error")


def _instance(request) -> str:
    try:
        return request.get_full_path()
    except Exception:  # a path that cannot even be rebuilt is not worth a second error
        return ""


# --- Django's error handlers (config/urls.py and config/urls_public.py) --------------

def bad_request(request, exception=None):
    return exception_response(request, exception, status=400)


def permission_denied(request, exception=None):
    return exception_response(request, exception, status=403)


def page_not_found(request, exception=None):
    from django.http import Http404

    return exception_response(request, exception if isinstance(exception, Http404) else Http404(), status=404)


def server_error(request):
    """Django calls this from inside its ``except`` block: the exception is at hand, and a
    database that went away answers 503 rather than 500."""
    return exception_response(request, sys.exc_info()[1], status=500)


def csrf_failure(request, reason: str = ""):
    if is_api(request):
        return ProblemResponse(problem_body(status_code=403, code="csrf_failed", detail=CSRF_DETAIL, instance=_instance(request)))
    return error_page(request, status=403, detail="页面已过期或来源无法核实（CSRF 校验失败）。请刷新页面后重新提交；"
                                                 "如仍失败，请确认浏览器允许本站的 Cookie。")
