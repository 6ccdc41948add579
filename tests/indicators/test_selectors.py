"""Indicators checked against values computed by hand on a small registry built with the services.

吉林 (as of today, rules JilinRules2021):

| org | in scope | Party organization | counted formal members | other |
|---|---|---|---|---|
| A 长春市物流协会 | yes | own branch, on time, full 三会一课, trained secretary | 3 (+1 probationary) | |
| B 长春市南关区餐饮协会 | yes | joint branch J (overdue) | 3 | 应建未建: only a joint branch |
| C 长春市南关区家政服务协会 | yes | J | 1 | |
| D 长春市南关区书法家协会 | yes | J | 0 | |
| E 吉林市康宁医院 (80 employees) | yes | none | 3, relation elsewhere | instructor; 3A recorded above the 2A cap |
| F 吉林市育才实验学校 (45 employees) | yes | own branch, weak and lax | 0 (2 "other staff") | |
| G, H, I 长春市…协会 | yes | dispatched branch K | 0 | |
| L 长春市围棋协会 | zombie | none | 0 | work station |
| M 长春市钓鱼协会 | deregistered | own branch | | out of scope |
| N 长春市摄影家协会 | yes | none | 2 (+1 probationary) | |
"""
import dataclasses
import datetime as dt

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from indicators.selectors import INDICATORS, indicator_organizations, indicator_party_organizations, indicator_rows, indicator_totals
from province_rules.registry import rules_for
from regions.models import Region
from regions.services import region_create
from registry.actions import (
    activity_record, dispatch_start, evaluation_grade_record, instructor_create, member_upsert, organization_upsert,
    party_organization_upsert, training_record,
)
from tests.registry.factories import make_id_number, make_uscc
from tests.helpers import SYSTEM, rules_here, rules_today


def _org(name, region_code="220100", **data):
    values = {"uscc": make_uscc(region_code), "name": name, "kind": "social_group", "registration_level": "city",
              "region_code": region_code, "employees": 5}
    values.update(data)
    return organization_upsert(actor=SYSTEM, rules=rules_here(), data=values)[0]


def _members(org, *roles, status="formal", relation="here", party=None):
    return [member_upsert(actor=SYSTEM, rules=rules_here(), data={"name": "党员", "id_number": make_id_number(), "organization_uscc": org.uscc,
                                "status": status, "relation": relation, "role": role,
                                "party_organization": party.name if party else ""})[0] for role in roles]


def _branch(rules, name, form, region_code, *orgs, **data):
    return party_organization_upsert(actor=SYSTEM, rules=rules, data={"name": name, "form": form, "region_code": region_code,
                                                        "covered_usccs": [o.uscc for o in orgs], **data})[0]


def _set_secretary(party_org, member):
    # No registry service sets a secretary yet: the model field is set directly.
    party_org.secretary = member
    party_org.save(update_fields=["secretary"])


