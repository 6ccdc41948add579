"""The province API, mounted at /api/v1/ on each province's domain (config/urls.py)."""
from django.urls import include, path, re_path, register_converter
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from api.problems import not_found_view

from .views import activities, checks, indicators, instructors, members, organizations, party, plans, processes, regions, rules
from .views import proposals


class UsccConverter:
    regex = "[0-9A-Za-z]{1,18}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class KeyConverter:
    """A Party organization's id or name: no slash, no control characters."""

    regex = "[^/\x00-\x1f\x7f]{1,200}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(UsccConverter, "uscc")
register_converter(KeyConverter, "partykey")

app_name = "api-v1"

resource_patterns = [
    path("organizations", organizations.OrganizationListApi.as_view(), name="organization-list"),
    path("organizations/<uscc:uscc>", organizations.OrganizationDetailApi.as_view(), name="organization-detail"),
    path("supervisors", organizations.SupervisorListApi.as_view(), name="supervisor-list"),
    path("regions", regions.RegionListApi.as_view(), name="region-list"),
    path("regions/<str:code>", regions.RegionDetailApi.as_view(), name="region-detail"),
    path("party-organizations", party.PartyOrganizationListApi.as_view(), name="party-organization-list"),
    path("party-organizations/<partykey:key>", party.PartyOrganizationDetailApi.as_view(), name="party-organization-detail"),
    path("members", members.MemberListApi.as_view(), name="member-list"),
    path("members/lookup", members.MemberLookupApi.as_view(), name="member-lookup"),
    path("members/<int:pk>", members.MemberDetailApi.as_view(), name="member-detail"),
    path("instructors", instructors.InstructorListApi.as_view(), name="instructor-list"),
    path("instructors/<int:pk>", instructors.InstructorDetailApi.as_view(), name="instructor-detail"),
    path("dispatches", instructors.DispatchListApi.as_view(), name="dispatch-list"),
    path("dispatches/outcomes", proposals.DispatchOutcomesApi.as_view(), name="dispatch-outcomes"),
    path("dispatches/<int:pk>", instructors.DispatchDetailApi.as_view(), name="dispatch-detail"),
    path("dispatches/<int:pk>/end", instructors.DispatchEndApi.as_view(), name="dispatch-end"),
    path("activities", activities.ActivityListApi.as_view(), name="activity-list"),
    path("activities/<int:pk>", activities.ActivityDetailApi.as_view(), name="activity-detail"),
    path("trainings", activities.TrainingListApi.as_view(), name="training-list"),
    path("trainings/<int:pk>", activities.TrainingDetailApi.as_view(), name="training-detail"),
    path("annual-inspections", checks.AnnualInspectionListApi.as_view(), name="annual-inspection-list"),
    path("annual-inspections/<int:pk>", checks.AnnualInspectionDetailApi.as_view(), name="annual-inspection-detail"),
    path("evaluation-grades", checks.EvaluationGradeListApi.as_view(), name="evaluation-grade-list"),
    path("evaluation-grades/<int:pk>", checks.EvaluationGradeDetailApi.as_view(), name="evaluation-grade-detail"),
    path("indicators", indicators.IndicatorListApi.as_view(), name="indicator-list"),
    path("snapshots", indicators.SnapshotSeriesApi.as_view(), name="snapshot-series"),
    path("rules/evaluate", rules.RulesEvaluateApi.as_view(), name="rules-evaluate"),
    path("rules/proposals", proposals.ProposalListApi.as_view(), name="rule-proposal-list"),
    path("rules/proposals/<str:key>/adoption", proposals.ProposalAdoptionApi.as_view(), name="rule-proposal-adoption"),
    path("processes", processes.ProcessListApi.as_view(), name="process-list"),
    path("processes/<str:code>/rounds", processes.RoundListApi.as_view(), name="round-list"),
    path("processes/<str:code>/cases", processes.CaseOpenApi.as_view(), name="case-open"),
    path("processes/<str:code>/bulletin", proposals.BulletinApi.as_view(), name="process-bulletin"),
    path("cases", processes.CaseListApi.as_view(), name="case-list"),
    path("cases/<int:pk>", processes.CaseDetailApi.as_view(), name="case-detail"),
    path("cases/<int:pk>/actions", processes.CaseActApi.as_view(), name="case-act"),
    path("cases/<int:pk>/scores", processes.CaseScoresApi.as_view(), name="case-scores"),
    path("cases/<int:pk>/documents", processes.CaseDocumentListApi.as_view(), name="case-documents"),
    path("cases/<int:pk>/documents/<int:document>", processes.CaseDocumentDetailApi.as_view(), name="case-document"),
    path("meetings", processes.MeetingCreateApi.as_view(), name="meeting-create"),
    path("registrations", processes.RegistrationApi.as_view(), name="registrations"),
    path("working-days", processes.WorkingDaysApi.as_view(), name="working-days"),
    path("plans/<str:code>", plans.PlanDetailApi.as_view(), name="plan-detail"),
]

# The schema describes exactly the resources above, under their mounted prefix.
schema_patterns = [path("api/v1/", include((resource_patterns, "api-v1")))]

# The reference page loads its script from a URL of its own (the split view), so that the
# Content-Security-Policy (script-src 'self', accounts.middleware) needs no inline script.
urlpatterns = resource_patterns + [
    path("schema/", SpectacularAPIView.as_view(patterns=schema_patterns, permission_classes=[], authentication_classes=[]),
         name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-v1:schema", permission_classes=[], authentication_classes=[]),
         name="docs"),
    re_path(r"^[\s\S]*$", not_found_view),  # any character, newlines included
]
