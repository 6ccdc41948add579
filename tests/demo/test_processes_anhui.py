"""Anhui's demo cases (``./ops/run`` → ``generate_demo``): meetings, dispatches and cases in
every stage of each of Anhui's processes, written through the actions."""
from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django_tenants.utils import schema_context

from processes.models import Case, CaseReport, Meeting
from registry.models import Dispatch, Instructor
from tests.helpers import rules_today


def test_the_demo_holds_anhuis_meetings_dispatches_and_cases_in_every_stage(anhui):
    out = StringIO()
    call_command("generate_demo", "anhui", "--size", "tiny", "--snapshots", "0", stdout=out)
    assert "办理事项" in out.getvalue()
    with schema_context("anhui"):
        rules = rules_today("anhui")
        for process in rules.processes():
            stages = set(Case.objects.filter(process=process.code).values_list("stage", flat=True))
            assert stages == {stage.code for stage in process.stages}, process.code
        assert Meeting.objects.filter(process="party_org_establishment").count() == 2
        rejected = Case.objects.get(process="party_org_establishment", stage="rejected")
        assert "下一步" in rejected.events.get(action="reject").reason
        # The rejected applicant applied again; approvals set up Party organizations, one joint.
        assert Case.objects.filter(process="party_org_establishment", organization=rejected.organization, status="open").exists()
        approved = Case.objects.filter(process="party_org_establishment", party_organization__isnull=False)
        assert approved.count() == 4 and approved.filter(party_organization__form="joint").exists()
        assert Instructor.objects.filter(full_time=False).exists() and Instructor.objects.filter(full_time=True).exists()
        assert Dispatch.objects.filter(ended_on__isnull=True).count() >= 3
        assert CaseReport.objects.filter(period__contains="Q").count() == 2
    # A second run adds no cases.
    with schema_context("anhui"):
        before = Case.objects.count()
    call_command("generate_demo", "anhui", "--size", "tiny", "--snapshots", "0", stdout=StringIO())
    with schema_context("anhui"):
        assert Case.objects.count() == before
