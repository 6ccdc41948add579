"""Reminders: each kind is sent once per (subject, reason, period) however often the pass
runs, by ``reminders_run`` and by a real Celery beat and worker; the inbox shows them."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django_tenants.utils import schema_context

from accounts.actors import Actor
from accounts.models import Role
from notifications.models import Contact, Notification, ReminderSent, SmsMessage
from notifications.reminders import KINDS, reminders_run
from processes import actions
from processes.models import Case
from processes.workdays import WorkingCalendar, package_years
from province_rules.baseline import add_years
from province_rules.registry import rules_for
from tests.accounts.conftest import make_user
from tests.conftest import REPO_ROOT, _database_url_for_subprocess
from tests.registry.factories import make_id_number

from .conftest import CODE, org_create, rules_testland_off, rules_testland_on

# The kinds the testland world has one of each of; report_due and follow_up are tested with
# Guangdong's declarations (tests/processes/test_guangdong.py).
TESTLAND_KINDS = tuple(kind for kind in KINDS if kind not in ("report_due", "follow_up"))

# 1 December of the last year the calendar package covers: the next year is not covered yet.
AS_OF = dt.date(max(package_years()), 12, 1)


def _opened_for_working_days_left(days: int, left: int) -> dt.date:
    """The day a stage of ``days`` working days must have been entered to be due ``left``
    working days after AS_OF."""
    calendar = WorkingCalendar()
    day = AS_OF
    while calendar.working_days_until(AS_OF, calendar.add_working_days(day, days).ends_on) > left:
        day -= dt.timedelta(days=1)
    return day


def reminder_world(stamp: str) -> dict:
    """Inside Anhui's schema: one thing due of every kind at AS_OF."""
    from registry.models import PartyOrganization
    from registry.actions import member_upsert, party_organization_upsert

    rules = rules_for("testland", AS_OF)
    system = Actor.system("test")
    organization = org_create("340100", "city", f"合肥市提醒测试协会{stamp}")
    secretary_user = make_user(f"sec-{stamp}", Role.ORGANIZATION_SECRETARY, organization=organization)
    secretary_user.email = f"sec-{stamp}@example.org"
    secretary_user.save(update_fields=["email"])
    Contact.objects.create(user=secretary_user, phone="13912345678", sms=True)
    provincial_user = make_user(f"prov-{stamp}", Role.PROVINCIAL_STAFF)
    party_org, _ = party_organization_upsert(actor=system, rules=rules, data={
        "name": f"合肥市提醒测试协会党支部{stamp}", "form": "own", "region_code": "340100",
        "covered_usccs": [organization.uscc], "founded_on": dt.date(2015, 1, 1),
        # The term ends 20 days after AS_OF: the 30-day reminder.
        "last_election_on": add_years(AS_OF, -3) + dt.timedelta(days=20)})
    secretary, _ = member_upsert(actor=system, rules=rules, data={"name": f"书记{stamp}", "id_number": make_id_number("340102"),
                                       "organization_uscc": organization.uscc, "party_organization": party_org.name})
    # No registry action sets a secretary yet: the link is written here.
    PartyOrganization.objects.filter(pk=party_org.pk).update(secretary=secretary)
    # A formation plan due 3 working days after AS_OF.
    opened = _opened_for_working_days_left(15, 3)
    plan = actions.case_open(actor=system, rules=rules, process="formation_plan", organization_uscc=organization.uscc,
                             today=opened)
    # Rectification due 2 days after AS_OF; another case closed six months less 10 days ago: review due.
    rectifying = actions.case_open(actor=system, rules=rules, process="weak_rectification",
                                   party_organization=party_org.name, today=AS_OF - dt.timedelta(days=28))
    # A second branch, founded this year (no quarter's requirement yet), rectified six months less 10 days ago.
    second, _ = party_organization_upsert(actor=system, rules=rules, data={
        "name": f"合肥市提醒测试协会第二党支部{stamp}", "form": "own", "region_code": "340100",
        "covered_usccs": [organization.uscc], "founded_on": AS_OF - dt.timedelta(days=200)})
    reviewed = actions.case_open(actor=system, rules=rules, process="weak_rectification",
                                 party_organization=second.name, today=AS_OF - dt.timedelta(days=200))
    actions.case_act(actor=system, rules=rules, case_id=reviewed.pk, action="close",
                     today=AS_OF - dt.timedelta(days=172))
    return {"organization": organization, "party_org": party_org, "second": second, "secretary": secretary_user,
            "provincial": provincial_user, "cases": [plan.pk, rectifying.pk, reviewed.pk]}


def remove(world: dict) -> None:
    from registry.models import Member, PartyOrganization

    Case.objects.filter(pk__in=world["cases"]).delete()
    ReminderSent.objects.all().delete()
    Notification.objects.all().delete()
    SmsMessage.objects.all().delete()
    PartyOrganization.objects.filter(pk=world["party_org"].pk).update(secretary=None)
    Member.objects.filter(organization=world["organization"]).delete()
    PartyOrganization.objects.filter(pk__in=[world["party_org"].pk, world["second"].pk]).delete()
    get_user_model().objects.filter(pk__in=[world["secretary"].pk, world["provincial"].pk]).delete()
    world["organization"].delete()


