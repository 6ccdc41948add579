"""Idempotency-Key on POST: a retried request (same key, same token or user) gets the stored
answer and writes nothing again; the same key with a different request gets a 422 problem.

Only successful answers are stored: the record is written in the same transaction as the
write it protects, so a failed write leaves no record and the client may retry with the
same key. Concurrent retries wait on the unique index and then replay.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from .models import ApiToken, IdempotencyRecord
from .problems import Problem

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255
KEY_RULE = f"{HEADER} 应为1至{MAX_KEY_LENGTH}个可见 ASCII 字符（如 UUID）"

IDEMPOTENCY_KEY_PARAMETER = OpenApiParameter(
    name=HEADER, type=OpenApiTypes.STR, location=OpenApiParameter.HEADER, required=False,
    description="客户端生成的唯一键（如 UUID）。用同一键重试同一请求时返回首次的结果，不会重复创建；"
                "同一键用于不同请求时返回 422。",
)


def principal_of(request) -> str:
    token = getattr(request, "auth", None)
    if isinstance(token, ApiToken):
        return f"token:{token.pk}"
    return f"user:{request.user.pk}"


def request_fingerprint(request) -> str:
    body = json.dumps(request.data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    text = f"{request.method}\n{request.path}\n{body}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _replay(record: IdempotencyRecord) -> Response:
    response = Response(record.body, status=record.status)
    response["Idempotent-Replayed"] = "true"
    return response


def idempotent(method):
    """Decorate a view's ``post``: honour the Idempotency-Key header."""

    @functools.wraps(method)
    def wrapper(view, request, *args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None:
            return method(view, request, *args, **kwargs)
        key = key.strip()
        if not key or len(key) > MAX_KEY_LENGTH or not all("!" <= c <= "~" for c in key):
            raise Problem(status_code=400, code="validation_error", detail=KEY_RULE, errors=[{"field": HEADER, "code": "invalid", "detail": KEY_RULE}])
        fingerprint = request_fingerprint(request)
        principal = principal_of(request)
        cutoff = timezone.now() - dt.timedelta(hours=settings.API_IDEMPOTENCY_TTL_HOURS)
        with transaction.atomic():
            IdempotencyRecord.objects.filter(principal=principal, key=key, created__lt=cutoff).delete()
            record, created = IdempotencyRecord.objects.get_or_create(
                principal=principal, key=key,
                defaults={"method": request.method, "path": request.path[:500], "request_hash": fingerprint},
            )
            if not created:
                if record.request_hash != fingerprint:
                    raise Problem(
                        status_code=422, code="idempotency_key_reused",
                        detail=f"此 {HEADER} 已用于另一个请求（方法、地址或请求体不同）；新请求请使用新的键",
                    )
                return _replay(record)
            response = method(view, request, *args, **kwargs)
            if 200 <= response.status_code < 300:
                record.status = response.status_code
                record.body = json.loads(JSONRenderer().render(response.data) or b"null")
                record.save(update_fields=["status", "body"])
            else:
                record.delete()
            return response

    return wrapper
