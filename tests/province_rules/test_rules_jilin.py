"""Jilin: 002 (2016) and, from 2021-06-04, 000 and 001."""
from datetime import date

import pytest

from province_rules import NO_CAP, ActivityCounts, Grade, rules_for
from province_rules.jilin import JilinRules, JilinRules2021

from .factories import AS_OF, members, org, party_org

jilin = JilinRules2021()
jilin_2016 = JilinRules()
WELL_RUN = ActivityCounts(general_meeting=4, committee_meeting=12, group_meeting=12, party_lecture=1, theme_day=12,
                          org_life_meeting=1, democratic_review=1)


def test_jilin_committee_and_modules():
    assert jilin.code == "jilin" and jilin.name == "吉林省社会组织联合党委"
    assert rules_for("jilin", date(2021, 6, 3)).__class__ is JilinRules
    assert rules_for("jilin", date(2021, 6, 4)).__class__ is JilinRules2021


class TestGradeCap:
    def test_002_9_3_jilin_caps_grade_at_2A_without_party_org(self):
        decision = jilin.max_grade(org(members=members(formal=3)), AS_OF)
        assert decision.value is Grade.A2
        assert decision.reasons[0].clause == "002 第九条(三)"
        assert "不得评为3A（含）以上" in decision.reasons[0].text

    @pytest.mark.parametrize("formal, cap", [(2, NO_CAP), (3, Grade.A2)])
    def test_002_9_3_only_orgs_meeting_the_conditions_are_capped(self, formal, cap):
        assert jilin.max_grade(org(members=members(formal=formal)), AS_OF).value is cap

    def test_002_9_3_probationary_members_do_not_make_the_conditions(self):
        assert jilin.max_grade(org(members=members(formal=2, probationary=3)), AS_OF).value is NO_CAP

    def test_002_9_3_pocket_members_count_toward_the_conditions(self):
        facts = org(members=members(formal=2) + members(formal=1, relation="elsewhere"))
        assert jilin.max_grade(facts, AS_OF).value is Grade.A2

    def test_002_9_3_accepted_reason_lifts_the_cap(self):
        facts = org(members=members(formal=3), accepted_reason_for_no_party_org="组建申请已报上级党组织审批")
        decision = jilin.max_grade(facts, AS_OF)
        assert decision.value is NO_CAP
        assert "组建申请已报上级党组织审批" in decision.reasons[0].text

    def test_002_9_3_a_recorded_exception_is_not_an_accepted_reason(self):
        facts = org(members=members(formal=3), exception_recorded="评估委员会同意")
        assert jilin.max_grade(facts, AS_OF).value is Grade.A2

    def test_002_9_3_caps_weak_and_lax_party_org_at_2A(self):
        facts = org(members=members(formal=5), party_org=party_org(weak_and_lax=True))
        decision = jilin.max_grade(facts, AS_OF)
        assert decision.value is Grade.A2 and "软弱涣散" in decision.reasons[0].text

    def test_002_9_3_its_own_party_org_lifts_the_cap(self):
        assert jilin.max_grade(org(members=members(formal=3), party_org=party_org("own")), AS_OF).value is NO_CAP

    def test_002_9_3_a_joint_branch_does_not_lift_the_cap_of_an_eligible_org(self):
        """"具备条件而无故不组建": 具备条件 is 第十四条's; a joint branch is for orgs with few members (第十六条)."""
        decision = jilin.max_grade(org(members=members(formal=3), party_org=party_org("joint")), AS_OF)
        assert decision.value is Grade.A2 and "仅由联合党组织覆盖" in decision.reasons[0].text
        assert jilin.max_grade(org(members=members(formal=2), party_org=party_org("joint")), AS_OF).value is NO_CAP

    def test_002_9_3_a_dispatched_branch_is_not_a_party_org_of_its_own(self):
        facts = org(members=members(formal=3), party_org=party_org("dispatched"))
        assert jilin.max_grade(facts, AS_OF).value is Grade.A2

    def test_002_9_3_recorded_grade_above_the_cap_is_reported(self):
        decision = jilin.max_grade(org(members=members(formal=3), evaluation_grade=Grade.A4), AS_OF)
        assert any("4A高于" in r.text for r in decision.reasons)

    def test_002_9_3_holds_in_the_2016_module_too(self):
        assert jilin_2016.max_grade(org(members=members(formal=3)), date(2018, 1, 1)).value is Grade.A2


