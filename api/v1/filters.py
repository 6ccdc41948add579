"""Query filters of the province API (django-filter): the fields a committee filters by."""
import copy

import django_filters as filters
from django import forms
from django.http import QueryDict
from django.core.validators import RegexValidator

from registry.models import (
    Activity, ActivityKind, AnnualInspection, Dispatch, EvaluationGrade, Grade, Instructor, Member, PartyOrganization,
    SocialOrganization, Supervisor, Training,
)
from regions.codes import code_prefix
from regions.models import Region
from registry.selectors import organization_list

MAX_ID = 2**63 - 1
REGION_CODE = RegexValidator(r"^\d{6}$", "应为六位行政区划代码（GB/T 2260），如 220100")


class IdFilter(filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class RegionPrefixFilter(filters.CharFilter):
    """A region code and every region below it (GB/T 2260 prefixes: 220000 → 22xxxx)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", "行政区划代码，含其下级区划")
        kwargs.setdefault("max_length", 6)
        kwargs.setdefault("validators", [REGION_CODE])
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value or not value.strip():
            return qs
        return qs.filter(**{f"{self.field_name}__startswith": code_prefix(value)})


class _SharedFields(dict):
    """A filter form's fields, given to each form as they are instead of deep-copied (what
    ``BaseForm.__init__`` does with ``base_fields``: a copy of every field, widget and choice list
    per request). A filter form only validates query parameters with them; nothing changes them."""

    def __deepcopy__(self, memo):
        return dict(self)


class FormOnlyFilterSet(filters.FilterSet):
    """A FilterSet whose ``filter_queryset`` reads only ``form.cleaned_data`` (it hands them to a
    selector), for the lists read most: its form class is built once per class, and its filters
    are not deep-copied per request (django-filter copies them in every ``FilterSet.__init__``
    so that each ``Filter.filter`` runs with its own parent; none runs here), nor are the form's
    fields (``_SharedFields``). The form, its validation and its errors are django-filter's own."""

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = self.base_filters  # read only here: filter_queryset does not use them

    def get_form_class(self):
        cls = type(self)
        form_class = cls.__dict__.get("_form_class")
        if form_class is None:
            fields = {}
            for name, filter_ in cls.base_filters.items():
                filter_ = copy.deepcopy(filter_)
                filter_.model = cls._meta.model
                fields[name] = filter_.field
            form_class = type(f"{cls.__name__}Form", (cls._meta.form,), fields)
            form_class.base_fields = _SharedFields(form_class.base_fields)
            cls._form_class = form_class
        return form_class

    def filter_queryset(self, queryset):
        raise NotImplementedError("a FormOnlyFilterSet hands form.cleaned_data to its selector")


class OrganizationFilter(FormOnlyFilterSet):
    """Applied by ``registry.selectors.organization_list``, the one place that knows these filters."""

    q = filters.CharFilter(help_text="名称（包含）或统一社会信用代码", max_length=200)
    region = filters.CharFilter(help_text="行政区划代码，含其下级区划", max_length=6, validators=[REGION_CODE])
    kind = filters.ChoiceFilter(choices=SocialOrganization.Kind.choices)
    registration_level = filters.ChoiceFilter(choices=SocialOrganization.Level.choices)
    status = filters.ChoiceFilter(choices=SocialOrganization.Status.choices)
    supervisor = IdFilter(help_text="业务主管单位 id（见 /supervisors）")

    class Meta:
        model = SocialOrganization
        fields = []

    def filter_queryset(self, queryset):
        return organization_list(queryset=queryset, filters=self.form.cleaned_data)


class SupervisorFilter(filters.FilterSet):
    q = filters.CharFilter(field_name="name", lookup_expr="icontains", max_length=100)
    kind = filters.ChoiceFilter(choices=Supervisor.Kind.choices)

    class Meta:
        model = Supervisor
        fields = []


