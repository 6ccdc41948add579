"""The audit log: append-only, each entry chained to the previous one by a keyed hash.

The table lives in every schema (each province's own log, and the national one in public).
A database trigger refuses UPDATE and DELETE for every role (migration 0002); the product's
database role holds only SELECT and INSERT on it and owns no table, so it can neither switch
the trigger off nor set ``session_replication_role`` (migration 0004, ``ops/dbroles.py``).
``verify_audit`` finds the first broken link if someone with the owner's or a superuser's
power rewrites it anyway: the hash is an HMAC with a key outside the database
(``audit.chain``) and the head is anchored outside it at intervals (``audit.anchors``).

Retention: entries are kept at least 180 days, and in fact for ever: the application has
no deletion path (the trigger refuses DELETE and TRUNCATE; the admin is read-only, for the
audit administrator only). A purge of entries older than N days is deliberately not
provided: removing the head of the chain breaks ``verify_audit`` at the first remaining
entry, so a purge would have to re-anchor the chain (record the last purged hash as the
new genesis, itself signed and kept outside the table) and be run by a database owner
with the trigger disabled. Archive to cold storage instead if the table grows too large.
"""
from django.db import models


class AuditEntry(models.Model):
    class ActorKind(models.TextChoices):
        USER = "user", "用户"
        TOKEN = "token", "API令牌"
        SYSTEM = "system", "系统"

    at = models.DateTimeField("时间", db_index=True)
    schema = models.CharField("租户", max_length=63)
    actor = models.CharField("操作者", max_length=150, blank=True)
    actor_kind = models.CharField("操作者类型", max_length=8, choices=ActorKind.choices, default=ActorKind.USER)
    action = models.CharField("操作", max_length=64, db_index=True)
    object_type = models.CharField("对象类型", max_length=64, blank=True)
    object_id = models.CharField("对象", max_length=64, blank=True)
    changes = models.JSONField("内容", default=dict, blank=True)
    ip = models.GenericIPAddressField("IP地址", null=True, blank=True)
    success = models.BooleanField("成功", default=True)
    # ``audit.chain``: "hmac-sha256:<key id>:<hex>", or 64 hex digits (plain SHA-256, before keying).
    prev_hash = models.CharField("上一条哈希", max_length=100)
    hash = models.CharField("哈希", max_length=100, unique=True)

    class Meta:
        verbose_name = "审计日志"
        verbose_name_plural = verbose_name
        ordering = ["id"]
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor} {self.action}"
