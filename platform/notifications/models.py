"""The in-app inbox of every user, the reminders already sent, each user's contact details
for e-mail and SMS, and the SMS outbox of the recording gateway."""
from django.conf import settings
from django.db import models

from privacy.fields import EncryptedTextField


class Notification(models.Model):
    """One message in one user's inbox."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE,
                             related_name="notifications")
    kind = models.CharField("类别", max_length=32)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容")
    clause = models.CharField("依据", max_length=200, blank=True)
    link = models.CharField("链接", max_length=300, blank=True)
    created = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = "消息"
        verbose_name_plural = verbose_name
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]


class ReminderSent(models.Model):
    """A reminder sent once: per (kind, subject, period), however often the pass runs."""

    kind = models.CharField("提醒类别", max_length=32)
    subject = models.CharField("对象", max_length=100)
    period = models.CharField("期次", max_length=64)
    recipients = models.PositiveIntegerField("接收人数", default=0)
    sent_on = models.DateField("提醒日期")
    created = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "已发提醒"
        verbose_name_plural = verbose_name
        constraints = [models.UniqueConstraint(fields=["kind", "subject", "period"], name="one_reminder_per_period")]


class Contact(models.Model):
    """How a user wants to be told besides the inbox; the phone number stored encrypted."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_contact")
    phone = EncryptedTextField("手机号码", blank=True)
    sms = models.BooleanField("短信提醒", default=False)
    email = models.BooleanField("邮件提醒", default=True)

    class Meta:
        verbose_name = "提醒方式"
        verbose_name_plural = verbose_name


class SmsMessage(models.Model):
    """An SMS the recording gateway kept (development and tests): the number masked."""

    phone_masked = models.CharField("手机号码", max_length=20)
    text = models.CharField("内容", max_length=500)
    created = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "短信记录"
        verbose_name_plural = verbose_name
        ordering = ["-id"]
