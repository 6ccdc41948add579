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
    target_orgs = models.PositiveIntegerField("全覆盖目标范围", null=True, blank=True)
    target_orgs_without_party_org = models.PositiveIntegerField("其中未建党组织", null=True, blank=True)
    weak_and_lax = models.PositiveIntegerField("软弱涣散（已认定的党组织）")
    weak_and_lax_warnings = models.PositiveIntegerField("软弱涣散排查预警（党组织）", null=True, blank=True)
    renewal_overdue = models.PositiveIntegerField("未按期换届")
    three_meetings_compliant = models.PositiveIntegerField("三会一课达标")
    training_compliant = models.PositiveIntegerField("书记培训达标", null=True, blank=True)
    grade_capped = models.PositiveIntegerField("评估等级受规则限制", null=True, blank=True)
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


class CoverageTarget(models.Model):
    """The organizational-coverage target the committee sets for a year (e.g. Anhui: 36% of the
    provincial-level organizations by the end of 2018, 004 二 四). The province's rule module
    gives the targets its documents state (``rules.coverage_targets``); a record here for the
    same year and scope replaces it, and later years are only here."""

    class Scope(models.TextChoices):
        ALL = "all", "全部社会组织"
        PROVINCE = "province", "省级社会组织"
        CITY = "city", "市级社会组织"
        COUNTY = "county", "县级社会组织"

    year = models.PositiveSmallIntegerField("年度")
    scope = models.CharField("范围", max_length=16, choices=Scope.choices, default=Scope.ALL)
    target = models.DecimalField("目标覆盖率", max_digits=5, decimal_places=4, help_text="0至1之间，如0.36")
    by = models.DateField("到期日期")
    note = models.CharField("依据或说明", max_length=300, blank=True)
    set_by = models.CharField("设定人", max_length=200, blank=True)
    created = models.DateTimeField("创建时间", auto_now_add=True)
    updated = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "覆盖率目标"
        verbose_name_plural = verbose_name
        ordering = ["year", "scope"]
        constraints = [models.UniqueConstraint(fields=["year", "scope"], name="one_coverage_target_per_year_and_scope")]

    def __str__(self):
        return f"{self.year}年{self.get_scope_display()}{self.target:.0%}"
