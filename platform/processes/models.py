"""Cases of the province's processes, their rounds, documents, scores, history and meetings,
and the province's working-day table.

A process itself is not a table: it is data in the province's rule module
(``province_rules/processes.py``), found by its code in the rules object of the day. Rows
here keep the process code and the stage code as written when the action happened.
Writes go through ``processes.actions`` only.
"""
from django.db import models


class CalendarYear(models.Model):
    """A year the province entered in full in its working-day table (holidays and make-up days
    from the State Council's notice), for a year the calendar package does not cover yet."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    source = models.CharField("依据", max_length=200, help_text="如：国办发明电〔2026〕X号")
    entered_by = models.CharField("录入人", max_length=150, blank=True)
    entered_at = models.DateTimeField("录入时间", auto_now=True)

    class Meta:
        verbose_name = "工作日历年度"
        verbose_name_plural = verbose_name
        ordering = ["year"]

    def __str__(self):
        return f"{self.year}年（{self.source}）"


class CalendarDay(models.Model):
    """One day of the province's table: a holiday (not a working day) or a make-up working day."""

    day = models.DateField("日期", unique=True)
    working = models.BooleanField("上班", help_text="勾选：调休上班日；不勾选：放假日")
    name = models.CharField("名称", max_length=50, blank=True, help_text="如：春节、国庆节调休上班")

    class Meta:
        verbose_name = "工作日历日期"
        verbose_name_plural = verbose_name
        ordering = ["day"]

    def __str__(self):
        return f"{self.day} {'上班' if self.working else '放假'} {self.name}"


class Round(models.Model):
    """A round of a process a committee opens for a year (e.g. Jilin's demonstration bases)."""

    process = models.CharField("事项", max_length=64)
    year = models.PositiveSmallIntegerField("年度")
    opens_on = models.DateField("开始申报日期")
    deadline = models.DateField("申报截止日期")
    opened_by = models.CharField("开启人", max_length=150)
    created = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "申报批次"
        verbose_name_plural = verbose_name
        ordering = ["process", "-year"]
        constraints = [models.UniqueConstraint(fields=["process", "year"], name="one_round_per_process_year")]

    def __str__(self):
        return f"{self.year}年度"


class Meeting(models.Model):
    """A committee meeting that decided a batch of cases."""

    process = models.CharField("事项", max_length=64)
    held_on = models.DateField("会议日期")
    title = models.CharField("会议名称", max_length=200)
    recorded_by = models.CharField("记录人", max_length=150)
    created = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "审定会议"
        verbose_name_plural = verbose_name
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return f"{self.held_on} {self.title}"


class Case(models.Model):
    """One case of a process: about an organization (and possibly others with it), a Party
    organization, or a region's committee (a task), in one stage at a time."""

    class Status(models.TextChoices):
        OPEN = "open", "办理中"
        CLOSED = "closed", "已办结"

    process = models.CharField("事项", max_length=64)
    round = models.ForeignKey(Round, verbose_name="批次", null=True, blank=True, on_delete=models.PROTECT, related_name="cases")
    organization = models.ForeignKey(
        "registry.SocialOrganization", verbose_name="社会组织", null=True, blank=True, on_delete=models.PROTECT,
        related_name="cases",
    )
    organizations = models.ManyToManyField(
        "registry.SocialOrganization", verbose_name="一并申请的社会组织", blank=True, related_name="joint_cases",
    )
    party_organization = models.ForeignKey(
        "registry.PartyOrganization", verbose_name="党组织", null=True, blank=True, on_delete=models.PROTECT,
        related_name="cases",
    )
    region = models.ForeignKey("regions.Region", verbose_name="所在区划", on_delete=models.PROTECT, related_name="cases")
    title = models.CharField("标题", max_length=200, blank=True)
    stage = models.CharField("当前环节", max_length=64)
    stage_entered_on = models.DateField("进入环节日期")
    status = models.CharField("状态", max_length=8, choices=Status.choices, default=Status.OPEN)
    outcome = models.CharField("结果", max_length=32, blank=True)
    due_on = models.DateField("办理期限", null=True, blank=True)
    due_covered = models.BooleanField("期限按官方日历计算", default=True)
    data = models.JSONField("记录事项", default=dict, blank=True)
    valid_from = models.DateField("有效期起", null=True, blank=True)
    valid_until = models.DateField("有效期至", null=True, blank=True)
    review_due_on = models.DateField("复查到期", null=True, blank=True)
    opened_on = models.DateField("立案日期")
    closed_on = models.DateField("办结日期", null=True, blank=True)
    created = models.DateTimeField("创建时间", auto_now_add=True)
    updated = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "办理事项"
        verbose_name_plural = verbose_name
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["process", "stage"]),
            models.Index(fields=["status", "due_on"]),
            models.Index(fields=["review_due_on"]),
        ]

    def __str__(self):
        return f"{self.process} #{self.pk}"


