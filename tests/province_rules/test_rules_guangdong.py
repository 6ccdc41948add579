"""Guangdong: 003, the ten key actions (2021–2023)."""
from datetime import date, timedelta

import pytest

from province_rules import NO_CAP, ActivityCounts, Grade, rules_for
from province_rules.guangdong import GuangdongRules

from .factories import AS_OF, members, org, party_org

guangdong = GuangdongRules()


def test_guangdong_committee():
    assert guangdong.name == "广东省社会组织党委"
    assert rules_for("guangdong", AS_OF).__class__ is GuangdongRules


@pytest.mark.parametrize("facts", [org(members=members(formal=5)), org(party_org=party_org(weak_and_lax=True))])
def test_003_3_no_fixed_grade_cap_party_building_is_a_scored_indicator(facts):
    decision = guangdong.max_grade(facts, AS_OF)
    assert decision.value is NO_CAP
    assert decision.reasons[0].clause == "003 三" and "纳入重要指标" in decision.reasons[0].text


class TestTemporaryBranch:
    def test_003_5_temporary_branch_gives_organizational_coverage(self):
        decision = guangdong.coverage(org(party_org=party_org("temporary")), AS_OF)
        assert (decision.value, decision["form"]) == ("organizational", "temporary")
        assert decision.reasons[0].clause == "003 五"

    def test_003_5_relations_hard_to_transfer_point_to_a_temporary_branch(self):
        facts = org(members=members(formal=3, role="leader", relation="elsewhere"))
        decision = guangdong.must_build_own_party_org(facts, AS_OF)
        assert decision.value is True
        assert any(r.clause == "003 五" and "临时党支部" in r.text for r in decision.reasons)

    def test_003_5_dispatched_branch_is_refused_in_guangdong(self):
        decision = guangdong.check_party_org_form("dispatched")
        assert decision.value is False and decision.reasons[0].clause == "003 五"

    @pytest.mark.parametrize("flag, form", [("instructor", "instructor"), ("work_station", "work_station")])
    def test_003_5_instructors_and_work_stations_give_work_coverage(self, flag, form):
        decision = guangdong.coverage(org(**{flag: True}), AS_OF)
        assert (decision.value, decision["form"]) == ("work", form)


class TestWeakAndLaxScreening:
    def screen(self, **party_org_facts):
        return guangdong.weak_and_lax(org(party_org=party_org(**party_org_facts)), AS_OF)

    def test_003_4_incomplete_leadership_is_a_warning_until_confirmed(self):
        decision = self.screen(leadership_complete=False)
        assert decision.value is False and decision["warnings"] == ["leadership_incomplete"]
        assert decision["findings"] == [] and "003 四" in decision.clauses
        assert any("预警（待认定）" in r.text for r in decision.reasons)

    @pytest.mark.parametrize("monthly, expected", [(0, True), (1, False)])
    def test_003_4_infrequent_activity_counts_all_party_life_against_the_setting(self, monthly, expected):
        """11 in 12 months is infrequent, 12 is not, whatever their kinds (general meetings alone no longer decide)."""
        activities = ActivityCounts(general_meeting=0, committee_meeting=4, group_meeting=4, theme_day=3 + monthly)
        decision = self.screen(activities=activities, leadership_complete=True)
        assert decision.value is False and ("activities_infrequent" in decision["warnings"]) is expected

    def test_003_4_a_branch_founded_this_quarter_is_asked_for_a_quarter_of_the_year(self):
        founded = AS_OF - timedelta(days=91)
        decision = self.screen(activities=ActivityCounts(theme_day=3), leadership_complete=True, founded_on=founded)
        assert "activities_infrequent" not in decision["warnings"]
        decision = self.screen(activities=ActivityCounts(theme_day=2), leadership_complete=True, founded_on=founded)
        assert "activities_infrequent" in decision["warnings"]

    @pytest.mark.parametrize("units, expected", [(5, False), (6, True)])
    def test_003_4_joint_branch_covering_too_many_units_is_a_warning(self, units, expected):
        decision = self.screen(form="joint", covered_units=units, leadership_complete=True)
        assert ("joint_branch_too_many_units" in decision["warnings"]) is expected

    def test_003_4_reasons_list_only_what_hit(self):
        decision = self.screen(form="joint", covered_units=6, leadership_complete=True,
                               activities=ActivityCounts(theme_day=12))
        assert len(decision.reasons) == 1 and decision.reasons[0].text.startswith("排查预警（待认定）：联合党支部")

    def test_003_4_unreported_facts_are_named_but_not_findings(self):
        decision = self.screen()
        assert decision.value is False
        assert any("未报送" in r.text for r in decision.reasons)

    def test_003_4_recorded_weak_and_lax(self):
        decision = self.screen(weak_and_lax=True)
        assert decision.value is True and decision["findings"] == ["recorded"]


def test_003_4_on_time_renewal():
    facts = org(party_org=party_org(last_election=date(2019, 5, 1), term_years=5))
    decision = guangdong.term_renewal_due(facts, date(2024, 5, 1))
    assert decision.value is True and decision.reasons[1].clause == "003 四"


def test_003_7_rotation_training_and_003_9_discipline_month():
    requirements = {r.key: r for r in guangdong.requirements_for_year(2022)}
    assert requirements["secretary_rotation_training"].clause == "003 七"
    assert requirements["secretary_rotation_training"].minimum is None
    assert requirements["discipline_education_month"].clause == "003 九"


def test_003_8_double_strong_five_good_checklist():
    checklist = next(c for c in guangdong.checklists() if c.key == "double_strong_five_good")
    assert [item.text for item in checklist.items] == ["党建强", "发展强", "党支部班子好", "党员队伍好", "活动开展好",
                                                      "制度建设好", "作用发挥好"]
    results = {r.item.key: r.met for r in checklist.assess(
        guangdong, org(party_org=party_org(leadership_complete=True)), AS_OF)}
    assert results["good_branch_leadership"] is True and results["good_role"] is None


def test_003_3_five_integrations_checklist():
    checklist = next(c for c in guangdong.checklists() if c.key == "five_integrations")
    assert checklist.clause == "003 三" and len(checklist.items) == 5


def test_003_guangdong_grade_is_not_capped_even_with_a_grade_recorded():
    facts = org(members=members(formal=3), evaluation_grade=Grade.A5)
    assert len(guangdong.max_grade(facts, AS_OF).reasons) == 1
