"""Anhui: 004, the 2017 work report of the comprehensive Party committee."""
import dataclasses
from datetime import date

import pytest

from province_rules.facts import MemberFacts
from province_rules import NO_CAP, CoverageTarget, Grade, rules_for
from province_rules.anhui import AnhuiRules

from .factories import AS_OF, members, org, party_org

anhui = AnhuiRules()


class AnhuiCountingManagers(AnhuiRules):
    """What a module from the date the committee adopts the 004 二 四 proposal would set."""

    valid_from = date(2030, 1, 1)
    settings = dataclasses.replace(AnhuiRules.settings, count_management_personnel=True)


anhui_adopted = AnhuiCountingManagers()


def test_anhui_committee():
    assert anhui.name == "安徽省社会组织综合党委"
    assert rules_for("anhui", AS_OF).__class__ is AnhuiRules


class TestGradeCap:
    @pytest.mark.parametrize("formal", [0, 2, 3])
    def test_004_1_7_caps_grade_at_3A_without_party_org_whatever_the_members(self, formal):
        decision = anhui.max_grade(org(members=members(formal=formal)), AS_OF)
        assert decision.value is Grade.A3
        assert decision.reasons[0].clause == "004 一(七)" and "原则上" in decision.reasons[0].text

    def test_004_1_7_recorded_exception_lifts_the_cap(self):
        decision = anhui.max_grade(org(exception_recorded="评估委员会会议记录：行业特殊情况"), AS_OF)
        assert decision.value is NO_CAP and "行业特殊情况" in decision.reasons[0].text

    def test_004_1_7_an_accepted_reason_alone_does_not_lift_the_cap(self):
        decision = anhui.max_grade(org(accepted_reason_for_no_party_org="申请已报待批"), AS_OF)
        assert decision.value is Grade.A3
        assert any("须另行记录例外" in r.text for r in decision.reasons)

    @pytest.mark.parametrize("form", ["own", "joint"])
    def test_004_1_7_party_org_lifts_the_cap(self, form):
        assert anhui.max_grade(org(party_org=party_org(form)), AS_OF).value is NO_CAP

    def test_004_1_7_an_instructor_is_not_a_party_org(self):
        assert anhui.max_grade(org(instructor=True), AS_OF).value is Grade.A3

    def test_004_1_7_recorded_4A_above_the_cap_is_reported(self):
        decision = anhui.max_grade(org(evaluation_grade=Grade.A4), AS_OF)
        assert any("4A高于" in r.text for r in decision.reasons)

    def test_004_1_7_weak_and_lax_is_not_capped(self):
        assert anhui.max_grade(org(party_org=party_org(weak_and_lax=True)), AS_OF).value is NO_CAP


class TestCountingMembers:
    def test_004_2_4_counts_full_time_staff_by_default(self):
        decision = anhui.must_build_own_party_org(org(members=members(formal=3)), AS_OF)
        assert decision.value is True and decision.reasons[0].clause == "004 二 四"

    def test_004_2_4_management_personnel_not_counted_by_default(self):
        facts = org(members=members(formal=2) + members(formal=1, role="leader"))
        decision = anhui.must_build_own_party_org(facts, AS_OF)
        assert decision.value is False
        assert any("尚未采纳" in r.text for r in decision.reasons)

    def test_004_2_4_a_full_time_secretary_general_counts_as_full_time_staff(self):
        """Members carry a set of roles: a full-time 秘书长 is a leader and full-time staff."""
        facts = org(members=members(formal=2) + (MemberFacts("formal", "here", ("leader", "full_time")),))
        assert anhui.must_build_own_party_org(facts, AS_OF).value is True

    def test_004_2_4_adopted_proposal_counts_managers_whose_relation_is_transferred(self):
        facts = org(members=members(formal=2) + members(formal=1, role="management"))
        decision = anhui_adopted.must_build_own_party_org(facts, AS_OF)
        assert decision.value is True and decision["formal_members_counted"] == 3

    @pytest.mark.parametrize("relation", ["elsewhere", "mobile"])
    def test_004_2_4_adopted_proposal_ignores_managers_whose_relation_is_not_transferred(self, relation):
        facts = org(members=members(formal=2) + members(formal=1, role="leader", relation=relation))
        decision = anhui_adopted.must_build_own_party_org(facts, AS_OF)
        assert decision.value is False
        assert any("组织关系已转入本组织的" in r.text for r in decision.reasons)

    def test_004_2_4_probationary_managers_never_count(self):
        facts = org(members=members(formal=2) + members(probationary=2, role="management"))
        assert anhui_adopted.must_build_own_party_org(facts, AS_OF).value is False

    def test_004_2_4_full_time_staff_with_relations_elsewhere_count_and_can_transfer(self):
        facts = org(members=members(formal=3, relation="mobile"))
        decision = anhui.must_build_own_party_org(facts, AS_OF)
        assert decision.value is True
        assert any("联合会联合党支部" in r.text for r in decision.reasons)


def test_004_2_coverage_target_31_percent_plus_5_points_by_end_of_2018():
    """A dated record: the 2018 target; no other year's is the document's."""
    target = anhui.coverage_target_for(2018)
    assert isinstance(target, CoverageTarget)
    assert (target.year, target.scope, target.baseline, target.target, target.by) == (2018, "province", 0.31, 0.36,
                                                                                      date(2018, 12, 31))
    assert [r.clause for r in target.reasons] == ["004 二", "004 二 四"]
    assert anhui.coverage_target_for(2019) is None and anhui.coverage_target_for(2024) is None


def test_004_2_5_leaders_train_at_least_3_days_a_year():
    requirement = next(r for r in anhui.requirements_for_year(2018) if r.key == "secretary_training_days")
    assert (requirement.minimum, requirement.unit, requirement.clause) == (3, "天", "004 二 五")


def test_004_1_7_three_synchronizations_documents():
    checklist = next(c for c in anhui.checklists() if c.key == "three_synchronizations")
    texts = " ".join(item.text for item in checklist.items)
    assert "《社会组织党建工作承诺书》" in texts and "《社会组织党员情况调查表》" in texts
    assert "《社会组织党建情况年报表》" in texts


@pytest.mark.parametrize("form", ["temporary", "dispatched"])
def test_004_2_4_anhui_has_only_own_and_joint_forms(form):
    decision = anhui.check_party_org_form(form)
    assert decision.value is False and decision.reasons[0].clause == "004 二 四"


def test_004_seed_is_silent_on_terms_so_the_general_default_holds():
    facts = org(party_org=party_org(last_election=date(2021, 5, 1)))
    decision = anhui.term_renewal_due(facts, date(2024, 5, 1))
    assert decision.value is True and decision.clauses == ("党章 第三十条", "党章 第三十条")


def test_004_1_3_weak_and_lax_is_the_recorded_finding():
    decision = anhui.weak_and_lax(org(party_org=party_org(weak_and_lax=True)), AS_OF)
    assert decision.value is True and decision.reasons[0].clause == "004 一(三)"


@pytest.mark.parametrize("days, met", [(None, None), (2.5, False), (3, True)])
def test_004_2_5_training_days_compliance(days, met):
    facts = org(party_org=party_org(secretary_training_days=days))
    assert anhui.requirements_met(facts, 2018)["secretary_training_days"] is met