def test_each_kind_is_sent_once_and_the_command_prints_zero_new_the_second_time(testland, db):
    with schema_context(CODE):
        world = reminder_world("cmd")
        counts = reminders_run(rules=rules_for("testland", AS_OF), as_of=AS_OF)
        assert counts == dict.fromkeys(TESTLAND_KINDS, 1) | {"report_due": 0, "follow_up": 0}
        inbox = Notification.objects.filter(user=world["secretary"])
        assert set(inbox.values_list("kind", flat=True)) == {
            "term_renewal", "three_meetings", "secretary_training", "case_deadline", "rectification_deadline"}
        renewal = inbox.get(kind="term_renewal")
        assert "还有20天到期" in renewal.title and renewal.clause == "党章 第三十条"
        assert renewal.link == f"/organizations/{world['organization'].uscc}/"
        deadline = inbox.get(kind="case_deadline")
        assert deadline.link == f"/cases/{world['cases'][0]}/" and deadline.clause == "002 第九条(一)④"
        assert "还有3个工作日到期" in deadline.title
        provincial = set(Notification.objects.filter(user=world["provincial"]).values_list("kind", flat=True))
        assert provincial == {"review_due", "report_missing", "calendar_uncovered"}
        missing = Notification.objects.get(user=world["provincial"], kind="report_missing")
        assert missing.title.endswith(f"{AS_OF.year}-11未月度跟踪报告") and missing.link == f"/cases/{world['cases'][2]}/"
    out = StringIO()
    call_command("reminders_run", CODE, "--as-of", AS_OF.isoformat(), stdout=out)
    assert "total                   合计      0" in out.getvalue()
    # A later day crosses a new threshold for the plan's deadline only: 1 working day left.
    later = WorkingCalendar().add_working_days(AS_OF + dt.timedelta(days=1), 2).ends_on
    with schema_context(CODE):
        assert reminders_run(rules=rules_for("testland", later), as_of=later)["case_deadline"] == 1


@pytest.mark.worker
def test_a_real_beat_and_worker_send_each_kind_once_and_never_again_and_the_inbox_shows_them(
        celery_worker_process, django_db_blocker):
    queue = celery_worker_process.conf.task_default_queue
    with django_db_blocker.unblock():
        previous = rules_testland_on()  # committed: the worker reads the province's rules key
        with schema_context(CODE):
            world = reminder_world("beat")
        folder = tempfile.mkdtemp(prefix="beat-")
        env = dict(os.environ, DATABASE_URL=_database_url_for_subprocess(), CELERY_TASK_DEFAULT_QUEUE=queue,
                   DJANGO_SETTINGS_MODULE="tests.processes.beat_settings", REMINDERS_AS_OF=AS_OF.isoformat(),
                   REMINDERS_SCHEMA=CODE, PYTHONPATH=f"{REPO_ROOT / 'platform'}:{REPO_ROOT}")
        beat = subprocess.Popen([sys.executable, "-m", "celery", "-A", "config", "beat", "--loglevel", "WARNING",
                                 "-s", os.path.join(folder, "schedule")], cwd=REPO_ROOT / "platform", env=env)
        try:
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline:
                with schema_context(CODE):
                    if ReminderSent.objects.count() >= len(TESTLAND_KINDS):
                        break
                assert beat.poll() is None, "celery beat exited"
                time.sleep(0.5)
            with schema_context(CODE):
                sent = sorted(ReminderSent.objects.values_list("kind", flat=True))
                inbox = Notification.objects.count()
            assert sent == sorted(TESTLAND_KINDS)
            time.sleep(6)  # beat queues the pass every second: several more passes
            with schema_context(CODE):
                assert sorted(ReminderSent.objects.values_list("kind", flat=True)) == sorted(TESTLAND_KINDS)
                assert Notification.objects.count() == inbox == 9  # secretary 5, provincial staff 3, the administrator 1
                # SMS through the recording gateway, to the secretary only (the only one with a number).
                assert SmsMessage.objects.count() == 5
                assert set(SmsMessage.objects.values_list("phone_masked", flat=True)) == {"139****5678"}
            from django.test import Client

            client = Client(HTTP_HOST=f"{CODE}.localhost")
            with schema_context(CODE):
                client.force_login(world["secretary"])
            page = client.get("/inbox/")
            assert page.status_code == 200
            text = page.content.decode()
            assert text.count('class="notification unread"') == 5
            assert "换届" in text and "三会一课" in text and "002 第九条(一)④" in text
            assert 'class="unread-count">5<' in text
        finally:
            beat.terminate()
            try:
                beat.wait(timeout=20)
            except subprocess.TimeoutExpired:
                beat.kill()
            with schema_context(CODE):
                remove(world)
            rules_testland_off(previous)
