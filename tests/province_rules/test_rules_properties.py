"""Properties that hold for every rules module, over generated organizations."""
import dataclasses
import json
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from province_rules import NO_CAP, ActivityCounts, Grade, MemberFacts, OrganizationFacts, PartyOrgFacts
from province_rules.facts import MEMBER_RELATIONS, MEMBER_ROLES, MEMBER_STATUSES, ORG_KINDS, REGISTRATION_LEVELS

from .test_rules_contract import MODULES

rules_modules = st.sampled_from(MODULES).map(lambda cls: cls())
member_facts = st.builds(MemberFacts, st.sampled_from(MEMBER_STATUSES), st.sampled_from(MEMBER_RELATIONS),
                         st.sampled_from(MEMBER_ROLES))
dates = st.dates(min_value=date(2016, 1, 1), max_value=date(2030, 12, 31))
optional_bool = st.none() | st.booleans()
party_org_facts = st.builds(
    PartyOrgFacts,
    form=st.sampled_from(["own", "joint", "temporary", "dispatched"]),
    weak_and_lax=st.booleans(),
    last_election=st.none() | dates,
    term_years=st.none() | st.integers(1, 10),
    leadership_complete=optional_bool,
    covered_units=st.integers(1, 12),
    activities=st.none() | st.builds(ActivityCounts, general_meeting=st.integers(0, 12)),
)
org_facts = st.builds(
    OrganizationFacts,
    kind=st.sampled_from(ORG_KINDS),
    registration_level=st.sampled_from(REGISTRATION_LEVELS),
    employees=st.integers(0, 200),
    is_school=st.booleans(),
    is_hospital=st.booleans(),
    evaluation_grade=st.none() | st.sampled_from(list(Grade)),
    party_org=st.none() | party_org_facts,
    members=st.lists(member_facts, max_size=8).map(tuple),
    instructor=st.booleans(),
    work_station=st.booleans(),
    accepted_reason_for_no_party_org=st.none() | st.just("申请已报待批"),
    exception_recorded=st.none() | st.just("评估委员会记录的例外"),
)


@settings(max_examples=300)
@given(rules_modules, org_facts, dates)
def test_evaluation_always_serializes_and_never_caps_below_2A(rules, org, as_of):
    evaluation = rules.evaluate(org, as_of)
    json.dumps(evaluation.to_dict(), ensure_ascii=False)
    assert evaluation["max_grade"].value >= Grade.A2


@given(rules_modules, org_facts)
def test_a_sound_party_org_of_an_allowed_form_never_lowers_the_cap(rules, org):
    built = dataclasses.replace(org, party_org=PartyOrgFacts(form="own"))
    assert rules.max_grade(built, date(2024, 5, 1)).value >= rules.max_grade(org, date(2024, 5, 1)).value
    assert rules.max_grade(built, date(2024, 5, 1)).value is NO_CAP


@given(rules_modules, org_facts, member_facts)
def test_one_more_member_never_removes_the_duty_to_build(rules, org, member):
    more = dataclasses.replace(org, members=org.members + (member,))
    before = rules.must_build_own_party_org(org, date(2024, 5, 1)).value
    assert rules.must_build_own_party_org(more, date(2024, 5, 1)).value >= before


@given(rules_modules, org_facts, member_facts)
def test_probationary_members_never_change_the_count(rules, org, member):
    more = dataclasses.replace(org, members=org.members + (dataclasses.replace(member, status="probationary"),))
    assert (rules.must_build_own_party_org(more, date(2024, 5, 1))["formal_members_counted"]
            == rules.must_build_own_party_org(org, date(2024, 5, 1))["formal_members_counted"])


@given(rules_modules, org_facts, dates, st.integers(0, 4000))
def test_once_due_a_renewal_stays_due(rules, org, as_of, days):
    if rules.term_renewal_due(org, as_of).value:
        assert rules.term_renewal_due(org, as_of + timedelta(days=days)).value is True
