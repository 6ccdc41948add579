"""Django admin for committee staff, in Chinese. Personal data is shown masked."""
from django.contrib import admin

from .models import (
    Activity, AdministrativePenalty, AnnualInspection, Dispatch, EvaluationGrade, Instructor, MassOrganization, Member,
    PartyOrganization, SocialOrganization, Supervisor, Training,
)

admin.site.site_header = "社会组织党建工作平台"
admin.site.site_title = "社会组织党建工作平台"
admin.site.index_title = "台账管理"


@admin.register(SocialOrganization)
class SocialOrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "uscc", "kind", "registration_level", "region", "status", "evaluation_grade")
    list_filter = ("kind", "registration_level", "status")
    search_fields = ("name", "uscc")
    list_select_related = ("region",)
    autocomplete_fields = ("business_supervisor", "industry_committee")
    raw_id_fields = ("region",)


@admin.register(Supervisor)
class SupervisorAdmin(admin.ModelAdmin):
    list_display = ("name", "kind")
    search_fields = ("name",)


@admin.register(PartyOrganization)
class PartyOrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "level", "form", "region", "last_election_on", "weak_and_lax")
    list_filter = ("level", "form", "weak_and_lax")
    search_fields = ("name",)
    raw_id_fields = ("covered_organizations", "parent", "region", "secretary")


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ("name", "id_number_masked", "phone_masked", "status", "relation", "role", "organization")
    list_filter = ("status", "relation", "role")
    search_fields = ("name",)
    exclude = ("id_number", "phone")
    readonly_fields = ("id_number_masked", "phone_masked", "gender", "birth_date")
    raw_id_fields = ("organization", "party_organization")

    @admin.display(description="公民身份号码")
    def id_number_masked(self, obj):
        return obj.id_number_masked

    @admin.display(description="联系电话")
    def phone_masked(self, obj):
        return obj.phone_masked


@admin.register(Instructor)
class InstructorAdmin(admin.ModelAdmin):
    list_display = ("name", "unit", "full_time", "region", "active")
    exclude = ("phone",)
    raw_id_fields = ("region",)


for model in (Dispatch, Activity, Training, AnnualInspection, EvaluationGrade, AdministrativePenalty, MassOrganization):
    admin.site.register(model, raw_id_fields=[f.name for f in model._meta.fields if f.is_relation])
