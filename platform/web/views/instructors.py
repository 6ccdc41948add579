"""An instructor's pages: the organizations they are dispatched to, each dispatch's timetable
(倒排工期计划), their work log (one entry per visit) and their own results (004 一(八))."""
from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render

import clock
from accounts.actors import Actor
from accounts.models import WORK_LOG_ROLES
from registry.actions import instructor_evaluation_record, work_log_record
from registry.forms import WorkLogFields

from ..forms import InstructorEvaluationForm
from ..selectors.instructors import (
    evaluations_of, instructor_dispatches, instructor_for_staff, instructor_results, work_logs_of,
)
from .common import COMMITTEE_ROLES, action_run, data_role_required, forbidden, roles_required


@data_role_required
def instructor_home(request):
    actor = Actor.for_user(request.user)
    if not actor.instructor_ids:
        return forbidden(request, "此页面供党建工作指导员使用。")
    as_of = clock.today()
    dispatches = instructor_dispatches(user=request.user, instructor_ids=actor.instructor_ids, as_of=as_of)
    logs = work_logs_of(user=request.user, instructor_ids=actor.instructor_ids)
    return render(request, "web/instructors/home.html", {
        "dispatches": dispatches, "logs": logs, "as_of": as_of,
        "results": instructor_results(dispatches=dispatches, logs=logs, rules=request.rules, as_of=as_of),
        "evaluations": evaluations_of(instructor_ids=actor.instructor_ids),
    })


@roles_required(*COMMITTEE_ROLES, message="只有党委工作人员可以考核党建工作指导员。")
def instructor_evaluations(request, pk):
    """Committee staff: an instructor's dispatches, visits and results this quarter, their
    quarterly evaluations, and the form that records one (004 二 六)."""
    instructor = instructor_for_staff(user=request.user, pk=pk)
    as_of = clock.today()
    dispatches = instructor_dispatches(user=request.user, instructor_ids=[instructor.pk], as_of=as_of)
    logs = work_logs_of(user=request.user, instructor_ids=[instructor.pk])
    form = InstructorEvaluationForm(request.POST or None, initial={"year": as_of.year, "quarter": (as_of.month - 1) // 3 + 1})
    if request.method == "POST" and form.is_valid():
        ok, evaluation = action_run(form, instructor_evaluation_record, actor=Actor.for_user(request.user),
                                    rules=request.rules, data=form.action_data(instructor.pk))
        if ok:
            messages.success(request, f"已记录{instructor.name}{evaluation.period}考核：{evaluation.get_result_display()}")
            return redirect("web:instructor-evaluations", pk=instructor.pk)
    return render(request, "web/instructors/evaluations.html", {
        "instructor": instructor, "dispatches": dispatches, "logs": logs[:10], "form": form, "as_of": as_of,
        "results": instructor_results(dispatches=dispatches, logs=logs, rules=request.rules, as_of=as_of),
        "evaluations": evaluations_of(instructor_ids=[instructor.pk]),
    }, status=400 if form.errors else 200)


@data_role_required
def work_log_create(request):
    actor = Actor.for_user(request.user).acting_as(WORK_LOG_ROLES)
    if not actor.instructor_ids:
        return forbidden(request, "此页面供党建工作指导员使用。")
    as_of = clock.today()
    dispatches = [d for d in instructor_dispatches(user=request.user, instructor_ids=actor.instructor_ids, as_of=as_of)
                  if d.current]
    initial = {"visited_on": as_of}
    if request.GET.get("dispatch", "").isdigit():
        initial["dispatch_id"] = int(request.GET["dispatch"])
    form = WorkLogFields(request.POST or None, dispatches=dispatches, initial=initial)
    if request.method == "POST" and form.is_valid():
        ok, log = action_run(form, work_log_record, actor=actor, rules=request.rules, data=form.action_data())
        if ok:
            messages.success(request, f"已记录{log.visited_on:%Y-%m-%d}到{log.dispatch.organization.name}的工作")
            return redirect("web:instructor-home")
    return render(request, "web/form.html", {"form": form, "title": "记录走访工作", "submit_label": "保存",
                                             "crumbs": [("/instructor/", "我的派驻")],
                                             "intro": "每次到派驻的社会组织开展工作后记录：做了什么、下一步安排。"})
