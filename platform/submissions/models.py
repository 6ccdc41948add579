from django.db import models


class Submission(models.Model):
    """One organization's report of one kind for one year, with its review state.

    ``content`` holds what was filled in: for the annual report the sections of
    ``submissions.forms.ANNUAL_REPORT_SECTIONS``; for the checklist ``{"items": {key: {"met":
    bool, "note": str}}}`` over the items of the province's checklist. ``history`` lists each
    step (submitted, returned with its demand, accepted) for the page; the audit log holds
    the same with the changes.
    """

    class Kind(models.TextChoices):
        ANNUAL_REPORT = "annual_report", "党建工作年度报告"
        INSPECTION_CHECKLIST = "inspection_checklist", "年检党建工作清单"

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "已提交，待审核"
        RETURNED = "returned", "已退回，待整改"
        ACCEPTED = "accepted", "已审核通过"

    organization = models.ForeignKey("registry.SocialOrganization", verbose_name="社会组织", on_delete=models.CASCADE,
                                     related_name="submissions")
    kind = models.CharField("类别", max_length=24, choices=Kind.choices)
    year = models.PositiveSmallIntegerField("年度")
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT)
    content = models.JSONField("填报内容", default=dict, blank=True)
    demand = models.TextField("整改要求", blank=True)
    history = models.JSONField("办理记录", default=list, blank=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    created = models.DateTimeField("创建时间", auto_now_add=True)
    updated = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "年报与年检清单"
        verbose_name_plural = verbose_name
        ordering = ["-year", "kind"]
        constraints = [models.UniqueConstraint(fields=["organization", "kind", "year"], name="one_submission_per_kind_year")]
        indexes = [models.Index(fields=["status", "kind", "year"])]

    def __str__(self):
        return f"{self.organization} · {self.year}年{self.get_kind_display()}"

    @property
    def editable(self) -> bool:
        """The organization may still change it (a draft, or returned for rectification)."""
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)
