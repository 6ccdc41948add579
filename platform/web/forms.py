"""Forms of the web pages. Every field has a Chinese label (rendered as a <label for>)."""
from __future__ import annotations

from django import forms

from accounts.models import Role
from imports.exporters import FORMATS
from imports.templates import SHEETS
from registry.models import SocialOrganization

from .selectors.organizations import COVERAGE_FILTERS, SORTS

KIND_CHOICES = [(kind, sheet.title) for kind, sheet in SHEETS.items()]
FORMAT_CHOICES = [(fmt, {"xlsx": "Excel 工作簿（.xlsx）", "csv": "CSV（.csv，UTF-8）"}.get(fmt, fmt)) for fmt in FORMATS]
SORT_CHOICES = [(key, key) for key in SORTS] + [(f"-{key}", f"-{key}") for key in SORTS]


class OrganizationFilterForm(forms.Form):
    q = forms.CharField(label="名称或统一社会信用代码", required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": "输入名称或18位代码", "autocomplete": "off"}))
    region = forms.ChoiceField(label="所在区划", required=False)
    kind = forms.ChoiceField(label="类型", required=False, choices=[("", "全部类型"), *SocialOrganization.Kind.choices])
    registration_level = forms.ChoiceField(label="登记层级", required=False,
                                           choices=[("", "全部层级"), *SocialOrganization.Level.choices])
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部状态"), *SocialOrganization.Status.choices])
    supervisor_name = forms.CharField(label="业务主管单位", required=False, max_length=100,
                                      widget=forms.TextInput(attrs={"placeholder": "名称中的字", "autocomplete": "off"}))
    coverage = forms.ChoiceField(label="党建覆盖", required=False, choices=[("", "全部"), *COVERAGE_FILTERS.items()])
    sort = forms.ChoiceField(label="排序", required=False, choices=SORT_CHOICES, widget=forms.HiddenInput)

    def __init__(self, *args, regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        indent = {"city": "", "county": "　"}
        self.fields["region"].choices = [("", "全部区划")] + [(code, f"{indent.get(level, '')}{name}") for code, name, level in regions]

    def filters(self) -> dict:
        """The valid filters (an invalid value is dropped, never an error page)."""
        if self.is_valid():
            return {name: value for name, value in self.cleaned_data.items() if value}
        return {name: value for name, value in self.cleaned_data.items() if value and name not in self.errors}


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(label="导入内容", choices=KIND_CHOICES)
    file = forms.FileField(label="文件（.xlsx 或 .csv）",
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}))


class ImportConfirmForm(forms.Form):
    partial = forms.BooleanField(label="只导入正确的行（有错误的行不导入）", required=False)


class ExportForm(forms.Form):
    kind = forms.ChoiceField(label="导出内容", choices=KIND_CHOICES)
    fmt = forms.ChoiceField(label="文件格式", choices=FORMAT_CHOICES, initial="xlsx")
    # Only for a user allowed to unmask (the view drops them otherwise); the reason is audited.
    unmasked = forms.BooleanField(label="导出完整的公民身份号码和联系电话", required=False)
    reason = forms.CharField(label="导出完整个人信息的理由", required=False, max_length=200,
                             widget=forms.TextInput(attrs={"placeholder": "如：向上级报送党员信息核对表", "autocomplete": "off"}))

    def __init__(self, *args, may_unmask: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_unmask:
            del self.fields["unmasked"], self.fields["reason"]


class UserCreateForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150)
    first_name = forms.CharField(label="姓名", max_length=150, required=False)
    email = forms.EmailField(label="电子邮箱", required=False)


class RoleAssignForm(forms.Form):
    """A role and what it covers; which target a role needs is ``accounts.models.REQUIRED_TARGET``."""

    role = forms.ChoiceField(label="角色")
    region = forms.ChoiceField(label="管辖区划（市、县级工作人员）", required=False)
    supervisor = forms.ChoiceField(label="业务主管单位或行业党委", required=False)
    organization_uscc = forms.CharField(label="社会组织统一社会信用代码（书记、联络员）", required=False, max_length=18)
    instructor_id = forms.IntegerField(label="指导员编号（指导员）", required=False, min_value=1)

    def __init__(self, *args, regions=(), supervisors=(), public=False, **kwargs):
        super().__init__(*args, **kwargs)
        roles = [(role.value, role.label) for role in Role if (role == Role.NATIONAL_STAFF) == public
                 or role in (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN)]
        self.fields["role"].choices = roles
        self.fields["region"].choices = [("", "—")] + [(code, f"{name}（{code}）") for code, name, _ in regions]
        self.fields["supervisor"].choices = [("", "—")] + [(str(pk), name) for pk, name in supervisors]


class TokenIssueForm(forms.Form):
    """A new API token for an integrator (security administrator; api.services.api_token_issue)."""

    name = forms.CharField(label="令牌名称（使用方，如“数据仓库”）", max_length=100)
    scopes = forms.MultipleChoiceField(label="权限范围", choices=[("read", "读取"), ("write", "写入")], initial=["read"],
                                       widget=forms.CheckboxSelectMultiple)
    expires_in_days = forms.IntegerField(label="有效天数", min_value=1, max_value=3650)

    def __init__(self, *args, **kwargs):
        from django.conf import settings

        super().__init__(*args, **kwargs)
        self.fields["expires_in_days"].initial = settings.API_TOKEN_DEFAULT_EXPIRY_DAYS


class InstructorEvaluationForm(forms.Form):
    """The committee's quarterly evaluation of an instructor (registry.actions.instructor_evaluation_record)."""

    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(label="季度", coerce=int, choices=[(q, f"第{q}季度") for q in (1, 2, 3, 4)])
    result = forms.ChoiceField(label="考核结果", widget=forms.RadioSelect)
    comment = forms.CharField(label="考核意见", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        from registry.models import InstructorEvaluation

        super().__init__(*args, **kwargs)
        self.fields["result"].choices = InstructorEvaluation.Result.choices

    def action_data(self, instructor_id: int) -> dict:
        return {"instructor_id": instructor_id, **self.cleaned_data}
