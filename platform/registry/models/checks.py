from django.db import models


class Grade(models.TextChoices):
    A1 = "1A", "1A"
    A2 = "2A", "2A"
    A3 = "3A", "3A"
    A4 = "4A", "4A"
    A5 = "5A", "5A"


class AnnualInspection(models.Model):
    """A yearly inspection (年检/年报) with its Party-building checklist (002 第九条(二))."""

    class Result(models.TextChoices):
        PASSED = "passed", "合格"
        BASIC = "basic", "基本合格"
        FAILED = "failed", "不合格"

    organization = models.ForeignKey(
        "registry.SocialOrganization", verbose_name="社会组织", on_delete=models.CASCADE, related_name="inspections"
    )
    year = models.PositiveSmallIntegerField("年度")
    result = models.CharField("结论", max_length=8, choices=Result.choices)
    checklist = models.JSONField("党建工作清单", default=dict, blank=True)
    rectification = models.TextField("整改要求", blank=True)

    class Meta:
        verbose_name = "年检"
        verbose_name_plural = verbose_name
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="one_inspection_per_year")]


class EvaluationGrade(models.Model):
    """An evaluation grade (等级评估, 1A-5A) given on a date.

    ``above_rule_cap`` records that the grade exceeded what the province's rules allowed
    when it was recorded (it is flagged, never silently changed).
    """

    organization = models.ForeignKey(
        "registry.SocialOrganization", verbose_name="社会组织", on_delete=models.CASCADE, related_name="grades"
    )
    grade = models.CharField("等级", max_length=2, choices=Grade.choices)
    rated_on = models.DateField("评估日期")
    above_rule_cap = models.BooleanField("超出规则上限", default=False)
    cap_reasons = models.JSONField("限制理由", default=list, blank=True)

    class Meta:
        verbose_name = "评估等级"
        verbose_name_plural = verbose_name
        ordering = ["-rated_on"]


class AdministrativePenalty(models.Model):
    organization = models.ForeignKey(
        "registry.SocialOrganization", verbose_name="社会组织", on_delete=models.CASCADE, related_name="penalties"
    )
    decided_on = models.DateField("处罚日期")
    authority = models.CharField("处罚机关", max_length=100)
    description = models.TextField("处罚内容")

    class Meta:
        verbose_name = "行政处罚"
        verbose_name_plural = verbose_name
        ordering = ["-decided_on"]
