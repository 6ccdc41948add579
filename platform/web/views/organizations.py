import clock
from django.shortcuts import render

from ..forms import OrganizationFilterForm

from ..selectors.organizations import organization_filter_choices, organization_get_for, organization_page, organization_search
from .common import data_role_required, is_htmx, page_of


@data_role_required
def organization_list(request):
    """The registry: search by name or USCC, filters, sorting, pagination (htmx swaps the results)."""
    as_of = clock.today()
    form = OrganizationFilterForm(request.GET or None, **organization_filter_choices(user=request.user))
    filters = form.filters() if request.GET else {}
    organizations = organization_search(user=request.user, rules=request.rules, as_of=as_of, filters=filters)
    context = {"form": form, "page": page_of(request, organizations), "sort": filters.get("sort", "name")}
    template = "web/organizations/_results.html" if is_htmx(request) else "web/organizations/list.html"
    return render(request, template, context)


@data_role_required
def organization_detail(request, uscc):
    as_of = clock.today()
    organization = organization_get_for(user=request.user, uscc=uscc)
    page = organization_page(user=request.user, rules=request.rules, organization=organization, as_of=as_of)
    return render(request, "web/organizations/detail.html", {"page": page, "organization": organization})
