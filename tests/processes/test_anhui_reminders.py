"""Anhui's leaders' training (004 二 五: "党组织负责人每年参加统一学习培训时间累计应不少于3天"):
a secretary with 2 of the 3 days by 1 November is reminded once, naming the clause; one with 3
days is not."""
import datetime as dt

from django_tenants.utils import schema_context

from accounts.actors import Actor
from notifications.models import Notification
from notifications.reminders import reminders_run
from province_rules.registry import rules_for
from registry.actions import party_organization_upsert, training_record
from registry.models import Member

from .anhui import CODE, anhui_world  # noqa: F401 (fixture)


def test_a_secretary_short_of_three_training_days_is_reminded_once(anhui_world):
    w = anhui_world
    as_of = dt.date(2026, 11, 2)
    rules = rules_for("anhui", as_of)
    system = Actor.system("test")
    with schema_context(CODE):
        for key, days in (("own", 2), ("joint_a", 3)):
            org = w.orgs[key]
            secretary = Member.objects.filter(organization=org).order_by("id").first()
            party_organization_upsert(actor=system, rules=rules, data={
                "name": f"{org.name}党支部", "form": "own", "region_code": "340100", "covered_usccs": [org.uscc],
                "founded_on": dt.date(2020, 1, 1), "secretary_id": secretary.pk})
            training_record(actor=system, rules=rules, data={"member_id": secretary.pk, "title": "党组织书记培训班",
                                                            "started_on": dt.date(2026, 5, 10), "days": days})
        assert reminders_run(rules=rules, as_of=as_of)["secretary_training"] == 1
        assert reminders_run(rules=rules, as_of=as_of)["secretary_training"] == 0
        note = Notification.objects.get(user=w.users["secretary"], kind="secretary_training")
        assert w.orgs["own"].name in note.title and note.clause == "004 二 五" and "本年已2天" in note.body
