"""Web pages of the process engine (Chinese): the province's processes with their rounds,
the case list (filters, CSV export), a case's page (stage, what is missing, the actions the
user may take, documents, scores, history) and the committee meeting page that decides a
batch of cases. Every form posts to a ``processes.actions`` function."""
from __future__ import annotations

import csv
import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

import clock
from accounts.actors import Actor
from web.views.common import data_role_required, page_of

from . import actions
from .downloads import document_response
from .engine import CaseError
from .models import Case
from .selectors import (
    case_facts, case_filters_clean, case_get, case_list, case_rows, case_view, holders, recorded_data, round_stage_counts,
    rounds_of, subject_label,
)
from .workdays import UNCOVERED_LABEL


def _refusal(request, error) -> None:
    """Show a refused action's reasons as messages (field: message)."""
    if isinstance(error, CaseError):
        messages.error(request, error.detail)
        return
    for field, items in error.message_dict.items():
        for message in items:
            messages.error(request, message if field in ("__all__",) else f"{message}（{field}）")


@data_role_required
def process_list(request):
    rules = request.rules
    actor = Actor.from_request(request)
    rows = []
    for process in rules.processes():
        counts = {stage: count for stage, count in _stage_counts(actor, process.code)}
        by_round = round_stage_counts(actor, process.code) if process.rounds else {}
        names = {stage.code: stage.name for stage in process.stages}
        rounds = [(r, [(names.get(code, code), code, n) for code, n in by_round.get(r.year, [])])
                  for r in rounds_of(process.code)[:5]]
        rows.append({"process": process, "rounds": rounds,
                     "reports": any(a.records_report for s in process.stages for a in s.actions),
                     "stages": [(stage, counts.get(stage.code, 0)) for stage in process.stages]})
    return render(request, "processes/process_list.html", {
        "rows": rows, "may_open_rounds": actions.may_open_rounds(actor), "today": clock.today()})


def _stage_counts(actor, process_code):
    from django.db.models import Count

    return actor.scoped(Case.objects.filter(process=process_code)).values_list("stage").annotate(n=Count("id"))


@data_role_required
@require_POST
def round_open(request, code):
    try:
        actions.round_open(actor=Actor.from_request(request), rules=request.rules, process=code,
                           year=request.POST.get("year"), opens_on=request.POST.get("opens_on"),
                           deadline=request.POST.get("deadline"))
        messages.success(request, "已开启申报批次")
    except (CaseError, ValidationError) as error:
        _refusal(request, error)
    return redirect("processes:process-list")


@data_role_required
def case_list_page(request):
    rules = request.rules
    actor = Actor.from_request(request)
    today = clock.today()
    try:
        filters = case_filters_clean(rules, request.GET)
    except ValidationError as error:
        _refusal(request, error)
        filters = case_filters_clean(rules, {})
    cases = case_list(actor, filters, today=today)
    processes = {p.code: p for p in rules.processes()}
    if request.GET.get("format") == "csv":
        return _csv(cases, processes, today)
    page = page_of(request, cases)
    rows = [(case, processes.get(case.process), _stage_name(processes, case), subject_label(case),
             case.status == "open" and case.due_on is not None and case.due_on < today) for case in page]
    stages = sorted({(s.code, s.name) for p in processes.values() for s in p.stages}, key=lambda s: s[1])
    return render(request, "processes/case_list.html", {
        "page": page, "rows": rows, "filters": filters, "processes": processes.values(), "stages": stages,
        "uncovered": UNCOVERED_LABEL, "query": request.GET.urlencode()})


def _stage_name(processes, case):
    process = processes.get(case.process)
    stage = process.stage(case.stage) if process else None
    return stage.name if stage else case.stage


def _csv(cases, processes, today) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="cases.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(["编号", "事项", "批次", "对象", "统一社会信用代码", "所在区划", "当前环节", "状态", "结果", "办理期限",
                     "已逾期", "有效期至", "复查到期"])
    for case in cases.iterator(chunk_size=500):
        process = processes.get(case.process)
        overdue = case.status == "open" and case.due_on is not None and case.due_on < today
        writer.writerow([case.pk, process.name if process else case.process, case.round.year if case.round_id else "",
                         subject_label(case), case.organization.uscc if case.organization_id else "", case.region.name,
                         _stage_name(processes, case), case.get_status_display(), case.outcome,
                         (case.due_on.isoformat() + ("" if case.due_covered else f"（{UNCOVERED_LABEL}）")) if case.due_on else "",
                         "是" if overdue else "否", case.valid_until or "", case.review_due_on or ""])
    return response


@data_role_required
def case_detail(request, pk):
    actor = Actor.from_request(request)
    case = case_get(actor, pk)
    view = case_view(actor, request.rules, case, today=clock.today())
    stage = view["stage"]
    fields = stage.fields if stage else ()
    instructors = _instructors_for(actor, fields)
    return render(request, "processes/case_detail.html", {"v": view, "case": case, "stage": stage,
                                                           "fields": fields, "instructors": instructors,
                                                           "recorded": recorded_data(view["process"], case)})


