"""The national baseline, for provinces without a module of their own."""
from datetime import date

import pytest

from province_rules import NO_CAP, Grade, rules_for
from province_rules.baseline import BaselineRules, add_years

from .factories import AS_OF, members, org, party_org
from tests.helpers import rules_today

rules = BaselineRules()


@pytest.mark.parametrize("formal, expected", [(2, False), (3, True)])
def test_002_14_baseline_three_formal_members_must_build(formal, expected):
    decision = rules.must_build_own_party_org(org(members=members(formal=formal)), AS_OF)
    assert decision.value is expected
    assert decision["formal_members_counted"] == formal
    assert decision.reasons[0].clause == "002 第十四条"


def test_002_14_baseline_probationary_members_never_count():
    decision = rules.must_build_own_party_org(org(members=members(formal=2, probationary=5)), AS_OF)
    assert decision.value is False
    assert any("预备党员5名不计入" in r.text for r in decision.reasons)


def test_002_14_baseline_counts_every_formal_member_working_in_the_org():
    """002 第十四条 "凡有3名以上正式党员的社会组织" names no roles."""
    facts = org(members=members(formal=1, role="management") + members(formal=1, role="other") + members(probationary=1))
    assert rules.must_build_own_party_org(facts, AS_OF)["formal_members_counted"] == 2
    facts = org(members=members(formal=1, role="leader") + members(formal=1, role="management") + members(formal=1, role="other"))
    assert rules.must_build_own_party_org(facts, AS_OF).value is True


def test_002_13_baseline_too_few_members_points_to_work_coverage():
    decision = rules.must_build_own_party_org(org(members=members(formal=1)), AS_OF)
    assert "002 第十三条" in decision.clauses


def test_baseline_sets_no_grade_cap():
    decision = rules.max_grade(org(members=members(formal=5), evaluation_grade=Grade.A5), AS_OF)
    assert decision.value is NO_CAP
    assert decision.reasons[0].clause == "中办发〔2015〕51号" and decision.reasons[0].province_setting


@pytest.mark.parametrize("facts, value, form", [
    (org(party_org=party_org("own")), "organizational", "own"),
    (org(party_org=party_org("joint"), instructor=True), "organizational", "joint"),
    (org(instructor=True, work_station=True), "work", "instructor"),
    (org(work_station=True), "none", None),  # no seed names a work station outside Guangdong (003 五)
    (org(), "none", None),
])
def test_baseline_coverage(facts, value, form):
    decision = rules.coverage(facts, AS_OF)
    assert (decision.value, decision["form"]) == (value, form)


@pytest.mark.parametrize("form", ["temporary", "dispatched"])
def test_baseline_refuses_forms_of_other_provinces(form):
    decision = rules.check_party_org_form(form)
    assert decision.value is False
    assert "不予登记" in decision.reasons[0].text


def test_baseline_has_no_full_coverage_target():
    facts = org(kind="private_non_enterprise", employees=500, is_school=True)
    assert rules.full_coverage_target(facts, AS_OF).value is False


def test_baseline_weak_and_lax_is_the_recorded_finding_only():
    assert rules.weak_and_lax(org(party_org=party_org(weak_and_lax=True)), AS_OF).value is True
    quiet = rules.weak_and_lax(org(party_org=party_org(leadership_complete=False, form="joint", covered_units=9)), AS_OF)
    assert quiet.value is False and quiet["findings"] == []


def test_baseline_weak_and_lax_without_party_org_is_false():
    assert rules.weak_and_lax(org(), AS_OF).value is False


