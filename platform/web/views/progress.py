"""Pages of follow-up work: the rule proposals a committee adopts from a date (404 where the
province's rules declare none), a process's quarterly bulletin (每季度一通报: its monthly checks
and quarterly evaluations), and what instructors' dispatches achieved. Writes go through
``tenants.actions.rule_proposal_adopt``."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

import clock
from accounts.actors import Actor, OutOfScope
from indicators.selectors.dispatches import dispatch_outcomes, quarter_of
from processes.selectors import quarter_bulletin, quarter_periods
from tenants.actions import rule_proposal_adopt, rule_proposals

from .common import data_role_required


@data_role_required
def proposals(request):
    rows = rule_proposals(rules=request.rules, province=request.tenant)
    if not rows:
        raise Http404
    actor = Actor.from_request(request)
    if request.method == "POST":
        try:
            entry = rule_proposal_adopt(actor=actor, rules=request.rules, proposal=request.POST.get("proposal"),
                                        adopted_on=request.POST.get("adopted_on"), decision=request.POST.get("decision"))
            messages.success(request, f"已记录采纳，自{entry['adopted_on']}起按该建议计算")
            return redirect("web:rule-proposals")
        except OutOfScope as error:
            messages.error(request, str(error))
        except ValidationError as error:
            for field, items in error.message_dict.items():
                for message in items:
                    messages.error(request, message)
    return render(request, "web/progress/proposals.html", {
        "rows": rows, "may_adopt": actor.may_write and actor.is_province_wide, "today": clock.today(),
        "posted": request.POST})


def _quarter(request, today) -> str:
    quarter = (request.GET.get("quarter") or "").strip().upper()
    return quarter if quarter_periods(quarter) else quarter_of(today)


def _quarters_before(quarter: str, count: int) -> list[str]:
    year, number = int(quarter[:4]), int(quarter[-1])
    found = []
    for _ in range(count):
        found.append(f"{year}Q{number}")
        number -= 1
        if number == 0:
            year, number = year - 1, 4
    return found


@data_role_required
def bulletin(request, code):
    process = request.rules.process(code)
    if process is None or not any(a.records_report for s in process.stages for a in s.actions):
        raise Http404
    today = clock.today()
    quarter = _quarter(request, today)
    data = quarter_bulletin(Actor.from_request(request), process, quarter)
    return render(request, "web/progress/bulletin.html", {
        "process": process, "b": data, "quarter": quarter, "quarters": _quarters_before(quarter_of(today), 6)})


@data_role_required
def dispatches(request):
    outcomes = dispatch_outcomes(Actor.from_request(request), as_of=clock.today())
    dispatch_process = next((p for p in request.rules.processes()
                             if any(a.records_report for s in p.stages for a in s.actions) and "dispatch" in p.code), None)
    return render(request, "web/progress/dispatches.html", {"o": outcomes, "process": dispatch_process})


@data_role_required
def yearly_targets(request):
    """The coverage target of each year: the rule module's and the committee's records; provincial
    staff set this year's (``indicators.actions.coverage_target_set``)."""
    from indicators.actions import coverage_target_set
    from indicators.models import CoverageTarget
    from indicators.selectors import coverage_targets

    actor = Actor.from_request(request)
    today = clock.today()
    if request.method == "POST":
        try:
            year = int(request.POST.get("year") or 0)
        except ValueError:
            year = 0
        try:
            percent = float(request.POST.get("target") or "x")
        except ValueError:
            percent = -1
        try:
            coverage_target_set(actor=actor, rules=request.rules, year=year, target=round(percent / 100, 4),
                                scope=request.POST.get("scope") or CoverageTarget.Scope.ALL,
                                note=(request.POST.get("note") or "").replace("\x00", "")[:300])
            messages.success(request, f"已设定{year}年覆盖率目标")
            return redirect("web:yearly-targets")
        except (OutOfScope, ValidationError) as error:
            for message in (error.messages if isinstance(error, ValidationError) else [str(error)]):
                messages.error(request, message)
    scopes = dict(CoverageTarget.Scope.choices)
    targets = [(t, scopes.get(t.scope, t.scope)) for t in reversed(coverage_targets(rules=request.rules))]
    return render(request, "web/progress/yearly_targets.html", {
        "targets": targets, "today": today, "scopes": CoverageTarget.Scope.choices,
        "may_set": actor.may_write and actor.is_province_wide})


@data_role_required
def grade_cap_exceptions(request):
    """The committee's recorded exceptions to a grade cap ("原则上", 004 一(七)), with the reason
    and when it was recorded (the audit entry), within the user's organizations."""
    from audit.models import AuditEntry
    from registry.models import SocialOrganization

    from .common import page_of

    actor = Actor.from_request(request)
    organizations = actor.scoped(SocialOrganization.objects.select_related("region")).exclude(
        grade_cap_exception="").order_by("name")
    page = page_of(request, organizations)
    recorded = {}
    for entry in AuditEntry.objects.filter(action="organization.grade_cap_exception",
                                           object_id__in=[o.uscc for o in page]).order_by("at"):
        recorded[entry.object_id] = entry
    rows = [(o, recorded.get(o.uscc)) for o in page]
    return render(request, "web/progress/grade_cap_exceptions.html", {"page": page, "rows": rows})
