import clock
from django.shortcuts import render


from ..selectors.coverage import (
    FINDING_NAMES, not_built_list, not_built_steps, target_list, target_rule, target_steps, weak_and_lax_findings,
    weak_and_lax_list,
)
from .common import data_role_required, page_of


@data_role_required
def not_built(request):
    """应建未建: organizations with enough formal members and no Party organization of their own."""
    as_of = clock.today()
    rules = request.rules
    page = page_of(request, not_built_list(user=request.user, rules=rules, as_of=as_of, sort=request.GET.get("sort")))
    rows = [(organization, not_built_steps(organization, rules=rules)) for organization in page]
    return render(request, "web/coverage/not_built.html", {"page": page, "rows": rows, "rules": rules, "as_of": as_of})


@data_role_required
def targets(request):
    """The full-coverage target list (30+-employee private schools and hospitals)."""
    as_of = clock.today()
    rules = request.rules
    missing_only = request.GET.get("missing") == "1"
    page = page_of(request, target_list(user=request.user, rules=rules, as_of=as_of, missing_only=missing_only,
                                        sort=request.GET.get("sort")))
    rows = [(organization, target_steps(organization, rules=rules)) for organization in page]
    return render(request, "web/coverage/targets.html", {
        "page": page, "rows": rows, "rule": target_rule(rules=rules, as_of=as_of), "missing_only": missing_only, "as_of": as_of,
    })


@data_role_required
def weak_and_lax(request):
    """The weak-and-lax screening: each organization with the criteria that hit and the reasons."""
    as_of = clock.today()
    rules = request.rules
    page = page_of(request, weak_and_lax_list(user=request.user, rules=rules, as_of=as_of, sort=request.GET.get("sort")),
                   per_page=20)
    return render(request, "web/coverage/weak_and_lax.html", {
        "page": page, "rows": weak_and_lax_findings(page, rules=rules, as_of=as_of), "rules": rules, "as_of": as_of,
        "finding_names": FINDING_NAMES,
    })