@pytest.fixture
def jilin_registry(jilin):
    today = timezone.localdate()
    rules = rules_today("jilin")
    with schema_context("jilin"):
        region_create(code="220102", name="南关区", parent=Region.objects.get(code="220100"))
        a = _org("长春市物流协会")
        branch_a = _branch(rules, "长春市物流协会党支部", "own", "220100", a, founded_on=today - dt.timedelta(days=800),
                           last_election_on=today - dt.timedelta(days=700))
        leader, *_ = _members(a, "leader", "full_time", "full_time", party=branch_a)
        _members(a, "other", status="probationary", party=branch_a)
        _set_secretary(branch_a, leader)
        training_record(actor=SYSTEM, rules=rules_here(), data={"member_id": leader.pk, "title": "全省社会组织党组织书记示范培训班", "started_on": today, "days": 2})
        for kind, times, spacing in (("general_meeting", 4, 85), ("committee_meeting", 12, 29), ("group_meeting", 12, 29),
                                     ("party_lecture", 1, 1)):
            for index in range(times):
                activity_record(actor=SYSTEM, rules=rules_here(), data={"party_organization": branch_a.name, "kind": kind, "held_on": today - dt.timedelta(days=index * spacing)})

        b = _org("长春市南关区餐饮协会", "220102", registration_level="county")
        c = _org("长春市南关区家政服务协会", "220102", registration_level="county")
        d = _org("长春市南关区书法家协会", "220102", registration_level="county")
        joint = _branch(rules, "南关区社会组织第一联合党支部", "joint", "220102", b, c, d,
                        founded_on=today - dt.timedelta(days=5 * 365), last_election_on=today - dt.timedelta(days=4 * 365),
                        term_years=3)
        secretary, *_ = _members(b, "leader", "full_time", "full_time", party=joint)
        _members(c, "other", party=joint)
        _set_secretary(joint, secretary)

        e = _org("吉林市康宁医院", "220200", kind="private_non_enterprise", employees=80, is_hospital=True)
        _members(e, "leader", "full_time", "full_time", relation="elsewhere")
        instructor = instructor_create(actor=SYSTEM, rules=rules_here(), data={"name": "赵指导员", "region_code": "220200", "phone": "13900001111", "full_time": True})
        dispatch_start(actor=SYSTEM, rules=rules_here(), data={"instructor_id": instructor.pk, "organization_uscc": e.uscc, "started_on": today - dt.timedelta(days=90)})
        evaluation_grade_record(actor=SYSTEM, rules=rules, data={"organization_uscc": e.uscc, "grade": "3A", "rated_on": today})

        f = _org("吉林市育才实验学校", "220200", kind="private_non_enterprise", employees=45, is_school=True)
        branch_f = _branch(rules, "吉林市育才实验学校党支部", "own", "220200", f, weak_and_lax=True,
                           founded_on=today - dt.timedelta(days=400), last_election_on=today - dt.timedelta(days=400))
        _members(f, "other", "other", party=branch_f)

        small = [_org(name) for name in ("长春市篮球协会", "长春市足球协会", "长春市乒乓球协会")]
        # 002 第十八条: the branch is formed of three instructors (the registry's write checks it).
        trio = [instructor_create(actor=SYSTEM, rules=rules_here(), data={"name": f"派出支部指导员{n}", "region_code": "220100"}).pk
                for n in range(3)]
        _branch(rules, "长春市社会组织第一派出党支部", "dispatched", "220100", *small, instructor_ids=trio,
                founded_on=today - dt.timedelta(days=200), last_election_on=today - dt.timedelta(days=200))

        _org("长春市围棋协会", status="zombie", has_work_station=True)
        m = _org("长春市钓鱼协会", status="deregistered")
        _branch(rules, "长春市钓鱼协会党支部", "own", "220100", m)
        n = _org("长春市摄影家协会")
        _members(n, "leader", "full_time")
        _members(n, "full_time", status="probationary")
        yield rules


EXPECTED_JILIN = {
    "in_scope": 11, "zombies": 1, "organizational_coverage": 5, "work_coverage": 10, "with_party_org": 8, "eligible": 3,
    "eligible_not_built": 2, "target_orgs": 2, "target_orgs_without_party_org": 1, "weak_and_lax": 1,
    "renewal_overdue": 3, "three_meetings_compliant": 1, "training_compliant": 1, "grade_above_cap": 1,
    # 002 第九条(三): the weak-and-lax school, and two eligible orgs without their own (one only in a joint branch)
    "grade_capped": 3,
    "weak_and_lax_warnings": None,  # Jilin does not screen
}


def test_jilin_totals_match_the_hand_count(jilin_registry):
    with schema_context("jilin"):
        totals = indicator_totals(rules=jilin_registry)
    assert {name: totals[name] for name in INDICATORS} == EXPECTED_JILIN
    assert totals["group_label"] == "全省"
    assert totals["organizational_coverage_rate"] == round(5 / 11, 4)
    assert totals["work_coverage_rate"] == round(10 / 11, 4)
    assert totals["target_coverage_rate"] == 0.5  # Jilin's 100% target (000 (五)) is half met
    assert totals["three_meetings_rate"] == round(1 / 8, 4)


