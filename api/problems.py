"""Every API error as application/problem+json (RFC 9457), from one exception handler.

Body: ``type``, ``title``, ``status``, ``detail``, ``instance`` and a machine-readable
``code``; validation problems add ``errors``: one ``{"field", "code", "detail"}`` per
failing field, the field given as a path (``organization.members[0].status``).
Errors are raised where they are found (serializers, services' ``ValidationError`` dicts,
``FactsError``) and turned into a response here only.
"""
from __future__ import annotations

import json
import logging

from django.core.exceptions import BadRequest, SuspiciousOperation, TooManyFieldsSent
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions

from accounts.actors import OutOfScope
from edge.text import TextRefused, safe_echo
from province_rules.facts import FactsError
from tenants.unavailable import drop_connections, is_read_only_error

logger = logging.getLogger(__name__)

PROBLEM_MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "urn:partybuild:problem:"

TITLES = {
    400: "请求有误",
    401: "未认证",
    403: "无权访问",
    404: "未找到",
    405: "不支持的请求方法",
    406: "无法提供所要求的格式",
    409: "与现有数据冲突",
    413: "请求体过大",
    415: "不支持的请求体格式",
    422: "无法处理的请求",
    411: "需要请求体长度",
    429: "请求过于频繁",
    500: "服务器内部错误",
    503: "服务暂时不可用",
}
DETAILS = {
    401: "请在 Authorization 头中提供有效的令牌（Bearer <令牌>）",
    404: "所请求的资源不存在",
    405: "此地址不支持该请求方法",
    406: "请求的 Accept 格式不受支持，请使用 application/json",
    413: "请求体超过允许的大小",
    415: "请求体应为 application/json",
    411: "请求须带 Content-Length 头（不接受分块传输的请求体）",
    429: "请求过于频繁，请稍后重试",
    500: "服务器处理请求时出错，已记录，请稍后重试",
    503: "数据库暂时不可用（可能正在重启），请稍后重试；未完成的请求没有写入任何数据",
}
# PostgreSQL restarting, unreachable or closing the connection: the request wrote nothing
# (its transaction did not commit) and may be retried; never a 500.
DATABASE_ERRORS = (OperationalError, InterfaceError)
DATABASE_RETRY_AFTER_SECONDS = 5


class Problem(exceptions.APIException):
    """An error with its own status and code, raised by API code (e.g. a reused Idempotency-Key)."""

    def __init__(self, *, status_code: int, code: str, detail: str, errors: list[dict] | None = None):
        self.status_code = status_code
        self.problem_code = code
        self.errors = errors
        super().__init__(detail=detail, code=code)


class RequestTooLarge(exceptions.APIException):
    status_code = 413
    default_detail = DETAILS[413]
    default_code = "request_too_large"


class ProblemResponse(HttpResponse):
    """Rendered here, outside content negotiation: a problem is JSON whatever was asked for.
    Its strings went through ``safe_echo`` (problem_body), so encoding it cannot fail."""

    def __init__(self, problem: dict, headers: dict | None = None):
        super().__init__(
            json.dumps(problem, ensure_ascii=False).encode("utf-8", "backslashreplace"), status=problem["status"],
            content_type=f"{PROBLEM_MEDIA_TYPE}; charset=utf-8", headers=headers,
        )
        self.data = problem


def problem_body(*, status_code: int, code: str, detail: str, instance: str = "", errors: list[dict] | None = None) -> dict:
    """Every string that may echo input (detail, instance, a field's path and message) is made
    safe and short here: control characters and lone surrogates escaped, long text cut."""
    body = {
        "type": f"{TYPE_BASE}{code}",
        "title": TITLES.get(status_code, "请求失败"),
        "status": status_code,
        "detail": safe_echo(detail, 300),
        "instance": safe_echo(instance, 200),
        "code": code,
    }
    if errors is not None:
        body["errors"] = [
            {"field": safe_echo(error["field"], 120), "code": str(error["code"]), "detail": safe_echo(error["detail"], 300)}
            for error in errors[:100]
        ]
    return body


def _join(prefix: str, key) -> str:
    if isinstance(key, int):
        return f"{prefix}[{key}]"
    if key in ("non_field_errors", "__all__"):
        return prefix or "$"
    return f"{prefix}.{key}" if prefix else str(key)


def drf_field_errors(detail, prefix: str = "") -> list[dict]:
    """DRF's nested ``ErrorDetail`` structure → a flat list of field errors with paths."""
    errors: list[dict] = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            errors.extend(drf_field_errors(value, _join(prefix, key)))
    elif isinstance(detail, list):
        if all(isinstance(item, (str, exceptions.ErrorDetail)) for item in detail):
            for item in detail:
                errors.append({"field": prefix or "$", "code": getattr(item, "code", None) or "invalid", "detail": str(item)})
        else:
            for index, item in enumerate(detail):
                if item:
                    errors.extend(drf_field_errors(item, _join(prefix, index)))
    else:
        errors.append({"field": prefix or "$", "code": getattr(detail, "code", None) or "invalid", "detail": str(detail)})
    return errors


def django_field_errors(error: DjangoValidationError) -> list[dict]:
    """A service's ``ValidationError({field: [message, ...]})`` → field errors."""
    errors: list[dict] = []
    if hasattr(error, "error_dict"):
        for field, items in error.error_dict.items():
            for item in items:
                for message in item.messages:
                    errors.append({"field": "$" if field == "__all__" else field, "code": item.code or "invalid", "detail": message})
    else:
        for item in error.error_list:
            for message in item.messages:
                errors.append({"field": "$", "code": item.code or "invalid", "detail": message})
    return errors