@data_role_required
def holders_page(request, code):
    """What a process with a validity has granted (e.g. demonstration bases): valid-until and
    reviews due. 404 where the province's process has no validity or review."""
    process = request.rules.process(code)
    if process is None or (process.validity is None and process.review is None):
        raise Http404
    today = clock.today()
    rows = holders(Actor.from_request(request), process, today=today)
    return render(request, "processes/holders.html", {"process": process, "rows": rows, "today": today,
                                                       "valid": sum(1 for row in rows if row["valid"]),
                                                       "due": sum(1 for row in rows if row["review_overdue"] or row["review_soon"])})


def _instructors_for(actor, fields):
    if not any(item.kind == "instructors" for item in fields):
        return ()
    from registry.models import Instructor

    return actor.scoped(Instructor.objects.filter(active=True)).select_related("region").order_by("name", "id")


@data_role_required
def case_open_page(request, code):
    """Open a case of the process (an organization's application, a committee's proposal):
    its subject, the organizations with it, the round, the first stage's fields."""
    from registry.models import SocialOrganization

    from .models import Round

    rules = request.rules
    process = rules.process(code)
    if process is None:
        raise Http404
    actor = Actor.from_request(request)
    today = clock.today()
    first = process.first_stage
    if request.method == "POST":
        others = [line.strip() for line in request.POST.get("organizations", "").replace("，", ",").replace(",", "\n").splitlines()
                  if line.strip()]
        try:
            case = actions.case_open(actor=actor, rules=rules, process=process.code,
                                     organization_uscc=request.POST.get("organization_uscc"),
                                     party_organization=request.POST.get("party_organization"),
                                     region_code=request.POST.get("region_code"), organizations=others,
                                     round=request.POST.get("round") or None, title=request.POST.get("title", ""),
                                     data=_stage_data(request, first))
            messages.success(request, f"已立案：{process.name}（编号{case.pk}）")
            return redirect("processes:case-detail", pk=case.pk)
        except (CaseError, ValidationError) as error:
            _refusal(request, error)
    own = list(actor.scoped(SocialOrganization.objects.all()).order_by("uscc")[:2]) if actor.user is not None else []
    rounds = list(Round.objects.filter(process=process.code, opens_on__lte=today, deadline__gte=today).order_by("-year"))
    return render(request, "processes/case_open.html", {
        "process": process, "stage": first, "fields": first.fields, "instructors": _instructors_for(actor, first.fields),
        "rounds": rounds, "own": own[0] if len(own) == 1 else None, "today": today,
        "organization_uscc": request.POST.get("organization_uscc") or (own[0].uscc if len(own) == 1 else ""),
        "posted": {key: request.POST.get(key, "") for key in ("organizations", "party_organization", "region_code", "title")}})


def _stage_data(request, stage) -> dict:
    data = {}
    for item in (stage.fields if stage else ()):
        key = f"data.{item.key}"
        if item.kind in ("choices", "instructors"):
            values = request.POST.getlist(key)
            if values:
                data[item.key] = values
        elif request.POST.get(key, "") != "":
            value = request.POST.get(key)
            if item.kind == "number":
                try:
                    value = float(value) if "." in value else int(value)
                except ValueError:
                    pass
            data[item.key] = value
    return data


@data_role_required
@require_POST
def case_act(request, pk):
    actor = Actor.from_request(request)
    case = case_get(actor, pk)
    process = request.rules.process(case.process)
    stage = process.stage(case.stage) if process else None
    action = request.POST.get("action", "")
    step = stage.action(action) if stage else None
    if step is not None and step.records_report:
        data = {"text": request.POST.get("report_text", ""), "period": request.POST.get("report_period") or None}
        try:
            data["figures"] = json.loads(request.POST.get("report_figures") or "{}")
        except ValueError:
            data["figures"] = "invalid"
        data = {k: v for k, v in data.items() if v is not None}
    else:
        data = _stage_data(request, stage)
    try:
        actions.case_act(actor=actor, rules=request.rules, case_id=case.pk, action=action,
                         reason=request.POST.get("reason", ""), data=data)
        messages.success(request, f"已{step.name if step else action}")
    except (CaseError, ValidationError) as error:
        _refusal(request, error)
    return redirect("processes:case-detail", pk=case.pk)


@data_role_required
@require_POST
def case_scores(request, pk):
    actor = Actor.from_request(request)
    case = case_get(actor, pk)
    process = request.rules.process(case.process)
    stage = process.stage(case.stage) if process else None
    scoring = process.scoring(stage.scoring) if stage and stage.scoring else None
    scores = []
    for item in (scoring.items if scoring else ()):
        value = request.POST.get(f"score.{item.key}", "")
        if value != "":
            scores.append({"item": item.key, "score": value, "note": request.POST.get(f"note.{item.key}", "")})
    try:
        actions.case_scores_record(actor=actor, rules=request.rules, case_id=case.pk, scores=scores)
        messages.success(request, "评分已保存")
    except (CaseError, ValidationError) as error:
        _refusal(request, error)
    return redirect("processes:case-detail", pk=case.pk)


