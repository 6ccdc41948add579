"""The annual report and the inspection checklist: the organization fills and submits them;
the committee reviews them (accepts, or returns them with a rectification demand)."""
from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

import clock
from accounts.actors import Actor
from accounts.models import ORGANIZATION_REPORT_ROLES
from submissions.actions import submission_review, submission_save, submission_year_default
from submissions.content import RECTIFICATION_CLAUSE, inspection_checklist
from submissions.forms import ReviewFields, annual_report_form, checklist_form
from submissions.models import Submission

from ..selectors.organizations import organization_get_for
from ..selectors.submissions import review_queue, submission_facts
from ..selectors.workspace import available_kinds, organization_submissions
from .common import action_run, data_role_required, page_of


@data_role_required
def submission_list(request, uscc):
    organization = organization_get_for(user=request.user, uscc=uscc)
    year = submission_year_default(clock.today())
    existing = organization_submissions(user=request.user, organization=organization)
    kinds = available_kinds(request.rules)
    rows = [(kind, Submission.Kind(kind).label, existing.get((kind, year))) for kind in kinds]
    history = sorted((s for (kind, y), s in existing.items() if y != year), key=lambda s: (-s.year, s.kind))
    return render(request, "web/submissions/list.html", {"organization": organization, "year": year, "rows": rows,
                                                         "history": history})


@data_role_required
def submission_edit(request, uscc, kind, year):
    """Fill in, save, submit; once submitted, the committee's review on the same page."""
    organization = organization_get_for(user=request.user, uscc=uscc)
    if kind not in available_kinds(request.rules) or not 2000 <= year <= clock.today().year:
        raise Http404
    submission = organization_submissions(user=request.user, organization=organization).get((kind, year))
    reporter = Actor.for_user(request.user).acting_as(ORGANIZATION_REPORT_ROLES)
    committee = Actor.for_user(request.user)
    checklist = inspection_checklist(request.rules) if kind == Submission.Kind.INSPECTION_CHECKLIST else None
    content = submission.content if submission else {}
    editable = reporter.may_write and (submission is None or submission.editable)
    if kind == Submission.Kind.ANNUAL_REPORT:
        form = annual_report_form(request.POST if request.method == "POST" and editable else None, content=content)
    else:
        form = checklist_form(request.POST if request.method == "POST" and editable else None, checklist=checklist,
                              content=content, assessed=submission_facts(rules=request.rules, organization=organization,
                                                                         as_of=clock.today()))
    if request.method == "POST" and editable and form.is_valid():
        submit = "submit" in request.POST
        ok, saved = action_run(form, submission_save, actor=reporter, rules=request.rules, data={
            "organization_uscc": organization.uscc, "kind": kind, "year": year, "content": form.content(),
            "submit": submit})
        if ok:
            messages.success(request, f"{year}年{saved.get_kind_display()}已{'提交，等待审核' if submit else '保存为草稿'}")
            return redirect("web:submission", uscc=organization.uscc, kind=kind, year=year)
    review = None
    if submission is not None and submission.status == Submission.Status.SUBMITTED and committee.may_write:
        review = ReviewFields()
    return render(request, "web/submissions/edit.html", {
        "organization": organization, "kind": kind, "kind_label": Submission.Kind(kind).label, "year": year,
        "submission": submission, "form": form, "editable": editable, "review": review, "checklist": checklist,
        "clause": RECTIFICATION_CLAUSE,
        "crumbs": [(reverse("web:organization-home", args=[organization.uscc]), organization.name),
                   (reverse("web:submissions", args=[organization.uscc]), "年报与年检")],
    })


@data_role_required
def submission_review_view(request, uscc, kind, year):
    """The committee accepts a submitted report or returns it with a rectification demand."""
    organization = organization_get_for(user=request.user, uscc=uscc)
    submission = organization_submissions(user=request.user, organization=organization).get((kind, year))
    if submission is None or request.method != "POST":
        raise Http404
    form = ReviewFields(request.POST)
    if form.is_valid():
        ok, saved = action_run(form, submission_review, actor=Actor.for_user(request.user), rules=request.rules,
                               submission=submission, data=form.cleaned_data)
        if ok:
            messages.success(request, f"{organization.name}{year}年{saved.get_kind_display()}："
                                      f"{'审核通过' if saved.status == Submission.Status.ACCEPTED else '已退回整改'}")
            return redirect("web:reviews")
    messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
    return redirect("web:submission", uscc=organization.uscc, kind=kind, year=year)


@data_role_required
def reviews(request):
    """Submitted reports waiting for the committee's review, within the user's region."""
    status = request.GET.get("status") or Submission.Status.SUBMITTED
    if status not in Submission.Status.values:
        status = Submission.Status.SUBMITTED
    queue = review_queue(user=request.user, status=status)
    return render(request, "web/submissions/reviews.html", {"page": page_of(request, queue), "status": status,
                                                            "statuses": Submission.Status.choices})
