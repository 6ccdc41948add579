import clock
from django.shortcuts import render

from accounts.models import Role
from accounts.scoping import has_data_role, roles_of

from ..models import Job
from ..selectors.common import scope_of
from ..selectors.dashboard import dashboard_get
from ..selectors.jobs import jobs_of


def home(request):
    """The province's home: a welcome page before login, the dashboard for staff, the
    administrators' tasks for administrators."""
    user = request.user
    if not user.is_authenticated:
        return render(request, "tenants/province_home.html", {"tenant": request.tenant})
    if has_data_role(user):
        return dashboard(request)
    roles = roles_of(user)
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
    return render(request, "web/dashboard.html", {
        "dashboard": data, "chart_data": data.chart_data(), "recent_snapshot": next(iter(recent), None),
    })
