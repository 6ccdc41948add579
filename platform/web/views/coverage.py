import clock
from django.shortcuts import render


from ..selectors.coverage import (
    not_built_list, not_built_rows, not_built_rule, target_list, target_rows, target_rule, weak_and_lax_findings,
    weak_and_lax_list,
)
from .common import data_role_required, page_of


@data_role_required
def not_built(request):
    """应建未建: organizations with enough formal members and no Party organization of their own."""
    as_of = clock.today()
    rules = request.rules
    page = page_of(request, not_built_list(user=request.user, rules=rules, as_of=as_of, sort=request.GET.get("sort")))
    return render(request, "web/coverage/not_built.html", {
        "page": page, "rows": not_built_rows(page, rules=rules, as_of=as_of), "rules": rules, "as_of": as_of,
        "rule_reasons": not_built_rule(rules=rules, as_of=as_of)})


@data_role_required
def targets(request):
    """The full-coverage target list (the province's target, e.g. Jilin 000 (五))."""
    as_of = clock.today()
    rules = request.rules
    missing_only = request.GET.get("missing") == "1"
    page = page_of(request, target_list(user=request.user, rules=rules, as_of=as_of, missing_only=missing_only,
                                        sort=request.GET.get("sort")))
    return render(request, "web/coverage/targets.html", {
        "page": page, "rows": target_rows(page, rules=rules, as_of=as_of), "rule": target_rule(rules=rules, as_of=as_of),
        "missing_only": missing_only, "as_of": as_of,
    })


@data_role_required
def weak_and_lax(request):
    """Weak and lax: Party organizations designated (认定) or screened (预警), with what hit and why."""
    as_of = clock.today()
    rules = request.rules
    page = page_of(request, weak_and_lax_list(user=request.user, rules=rules, as_of=as_of), per_page=20)
    rows = weak_and_lax_findings(page, user=request.user, rules=rules, as_of=as_of)
    # Where the province confirms warnings through a process (认定): each row's open case, or a button.
    from processes.selectors import designation_process, open_cases_by_party_organization

    confirming = designation_process(rules)
    cases = open_cases_by_party_organization(confirming, [r.party_org.pk for r in rows]) if confirming else {}
    return render(request, "web/coverage/weak_and_lax.html", {
        "page": page, "rows": rows, "rules": rules, "confirming": confirming, "cases": cases,
        "as_of": as_of, "screens": [rules.criteria[key].title for key in rules.settings.weak_and_lax_screens],
    })
