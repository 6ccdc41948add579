"""Printable reports (PDF, WeasyPrint, the CJK fonts embedded): a region's indicators and one
organization's record, each with the committee's name and the date."""
from __future__ import annotations

from urllib.parse import quote

from django.http import HttpResponse
from django.template.loader import render_to_string

import clock
from accounts.actors import Actor
from audit.services import audit_record

from ..selectors.common import scope_of
from ..selectors.dashboard import dashboard_get
from ..selectors.organizations import organization_get_for, organization_page
from ..selectors.workspace import organization_members, own_party_organization, party_life_progress
from .common import data_role_required


def pdf_response(request, template: str, context: dict, *, filename: str) -> HttpResponse:
    from weasyprint import HTML

    html = render_to_string(template, {**context, "printed_on": clock.today()}, request=request)
    body = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(filename)}"
    return response


@data_role_required
def indicators_pdf(request):
    as_of = clock.today()
    scope = scope_of(request.user, request.tenant)
    data = dashboard_get(user=request.user, rules=request.rules, scope=scope, as_of=as_of)
    audit_record(action="report.print", actor=Actor.for_user(request.user), object_type="indicators",
                 object_id=scope.label, changes={"as_of": as_of.isoformat()})
    return pdf_response(request, "web/print/indicators.html", {"dashboard": data},
                        filename=f"{scope.label}党建工作指标-{as_of:%Y%m%d}.pdf")


@data_role_required
def organization_pdf(request, uscc):
    as_of = clock.today()
    organization = organization_get_for(user=request.user, uscc=uscc)
    page = organization_page(user=request.user, rules=request.rules, organization=organization, as_of=as_of)
    party_org = own_party_organization(user=request.user, organization=organization)
    audit_record(action="report.print", actor=Actor.for_user(request.user), object_type="SocialOrganization",
                 object_id=organization.uscc, changes={"as_of": as_of.isoformat()})
    return pdf_response(request, "web/print/organization.html", {
        "organization": organization, "page": page,
        "members": organization_members(user=request.user, organization=organization),
        "progress": party_life_progress(user=request.user, rules=request.rules, party_org=party_org,
                                        organization=organization, as_of=as_of),
    }, filename=f"{organization.name}党建工作台账-{as_of:%Y%m%d}.pdf")
