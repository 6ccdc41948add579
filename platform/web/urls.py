"""Routes of the web interface: ``urlpatterns`` on a province's domain (config.urls),
``national_urlpatterns`` on the national domain (config.urls_public)."""
from django.urls import path

from .views import (
    coverage, decisions, instructors, jobs, lists, national, organizations, printing, progress, security, submissions, users,
    workspace,
)

app_name = "web"

urlpatterns = [
    path("organizations/", organizations.organization_list, name="organization-list"),
    path("organizations/new/", organizations.organization_edit, name="organization-create"),
    path("organizations/<str:uscc>/", organizations.organization_detail, name="organization-detail"),
    path("organizations/<str:uscc>/edit/", organizations.organization_edit, name="organization-edit"),
    path("organizations/<str:uscc>/home/", workspace.organization_home, name="organization-home"),
    path("organizations/<str:uscc>/members/", workspace.members, name="members"),
    path("organizations/<str:uscc>/members/new/", workspace.member_edit, name="member-create"),
    path("organizations/<str:uscc>/members/<int:pk>/edit/", workspace.member_edit, name="member-edit"),
    path("organizations/<str:uscc>/members/<int:pk>/transfer/", workspace.member_transfer, name="member-transfer"),
    path("organizations/<str:uscc>/transfers/<int:pk>/status/", workspace.transfer_status, name="transfer-status"),
    path("organizations/<str:uscc>/activities/", workspace.activities, name="activities"),
    path("organizations/<str:uscc>/activities/new/", workspace.activity_create, name="activity-create"),
    path("organizations/<str:uscc>/trainings/new/", workspace.training_create, name="training-create"),
    path("organizations/<str:uscc>/reports/", submissions.submission_list, name="submissions"),
    path("organizations/<str:uscc>/reports/<str:kind>/<int:year>/", submissions.submission_edit, name="submission"),
    path("organizations/<str:uscc>/reports/<str:kind>/<int:year>/review/", submissions.submission_review_view,
         name="submission-review"),
    path("organizations/<str:uscc>/decisions/", decisions.organization_decisions, name="organization-decisions"),
    path("organizations/<str:uscc>/record.pdf", printing.organization_pdf, name="organization-pdf"),
    path("reviews/", submissions.reviews, name="reviews"),
    path("instructor/", instructors.instructor_home, name="instructor-home"),
    path("instructor/logs/new/", instructors.work_log_create, name="work-log-create"),
    path("instructors/outcomes/", progress.dispatches, name="dispatch-outcomes"),
    path("processes/<str:code>/bulletin/", progress.bulletin, name="process-bulletin"),
    path("rules/proposals/", progress.proposals, name="rule-proposals"),
    path("lists/<str:key>/", lists.drill_list_page, name="drill-list"),
    path("lists/<str:key>/export.<str:fmt>", lists.drill_list_export, name="drill-list-export"),
    path("reports/indicators.pdf", printing.indicators_pdf, name="indicators-pdf"),
    path("coverage/not-built/", coverage.not_built, name="not-built"),
    path("coverage/targets/", coverage.targets, name="targets"),
    path("screening/weak-and-lax/", coverage.weak_and_lax, name="weak-and-lax"),
    path("imports/", jobs.import_page, name="import"),
    path("imports/template/", jobs.import_template, name="import-template"),
    path("exports/", jobs.export_page, name="export"),
    path("indicators/recompute/", jobs.snapshot_recompute, name="snapshot"),
    path("jobs/<int:pk>/", jobs.job_detail, name="job"),
    path("jobs/<int:pk>/progress/", jobs.job_progress, name="job-progress"),
    path("jobs/<int:pk>/confirm/", jobs.import_confirm, name="import-confirm"),
    path("jobs/<int:pk>/errors.csv", jobs.job_errors_csv, name="job-errors"),
    path("jobs/<int:pk>/download/", jobs.job_download, name="job-download"),
    path("users/", users.user_list_page, name="user-list"),
    path("users/new/", users.user_create, name="user-create"),
    path("users/<int:pk>/", users.user_detail, name="user-detail"),
    path("users/<int:pk>/roles/", users.role_grant, name="role-grant"),
    path("users/<int:pk>/roles/<int:assignment>/revoke/", users.role_revoke, name="role-revoke"),
    path("users/<int:pk>/unmask/", users.unmask_permission, name="unmask-permission"),
    path("users/<int:pk>/password/", users.password_reset, name="password-reset"),
    path("security/tokens/", security.token_list, name="token-list"),
    path("security/tokens/<int:pk>/revoke/", security.token_revoke, name="token-revoke"),
    path("security/lockouts/", security.lockout_list, name="lockout-list"),
    path("security/lockouts/release/", security.lockout_release_view, name="lockout-release"),
]

national_urlpatterns = [
    path("compare/", national.comparison, name="comparison"),
    path("compare.csv", national.comparison_download, name="comparison-csv"),
]