class RegionFilter(filters.FilterSet):
    level = filters.ChoiceFilter(choices=Region.Level.choices)
    parent = filters.CharFilter(field_name="parent__code", max_length=6, help_text="上级区划代码")

    class Meta:
        model = Region
        fields = []


class PartyOrganizationFilter(filters.FilterSet):
    q = filters.CharFilter(field_name="name", lookup_expr="icontains", max_length=200)
    level = filters.ChoiceFilter(choices=PartyOrganization.Level.choices)
    form = filters.ChoiceFilter(choices=PartyOrganization.Form.choices)
    region = RegionPrefixFilter(field_name="region__code")
    weak_and_lax = filters.BooleanFilter()
    dissolved = filters.BooleanFilter(field_name="dissolved_on", lookup_expr="isnull", exclude=True, help_text="已撤销")
    covers = filters.CharFilter(field_name="covered_organizations__uscc", max_length=18, help_text="覆盖的社会组织的统一社会信用代码",
                                distinct=True)

    class Meta:
        model = PartyOrganization
        fields = []


class MemberFilter(filters.FilterSet):
    q = filters.CharFilter(field_name="name", lookup_expr="icontains", max_length=50, help_text="姓名（包含）")
    organization = filters.CharFilter(field_name="organization__uscc", max_length=18, help_text="所在社会组织的统一社会信用代码")
    party_organization = IdFilter(field_name="party_organization_id", help_text="所在党组织 id")
    status = filters.ChoiceFilter(choices=Member.Status.choices)
    relation = filters.ChoiceFilter(choices=Member.Relation.choices)
    role = filters.ChoiceFilter(choices=Member.Role.choices, method="filter_role", label="身份（含此项）")

    class Meta:
        model = Member
        fields = []

    def filter_role(self, queryset, name, value):
        return queryset.filter(roles__contains=[value])


class InstructorFilter(filters.FilterSet):
    q = filters.CharFilter(field_name="name", lookup_expr="icontains", max_length=50)
    region = RegionPrefixFilter(field_name="region__code")
    active = filters.BooleanFilter()
    full_time = filters.BooleanFilter()

    class Meta:
        model = Instructor
        fields = []


class DispatchFilter(filters.FilterSet):
    instructor = IdFilter(field_name="instructor_id")
    organization = filters.CharFilter(field_name="organization__uscc", max_length=18)
    open = filters.BooleanFilter(field_name="ended_on", lookup_expr="isnull", help_text="尚未结束的派驻")

    class Meta:
        model = Dispatch
        fields = []


class ActivityFilter(filters.FilterSet):
    party_organization = IdFilter(field_name="party_organization_id")
    kind = filters.ChoiceFilter(choices=ActivityKind.choices)
    held_from = filters.DateFilter(field_name="held_on", lookup_expr="gte")
    held_to = filters.DateFilter(field_name="held_on", lookup_expr="lte")

    class Meta:
        model = Activity
        fields = []


class TrainingFilter(filters.FilterSet):
    member = IdFilter(field_name="member_id")
    year = filters.NumberFilter(field_name="started_on", lookup_expr="year", min_value=1900, max_value=2100)
    concentrated = filters.BooleanFilter()

    class Meta:
        model = Training
        fields = []


class AnnualInspectionFilter(filters.FilterSet):
    organization = filters.CharFilter(field_name="organization__uscc", max_length=18)
    year = filters.NumberFilter(min_value=1900, max_value=2100)
    result = filters.ChoiceFilter(choices=AnnualInspection.Result.choices)

    class Meta:
        model = AnnualInspection
        fields = []


class EvaluationGradeFilter(filters.FilterSet):
    organization = filters.CharFilter(field_name="organization__uscc", max_length=18)
    grade = filters.ChoiceFilter(choices=Grade.choices)
    above_rule_cap = filters.BooleanFilter()
    rated_from = filters.DateFilter(field_name="rated_on", lookup_expr="gte")
    rated_to = filters.DateFilter(field_name="rated_on", lookup_expr="lte")

    class Meta:
        model = EvaluationGrade
        fields = []
