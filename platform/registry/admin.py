"""The Django admin of the registry, in Chinese: scoped to the user, writing only through actions.

Every registry model is shown within the user's scope (``Actor.scoped``: a city committee
sees its city); personal data masked. Organizations are added and changed through
``organization_upsert`` (the same validation, scope check and audit entry as the API, an
import or a web form); every other registry row is read only here (its writes are the API's,
the import's and the web pages'), and nothing is deleted from the admin. Who may use the
admin at all is ``accounts.admin_site``'s ``ADMIN_POLICY``.
"""
from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

import clock
from accounts.actors import Actor, OutOfScope

from .actions import organization_upsert
from .actions.organizations import organization_validate
from .forms import OrganizationFields, add_action_errors
from .models import (
    Activity, AdministrativePenalty, AnnualInspection, Dispatch, EvaluationGrade, Instructor, MassOrganization, Member,
    PartyOrganization, SocialOrganization, Supervisor, Training,
)



class ScopedReadOnlyAdmin(admin.ModelAdmin):
    """A registry model in the admin: the rows of the user's scope, read only."""

    def get_queryset(self, request):
        return Actor.for_user(request.user).scoped(super().get_queryset(request))

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class OrganizationAdminForm(OrganizationFields, forms.ModelForm):
    """The organization as the action takes it; the model's own validation is not run (the
    action's is: one set of rules)."""

    class Meta:
        model = SocialOrganization
        fields = []

    actor = None  # set by SocialOrganizationAdmin.get_form: the user who edits

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial_from(self.instance)
            self.fields["uscc"].disabled = True  # the key of an upsert

    def clean(self):
        cleaned = super().clean()
        # Validate as the action will (it validates again when saving, inside its transaction).
        data = self.action_data()
        try:
            self.actor.region_check(data.get("region_code"))
        except OutOfScope as refusal:
            self.add_error("region_code", refusal.detail)
        _, errors = organization_validate(data=data, today=clock.today())
        if errors.errors:
            add_action_errors(self, ValidationError(errors.errors))
        return cleaned

    def _post_clean(self):
        pass  # no model validation: the action's rules are the only ones


@admin.register(SocialOrganization)
class SocialOrganizationAdmin(ScopedReadOnlyAdmin):
    form = OrganizationAdminForm
    list_display = ("name", "uscc", "kind", "registration_level", "region", "status", "evaluation_grade")
    list_filter = ("kind", "registration_level", "status")
    search_fields = ("name", "uscc")
    list_select_related = ("region",)

    def has_add_permission(self, request, *args):
        return Actor.for_user(request.user).may_write

    def has_change_permission(self, request, obj=None):
        return Actor.for_user(request.user).may_write

    def get_fields(self, request, obj=None):
        return list(OrganizationFields.base_fields)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"actor": Actor.for_user(request.user)})

    def save_model(self, request, obj, form, change):
        """Write through ``organization_upsert`` with the user as actor: a row or region outside
        their scope is refused there, and the change is in the audit log."""
        organization, _ = organization_upsert(actor=Actor.for_user(request.user), rules=request.rules,
                                              data=form.action_data() | ({"uscc": obj.uscc} if change else {}))
        obj.__dict__.update(organization.__dict__)

    def save_related(self, request, form, formsets, change):
        pass  # the action wrote everything


@admin.register(Supervisor)
class SupervisorAdmin(ScopedReadOnlyAdmin):
    list_display = ("name", "kind")
    search_fields = ("name",)


@admin.register(PartyOrganization)
class PartyOrganizationAdmin(ScopedReadOnlyAdmin):
    list_display = ("name", "level", "form", "region", "last_election_on", "weak_and_lax")
    list_filter = ("level", "form", "weak_and_lax")
    search_fields = ("name",)
    exclude = ("covered_organizations",)


@admin.register(Member)
class MemberAdmin(ScopedReadOnlyAdmin):
    list_display = ("name", "id_number_masked", "phone_masked", "status", "relation", "roles_display", "organization")
    list_filter = ("status", "relation")
    search_fields = ("name",)
    exclude = ("id_number", "phone", "id_number_digest")
    readonly_fields = ("id_number_masked", "phone_masked")

    @admin.display(description="公民身份号码")
    def id_number_masked(self, obj):
        return obj.id_number_masked

    @admin.display(description="联系电话")
    def phone_masked(self, obj):
        return obj.phone_masked


@admin.register(Instructor)
class InstructorAdmin(ScopedReadOnlyAdmin):
    list_display = ("name", "unit", "full_time", "region", "active")
    exclude = ("phone",)


for model in (Dispatch, Activity, Training, AnnualInspection, EvaluationGrade, AdministrativePenalty, MassOrganization):
    admin.site.register(model, ScopedReadOnlyAdmin)
