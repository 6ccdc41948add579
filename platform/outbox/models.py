"""One row per task queued through the outbox (see the package's docstring)."""
import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone


class OutboxMessage(models.Model):
    # Also the Celery task id: the worker's acknowledgement finds its row by it.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    schema_name = models.CharField("所属模式", max_length=63)
    task = models.CharField("任务", max_length=200)
    args = models.JSONField("位置参数", default=list, blank=True)
    kwargs = models.JSONField("关键字参数", default=dict, blank=True)
    # Two messages with one key are never pending together (a job queued twice is sent once).
    key = models.CharField("去重键", max_length=200, blank=True)
    created = models.DateTimeField("创建时间", default=timezone.now)
    next_attempt = models.DateTimeField("下次发送时间", default=timezone.now)
    attempts = models.PositiveIntegerField("发送次数", default=0)
    published = models.DateTimeField("最近发送时间", null=True, blank=True)
    acknowledged = models.DateTimeField("完成确认时间", null=True, blank=True)
    abandoned = models.DateTimeField("放弃时间", null=True, blank=True)
    last_error = models.TextField("最近错误", blank=True)

    class Meta:
        verbose_name = "发件箱消息"
        verbose_name_plural = verbose_name
        ordering = ["created"]
        indexes = [
            models.Index(fields=["next_attempt"], name="outbox_pending_due",
                         condition=Q(acknowledged__isnull=True, abandoned__isnull=True)),
        ]
        constraints = [
            models.UniqueConstraint(fields=["schema_name", "key"], name="outbox_one_pending_message_per_key",
                                    condition=Q(acknowledged__isnull=True, abandoned__isnull=True) & ~Q(key="")),
        ]

    def __str__(self):
        return f"{self.task}@{self.schema_name} {self.id}"

    @property
    def pending(self) -> bool:
        return self.acknowledged is None and self.abandoned is None
