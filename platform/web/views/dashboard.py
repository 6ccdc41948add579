import clock
from django.shortcuts import redirect, render

from accounts.models import DATA_ROLES, Role
from accounts.scoping import roles_of

from ..models import Job
from ..selectors.common import scope_of
from ..selectors.dashboard import dashboard_get
from ..selectors.jobs import jobs_of
from .common import own_organizations


def home(request):
    """The province's home: a welcome page before login, the dashboard for staff, the
    administrators' tasks for administrators."""
    user = request.user
    if not user.is_authenticated:
        return render(request, "tenants/province_home.html", {"tenant": request.tenant})
    roles = roles_of(user)
    if roles and roles <= {Role.ORGANIZATION_SECRETARY, Role.ORGANIZATION_LIAISON}:
        organizations = own_organizations(user)
        if len(organizations) == 1:
            return redirect("web:organization-home", uscc=organizations[0].uscc)
        return render(request, "web/workspace/choose.html", {"organizations": organizations})
    if roles and roles <= {Role.INSTRUCTOR}:
        return redirect("web:instructor-home")
    if roles & DATA_ROLES:
        return dashboard(request)
    return render(request, "web/home_admin.html", {
        "roles": [Role(role).label for role in sorted(roles)],
        "system_admin": Role.SYSTEM_ADMIN in roles, "security_admin": Role.SECURITY_ADMIN in roles,
        "audit_admin": Role.AUDIT_ADMIN in roles,
    })


def dashboard(request):
    as_of = clock.today()
    rules = request.rules
    scope = scope_of(request.user, request.tenant)
    data = dashboard_get(user=request.user, rules=rules, scope=scope, as_of=as_of)
    recent = jobs_of(user=request.user, kind=Job.Kind.SNAPSHOT, limit=1) if scope.whole_province else []
    from accounts.actors import Actor
    from processes.selectors import pipeline

    return render(request, "web/dashboard.html", {
        "dashboard": data, "chart_data": data.chart_data(), "recent_snapshot": next(iter(recent), None),
        "pipeline": pipeline(Actor.from_request(request), rules, today=as_of),
        "not_covered": (data.total.get("in_scope") or 0) - (data.total.get("organizational_coverage") or 0),
    })
