"""``Authorization: Bearer pbt_<prefix>_<secret>``: the prefix finds the token in the current
schema, the secret's SHA-256 is compared in constant time. A token of another province is
simply not in this schema: 401.

The token found by a prefix is kept in the cache (Redis, keys per schema) for
``API_TOKEN_CACHE_SECONDS``: one read of the token table per token and half minute, not per
request. Revoking a token (``api.services.api_token_revoke``) or saving or deleting it through
the ORM removes it from the cache at once, and again when the transaction commits (so that
a request reading the row before the commit cannot put the old row back). An unknown prefix
is never cached."""
from __future__ import annotations

import datetime as dt
import hmac

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from .models import ApiToken
from .services import secret_digest, token_parts

LAST_USED_RESOLUTION = dt.timedelta(minutes=5)


class TokenPrincipal:
    """``request.user`` for a token request: not a database user; ``request.auth`` is the token."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = False
    is_superuser = False
    pk = None

    def __init__(self, token: ApiToken):
        self.token = token

    def get_username(self) -> str:
        return f"token:{self.token.name}"

    def __str__(self):
        return self.get_username()


def _cache_key(prefix: str) -> str:
    return f"api-token:{prefix}"  # the cache's key function adds the schema


def _changed_key(prefix: str) -> str:
    return f"api-token-changed:{prefix}"


def _cache_seconds() -> int:
    """How long a token stays cached: 0 unless the cache is shared by every process (Redis; a
    per-process memory cache would not hear of a revocation made elsewhere) and answering
    (api.throttling's breaker: while Redis is away, the database alone)."""
    from django.core.cache.backends.dummy import DummyCache
    from django.core.cache.backends.locmem import LocMemCache

    from .throttling import cache_breaker

    seconds = getattr(settings, "API_TOKEN_CACHE_SECONDS", 0)
    if seconds <= 0 or isinstance(caches[DEFAULT_CACHE_ALIAS], (LocMemCache, DummyCache)) or cache_breaker.is_open():
        return 0
    return seconds


def token_by_prefix(prefix: str) -> ApiToken | None:
    """The current schema's token with this prefix, from the cache when it is there (one
    round trip: the token, and the mark ``token_cache_forget`` leaves). A failing cache is
    tripped (api.throttling) and the token read from the database."""
    from .throttling import CACHE_ERRORS, cache_breaker

    seconds = _cache_seconds()
    if seconds <= 0:
        return ApiToken.objects.filter(prefix=prefix).first()
    try:
        found = cache.get_many([_cache_key(prefix), _changed_key(prefix)])
    except CACHE_ERRORS as error:
        cache_breaker.trip(error)
        return ApiToken.objects.filter(prefix=prefix).first()
    if _changed_key(prefix) in found:  # changed a moment ago: the database only, until the mark expires
        return ApiToken.objects.filter(prefix=prefix).first()
    token = found.get(_cache_key(prefix))
    if token is None:
        token = ApiToken.objects.filter(prefix=prefix).first()
        if token is not None:
            try:
                cache.set(_cache_key(prefix), token, seconds)
            except CACHE_ERRORS as error:
                cache_breaker.trip(error)
    return token


def token_cache_forget(prefix: str) -> None:
    """Drop a token from the cache, now and once more when the current transaction commits,
    and mark it changed for twice the cache's time: a request that read the old row before
    the commit and caches it after is not believed."""
    from .throttling import CACHE_ERRORS

    seconds = getattr(settings, "API_TOKEN_CACHE_SECONDS", 0)
    if seconds <= 0:
        return

    def forget():
        try:
            cache.delete(_cache_key(prefix))
        except CACHE_ERRORS:
            pass  # a cache that cannot be reached serves nothing stale: it is tripped and bypassed

    try:
        cache.set(_changed_key(prefix), 1, 2 * seconds)
    except CACHE_ERRORS:
        pass
    forget()
    transaction.on_commit(forget)


def token_cache_drop(prefix: str) -> None:
    from .throttling import CACHE_ERRORS

    if getattr(settings, "API_TOKEN_CACHE_SECONDS", 0) > 0:
        try:
            cache.delete(_cache_key(prefix))
        except CACHE_ERRORS:
            pass


def _token_changed(sender, instance: ApiToken, created: bool = False, **_) -> None:
    if not created:  # a new prefix cannot be in the cache (an unknown prefix is never cached)
        token_cache_forget(instance.prefix)


post_save.connect(_token_changed, sender=ApiToken, dispatch_uid="api_token_cache:save")
post_delete.connect(_token_changed, sender=ApiToken, dispatch_uid="api_token_cache:delete")


class TokenFailed(exceptions.AuthenticationFailed):
    def __init__(self, detail: str, code: str):
        super().__init__(detail=detail, code=code)


class BearerTokenAuthentication(BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise TokenFailed("Authorization 头格式应为“Bearer <令牌>”", "token_invalid")
        try:
            value = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise TokenFailed("令牌无效", "token_invalid") from None
        parts = token_parts(value)
        if parts is None:
            raise TokenFailed("令牌无效", "token_invalid")
        prefix, secret = parts
        token = token_by_prefix(prefix)
        # Compare even when no token was found, so that timing does not tell the two apart.
        expected = token.secret_hash if token is not None else "0" * 64
        if not hmac.compare_digest(expected, secret_digest(secret)) or token is None:
            raise TokenFailed("令牌无效（或不属于本省）", "token_invalid")
        now = timezone.now()
        if token.is_revoked:
            raise TokenFailed("令牌已被吊销", "token_revoked")
        if token.is_expired(now):
            raise TokenFailed("令牌已过期", "token_expired")
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token_cache_drop(prefix)  # read afresh next time (never re-cached from here: a revocation may be racing)
        return TokenPrincipal(token), token

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'
