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
from .models import SocialOrganization

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

