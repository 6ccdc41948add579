from django.db import models

from ..validators import validate_uscc


class Supervisor(models.Model):
    """A business-supervisor unit (业务主管单位) or an industry Party committee (行业党委)."""

    class Kind(models.TextChoices):
        BUSINESS_SUPERVISOR = "business_supervisor", "业务主管单位"
        INDUSTRY_COMMITTEE = "industry_committee", "行业党委"

    name = models.CharField("名称", max_length=100, unique=True)
    kind = models.CharField("类别", max_length=24, choices=Kind.choices, default=Kind.BUSINESS_SUPERVISOR)

    class Meta:
        verbose_name = "业务主管单位/行业党委"
        verbose_name_plural = verbose_name
        ordering = ["name"]

    def __str__(self):
        return self.name


class SocialOrganization(models.Model):
    """A registered social organization (社会组织), keyed by its USCC."""

    class Kind(models.TextChoices):
        SOCIAL_GROUP = "social_group", "社会团体"
        PRIVATE_NON_ENTERPRISE = "private_non_enterprise", "民办非企业单位"
        FOUNDATION = "foundation", "基金会"
        INTERMEDIARY = "intermediary", "社会中介组织"
        COMMUNITY_ORG = "community_org", "城乡社区社会组织"

    class Level(models.TextChoices):
        PROVINCE = "province", "省级"
        CITY = "city", "市级"
        COUNTY = "county", "县级"

    class Status(models.TextChoices):
        ACTIVE = "active", "正常"
        ZOMBIE = "zombie", "僵尸型"
        DEREGISTERED = "deregistered", "已注销"

    uscc = models.CharField("统一社会信用代码", max_length=18, unique=True, validators=[validate_uscc])
    name = models.CharField("名称", max_length=200)
    kind = models.CharField("类型", max_length=24, choices=Kind.choices)
    registration_level = models.CharField("登记层级", max_length=8, choices=Level.choices)
    region = models.ForeignKey("regions.Region", verbose_name="所在区划", on_delete=models.PROTECT, related_name="organizations")
    registration_authority = models.CharField("登记管理机关", max_length=100, blank=True)
    business_supervisor = models.ForeignKey(
        Supervisor, verbose_name="业务主管单位", null=True, blank=True, on_delete=models.PROTECT, related_name="supervised"
    )
    industry_committee = models.ForeignKey(
        Supervisor, verbose_name="行业党委", null=True, blank=True, on_delete=models.PROTECT, related_name="industry_orgs"
    )
    industry = models.CharField("行业", max_length=50, blank=True)
    employees = models.PositiveIntegerField("从业人员数", default=0)
    registered_on = models.DateField("登记日期", null=True, blank=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.ACTIVE)
    evaluation_grade = models.CharField("评估等级", max_length=2, blank=True)
    evaluation_grade_on = models.DateField("评估日期", null=True, blank=True)
    charter_clause = models.BooleanField("党建工作写入章程", default=False)
    decoupled = models.BooleanField("已脱钩", default=False)
    is_school = models.BooleanField("民办学校", default=False)
    is_hospital = models.BooleanField("民办医院", default=False)
    has_work_station = models.BooleanField("党建工作站覆盖", default=False)
    accepted_reason_for_no_party_org = models.CharField("未建党组织的正当理由", max_length=200, blank=True)
    grade_cap_exception = models.CharField("等级限制例外说明", max_length=200, blank=True)
    created = models.DateTimeField("创建时间", auto_now_add=True)
    updated = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "社会组织"
        verbose_name_plural = "社会组织"
        ordering = ["uscc"]
        indexes = [
            models.Index(fields=["region", "kind"]),
            models.Index(fields=["status"]),
            models.Index(fields=["name"]),
        ]

    def __str__(self):
        return self.name


class MassOrganization(models.Model):
    """A union, youth league or women's federation inside an organization (002 第二十条)."""

    class Kind(models.TextChoices):
        UNION = "union", "工会"
        YOUTH_LEAGUE = "youth_league", "共青团"
        WOMEN_FEDERATION = "women_federation", "妇联"

    organization = models.ForeignKey(SocialOrganization, verbose_name="社会组织", on_delete=models.CASCADE, related_name="mass_organizations")
    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    founded_on = models.DateField("成立日期", null=True, blank=True)

    class Meta:
        verbose_name = "群团组织"
        verbose_name_plural = verbose_name
        constraints = [models.UniqueConstraint(fields=["organization", "kind"], name="one_mass_org_of_a_kind")]
