from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

import clock
from accounts.actors import Actor, OutOfScope
from registry.actions import organization_upsert
from registry.forms import OrganizationFields, add_action_errors

from ..forms import OrganizationFilterForm

from ..selectors.organizations import (
    coverage_of, organization_filter_choices, organization_get_for, organization_page, organization_search,
)
from .common import data_role_required, forbidden, is_htmx, page_of


@data_role_required
def organization_list(request):
    """The registry: search by name or USCC, filters, sorting, pagination (htmx swaps the results)."""
    as_of = clock.today()
    form = OrganizationFilterForm(request.GET or None, **organization_filter_choices(user=request.user))
    filters = form.filters() if request.GET else {}
    page = page_of(request, organization_search(user=request.user, rules=request.rules, as_of=as_of, filters=filters))
    coverage_of(page, rules=request.rules, as_of=as_of)
    context = {"form": form, "page": page, "sort": filters.get("sort", "name"),
               "can_write": Actor.for_user(request.user).may_write}
    template = "web/organizations/_results.html" if is_htmx(request) else "web/organizations/list.html"
    return render(request, template, context)


@data_role_required
def organization_detail(request, uscc):
    as_of = clock.today()
    organization = organization_get_for(user=request.user, uscc=uscc)
    page = organization_page(user=request.user, rules=request.rules, organization=organization, as_of=as_of)
    return render(request, "web/organizations/detail.html", {"page": page, "organization": organization,
                                                             "can_write": Actor.for_user(request.user).may_write})


@data_role_required
def organization_edit(request, uscc=None):
    """Add an organization, or change one, through ``organization_upsert`` (committee staff
    within their region): the action's errors are shown beside the fields they name."""
    actor = Actor.for_user(request.user)
    if not actor.may_write:
        return forbidden(request, "只有省、市、县社会组织党委工作人员可以登记或修改社会组织。")
    organization = organization_get_for(user=request.user, uscc=uscc) if uscc else None
    form = OrganizationFields(request.POST or None)
    if organization is not None:
        form.initial_from(organization)
        form.fields["uscc"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.action_data() | ({"uscc": organization.uscc} if organization is not None else {})
        try:
            saved, created = organization_upsert(actor=actor, rules=request.rules, data=data)
        except ValidationError as error:
            add_action_errors(form, error)
        except OutOfScope as refusal:
            form.add_error(refusal.field if refusal.field in form.fields else None, refusal.detail)
        else:
            messages.success(request, f"已{'登记' if created else '保存'}：{saved.name}")
            return redirect("web:organization-detail", uscc=saved.uscc)
    return render(request, "web/organizations/edit.html", {"form": form, "organization": organization})
