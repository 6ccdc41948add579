from django.contrib.postgres.fields import ArrayField
from django.db import models

from privacy.fields import EncryptedTextField
from privacy.masking import mask_id_number, mask_phone


def default_roles() -> list[str]:
    return ["other"]


class Member(models.Model):
    """A Party member working in a social organization, with the set of roles they hold in it
    (a full-time 秘书长 is a leader and full-time staff).

    The ID number and the phone are encrypted at rest; ``id_number_digest`` (a keyed hash)
    finds a member by ID number without decrypting. Gender and birth date come from the ID.
    """

    class Status(models.TextChoices):
        FORMAL = "formal", "正式党员"
        PROBATIONARY = "probationary", "预备党员"

    class Relation(models.TextChoices):
        HERE = "here", "在本组织党组织"
        ELSEWHERE = "elsewhere", "在外单位（口袋党员）"
        MOBILE = "mobile", "流动党员"

    class Role(models.TextChoices):
        # 负责人: 理事长（会长）、副理事长（副会长）、秘书长 (003 七); 管理层: 理事、监事、副秘书长 …
        LEADER = "leader", "负责人"
        MANAGEMENT = "management", "管理层"
        FULL_TIME = "full_time", "专职工作人员"
        OTHER = "other", "其他从业人员"

    class Gender(models.TextChoices):
        MALE = "male", "男"
        FEMALE = "female", "女"

    name = models.CharField("姓名", max_length=50)
    id_number = EncryptedTextField("公民身份号码")
    id_number_digest = models.CharField("身份号码索引", max_length=64, unique=True, editable=False)
    gender = models.CharField("性别", max_length=8, choices=Gender.choices, editable=False)
    birth_date = models.DateField("出生日期", editable=False)
    phone = EncryptedTextField("联系电话", blank=True)
    status = models.CharField("党员类别", max_length=16, choices=Status.choices, default=Status.FORMAL)
    joined_on = models.DateField("入党日期", null=True, blank=True)
    organization = models.ForeignKey(
        "registry.SocialOrganization", verbose_name="所在社会组织", null=True, blank=True,
        on_delete=models.PROTECT, related_name="members",
    )
    party_organization = models.ForeignKey(
        "registry.PartyOrganization", verbose_name="所在党组织", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="members",
    )
    relation = models.CharField("组织关系", max_length=16, choices=Relation.choices, default=Relation.HERE)
    roles = ArrayField(models.CharField(max_length=16, choices=Role.choices), verbose_name="在组织中的身份",
                       default=default_roles)
    created = models.DateTimeField("创建时间", auto_now_add=True)
    updated = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "党员"
        verbose_name_plural = "党员"
        ordering = ["name"]
        indexes = [models.Index(fields=["organization", "status"])]

    def __str__(self):
        return self.name

    @property
    def role(self) -> str:
        """The first of the member's roles in ``Role`` order: the one-role view of the import
        sheet and of API clients that send ``role``. Setting it sets ``roles`` to that one role."""
        return next((role for role in self.Role.values if role in self.roles), self.Role.OTHER)

    @role.setter
    def role(self, value: str) -> None:
        self.roles = [value]

    @property
    def roles_display(self) -> str:
        labels = dict(self.Role.choices)
        return "、".join(str(labels[role]) for role in self.Role.values if role in self.roles)

    @property
    def id_number_masked(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)


class MemberTransfer(models.Model):
    """A transfer of a member's membership relation (组织关系转接) into or out of the
    organization: from where, to where, the date and how far it has got."""

    class Direction(models.TextChoices):
        IN = "in", "转入"
        OUT = "out", "转出"

    class Status(models.TextChoices):
        PENDING = "pending", "办理中"
        DONE = "done", "已完成"
        CANCELLED = "cancelled", "已取消"

    member = models.ForeignKey(Member, verbose_name="党员", on_delete=models.CASCADE, related_name="transfers")
    direction = models.CharField("转接方向", max_length=8, choices=Direction.choices)
    counterpart = models.CharField("转出或转入的党组织", max_length=200)
    transferred_on = models.DateField("转接日期")
    status = models.CharField("办理状态", max_length=12, choices=Status.choices, default=Status.PENDING)
    note = models.CharField("说明", max_length=200, blank=True)
    created = models.DateTimeField("创建时间", auto_now_add=True)
    updated = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "组织关系转接"
        verbose_name_plural = verbose_name
        ordering = ["-transferred_on", "-pk"]