def test_jilin_by_city_splits_the_counts_under_the_city_names(jilin_registry):
    with schema_context("jilin"):
        rows = indicator_rows(rules=jilin_registry, grouping="city")
    by_city = {row["group_key"]: row for row in rows}
    assert [(row["group_key"], row["group_label"]) for row in rows] == [("220100", "长春市"), ("220200", "吉林市")]
    assert by_city["220100"]["in_scope"] == 9 and by_city["220200"]["in_scope"] == 2
    assert by_city["220100"]["eligible_not_built"] == 1 and by_city["220200"]["eligible_not_built"] == 1
    assert by_city["220200"]["target_orgs_without_party_org"] == 1 and by_city["220200"]["grade_above_cap"] == 1
    assert by_city["220100"]["grade_capped"] == 1 and by_city["220200"]["grade_capped"] == 2
    for name in INDICATORS:  # the cities add up to the province
        if EXPECTED_JILIN[name] is None:
            assert by_city["220100"][name] is by_city["220200"][name] is None, name
        else:
            assert by_city["220100"][name] + by_city["220200"][name] == EXPECTED_JILIN[name], name


def test_kind_level_and_supervisor_groupings_add_up(jilin_registry):
    with schema_context("jilin"):
        kinds = indicator_rows(rules=jilin_registry, grouping="kind")
        levels = indicator_rows(rules=jilin_registry, grouping="registration_level")
        supervisors = indicator_rows(rules=jilin_registry, grouping="supervisor")
    assert [(r["group_label"], r["in_scope"]) for r in kinds] == [("社会团体", 9), ("民办非企业单位", 2)]
    assert [(r["group_label"], r["in_scope"]) for r in levels] == [("市级", 8), ("县级", 3)]
    assert [(r["group_key"], r["group_label"], r["in_scope"]) for r in supervisors] == [
        ("none", "无业务主管单位（直接登记或已脱钩）", 11)]


def test_the_list_behind_a_figure_names_the_organizations(jilin_registry):
    with schema_context("jilin"):
        def names(indicator):
            return sorted(indicator_organizations(rules=jilin_registry, indicator=indicator).values_list("name", flat=True))

        assert names("eligible_not_built") == ["吉林市康宁医院", "长春市南关区餐饮协会"]
        assert names("renewal_overdue") == ["长春市南关区书法家协会", "长春市南关区家政服务协会", "长春市南关区餐饮协会"]
        assert names("weak_and_lax") == ["吉林市育才实验学校"]
        assert names("grade_above_cap") == ["吉林市康宁医院"]
        assert names("three_meetings_compliant") == names("training_compliant") == ["长春市物流协会"]
        assert "长春市钓鱼协会" not in names("in_scope")  # deregistered
        assert set(names("work_coverage")) - set(names("with_party_org")) == {"吉林市康宁医院", "长春市围棋协会"}


def test_the_dispatched_branch_is_work_coverage_not_organizational(jilin_registry):
    with schema_context("jilin"):
        organizational = set(indicator_organizations(rules=jilin_registry, indicator="organizational_coverage")
                             .values_list("name", flat=True))
        work = set(indicator_organizations(rules=jilin_registry, indicator="work_coverage").values_list("name", flat=True))
    assert "长春市篮球协会" in work and "长春市篮球协会" not in organizational


def test_an_earlier_date_counts_what_held_then(jilin_registry):
    """Before the registry's Party organizations were founded, nothing was covered."""
    with schema_context("jilin"):
        totals = indicator_totals(rules=jilin_registry, as_of=timezone.localdate() - dt.timedelta(days=6 * 365))
    assert totals["organizational_coverage"] == totals["with_party_org"] == 0
    assert totals["in_scope"] == 11  # registration dates are not recorded: still counted


def test_an_empty_province_has_one_province_row_of_zeros(anhui):
    with schema_context("anhui"):
        rows = indicator_rows(rules=rules_today("anhui"), grouping="province")
        assert indicator_rows(rules=rules_today("anhui"), grouping="city") == []
    assert len(rows) == 1 and rows[0]["in_scope"] == 0 and rows[0]["organizational_coverage_rate"] is None


# --- the province's counting rule and settings decide, not the province's name -----------

