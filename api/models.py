"""API tokens and stored answers to Idempotency-Key requests.

Both tables exist in every province schema and in the public schema (the app is in
SHARED_APPS and TENANT_APPS): a province's tokens live in its own schema, so a token of
one province is unknown on another province's domain; national tokens live in public.
"""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone


class ApiToken(models.Model):
    """A bearer token ``pbt_<prefix>_<secret>``: the prefix finds the row, the secret is kept
    only as its SHA-256 and compared in constant time (``api.authentication``)."""

    class Permission(models.TextChoices):
        """What a token may do (stored in ``scopes``, the OAuth word integrators know); not to be
        confused with a user's data scope (``accounts.scoping``: which rows they see)."""

        READ = "read", "读取"
        WRITE = "write", "写入"

    name = models.CharField("名称", max_length=100)
    prefix = models.CharField("前缀", max_length=16, unique=True)
    secret_hash = models.CharField("密钥摘要", max_length=64)
    scopes = models.JSONField("权限范围", default=list)
    created = models.DateTimeField("创建时间", auto_now_add=True)
    created_by = models.CharField("创建人", max_length=150, blank=True)
    expires_at = models.DateTimeField("过期时间", null=True, blank=True)
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)

    class Meta:
        verbose_name = "API令牌"
        verbose_name_plural = verbose_name
        ordering = ["-created"]

    def __str__(self):
        return f"{self.name} ({self.prefix})"

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes

    @property
    def expiry(self):
        """When it expires: ``expires_at``, or for a token issued before tokens expired by
        default, API_TOKEN_DEFAULT_EXPIRY_DAYS after its creation (no token lasts for ever)."""
        if self.expires_at is not None:
            return self.expires_at
        return (self.created or timezone.now()) + dt.timedelta(days=settings.API_TOKEN_DEFAULT_EXPIRY_DAYS)

    def is_expired(self, now=None) -> bool:
        return self.expiry <= (now or timezone.now())

    @property
    def status_label(self) -> str:
        if self.is_revoked:
            return "已吊销"
        return "已过期" if self.is_expired() else "有效"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class IdempotencyRecord(models.Model):
    """The answer given to a POST carrying an Idempotency-Key, replayed on a retry.

    Keyed by who asked (``principal``: ``token:<id>`` or ``user:<id>``) and the key; the
    request hash (method, path, body) tells a retry from a different request reusing the key.
    """

    principal = models.CharField("请求方", max_length=64)
    key = models.CharField("幂等键", max_length=255)
    method = models.CharField("方法", max_length=8)
    path = models.CharField("路径", max_length=500)
    request_hash = models.CharField("请求摘要", max_length=64)
    status = models.PositiveSmallIntegerField("状态码", default=0)
    body = models.JSONField("响应", null=True, blank=True)
    created = models.DateTimeField("创建时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "幂等请求记录"
        verbose_name_plural = verbose_name
        constraints = [models.UniqueConstraint(fields=["principal", "key"], name="one_answer_per_idempotency_key")]
