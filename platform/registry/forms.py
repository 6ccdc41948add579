"""Forms that write the registry, for the web pages and the Django admin alike.

A form here only converts what was typed (text to dates and numbers); every rule is the
action's (``registry.actions``): the form hands ``action_data()`` to the action and shows the
action's ``ValidationError`` beside the fields it names (``add_action_errors``), so that a
form, the API and an import refuse the same input with the same words.
"""
from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from .actions.organizations import ORGANIZATION_NAME_MAX, organization_snapshot
from .models import ActivityKind, Member, MemberTransfer, SocialOrganization, WeakAndLaxDesignation

BOOLEAN_FIELDS = ("charter_clause", "decoupled", "is_school", "is_hospital", "has_work_station")


class OrganizationFields(forms.Form):
    """An organization as ``organization_upsert`` takes it (its ``data``)."""

    uscc = forms.CharField(label="统一社会信用代码", max_length=18, required=False)
    name = forms.CharField(label="名称", max_length=ORGANIZATION_NAME_MAX, required=False)
    kind = forms.ChoiceField(label="类型", choices=[("", "—"), *SocialOrganization.Kind.choices], required=False)
    registration_level = forms.ChoiceField(label="登记层级", choices=[("", "—"), *SocialOrganization.Level.choices],
                                           required=False)
    region_code = forms.CharField(label="所在行政区划代码", max_length=6, required=False,
                                  help_text="6位行政区划代码（GB/T 2260），如 220102")
    registration_authority = forms.CharField(label="登记管理机关", max_length=100, required=False)
    business_supervisor = forms.CharField(label="业务主管单位", max_length=100, required=False, help_text="没有则留空")
    industry_committee = forms.CharField(label="行业党委", max_length=100, required=False)
    industry = forms.CharField(label="所属行业", max_length=50, required=False)
    employees = forms.IntegerField(label="从业人员数", required=False, max_value=2_000_000_000)
    registered_on = forms.DateField(label="登记日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    status = forms.ChoiceField(label="状态", choices=SocialOrganization.Status.choices, required=False)
    charter_clause = forms.BooleanField(label="章程已写入党建工作内容", required=False)
    decoupled = forms.BooleanField(label="已与行政机关脱钩", required=False)
    is_school = forms.BooleanField(label="民办学校", required=False)
    is_hospital = forms.BooleanField(label="民办医院", required=False)
    has_work_station = forms.BooleanField(label="有党建工作站", required=False)
    accepted_reason_for_no_party_org = forms.CharField(label="未建党组织的认可理由", max_length=200, required=False)
    grade_cap_exception = forms.CharField(label="评估等级上限例外（委员会决定及理由）", max_length=200, required=False)

    def initial_from(self, organization: SocialOrganization) -> None:
        """Fill the form from a stored organization (its audited fields, keys by name)."""
        values = organization_snapshot(organization)
        values["registered_on"] = organization.registered_on
        self.initial.update({name: values[name] for name in self.base_fields if name in values})

    def action_data(self) -> dict:
        """The cleaned values as the action's ``data`` (empty text left out: the action's defaults)."""
        data = {}
        for name in self.base_fields:
            value = self.cleaned_data.get(name)
            if name in BOOLEAN_FIELDS:
                data[name] = bool(value)
            elif value not in (None, ""):
                data[name] = value
        return data


def add_action_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show an action's field errors on ``form`` (beside the field, or above the form)."""
    for field, messages in error.message_dict.items():
        target = field if field in form.fields else None
        for message in messages:
            form.add_error(target, message)



def _date(label: str, *, required: bool = False, help_text: str = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, help_text=help_text,
                           widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


def _text(label: str, *, max_length: int = 200, rows: int = 0, required: bool = False, help_text: str = ""):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(label=label, max_length=max_length, required=required, help_text=help_text, widget=widget)


class ActionFields(forms.Form):
    """A form whose cleaned values are an action's ``data`` as they are (text stripped)."""

    def action_data(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items()}


class MemberFields(ActionFields):
    """A member as ``member_upsert`` takes it. The ID number is typed once, when the member is
    added; afterwards the page shows it masked and the form leaves it out (``editing``)."""

    name = _text("姓名", max_length=50)
    id_number = forms.CharField(label="公民身份号码", max_length=18, required=False,
                                help_text="18位，保存后只显示脱敏号码", widget=forms.TextInput(attrs={"autocomplete": "off"}))
    phone = forms.CharField(label="联系电话", max_length=20, required=False, widget=forms.TextInput(attrs={"type": "tel"}))
    status = forms.ChoiceField(label="党员类别", choices=Member.Status.choices)
    joined_on = _date("入党日期", help_text="预备党员填接收为预备党员的日期")
    roles = forms.MultipleChoiceField(label="在组织中的身份（可多选）", choices=Member.Role.choices, required=False,
                                      widget=forms.CheckboxSelectMultiple,
                                      help_text="如专职秘书长既是管理层也是专职工作人员")
    relation = forms.ChoiceField(label="组织关系", choices=Member.Relation.choices,
                                 help_text="在本组织党组织 / 在外单位（口袋党员，002 第十七条）/ 流动党员")
    party_organization = forms.ChoiceField(label="所在党组织", required=False)

    def __init__(self, *args, party_organizations=(), editing: Member | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party_organization"].choices = [("", "—")] + [(p.name, p.name) for p in party_organizations]
        self.editing = editing
        if editing is not None:
            del self.fields["id_number"]
            if editing.phone:
                self.fields["phone"].help_text = f"现为 {editing.phone_masked}；留空不变"
            self.initial.update({
                "name": editing.name, "status": editing.status, "joined_on": editing.joined_on,
                "roles": list(editing.roles), "relation": editing.relation,
                "party_organization": getattr(editing.party_organization, "name", ""),
            })


TRANSFER_STATUS_CHOICES = [(MemberTransfer.Status.PENDING, "办理中"), (MemberTransfer.Status.DONE, "已完成")]


class TransferFields(ActionFields):
    """A transfer of a member's membership relation, as ``member_transfer_record`` takes it."""

    direction = forms.ChoiceField(label="转接方向", choices=MemberTransfer.Direction.choices)
    counterpart = _text("从何处转入 / 转往何处", help_text="对方党组织的名称")
    transferred_on = _date("转接日期", required=False)
    status = forms.ChoiceField(label="办理状态", choices=TRANSFER_STATUS_CHOICES,
                               help_text="“已完成”的，党员的组织关系随即更新")
    note = _text("说明")


class ActivityFields(ActionFields):
    """A meeting or activity with the members present, as ``activity_record`` takes it."""

    kind = forms.ChoiceField(label="类别", choices=ActivityKind.choices)
    held_on = _date("日期", required=False)
    title = _text("主题", required=False)
    attendee_ids = forms.TypedMultipleChoiceField(label="出席党员", coerce=int, required=False,
                                                  widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendee_ids"].choices = [(m.pk, m.name) for m in members]


class TrainingFields(ActionFields):
    """A member's training, as ``training_record`` takes it."""

    member_id = forms.TypedChoiceField(label="参训人员", coerce=int, required=False, empty_value=None)
    title = _text("培训名称", required=False)
    started_on = _date("开始日期", required=False)
    days = forms.DecimalField(label="天数", required=False, max_digits=5, decimal_places=1,
                              help_text="半天填0.5；按学时计的，8学时折合1天")
    concentrated = forms.BooleanField(label="集中培训", required=False, initial=True)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member_id"].choices = [(m.pk, f"{m.name}（{m.roles_display}）" if hasattr(m, "roles_display")
                                             else m.name) for m in members]


class WorkLogFields(ActionFields):
    """An instructor's visit, as ``work_log_record`` takes it."""

    dispatch_id = forms.TypedChoiceField(label="派驻的社会组织", coerce=int, required=False, empty_value=None)
    visited_on = _date("走访日期", required=False)
    done = _text("开展的工作", max_length=5000, rows=4, required=False)
    next_step = _text("下一步", max_length=5000, rows=3)

    def __init__(self, *args, dispatches=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dispatch_id"].choices = [(d.pk, d.organization.name) for d in dispatches]


class AcceptedReasonFields(ActionFields):
    accepted_reason_for_no_party_org = _text("未建党组织的认可理由", help_text="留空并保存即清除；记录后不属“无故不组建”")


class GradeCapExceptionFields(ActionFields):
    grade_cap_exception = _text("等级上限例外（委员会决定及理由）", help_text="留空并保存即清除")


class TermRenewalFields(ActionFields):
    last_election_on = _date("换届（选举）日期", required=False)
    term_years = forms.IntegerField(label="任期（年）", required=False, max_value=1000)


class DesignationFields(ActionFields):
    designated_on = _date("认定日期", required=False)
    problems = _text("存在的问题", max_length=5000, rows=3, required=False)
    measures = _text("整顿措施", max_length=5000, rows=3)
    deadline = _date("整顿期限", required=False)


class RectificationCloseFields(ActionFields):
    status = forms.ChoiceField(label="验收结论", choices=[
        (WeakAndLaxDesignation.Status.RECTIFIED, "整顿合格"), (WeakAndLaxDesignation.Status.FAILED, "整顿未达标")])
    closed_on = _date("验收日期", required=False)
    result = _text("整顿结果", max_length=5000, rows=3, required=False)
