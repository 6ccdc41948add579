"""Cross-province aggregates, kept in the public schema (a shared app).

A Celery task copies each province's indicator snapshot rows here (``services``): counts
of organizations per group (the province, a city, a kind, a registration level), never a
person or an organization's name. Small cells are suppressed when read (``selectors``).
"""
from django.db import models


class NationalSnapshot(models.Model):
    class Grouping(models.TextChoices):
        PROVINCE = "province", "全省"
        CITY = "city", "市（州）"
        KIND = "kind", "组织类型"
        REGISTRATION_LEVEL = "registration_level", "登记层级"

    province = models.ForeignKey("tenants.Province", verbose_name="省份", on_delete=models.CASCADE, related_name="national_snapshots")
    taken_on = models.DateField("统计日期")
    grouping = models.CharField("分组方式", max_length=24, choices=Grouping.choices)
    group_key = models.CharField("分组代码", max_length=64)
    group_label = models.CharField("分组名称", max_length=200)
    rules = models.CharField("规则模块", max_length=200, blank=True)
    counts = models.JSONField("各项计数", default=dict)
    copied_at = models.DateTimeField("复制时间", auto_now=True)

    class Meta:
        verbose_name = "全国汇总快照"
        verbose_name_plural = verbose_name
        ordering = ["province", "taken_on", "grouping", "group_key"]
        constraints = [
            models.UniqueConstraint(fields=["province", "taken_on", "grouping", "group_key"], name="one_national_row_per_group_and_day"),
        ]
        indexes = [models.Index(fields=["grouping", "taken_on"])]

    def __str__(self):
        return f"{self.province_id} {self.taken_on} {self.grouping} {self.group_key}"


class NationalSharing(models.Model):
    """What a province lets the national domain see beyond its own totals.

    ``city_breakdown``: its indicators per city are copied and shown (off by default: a
    province committee decides, e.g. where cities are small enough that most cells would be
    suppressed anyway, or where it has not agreed to publish city figures).
    """

    province = models.OneToOneField("tenants.Province", verbose_name="省份", on_delete=models.CASCADE, related_name="national_sharing")
    city_breakdown = models.BooleanField("公开分市（州）指标", default=False)
    updated = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "全国汇总公开设置"
        verbose_name_plural = verbose_name

    def __str__(self):
        return f"{self.province_id}: {'分市' if self.city_breakdown else '仅全省'}"
