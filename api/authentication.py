"""``Authorization: Bearer pbt_<prefix>_<secret>``: the prefix finds the token in the current
schema, the secret's SHA-256 is compared in constant time. A token of another province is
simply not in this schema: 401."""
from __future__ import annotations

import datetime as dt
import hmac

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
        token = ApiToken.objects.filter(prefix=prefix).first()
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
        return TokenPrincipal(token), token

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'
