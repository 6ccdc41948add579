"""Daily snapshots of the indicators (domain.md section 5), so that a committee can follow
a figure over time ("31% → target 36%", 004 二)."""
from django.db import models


class Grouping(models.TextChoices):
    PROVINCE = "province", "全省"
    CITY = "city", "市（州）"
    KIND = "kind", "组织类型"
    REGISTRATION_LEVEL = "registration_level", "登记层级"
    SUPERVISOR = "supervisor", "业务主管单位"


class IndicatorSnapshot(models.Model):
    """The indicator counts of one group (a city, a kind ...) on one day.

    Counts only: rates are computed when read (``selectors.snapshot_series``). The field
    names are the indicator names of ``selectors.INDICATORS``.
    """

    taken_on = models.DateField("统计日期")
    grouping = models.CharField("分组方式", max_length=24, choices=Grouping.choices)
    group_key = models.CharField("分组代码", max_length=64)
    group_label = models.CharField("分组名称", max_length=200)
    rules = models.CharField("规则模块", max_length=200)

    in_scope = models.PositiveIntegerField("纳入统计的社会组织")
    zombies = models.PositiveIntegerField("其中僵尸型")
    organizational_coverage = models.PositiveIntegerField("党的组织覆盖")
    work_coverage = models.PositiveIntegerField("党的工作覆盖")
    with_party_org = models.PositiveIntegerField("有党组织（含派出党支部）")
    eligible = models.PositiveIntegerField("具备单独组建条件")
    eligible_not_built = models.PositiveIntegerField("应建未建")
    target_orgs = models.PositiveIntegerField("30人以上民办学校、医院")
    target_orgs_without_party_org = models.PositiveIntegerField("其中未建党组织")
    weak_and_lax = models.PositiveIntegerField("软弱涣散")
    renewal_overdue = models.PositiveIntegerField("未按期换届")
    three_meetings_compliant = models.PositiveIntegerField("三会一课达标")
    training_compliant = models.PositiveIntegerField("书记培训达标", null=True, blank=True)
    grade_above_cap = models.PositiveIntegerField("评估等级超出规则上限")

    created = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "指标快照"
        verbose_name_plural = verbose_name
        ordering = ["taken_on", "grouping", "group_key"]
        constraints = [
            models.UniqueConstraint(fields=["taken_on", "grouping", "group_key"], name="one_snapshot_per_group_and_day"),
        ]
        indexes = [models.Index(fields=["grouping", "group_key", "taken_on"])]

    def __str__(self):
        return f"{self.taken_on} {self.get_grouping_display()} {self.group_label}"