class CaseEvent(models.Model):
    """One action on a case: who, when, why, the stage before and after (its history)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField("时间", auto_now_add=True)
    on = models.DateField("日期")
    actor = models.CharField("操作人", max_length=150)
    actor_kind = models.CharField("操作人类别", max_length=8)
    action = models.CharField("操作", max_length=64)
    action_name = models.CharField("操作名称", max_length=100)
    stage_before = models.CharField("操作前环节", max_length=64, blank=True)
    stage_after = models.CharField("操作后环节", max_length=64)
    reason = models.TextField("理由", blank=True)
    data = models.JSONField("记录事项", default=dict, blank=True)
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="events")

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = verbose_name
        ordering = ["case_id", "id"]


class CaseDocument(models.Model):
    """An uploaded piece of evidence, stored encrypted outside the web root (``documents.py``)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    stage = models.CharField("上传环节", max_length=64)
    kind = models.CharField("材料类别", max_length=64)
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("类型", max_length=100)
    size = models.PositiveIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    storage_name = models.CharField("存储名", max_length=100, unique=True)
    uploaded_by = models.CharField("上传人", max_length=150)
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "办理材料"
        verbose_name_plural = verbose_name
        ordering = ["case_id", "id"]


class CaseScore(models.Model):
    """The score of one item of a scoring in one stage of a case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="scores")
    stage = models.CharField("评分环节", max_length=64)
    scoring = models.CharField("评分标准", max_length=64)
    item = models.CharField("评分项", max_length=64)
    score = models.DecimalField("得分", max_digits=6, decimal_places=2)
    note = models.CharField("说明", max_length=500, blank=True)
    scored_by = models.CharField("评分人", max_length=150)
    scored_at = models.DateTimeField("评分时间", auto_now=True)

    class Meta:
        verbose_name = "评分"
        verbose_name_plural = verbose_name
        ordering = ["case_id", "stage", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "stage", "scoring", "item"], name="one_score_per_item")]


class CaseReport(models.Model):
    """A progress report on a task (text, figures, the period it reports on)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reports")
    period = models.CharField("报告期", max_length=16)  # "2026-03" or "2026Q1"
    text = models.TextField("进展情况")
    figures = models.JSONField("数据", default=dict, blank=True)
    reported_by = models.CharField("报告人", max_length=150)
    reported_on = models.DateField("报告日期")

    class Meta:
        verbose_name = "进展报告"
        verbose_name_plural = verbose_name
        ordering = ["case_id", "-reported_on", "-id"]


class Registration(models.Model):
    """An event of the civil-affairs registration system received through the hand-off."""

    event = models.CharField("事件", max_length=32)
    organization = models.ForeignKey("registry.SocialOrganization", on_delete=models.PROTECT, related_name="registrations")
    party = models.JSONField("党建信息", default=dict, blank=True)
    checks = models.JSONField("检查结果", default=list, blank=True)
    cases = models.ManyToManyField(Case, blank=True, related_name="registrations")
    received_by = models.CharField("接收方", max_length=150)
    received_at = models.DateTimeField("接收时间", auto_now_add=True)

    class Meta:
        verbose_name = "登记事件"
        verbose_name_plural = verbose_name
        ordering = ["-id"]
