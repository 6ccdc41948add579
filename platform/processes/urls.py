"""Web pages of the process engine, on a province's domain (config.urls)."""
from django.urls import path

from . import views

app_name = "processes"

urlpatterns = [
    path("processes/", views.process_list, name="process-list"),
    path("processes/<str:code>/rounds/", views.round_open, name="round-open"),
    path("processes/<str:code>/meeting/", views.meeting_page, name="meeting"),
    path("plans/<str:code>/", views.plan_page, name="plan"),
    path("cases/open/", views.case_open, name="case-open"),
    path("processes/<str:code>/holders/", views.holders_page, name="holders"),
    path("processes/<str:code>/apply/", views.case_open_page, name="case-apply"),
    path("cases/", views.case_list_page, name="case-list"),
    path("cases/<int:pk>/", views.case_detail, name="case-detail"),
    path("cases/<int:pk>/act/", views.case_act, name="case-act"),
    path("cases/<int:pk>/scores/", views.case_scores, name="case-scores"),
    path("cases/<int:pk>/documents/", views.case_document_upload, name="case-document-upload"),
    path("cases/<int:pk>/documents/<int:document>/", views.case_document, name="case-document"),
]
