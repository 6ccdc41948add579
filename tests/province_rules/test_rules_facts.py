"""Facts: frozen, validated, parsed from the evaluate body with every bad field listed."""
import dataclasses
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from province_rules import (
    ActivityCounts,
    FactsError,
    Grade,
    MemberFacts,
    OrganizationFacts,
    PartyOrgFacts,
    parse_evaluate_body,
)

BODY = {
    "as_of": "2024-05-01",
    "organization": {
        "kind": "private_non_enterprise",
        "registration_level": "province",
        "employees": 30,
        "is_school": True,
        "evaluation_grade": "3A",
        "members": [
            {"status": "formal", "relation": "here", "role": "full_time"},
            {"status": "probationary", "relation": "elsewhere", "role": "leader"},
        ],
        "party_org": {"form": "own", "last_election": "2021-05-01", "term_years": 3,
                      "activities": {"general_meeting": 4}, "secretary_training_days": 2.5},
        "accepted_reason_for_no_party_org": None,
    },
}


def test_parses_the_evaluate_body():
    facts, as_of = parse_evaluate_body(BODY)
    assert as_of == date(2024, 5, 1)
    assert facts.evaluation_grade is Grade.A3
    assert facts.members == (MemberFacts("formal", "here", "full_time"), MemberFacts("probationary", "elsewhere", "leader"))
    assert facts.party_org.last_election == date(2021, 5, 1)
    assert facts.party_org.activities == ActivityCounts(general_meeting=4)
    assert facts.party_org.secretary_training_days == 2.5


def test_as_of_is_optional():
    assert parse_evaluate_body({"organization": {"kind": "foundation", "registration_level": "city"}})[1] is None


def test_every_bad_field_is_listed_with_its_path():
    body = {
        "as_of": "2024-13-01",
        "extra": 1,
        "organization": {
            "registration_level": "town",
            "employees": -1,
            "is_school": 1,
            "evaluation_grade": "6A",
            "members": [
                {"status": "formall", "relation": "here", "role": "full_time"},
                {"status": "formal", "relation": "here"},
                "x",
            ],
            "party_org": {"form": "committee", "last_election": "01/05/2021", "term_years": True,
                          "activities": {"general_meeting": -2, "parade": 1}},
            "nickname": "x",
        },
    }
    with pytest.raises(FactsError) as raised:
        parse_evaluate_body(body)
    errors = dict(raised.value.errors)
    assert set(errors) == {
        "as_of", "extra",
        "organization.kind", "organization.registration_level", "organization.employees", "organization.is_school",
        "organization.evaluation_grade", "organization.nickname",
        "organization.members[0].status", "organization.members[2]",
        "organization.party_org.form", "organization.party_org.last_election", "organization.party_org.term_years",
        "organization.party_org.activities.general_meeting", "organization.party_org.activities.parade",
    }
    assert errors["organization.kind"] == "必填"
    assert errors["organization.members[0].status"] == "应为以下之一：formal、probationary"
    assert errors["organization.nickname"] == "未知字段"
    assert errors["organization.employees"] == "不能小于 0"
    assert errors["organization.is_school"] == "应为布尔值（true 或 false）"
    assert errors["organization.party_org.last_election"] == "应为日期，格式 YYYY-MM-DD"


@pytest.mark.parametrize("body", [None, [], "organization", 3])
def test_a_body_that_is_not_an_object(body):
    with pytest.raises(FactsError) as raised:
        parse_evaluate_body(body)
    assert raised.value.errors == (("$", "应为对象"),)


def test_direct_construction_is_validated_too():
    with pytest.raises(FactsError) as raised:
        MemberFacts("formall", "here", "boss")
    assert [path for path, _ in raised.value.errors] == ["status", "roles"]
    with pytest.raises(FactsError):
        PartyOrgFacts(form="own", covered_units=0)


def test_facts_are_frozen_and_members_become_a_tuple():
    facts = OrganizationFacts(kind="foundation", registration_level="county",
                              members=[MemberFacts("formal", "here", "other")], evaluation_grade="5A")
    assert isinstance(facts.members, tuple) and facts.evaluation_grade is Grade.A5
    with pytest.raises(dataclasses.FrozenInstanceError):
        facts.employees = 3


def test_blank_reasons_are_refused():
    with pytest.raises(FactsError) as raised:
        OrganizationFacts(kind="foundation", registration_level="county", exception_recorded="  ")
    assert raised.value.errors == (("exception_recorded", "应为非空字符串"),)


# Scalars mix near-valid values in, so that generated bodies also reach the nested fields.
SCALARS = (st.none() | st.booleans() | st.integers(-3, 40) | st.floats(allow_nan=True)
           | st.sampled_from(["formal", "here", "leader", "own", "joint", "3A", "2024-02-30", "2021-05-01", ""])
           | st.text(alphabet="abcAF-019 ", max_size=8))
KEYS = st.sampled_from(["status", "relation", "role", "form", "activities", "general_meeting", "term_years", "x"])
JSON = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(KEYS, children, max_size=4),
    max_leaves=12,
)
FIELD_NAMES = [f.name for f in dataclasses.fields(OrganizationFacts)]


@given(st.dictionaries(st.sampled_from(FIELD_NAMES), JSON, max_size=8))
def test_any_json_either_parses_or_lists_bad_fields(organization):
    try:
        facts, _ = parse_evaluate_body({"organization": organization})
    except FactsError as error:
        assert error.errors
        assert all(path.startswith("organization") and message for path, message in error.errors)
    else:
        assert isinstance(facts, OrganizationFacts)


# --- the dates a request may give: 1900-01-01 .. 2100-12-31 ----------------------------

def _with_dates(as_of, last_election):
    organization = {**BODY["organization"], "party_org": {**BODY["organization"]["party_org"], "last_election": last_election}}
    return {"as_of": as_of, "organization": organization}


@pytest.mark.parametrize("day", ["1900-01-01", "2100-12-31"])
def test_dates_on_the_bounds_are_accepted(day):
    facts, as_of = parse_evaluate_body(_with_dates(day, day))
    assert as_of == date.fromisoformat(day) and facts.party_org.last_election == date.fromisoformat(day)


@pytest.mark.parametrize("day", ["1899-12-31", "2101-01-01", "0001-01-01", "9999-12-31"])
def test_dates_outside_the_bounds_are_refused_naming_the_field(day):
    with pytest.raises(FactsError) as excinfo:
        parse_evaluate_body(_with_dates(day, day))
    errors = dict(excinfo.value.errors)
    assert set(errors) == {"as_of", "organization.party_org.last_election"}
    for message in errors.values():
        assert message == "日期应在1900-01-01至2100-12-31之间"


def test_a_bad_date_is_listed_with_the_other_bad_fields():
    body = _with_dates("2101-01-01", "2021-05-01")
    body["organization"]["kind"] = "company"
    with pytest.raises(FactsError) as excinfo:
        parse_evaluate_body(body)
    assert [path for path, _ in excinfo.value.errors] == ["as_of", "organization.kind"]
