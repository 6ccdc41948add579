"""The daily snapshot: one row per (day, grouping, group), idempotent per day, read back as a series."""
import datetime as dt

from django.utils import timezone
from django_tenants.utils import schema_context

from indicators.models import IndicatorSnapshot
from indicators.selectors import INDICATORS, indicator_rows, snapshot_series
from indicators.services import snapshot_take
from province_rules.registry import rules_for
from registry.actions import organization_upsert, party_organization_upsert
from tests.registry.factories import make_uscc
from tests.helpers import SYSTEM, rules_here, rules_today


def _org(name, region_code, **data):
    return organization_upsert(actor=SYSTEM, rules=rules_here(), data={"uscc": make_uscc(region_code), "name": name, "kind": "social_group",
                                     "registration_level": "city", "region_code": region_code, **data})[0]


def test_a_snapshot_holds_every_grouping_and_taking_it_again_replaces_the_day(jilin):
    today = timezone.localdate()
    rules = rules_today("jilin")
    with schema_context("jilin"):
        a = _org("长春市物流协会", "220100", business_supervisor="长春市商务局")
        _org("吉林市餐饮协会", "220200", kind="private_non_enterprise")
        party_organization_upsert(actor=SYSTEM, rules=rules, data={"name": "长春市物流协会党支部", "form": "own",
                                                     "region_code": "220100", "covered_usccs": [a.uscc]})
        written = snapshot_take(rules=rules, as_of=today)
        # province 1 + cities 2 + kinds 2 + levels 1 + supervisors 2
        assert written == IndicatorSnapshot.objects.filter(taken_on=today).count() == 8
        province = IndicatorSnapshot.objects.get(taken_on=today, grouping="province")
        assert (province.in_scope, province.organizational_coverage) == (2, 1)
        assert province.rules.startswith("province_rules.jilin.JilinRules2021@")
        city = IndicatorSnapshot.objects.get(taken_on=today, grouping="city", group_key="220100")
        assert city.group_label == "长春市" and city.organizational_coverage == 1
        assert {s.group_label for s in IndicatorSnapshot.objects.filter(taken_on=today, grouping="supervisor")} == {
            "长春市商务局", "无业务主管单位（直接登记或已脱钩）"}

        _org("长春市篮球协会", "220100")
        assert snapshot_take(rules=rules, as_of=today) == 8
        assert IndicatorSnapshot.objects.filter(taken_on=today).count() == 8
        assert IndicatorSnapshot.objects.get(taken_on=today, grouping="province").in_scope == 3
        stored = IndicatorSnapshot.objects.filter(taken_on=today, grouping="city").order_by("group_key").values(*INDICATORS)
        computed = [{name: row[name] for name in INDICATORS} for row in indicator_rows(rules=rules, grouping="city", as_of=today)]
        assert list(stored) == computed


def test_the_series_of_a_group_is_the_days_in_order_with_their_rates(jilin):
    today = timezone.localdate()
    rules = rules_today("jilin")
    with schema_context("jilin"):
        a = _org("长春市物流协会", "220100")
        _org("长春市餐饮协会", "220100")
        snapshot_take(rules=rules, as_of=today - dt.timedelta(days=1))
        party_organization_upsert(actor=SYSTEM, rules=rules, data={"name": "长春市物流协会党支部", "form": "own",
                                                     "region_code": "220100", "covered_usccs": [a.uscc]})
        snapshot_take(rules=rules, as_of=today)
        series = snapshot_series(grouping="city", key="220100")
        assert snapshot_series(grouping="city", key="229900") == []
    assert [point["taken_on"] for point in series] == [today - dt.timedelta(days=1), today]
    assert [point["organizational_coverage_rate"] for point in series] == [0.0, 0.5]
    assert series[-1]["group_label"] == "长春市" and series[-1]["work_coverage"] == 1


def test_snapshots_stay_in_their_province(jilin, anhui):
    today = timezone.localdate()
    with schema_context("jilin"):
        _org("长春市物流协会", "220100")
        snapshot_take(rules=rules_today("jilin"), as_of=today)
    with schema_context("anhui"):
        assert not IndicatorSnapshot.objects.exists()
        assert snapshot_series(grouping="province", key="all") == []