class TestMustBuild:
    def test_002_14_three_formal_members_must_build(self):
        decision = jilin.must_build_own_party_org(org(members=members(formal=3)), AS_OF)
        assert decision.value is True and decision.reasons[0].clause == "002 第十四条"

    def test_002_14_probationary_members_never_count(self):
        decision = jilin.must_build_own_party_org(org(members=members(formal=2, probationary=1)), AS_OF)
        assert decision.value is False
        assert any(r.clause == "002 第十四条" and "预备党员1名不计入" in r.text for r in decision.reasons)

    @pytest.mark.parametrize("relation", ["elsewhere", "mobile"])
    def test_002_17_members_with_relations_elsewhere_count_and_must_transfer(self, relation):
        decision = jilin.must_build_own_party_org(org(members=members(formal=3, relation=relation)), AS_OF)
        assert decision.value is True
        assert any(r.clause == "002 第十七条" and "口袋党员" in r.text for r in decision.reasons)


class TestCoverage:
    def test_002_18_dispatched_branch_gives_work_coverage(self):
        decision = jilin.coverage(org(party_org=party_org("dispatched")), AS_OF)
        assert (decision.value, decision["form"]) == ("work", "dispatched")
        assert decision.reasons[0].clause == "002 第十八条"

    def test_002_18_dispatched_branch_is_a_jilin_form(self):
        assert jilin.check_party_org_form("dispatched").value is True

    def test_002_19_union_led_joint_organization_is_a_joint_form(self):
        decision = jilin.coverage(org(party_org=party_org("joint")), AS_OF)
        assert (decision.value, decision["form"]) == ("organizational", "joint")
        assert "002 第十九条" in decision.reasons[0].text and "工会主席" in decision.reasons[0].text

    def test_002_14_19_temporary_branch_is_refused_in_jilin(self):
        decision = jilin.check_party_org_form("temporary")
        assert decision.value is False
        assert decision.reasons[0].clause == "002 第十四条至第十九条"


class TestFullCoverageTarget:
    @pytest.mark.parametrize("employees, expected", [(29, False), (30, True), (31, True)])
    def test_000_5_private_school_with_30_or_more_employees(self, employees, expected):
        facts = org(kind="private_non_enterprise", employees=employees, is_school=True)
        decision = jilin.full_coverage_target(facts, AS_OF)
        assert decision.value is expected and decision.reasons[0].clause == "000 (五)"

    def test_000_5_private_hospital_with_30_employees(self):
        facts = org(kind="private_non_enterprise", employees=30, is_hospital=True, party_org=party_org())
        decision = jilin.full_coverage_target(facts, AS_OF)
        assert decision.value is True and "已建立党组织" in decision.reasons[0].text

    def test_000_5_target_without_party_org_goes_on_the_target_list(self):
        facts = org(kind="private_non_enterprise", employees=45, is_school=True)
        assert "目标清单" in jilin.full_coverage_target(facts, AS_OF).reasons[0].text

    def test_000_5_other_organizations_are_not_targets(self):
        assert jilin.full_coverage_target(org(employees=300), AS_OF).value is False

    def test_000_5_target_holds_from_the_2021_work_points_only(self):
        facts = org(kind="private_non_enterprise", employees=30, is_school=True)
        assert jilin_2016.full_coverage_target(facts, date(2020, 1, 1)).value is False


class TestTermRenewal:
    def test_002_14_term_ending_today_is_due(self):
        facts = org(party_org=party_org(last_election=date(2021, 5, 1), term_years=3))
        decision = jilin.term_renewal_due(facts, date(2024, 5, 1))
        assert decision.value is True and decision.reasons[1].clause == "002 第十四条"

    def test_002_14_term_not_yet_ended(self):
        facts = org(party_org=party_org(last_election=date(2021, 5, 1), term_years=3))
        assert jilin.term_renewal_due(facts, date(2024, 4, 30)).value is False


