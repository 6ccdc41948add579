from django.db import models


class PartyOrganization(models.Model):
    """A Party organization: committee, general branch or branch; own, joint, temporary or dispatched.

    A joint branch covers several organizations (002 第十六条); a dispatched branch covers 3-5
    organizations without members (002 第十八条, Jilin); a temporary branch exists where members
    cannot transfer their relation (003 五, Guangdong). Which forms a province allows is a rule.
    """

    class Level(models.TextChoices):
        COMMITTEE = "committee", "党委"
        GENERAL_BRANCH = "general_branch", "党总支"
        BRANCH = "branch", "党支部"

    class Form(models.TextChoices):
        OWN = "own", "单独组建"
        JOINT = "joint", "联合组建"
        TEMPORARY = "temporary", "临时党支部"
        DISPATCHED = "dispatched", "派出党支部"

    name = models.CharField("名称", max_length=200, unique=True)
    level = models.CharField("层级", max_length=16, choices=Level.choices, default=Level.BRANCH)
    form = models.CharField("组建形式", max_length=16, choices=Form.choices, default=Form.OWN)
    covered_organizations = models.ManyToManyField(
        "registry.SocialOrganization", verbose_name="覆盖的社会组织", related_name="party_organizations", blank=True
    )
    instructors = models.ManyToManyField(
        "registry.Instructor", verbose_name="组成派出党支部的指导员", related_name="dispatched_branches", blank=True,
        help_text="派出党支部由党建工作指导员组成（002 第十八条）",
    )
    parent = models.ForeignKey("self", verbose_name="上级党组织", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    region = models.ForeignKey("regions.Region", verbose_name="所在区划", on_delete=models.PROTECT, related_name="party_organizations")
    founded_on = models.DateField("成立日期", null=True, blank=True)
    term_years = models.PositiveSmallIntegerField("任期（年）", default=3)
    last_election_on = models.DateField("最近换届日期", null=True, blank=True)
    secretary = models.ForeignKey(
        "registry.Member", verbose_name="书记", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    weak_and_lax = models.BooleanField("软弱涣散", default=False)
    dissolved_on = models.DateField("撤销日期", null=True, blank=True)
    created = models.DateTimeField("创建时间", auto_now_add=True)
    updated = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "党组织"
        verbose_name_plural = "党组织"
        ordering = ["name"]

    def __str__(self):
        return self.name


class WeakAndLaxDesignation(models.Model):
    """A committee's designation of a Party organization as weak and lax (软弱涣散, 003 四,
    004 一(三), 002 第九条(三)) and its rectification: the problems, the measures, the
    deadline and the result. While one is open, ``PartyOrganization.weak_and_lax`` is set
    (the recorded finding the rules read); a rectification that passes clears it."""

    class Status(models.TextChoices):
        RECTIFYING = "rectifying", "整顿中"
        RECTIFIED = "rectified", "整顿合格"
        FAILED = "failed", "整顿未达标"

    party_organization = models.ForeignKey(PartyOrganization, verbose_name="党组织", on_delete=models.CASCADE,
                                           related_name="designations")
    designated_on = models.DateField("认定日期")
    problems = models.TextField("存在的问题")
    measures = models.TextField("整顿措施", blank=True)
    deadline = models.DateField("整顿期限")
    status = models.CharField("整顿状态", max_length=12, choices=Status.choices, default=Status.RECTIFYING)
    result = models.TextField("整顿结果", blank=True)
    closed_on = models.DateField("验收日期", null=True, blank=True)
    created = models.DateTimeField("创建时间", auto_now_add=True)
    updated = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "软弱涣散认定与整顿"
        verbose_name_plural = verbose_name
        ordering = ["-designated_on", "-pk"]