class TestTermRenewal:
    def test_term_ending_today_is_due(self):
        facts = org(party_org=party_org(last_election=date(2021, 5, 1), term_years=3))
        decision = rules.term_renewal_due(facts, date(2024, 5, 1))
        assert decision.value is True and decision["due_date"] == date(2024, 5, 1)

    def test_term_ending_tomorrow_is_not_due(self):
        facts = org(party_org=party_org(last_election=date(2021, 5, 2), term_years=3))
        assert rules.term_renewal_due(facts, date(2024, 5, 1)).value is False

    def test_unrecorded_term_defaults_to_three_years_the_lower_bound_of_the_constitution(self):
        facts = org(party_org=party_org(last_election=date(2021, 5, 1)))
        decision = rules.term_renewal_due(facts, date(2024, 5, 1))
        assert decision.value is True
        assert decision.reasons[0].clause == "党章 第三十条" and "按3年计" in decision.reasons[0].text
        assert decision.reasons[0].province_setting

    def test_recorded_five_year_term(self):
        facts = org(party_org=party_org(last_election=date(2021, 5, 1), term_years=5))
        decision = rules.term_renewal_due(facts, date(2024, 5, 1))
        assert decision.value is False and decision["due_date"] == date(2026, 5, 1)

    def test_term_outside_three_to_five_years_is_flagged(self):
        facts = org(party_org=party_org(last_election=date(2022, 5, 1), term_years=2))
        decision = rules.term_renewal_due(facts, date(2024, 5, 1))
        assert decision.value is True and "请核实" in decision.reasons[0].text

    def test_election_on_29_february_ends_on_28_february(self):
        facts = org(party_org=party_org(last_election=date(2020, 2, 29), term_years=3))
        assert rules.term_renewal_due(facts, date(2023, 2, 28)).value is True
        assert rules.term_renewal_due(facts, date(2023, 2, 27)).value is False

    @pytest.mark.parametrize("last_election, term, as_of, due_date", [
        (date(9998, 6, 1), 5, date(9999, 12, 31), date.max),   # the term ends past the calendar
        (date(9999, 12, 31), 3, date(9999, 12, 31), date.max),
        (date(1, 1, 1), 3, date(1, 1, 1), date(4, 1, 1)),
    ])
    def test_extreme_dates_do_not_break_the_term_arithmetic(self, last_election, term, as_of, due_date):
        facts = org(party_org=party_org(last_election=last_election, term_years=term))
        decision = rules.term_renewal_due(facts, as_of)
        assert decision["due_date"] == due_date
        assert decision.value is (due_date <= as_of)

    def test_add_years_stays_inside_the_calendar(self):
        assert add_years(date(9999, 6, 1), 1) == date.max
        assert add_years(date(1, 6, 1), -1) == date.min
        assert add_years(date(2020, 2, 29), 1) == date(2021, 2, 28)
        assert add_years(date(2020, 2, 29), -4) == date(2016, 2, 29)

    @pytest.mark.parametrize("facts", [org(), org(party_org=party_org())])
    def test_unknown_without_party_org_or_election_date(self, facts):
        decision = rules.term_renewal_due(facts, AS_OF)
        assert decision.value is None and decision["due_date"] is None and decision.reasons


def test_general_rules_set_the_three_meetings_one_lecture_cadence():
    requirements = {r.key: r for r in rules.requirements_for_year(2024)}
    assert requirements["general_meeting"].minimum == 4
    assert requirements["committee_meeting"].minimum == 12
    assert requirements["group_meeting"].minimum == 12
    assert requirements["party_lecture"].minimum == 1 and requirements["party_lecture"].subject == "secretary"
    assert requirements["theme_day"].minimum == 12
    assert requirements["org_life_meeting"].minimum == 1 and requirements["democratic_review"].minimum == 1
    assert all(r.province_setting for r in requirements.values())
    # the general meeting's cadence is 第十一条 of the 条例, the committee and group meetings' 第十二、十三条
    assert requirements["general_meeting"].clause == "支部工作条例 第十一条"
    assert requirements["committee_meeting"].clause == "支部工作条例 第十二条"


def test_unknown_province_gets_the_baseline():
    assert type(rules_today("hubei")) is BaselineRules
    assert rules_today("hubei").name == "社会组织党委"


def test_requirements_met_reads_reported_activities():
    from province_rules import ActivityCounts

    facts = org(party_org=party_org(activities=ActivityCounts(general_meeting=4, committee_meeting=11)))
    met = rules.requirements_met(facts, 2024)
    assert met["general_meeting"] is True and met["committee_meeting"] is False
    assert rules.requirements_met(org(party_org=party_org()), 2024)["general_meeting"] is None
    assert set(rules.requirements_met(org(), 2024).values()) == {None}
