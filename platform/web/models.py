"""Background jobs started from the web interface: one row per job, in the province's schema.

The row is the job's whole state: what was asked (``kind``, ``params``, the uploaded file),
how far it got (``status``, ``progress``, ``stage``, polled by the page through htmx) and
what came out (``check_report`` and ``result`` as JSON, an export's file in ``output``). A job
belongs to the user who started it; nobody else sees it (``selectors.jobs.job_get``).

Personal data in a job (the uploaded file, the check report and result, the exported file)
is encrypted at rest (``privacy.fields``) and deleted after its retention period
(``web.retention``): ``payload_deleted_at`` says when.

A run claims the job (``attempts`` counts the runs of its current phase) and writes
``heartbeat`` while it works; a job whose heartbeat stopped lost its worker, and the sweeper
(``services.jobs_sweep``) runs it again or marks it failed with the reason.
"""
from django.conf import settings
from django.db import models

from privacy.fields import EncryptedBinaryField, EncryptedJSONField


class Job(models.Model):
    class Kind(models.TextChoices):
        IMPORT = "import", "导入"
        EXPORT = "export", "导出"
        SNAPSHOT = "snapshot", "指标重新计算"

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "进行中"
        READY = "ready", "已检查，待确认"  # an import checked and waiting for the user's confirmation
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    kind = models.CharField("类别", max_length=16, choices=Kind.choices)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField("进度（%）", default=0)
    stage = models.CharField("当前步骤", max_length=200, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发起人", on_delete=models.CASCADE, related_name="web_jobs")
    params = models.JSONField("参数", default=dict, blank=True)
    filename = models.CharField("文件名", max_length=255, blank=True)
    upload = EncryptedBinaryField("上传的文件", null=True, blank=True)
    check_report = EncryptedJSONField("检查结果", null=True, blank=True)
    result = EncryptedJSONField("结果", null=True, blank=True)
    output = EncryptedBinaryField("导出的文件", null=True, blank=True)
    payload_deleted_at = models.DateTimeField("个人数据删除时间", null=True, blank=True)
    error = models.TextField("错误", blank=True)
    created = models.DateTimeField("创建时间", auto_now_add=True)
    started = models.DateTimeField("开始时间", null=True, blank=True)
    finished = models.DateTimeField("完成时间", null=True, blank=True)
    queued_at = models.DateTimeField("排队时间", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("执行次数", default=0)
    heartbeat = models.DateTimeField("最近心跳", null=True, blank=True)

    class Meta:
        verbose_name = "后台任务"
        verbose_name_plural = verbose_name
        ordering = ["-created"]
        indexes = [
            models.Index(fields=["user", "kind", "created"]),
            # The sweeper's scan: the few jobs still moving.
            models.Index(fields=["status"], name="web_job_active", condition=models.Q(status__in=["queued", "running"])),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}（{self.get_status_display()}）"

    @property
    def status_label(self) -> str:
        """The status as the user reads it: a checked import whose file was refused as a whole
        did not pass the check (it waits for nothing), others their status."""
        if self.kind == self.Kind.IMPORT and self.status == self.Status.READY and (self.check_report or {}).get("refused"):
            return "未通过检查"
        return self.get_status_display()

    @property
    def content_label(self) -> str:
        """What was imported or exported (社会组织, 党组织, 党员), or the job's kind."""
        from imports.templates import SHEETS

        sheet = SHEETS.get((self.params or {}).get("kind", "")) if self.kind != self.Kind.SNAPSHOT else None
        return f"{sheet.title}{self.get_kind_display()}" if sheet else self.get_kind_display()

    @property
    def active(self) -> bool:
        """Still moving: the page keeps polling."""
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