def validation_problem(errors: list[dict], instance: str = "") -> dict:
    first = errors[0]["detail"] if errors else "请求数据有误"
    more = f"（共{len(errors)}处错误）" if len(errors) > 1 else ""
    return problem_body(status_code=400, code="validation_error", detail=f"{first}{more}", instance=instance, errors=errors)


def _detail_text(detail) -> str:
    if isinstance(detail, (list, dict)):
        errors = drf_field_errors(detail)
        return errors[0]["detail"] if errors else ""
    return str(detail)


def problem_for(exc, instance: str = "") -> tuple[dict, dict]:
    """The one mapping of an exception to a problem: (body, extra headers). The DRF handler
    below and the Django-level handlers (``edge.errors``: errors raised before DRF, and the
    web pages, which show the same status and message) both call it."""
    headers: dict = {}

    if isinstance(exc, TextRefused):
        body = validation_problem([{"field": exc.field, "code": exc.code, "detail": exc.detail}], instance)
        body["detail"] = safe_echo(f"{exc.field}：{exc.detail}", 300)
    elif isinstance(exc, FactsError):
        body = validation_problem(
            [{"field": path, "code": "invalid", "detail": message} for path, message in exc.errors], instance
        )
    elif isinstance(exc, DjangoValidationError):
        body = validation_problem(django_field_errors(exc), instance)
    elif isinstance(exc, exceptions.ValidationError):
        body = validation_problem(drf_field_errors(exc.detail), instance)
    elif isinstance(exc, Problem):
        body = problem_body(status_code=exc.status_code, code=exc.problem_code, detail=str(exc.detail), instance=instance,
                            errors=exc.errors)
    elif isinstance(exc, RequestDataTooBig):
        body = problem_body(status_code=413, code="request_too_large", detail=DETAILS[413], instance=instance)
    elif isinstance(exc, TooManyFieldsSent):
        body = problem_body(status_code=400, code="too_many_fields", detail="请求的字段过多", instance=instance)
    elif isinstance(exc, (SuspiciousOperation, BadRequest, MultiPartParserError)):
        body = problem_body(status_code=400, code="bad_request", detail=TITLES[400], instance=instance)
    elif isinstance(exc, (Http404, exceptions.NotFound)):
        body = problem_body(status_code=404, code="not_found", detail=DETAILS[404], instance=instance)
    elif isinstance(exc, OutOfScope):
        errors = [{"field": exc.field, "code": "out_of_scope", "detail": exc.detail}] if exc.field else None
        body = problem_body(status_code=403, code="out_of_scope", detail=exc.detail, instance=instance, errors=errors)
    elif isinstance(exc, DjangoPermissionDenied):
        body = problem_body(status_code=403, code="permission_denied", detail=TITLES[403], instance=instance)
    elif isinstance(exc, DATABASE_ERRORS) or is_read_only_error(exc):
        logger.warning("database unavailable: %s: %s", instance, exc)
        drop_connections()  # a kept connection to a node that now refuses writes must go (tenants/unavailable.py)
        body = problem_body(status_code=503, code="database_unavailable", detail=DETAILS[503], instance=instance)
        headers["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
    elif isinstance(exc, exceptions.APIException):
        status_code = exc.status_code
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else "error"
        if status_code in (401, 403) and code in ("not_authenticated", "authentication_failed", "permission_denied"):
            detail = _detail_text(exc.detail) if status_code == 403 else DETAILS[401]
        else:
            detail = _detail_text(exc.detail)
        if status_code == 403 and detail.startswith("CSRF Failed"):
            detail, code = CSRF_DETAIL, "csrf_failed"
        if isinstance(exc, exceptions.MethodNotAllowed):
            detail, code = DETAILS[405], "method_not_allowed"
        elif isinstance(exc, exceptions.NotAcceptable):
            detail, code = DETAILS[406], "not_acceptable"
        elif isinstance(exc, exceptions.UnsupportedMediaType):
            detail, code = DETAILS[415], "unsupported_media_type"
        elif isinstance(exc, exceptions.ParseError):
            detail, code = f"请求体不是有效的 JSON：{exc.detail}", "parse_error"
        elif isinstance(exc, exceptions.Throttled):
            detail, code = DETAILS[429], "throttled"
            if exc.wait is not None:
                headers["Retry-After"] = str(max(int(exc.wait), 1))
        if isinstance(exc, (exceptions.NotAuthenticated, exceptions.AuthenticationFailed)):
            authenticate_header = getattr(exc, "auth_header", None)
            if authenticate_header:
                headers["WWW-Authenticate"] = authenticate_header
        body = problem_body(status_code=status_code, code=code, detail=detail, instance=instance)
    else:
        logger.error("request failed: %s", safe_echo(instance), exc_info=exc)
        body = problem_body(status_code=500, code="server_error", detail=DETAILS[500], instance=instance)
    return body, headers


CSRF_DETAIL = "CSRF 校验失败：网页会话提交数据须带 CSRF 令牌（接口集成请使用 Bearer 令牌）"


def problem_exception_handler(exc, context):
    """DRF's EXCEPTION_HANDLER: every exception becomes a problem response."""
    request = context.get("request")
    instance = request.get_full_path() if request is not None else ""
    body, headers = problem_for(exc, instance)

    from rest_framework.views import set_rollback  # here: rest_framework.views imports the parsers, which import this module

    try:
        set_rollback()
    except DATABASE_ERRORS:
        pass  # the connection is gone, and its transaction with it
    return ProblemResponse(body, headers=headers)


@csrf_exempt  # an unmatched path is a 404 whatever the method, not a CSRF failure
def not_found_view(request, *args, **kwargs):
    """Unmatched paths under the API prefix answer 404 as a problem too (not Django's HTML page)."""
    return ProblemResponse(problem_body(status_code=404, code="not_found", detail=DETAILS[404], instance=request.get_full_path()))
