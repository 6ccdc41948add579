from django.db import models


class ActivityKind(models.TextChoices):
    GENERAL_MEETING = "general_meeting", "支部党员大会"
    COMMITTEE_MEETING = "committee_meeting", "支部委员会"
    GROUP_MEETING = "group_meeting", "党小组会"
    PARTY_LECTURE = "party_lecture", "党课"
    THEME_DAY = "theme_day", "主题党日"
    ORG_LIFE_MEETING = "org_life_meeting", "组织生活会"
    DEMOCRATIC_REVIEW = "democratic_review", "民主评议党员"
    OTHER = "other", "其他活动"


class Activity(models.Model):
    """A meeting or activity of a Party organization (三会一课, theme day, ...)."""

    party_organization = models.ForeignKey(
        "registry.PartyOrganization", verbose_name="党组织", on_delete=models.CASCADE, related_name="activities"
    )
    kind = models.CharField("类别", max_length=20, choices=ActivityKind.choices)
    held_on = models.DateField("日期")
    title = models.CharField("主题", max_length=200, blank=True)
    attendees = models.ManyToManyField("registry.Member", through="Attendance", verbose_name="参加人员", blank=True)

    class Meta:
        verbose_name = "组织生活与活动"
        verbose_name_plural = verbose_name
        ordering = ["-held_on"]
        indexes = [models.Index(fields=["party_organization", "kind", "held_on"])]


class Attendance(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE)
    member = models.ForeignKey("registry.Member", on_delete=models.CASCADE)
    present = models.BooleanField("出席", default=True)

    class Meta:
        verbose_name = "出席记录"
        verbose_name_plural = verbose_name
        constraints = [models.UniqueConstraint(fields=["activity", "member"], name="one_attendance_per_member")]


class Training(models.Model):
    """A training attended by a member (secretary, Party worker), with its length in days."""

    member = models.ForeignKey("registry.Member", verbose_name="党员", on_delete=models.CASCADE, related_name="trainings")
    title = models.CharField("培训名称", max_length=200)
    started_on = models.DateField("开始日期")
    days = models.DecimalField("天数", max_digits=4, decimal_places=1)
    concentrated = models.BooleanField("集中培训", default=True)

    class Meta:
        verbose_name = "培训"
        verbose_name_plural = verbose_name
        ordering = ["-started_on"]
