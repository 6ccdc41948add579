"""The committees' decisions on one organization (staff within their region): the accepted
reason for having no Party organization, a grade-cap exception, the term renewal, the
weak-and-lax designation and its rectification. One page, one form per decision, each
written by its registry action."""
from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

import clock
from accounts.actors import Actor
from accounts.scoping import scope_queryset
from registry.actions import (
    accepted_reason_record, grade_cap_exception_record, term_renewal_record, weak_and_lax_designate,
    weak_and_lax_rectification_close,
)
from registry.forms import (
    AcceptedReasonFields, DesignationFields, GradeCapExceptionFields, RectificationCloseFields, TermRenewalFields,
)
from registry.models import WeakAndLaxDesignation

from ..selectors.organizations import organization_get_for
from ..selectors.workspace import own_party_organization
from .common import action_run, data_role_required, forbidden


@data_role_required
def organization_decisions(request, uscc):
    actor = Actor.for_user(request.user)
    if not actor.may_write:
        return forbidden(request, "只有省、市、县社会组织党委工作人员可以记录这些决定。")
    organization = organization_get_for(user=request.user, uscc=uscc)
    party_org = own_party_organization(user=request.user, organization=organization)
    designations = (list(scope_queryset(WeakAndLaxDesignation.objects.filter(party_organization=party_org),
                                        user=request.user)) if party_org else [])
    open_designation = next((d for d in designations if d.status == WeakAndLaxDesignation.Status.RECTIFYING), None)
    today = clock.today()
    posted = request.POST.get("form") if request.method == "POST" else None

    def bound(name, cls, **initial):
        return cls(request.POST if posted == name else None, initial=initial, prefix=name)

    forms = {
        "reason": bound("reason", AcceptedReasonFields,
                        accepted_reason_for_no_party_org=organization.accepted_reason_for_no_party_org),
        "exception": bound("exception", GradeCapExceptionFields, grade_cap_exception=organization.grade_cap_exception),
        "renewal": bound("renewal", TermRenewalFields, last_election_on=getattr(party_org, "last_election_on", None),
                         term_years=getattr(party_org, "term_years", 3)),
        "designate": bound("designate", DesignationFields, designated_on=today),
        "close": bound("close", RectificationCloseFields, closed_on=today),
    }
    org_key = {"organization_uscc": organization.uscc}
    party_key = {"party_organization": party_org.name if party_org else ""}
    actions = {
        "reason": (accepted_reason_record, org_key, {}),
        "exception": (grade_cap_exception_record, org_key, {}),
        "renewal": (term_renewal_record, party_key, {}),
        "designate": (weak_and_lax_designate, party_key, {}),
        "close": (weak_and_lax_rectification_close, {}, {"designation": open_designation}),
    }
    if posted in forms and forms[posted].is_valid():
        action, key, extra = actions[posted]
        if posted == "close" and open_designation is None:
            forms[posted].add_error(None, "没有正在整顿的软弱涣散认定")
        else:
            ok, _ = action_run(forms[posted], action, actor=actor, rules=request.rules,
                               data=forms[posted].action_data() | key, **extra)
            if ok:
                messages.success(request, "已保存，记入审计日志")
                return redirect(reverse("web:organization-decisions", args=[organization.uscc]) + f"#{posted}")
    return render(request, "web/decisions/organization.html", {
        "organization": organization, "party_org": party_org, "forms": forms, "designations": designations,
        "open_designation": open_designation,
    })
