"""An organization's applications to the province's processes, for its secretary and liaison
(and the committees' staff within their region, who may prepare one for it): the processes it
may start today, a form that starts one (``processes.actions.case_open``), and its cases with
their stages. Attaching documents, submitting and following the stage are the case's own
page (``processes.views``)."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

import clock
from accounts.actors import Actor
from processes import actions
from processes.engine import CaseError
from processes.views import _refusal, _stage_data

from ..selectors.applications import applicable_processes, organization_case_rows
from ..selectors.organizations import organization_get_for
from .common import data_role_required


@data_role_required
def applications(request, uscc):
    organization = organization_get_for(user=request.user, uscc=uscc)
    actor = Actor.from_request(request)
    today = clock.today()
    return render(request, "web/workspace/applications.html", {
        "organization": organization, "today": today,
        "applicable": applicable_processes(actor=actor, rules=request.rules, organization=organization, today=today),
        "cases": organization_case_rows(actor=actor, rules=request.rules, organization=organization, today=today),
    })


@data_role_required
@require_POST
def application_start(request, uscc, code):
    organization = organization_get_for(user=request.user, uscc=uscc)
    process = request.rules.process(code)
    if process is None:
        raise Http404
    try:
        case = actions.case_open(actor=Actor.from_request(request), rules=request.rules, process=process.code,
                                 organization_uscc=organization.uscc, title=request.POST.get("title", ""),
                                 data=_stage_data(request, process.first_stage))
    except (CaseError, ValidationError) as error:
        _refusal(request, error)
        return redirect(reverse("web:applications", args=[organization.uscc]) + f"#process-{process.code}")
    messages.success(request, f"已发起“{process.name}”申请（编号{case.pk}），请上传材料后提交")
    return redirect("processes:case-detail", pk=case.pk)