@data_role_required
@require_POST
def case_document_upload(request, pk):
    actor = Actor.from_request(request)
    case = case_get(actor, pk)
    try:
        actions.case_document_add(actor=actor, rules=request.rules, case_id=case.pk, kind=request.POST.get("kind", ""),
                                  uploaded=request.FILES.get("file"))
        messages.success(request, "材料已上传")
    except (CaseError, ValidationError) as error:
        _refusal(request, error)
    return redirect("processes:case-detail", pk=case.pk)


@data_role_required
def case_document(request, pk, document):
    return document_response(Actor.from_request(request), pk, document)


@data_role_required
def meeting_page(request, code):
    """The committee meeting: the cases of the process in a meeting stage, each decided at once."""
    rules = request.rules
    process = rules.process(code)
    if process is None:
        raise Http404
    actor = Actor.from_request(request)
    meeting_stages = [stage.code for stage in process.stages if stage.meeting]
    cases = list(actor.scoped(Case.objects.select_related("organization", "region", "round")).filter(
        process=process.code, status="open", stage__in=meeting_stages).order_by("id"))
    if request.method == "POST":
        decisions = []
        for case in cases:
            decision = request.POST.get(f"decision.{case.pk}", "")
            if decision:
                decisions.append({"case": case.pk, "decision": decision, "reason": request.POST.get(f"reason.{case.pk}", "")})
        try:
            meeting, decided = actions.meeting_decide(actor=actor, rules=rules, process=process.code,
                                                      held_on=request.POST.get("held_on"), title=request.POST.get("title"),
                                                      decisions=decisions)
            messages.success(request, f"已记录会议“{meeting.title}”，审定{len(decided)}个事项")
            return redirect(reverse("processes:case-list") + f"?process={process.code}")
        except (CaseError, ValidationError) as error:
            _refusal(request, error)
    today = clock.today()
    rows = [(view["case"], view, case_facts(rules, process, view["case"], today=today))
            for view in case_rows(actor, rules, cases, today=today)]
    return render(request, "processes/meeting.html", {"process": process, "rows": rows, "today": today,
                                                       "posted": request.POST})


@data_role_required
def plan_page(request, code):
    """A province's plan (e.g. the ten key actions): per line of work its tasks, each task's
    assignees with their state, and the registry's figures; provincial staff assign a task to
    several city committees or Party organizations with a deadline. 404 where the rules declare
    no such plan."""
    from regions.models import Region

    from .plans import STATE_NAMES, plan_progress

    rules = request.rules
    plan = rules.plan(code)
    if plan is None:
        raise Http404
    actor = Actor.from_request(request)
    if request.method == "POST":
        try:
            cases = actions.plan_task_assign(
                actor=actor, rules=rules, plan=plan.code, task=request.POST.get("task", ""),
                region_codes=request.POST.getlist("region_codes"),
                party_organizations=[line.strip() for line in request.POST.get("party_organizations", "").splitlines()
                                     if line.strip()],
                due_on=request.POST.get("due_on") or None)
            messages.success(request, f"已交办{len(cases)}个承办单位")
            return redirect("processes:plan", code=plan.code)
        except (CaseError, ValidationError) as error:
            _refusal(request, error)
    progress = plan_progress(actor, rules, plan, today=clock.today())
    may_assign = actions.may_open_rounds(actor)  # provincial staff (the committee that assigns)
    cities = list(Region.objects.filter(level="city").order_by("code")) if may_assign else []
    return render(request, "processes/plan.html", {"p": progress, "plan": plan, "state_names": STATE_NAMES,
                                                    "may_assign": may_assign, "cities": cities,
                                                    "task_processes": [rules.process(c) for c in plan.task_processes]})


@data_role_required
@require_POST
def case_open(request):
    """Open a case from a page (e.g. 发起认定 on the weak-and-lax screening list): the process and
    its subject from the form, then the case's page; a refusal goes back with the reasons."""
    try:
        case = actions.case_open(actor=Actor.from_request(request), rules=request.rules,
                                 process=request.POST.get("process", ""),
                                 organization_uscc=request.POST.get("organization_uscc") or None,
                                 party_organization=request.POST.get("party_organization") or None,
                                 region_code=request.POST.get("region_code") or None)
        messages.success(request, "已立案")
        return redirect("processes:case-detail", pk=case.pk)
    except (CaseError, ValidationError) as error:
        _refusal(request, error)
    back = request.POST.get("next", "")
    return redirect(back if back.startswith("/") and not back.startswith("//") else reverse("processes:case-list"))
