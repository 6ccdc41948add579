"""Guangdong's process demo data (platform/demo/processes/guangdong.py) through generate_demo, as
./ops/run provisions it: the plan's tasks, points, referrals and rectification cases in every
state, written through the actions (each case has its history and audit entries)."""
from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django_tenants.utils import schema_context

import clock
from audit.models import AuditEntry
from processes.models import Case
from processes.plans import plan_progress
from province_rules.registry import rules_for
from accounts.actors import Actor


def test_the_demo_holds_guangdongs_plan_tasks_points_and_cases_in_every_state(guangdong):
    out = StringIO()
    call_command("generate_demo", "guangdong", "--size", "tiny", "--snapshots", "0", stdout=out)
    assert "办理事项" in out.getvalue()
    with schema_context("guangdong"):
        stages = {(p, s) for p, s in Case.objects.values_list("process", "stage").distinct()}
        expected = {
            "ten_actions_city_task": {"in_progress", "done", "withdrawn"},
            "ten_actions_org_task": {"in_progress", "done"},
            "demonstration_point": {"apply", "cultivating", "meeting", "named", "not_selected", "withdrawn"},
            "innovative_method": {"meeting", "selected", "not_selected"},
            "five_integrations_referral": {"referred", "verification", "resolved"},
            "weak_and_lax_rectification": {"confirmation", "dismissed", "rectifying", "closing_review", "rectified"},
            "major_matter": {"opinion", "escalated", "adopted"},
            "first_secretary": {"serving", "ended"},
        }
        for process, wanted in expected.items():
            assert wanted <= {s for p, s in stages if p == process}, process
        rules = rules_for("guangdong", clock.today())
        progress = plan_progress(Actor.system("test"), rules, rules.plan("ten-actions"), today=clock.today())
        states = {row["state"] for entry in progress["items"] for task in entry["tasks"] for row in task["assignees"]}
        assert states == {"assigned", "reported", "overdue", "done"}
        assert AuditEntry.objects.filter(action="case.open").count() >= Case.objects.count()