def test_anhui_counts_only_full_time_staff_toward_the_three(anhui):
    """004 二 四: Anhui counts 专职工作人员; a leader is not counted (the management proposal is off)."""
    rules = rules_today("anhui")
    with schema_context("anhui"):
        leader_and_two = _org("合肥市物流协会", "340100")
        _members(leader_and_two, "leader", "full_time", "full_time", relation="elsewhere")
        three_staff = _org("合肥市餐饮协会", "340100")
        _members(three_staff, "full_time", "full_time", "full_time", relation="elsewhere")
        eligible = list(indicator_organizations(rules=rules, indicator="eligible").values_list("name", flat=True))
    assert eligible == ["合肥市餐饮协会"]


def test_a_module_that_adopts_the_management_proposal_counts_transferred_managers(anhui):
    """The same data under a module that sets ``count_management_personnel``: managers whose
    relation is here count, those whose relation is elsewhere do not (004 二 四)."""
    anhui_rules = type(rules_today("anhui"))
    adopted = type("AnhuiAdopted", (anhui_rules,), {
        "settings": dataclasses.replace(anhui_rules.settings, count_management_personnel=True)})()
    with schema_context("anhui"):
        here = _org("合肥市书法家协会", "340100")
        _members(here, "full_time", "full_time", "management")
        away = _org("合肥市摄影家协会", "340100")
        _members(away, "full_time", "full_time")
        _members(away, "management", relation="elsewhere")
        eligible = list(indicator_organizations(rules=adopted, indicator="eligible").values_list("name", flat=True))
        assert list(indicator_organizations(rules=rules_today("anhui"), indicator="eligible")) == []
    assert eligible == ["合肥市书法家协会"]


def test_anhui_training_counts_days_guangdong_sets_no_measurable_minimum(anhui, guangdong):
    """004 二 五: 3 days a year in Anhui; Guangdong's rotation training has no number (None)."""
    today = timezone.localdate()
    with schema_context("anhui"):
        rules = rules_today("anhui")
        for name, days in (("合肥市物流协会", (2,)), ("合肥市餐饮协会", (2, 1))):
            org = _org(name, "340100")
            branch = _branch(rules, f"{name}党支部", "own", "340100", org)
            secretary, = _members(org, "leader", party=branch)
            _set_secretary(branch, secretary)
            for length in days:
                training_record(actor=SYSTEM, rules=rules_here(), data={"member_id": secretary.pk, "title": "社会组织党组织书记培训班", "started_on": today, "days": length})
        trained = list(indicator_organizations(rules=rules, indicator="training_compliant").values_list("name", flat=True))
    assert trained == ["合肥市餐饮协会"]
    with schema_context("guangdong"):
        totals = indicator_totals(rules=rules_today("guangdong"))
    assert totals["training_compliant"] is None and totals["training_rate"] is None


def test_guangdong_temporary_branch_is_its_own_and_screens_weak_joint_branches(guangdong):
    """003 五: a temporary branch is organizational coverage and the org's own; 003 四: a joint
    branch covering more than 5 units and one without a secretary are screened: warnings, one per
    Party organization, until staff confirm them."""
    rules = rules_today("guangdong")
    with schema_context("guangdong"):
        hospital = _org("广州市仁爱医院", "440100", kind="private_non_enterprise",
                        employees=60, is_hospital=True)
        _members(hospital, "leader", "full_time", "full_time", relation="elsewhere")
        temporary = _branch(rules, "广州市仁爱医院临时党支部", "temporary", "440100", hospital,
                            founded_on=timezone.localdate() - dt.timedelta(days=400))
        leader = hospital.members.get(roles__contains=["leader"])
        _set_secretary(temporary, leader)
        small = [_org(f"广州市第{n}志愿服务队", "440100") for n in range(6)]
        _branch(rules, "天河区社会组织联合党支部", "joint", "440100", *small)
        totals = indicator_totals(rules=rules)
        warned = set(indicator_party_organizations(rules=rules, indicator="weak_and_lax_warnings")
                     .values_list("name", flat=True))
    assert totals["eligible"] == 1 and totals["eligible_not_built"] == 0
    assert totals["organizational_coverage"] == 7
    # the temporary branch holds no Party life: 活动不经常; the joint branch: too many units, no secretary
    assert warned == {"广州市仁爱医院临时党支部", "天河区社会组织联合党支部"}
    assert (totals["weak_and_lax_warnings"], totals["weak_and_lax"]) == (2, 0)  # Party organizations, none designated
