"""Writes of the API app: issuing and revoking tokens, purging old idempotency records.

These run in the current schema: a province's schema for its tokens, public for national
tokens (the management commands switch schema before calling them).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.services import audit_record

from .models import ApiToken, IdempotencyRecord

TOKEN_MARK = "pbt"
PREFIX_BYTES = 6   # 8 URL-safe characters
SECRET_BYTES = 32  # 43 URL-safe characters


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # the whole bearer value; shown once, never stored


def secret_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def token_parts(value: str) -> tuple[str, str] | None:
    """``pbt_<prefix>_<secret>`` → (prefix, secret); None when it does not have that shape."""
    mark, _, rest = value.partition("_")
    prefix, _, secret = rest.partition("_")
    if mark != TOKEN_MARK or not prefix or not secret or len(value) > 200:
        return None
    return prefix, secret


def scopes_parse(text: str | list | tuple) -> list[str]:
    items = text.split(",") if isinstance(text, str) else list(text)
    scopes = [item.strip().lower() for item in items if item and item.strip()]
    valid = set(ApiToken.Permission.values)
    bad = [scope for scope in scopes if scope not in valid]
    if bad or not scopes:
        raise ValidationError({"scopes": [f"权限范围应为 read、write 中的一个或多个，实际为“{text}”"]})
    return sorted(set(scopes), key=ApiToken.Permission.values.index)


def _actor_name(actor) -> str:
    return getattr(actor, "name", None) or (actor.get_username() if hasattr(actor, "get_username") else str(actor or "system"))


@transaction.atomic
def api_token_issue(*, name: str, scopes, expires_in_days: int | None = None, created_by: str = "", national: bool = False,
                    actor=None, request=None) -> IssuedToken:
    """Create a token in the current schema and return it with its secret (shown once).

    It expires after ``expires_in_days``, by default API_TOKEN_DEFAULT_EXPIRY_DAYS; it records
    who issued it (``created_by``, else the actor's name) and the issue is audited.
    National tokens (public schema) are read-only whatever ``scopes`` says.
    """
    if expires_in_days is None:
        expires_in_days = settings.API_TOKEN_DEFAULT_EXPIRY_DAYS
    name = (name or "").strip()
    errors = {}
    if not name or len(name) > 100:
        errors["name"] = ["令牌名称不能为空，且不超过100字"]
    try:
        scope_list = ["read"] if national else scopes_parse(scopes)
    except ValidationError as error:
        errors.update(error.message_dict)
        scope_list = []
    if expires_in_days is not None and not 1 <= expires_in_days <= 3650:
        errors["expires_in_days"] = ["有效天数应在1至3650之间"]
    if errors:
        raise ValidationError(errors)
    while True:
        prefix = secrets.token_urlsafe(PREFIX_BYTES).replace("_", "x").replace("-", "y")
        if not ApiToken.objects.filter(prefix=prefix).exists():
            break
    secret = secrets.token_urlsafe(SECRET_BYTES)
    expires_at = timezone.now() + dt.timedelta(days=expires_in_days)
    token = ApiToken.objects.create(
        name=name, prefix=prefix, secret_hash=secret_digest(secret), scopes=scope_list, expires_at=expires_at,
        created_by=(created_by or _actor_name(actor))[:150],
    )
    audit_record(action="api_token.issue", actor=actor if actor is not None else token.created_by, request=request,
                 object_type="ApiToken", object_id=token.prefix,
                 changes={"name": token.name, "scopes": token.scopes, "expires_at": token.expires_at.isoformat()})
    return IssuedToken(token=token, secret=f"{TOKEN_MARK}_{prefix}_{secret}")


@transaction.atomic
def api_token_revoke(*, name_or_prefix: str, actor=None, request=None) -> list[ApiToken]:
    """Revoke the token with this prefix, or every active token with this name; audited."""
    now = timezone.now()
    tokens = list(ApiToken.objects.select_for_update().filter(prefix=name_or_prefix, revoked_at__isnull=True))
    if not tokens:
        tokens = list(ApiToken.objects.select_for_update().filter(name=name_or_prefix, revoked_at__isnull=True))
    if not tokens:
        raise ValidationError({"token": [f"没有名称或前缀为“{name_or_prefix}”的有效令牌"]})
    from .authentication import token_cache_forget

    for token in tokens:
        token.revoked_at = now
        token.save(update_fields=["revoked_at"])
        audit_record(action="api_token.revoke", actor=actor if actor is not None else "system", request=request,
                     object_type="ApiToken", object_id=token.prefix, changes={"name": token.name})
        token_cache_forget(token.prefix)  # the save's signal does it too; revocation must not depend on it
    return tokens


def idempotency_records_purge(*, now=None) -> int:
    """Delete stored answers older than API_IDEMPOTENCY_TTL_HOURS; returns how many."""
    cutoff = (now or timezone.now()) - dt.timedelta(hours=settings.API_IDEMPOTENCY_TTL_HOURS)
    deleted, _ = IdempotencyRecord.objects.filter(created__lt=cutoff).delete()
    return deleted
