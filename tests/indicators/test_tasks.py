"""``indicators.take_snapshot`` in a real Celery worker: queued in Jilin, it runs in Jilin's schema
with the rules that held on the day, and writes there only.

The worker is another process: it sees committed rows only, so this test writes its registry
outside a test transaction and removes it (and the snapshot) afterwards.
"""
import datetime as dt

import pytest
from django.conf import settings
from django_tenants.utils import schema_context

from indicators.models import IndicatorSnapshot
from indicators.tasks import take_snapshot
from province_rules.registry import rules_for
from registry.models import PartyOrganization, SocialOrganization
from registry.actions import organization_upsert, party_organization_upsert
from tests.registry.factories import make_uscc
from tests.helpers import SYSTEM, rules_here, rules_today

# A day no other test takes a snapshot of; Jilin's 2016 rules (002) held then.
DAY = dt.date(2020, 1, 15)


def test_beat_takes_the_snapshot_every_night_in_every_province():
    entry = settings.CELERY_BEAT_SCHEDULE["indicators-daily-snapshot"]
    assert entry["task"] == take_snapshot.name == "indicators.take_snapshot"
    assert "tenant_schemas" not in entry  # tenant_schemas_celery: every province's schema, not public
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({1}, {30})  # daily at 01:30, Asia/Shanghai


@pytest.mark.worker
def test_the_snapshot_task_runs_in_jilins_schema_in_a_real_worker_and_writes_there_only(
        celery_worker_process, django_db_blocker):
    with django_db_blocker.unblock():
        try:
            with schema_context("jilin"):
                a, _ = organization_upsert(actor=SYSTEM, rules=rules_here(), data={"uscc": make_uscc("220100"), "name": "长春市物流协会", "kind": "social_group",
                                                 "registration_level": "city", "region_code": "220100",
                                                 "registered_on": dt.date(2018, 3, 1)})
                organization_upsert(actor=SYSTEM, rules=rules_here(), data={"uscc": make_uscc("220200"), "name": "吉林市餐饮协会", "kind": "social_group",
                                          "registration_level": "city", "region_code": "220200",
                                          "registered_on": dt.date(2019, 3, 1)})
                party_organization_upsert(actor=SYSTEM, rules=rules_today("jilin"), data={
                    "name": "长春市物流协会党支部", "form": "own", "region_code": "220100", "covered_usccs": [a.uscc],
                    "founded_on": dt.date(2019, 7, 1)})
                result = take_snapshot.delay(as_of=DAY.isoformat())
            assert result.get(timeout=60) == 6  # province, 2 cities, 1 kind, 1 level, 1 supervisor (none)
            with schema_context("jilin"):
                province = IndicatorSnapshot.objects.get(taken_on=DAY, grouping="province")
                assert (province.in_scope, province.organizational_coverage) == (2, 1)
                assert province.rules.startswith("province_rules.jilin.JilinRules@2016-05-13")
                assert set(IndicatorSnapshot.objects.filter(taken_on=DAY, grouping="city").values_list("group_label", flat=True)) \
                    == {"长春市", "吉林市"}
            for other in ("guangdong", "anhui"):
                with schema_context(other):
                    assert not IndicatorSnapshot.objects.filter(taken_on=DAY).exists()
        finally:
            with schema_context("jilin"):
                IndicatorSnapshot.objects.filter(taken_on=DAY).delete()
                PartyOrganization.objects.filter(name="长春市物流协会党支部").delete()
                SocialOrganization.objects.filter(name__in=["长春市物流协会", "吉林市餐饮协会"]).delete()