class TestRequirements:
    def test_000_3_secretaries_and_party_workers_train_once_a_year(self):
        requirements = {r.key: r for r in jilin.requirements_for_year(2024)}
        assert requirements["secretary_training"].minimum == 1 and requirements["secretary_training"].clause == "000 (三)"
        assert requirements["party_worker_training"].subject == "party_workers"

    def test_000_7_special_meetings_are_required_in_2021_only(self):
        in_2021 = {r.key for r in jilin.requirements_for_year(2021)}
        in_2022 = {r.key for r in jilin.requirements_for_year(2022)}
        assert {"special_org_life_meeting", "democratic_life_meeting"} <= in_2021
        assert not {"special_org_life_meeting", "democratic_life_meeting"} & in_2022

    def test_002_25_secretary_reports_yearly(self):
        requirements = {r.key: r for r in jilin_2016.requirements_for_year(2018)}
        assert requirements["secretary_report"].clause == "002 第二十五条"
        assert "secretary_training" not in requirements


class TestChecklists:
    def checklist(self, rules, key):
        return next(c for c in rules.checklists() if c.key == key)

    def test_002_9_2_annual_inspection_checklist(self):
        checklist = self.checklist(jilin_2016, "annual_inspection")
        assert checklist.clause == "002 第九条(二)"
        results = {r.item.key: r.met for r in checklist.assess(jilin_2016, org(members=members(formal=3)), AS_OF)}
        assert results["party_org_built"] is False
        assert results["renewed_on_time"] is None

    def test_002_9_1_registration_checklist_checks_the_charter_clause(self):
        checklist = self.checklist(jilin, "registration")
        results = {r.item.key: r.met for r in checklist.assess(jilin, org(charter_clause=True), AS_OF)}
        assert results["charter_clause"] is True

    def good_base_candidate(self, **changes):
        values = dict(
            registration_level="province", evaluation_grade=Grade.A4, penalties_last_3_years=0,
            annual_inspection_passed=True, members=members(formal=5),
            party_org=party_org(last_election=date(2023, 1, 1), term_years=3, rules_in_place=True,
                                cross_appointment=True, dues_paid=True, member_training_held=True,
                                development_plan=True, activity_space=True, activities=WELL_RUN),
        )
        values.update(changes)
        return org(**values)

    def test_001_4_demonstration_base_criteria_met(self):
        checklist = self.checklist(jilin, "demonstration_base")
        assert checklist.clause == "001 四"
        results = {r.item.key: r.met for r in checklist.assess(jilin, self.good_base_candidate(charter_clause=True), AS_OF)}
        # 001 二(一): the registry knows Party work is in the charter, not that it says "坚持党的全面领导": 待核实.
        assert results.pop("charter_leadership") is None
        assert all(met is True for met in results.values())

    def test_001_2_1_a_charter_without_party_work_lacks_the_leadership_clause(self):
        checklist = self.checklist(jilin, "demonstration_base")
        results = {r.item.key: r.met for r in checklist.assess(jilin, self.good_base_candidate(charter_clause=False), AS_OF)}
        assert results["charter_leadership"] is False

    @pytest.mark.parametrize("changes, failing", [
        ({"registration_level": "city"}, "provincial_level"),
        ({"penalties_last_3_years": 1}, "no_penalty"),
        ({"evaluation_grade": Grade.A2}, "grade_3a"),
        ({"annual_inspection_passed": False}, "inspection_passed"),
        ({"party_org": None}, "party_org_renewed"),
    ])
    def test_001_4_demonstration_base_criterion_not_met(self, changes, failing):
        checklist = self.checklist(jilin, "demonstration_base")
        results = {r.item.key: r.met for r in checklist.assess(jilin, self.good_base_candidate(**changes), AS_OF)}
        assert results[failing] is False

    def test_001_4_1_overdue_renewal_fails_the_base_criteria(self):
        candidate = self.good_base_candidate(party_org=party_org(last_election=date(2020, 1, 1), term_years=3))
        checklist = self.checklist(jilin, "demonstration_base")
        results = {r.item.key: r.met for r in checklist.assess(jilin, candidate, AS_OF)}
        assert results["party_org_renewed"] is False

    def test_001_demonstration_base_is_a_2021_checklist(self):
        assert "demonstration_base" not in {c.key for c in jilin_2016.checklists()}
        assert "7月10日" in self.checklist(jilin, "demonstration_base").note


@pytest.mark.parametrize("trainings, met", [(None, None), (0, False), (1, True)])
def test_000_3_secretary_training_compliance(trainings, met):
    facts = org(party_org=party_org(secretary_trainings=trainings))
    assert jilin.requirements_met(facts, 2024)["secretary_training"] is met
