from django.db import models

from privacy.fields import EncryptedTextField
from privacy.masking import mask_phone


class Instructor(models.Model):
    """A Party-building instructor (党建工作指导员, 002 第十七条, 004 一(二))."""

    name = models.CharField("姓名", max_length=50)
    phone = EncryptedTextField("联系电话", blank=True)
    unit = models.CharField("派出单位", max_length=100, blank=True)
    full_time = models.BooleanField("专职", default=False)
    region = models.ForeignKey("regions.Region", verbose_name="所在区划", on_delete=models.PROTECT, related_name="instructors")
    active = models.BooleanField("在库", default=True)

    class Meta:
        verbose_name = "党建工作指导员"
        verbose_name_plural = verbose_name
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)


class Dispatch(models.Model):
    """An instructor dispatched to an organization for a period."""

    instructor = models.ForeignKey(Instructor, verbose_name="指导员", on_delete=models.PROTECT, related_name="dispatches")
    organization = models.ForeignKey(
        "registry.SocialOrganization", verbose_name="社会组织", on_delete=models.CASCADE, related_name="dispatches"
    )
    started_on = models.DateField("派驻日期")
    ended_on = models.DateField("结束日期", null=True, blank=True)
    plan = models.TextField("倒排工期计划", blank=True)

    class Meta:
        verbose_name = "指导员派驻"
        verbose_name_plural = verbose_name
        ordering = ["-started_on"]
        indexes = [models.Index(fields=["organization", "ended_on"])]


class WorkLog(models.Model):
    """One visit of an instructor to an organization they are dispatched to: what was done
    and the next step (004 一(八): monthly check of the instructors' results)."""

    dispatch = models.ForeignKey(Dispatch, verbose_name="派驻", on_delete=models.CASCADE, related_name="work_logs")
    visited_on = models.DateField("走访日期")
    done = models.TextField("开展的工作")
    next_step = models.TextField("下一步", blank=True)
    created = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "指导员工作记录"
        verbose_name_plural = verbose_name
        ordering = ["-visited_on", "-pk"]


class InstructorEvaluation(models.Model):
    """The committee's quarterly evaluation of an instructor (004 二 六: 季度考核; 004 一(八):
    results checked monthly, progress reported quarterly), seen by the instructor."""

    class Result(models.TextChoices):
        EXCELLENT = "excellent", "优秀"
        COMPETENT = "competent", "称职"
        BASIC = "basic", "基本称职"
        INCOMPETENT = "incompetent", "不称职"

    instructor = models.ForeignKey(Instructor, verbose_name="指导员", on_delete=models.CASCADE, related_name="evaluations")
    year = models.PositiveSmallIntegerField("年度")
    quarter = models.PositiveSmallIntegerField("季度")
    result = models.CharField("考核结果", max_length=16, choices=Result.choices)
    comment = models.TextField("考核意见", blank=True)
    evaluated_on = models.DateField("考核日期")
    evaluated_by = models.CharField("考核人", max_length=150, blank=True)

    class Meta:
        verbose_name = "指导员季度考核"
        verbose_name_plural = verbose_name
        ordering = ["-year", "-quarter"]
        constraints = [models.UniqueConstraint(fields=["instructor", "year", "quarter"], name="one_evaluation_per_quarter")]

    @property
    def period(self) -> str:
        return f"{self.year}年第{self.quarter}季度"
