"""A small registry in one province, every row carrying a distinctive canary text, built
through the registry services (as an integration would, minus HTTP)."""
from __future__ import annotations

import datetime as dt

from django_tenants.utils import schema_context

from tenants.models import Province
from tests.registry.factories import make_id_number, make_uscc
from tests.helpers import SYSTEM, rules_here, rules_today

CITY = {"jilin": "220100", "guangdong": "440100", "anhui": "340100"}
COUNTY = {"jilin": "220102", "guangdong": "440103", "anhui": "340102"}


def seed_province(code: str, *, canary: str, organizations: int = 2) -> dict:
    """Organizations, a Party organization, members, an instructor with a dispatch, an activity,
    a training, an inspection and a grade; returns their keys."""
    from province_rules.registry import rules_for
    from registry.actions import (
        activity_record, annual_inspection_record, dispatch_start, evaluation_grade_record, instructor_create, member_upsert,
        organization_upsert, party_organization_upsert, training_record,
    )

    province = Province.objects.get(code=code)
    city = CITY[code]
    keys: dict = {"usccs": [], "member_ids": [], "id_numbers": []}
    with schema_context(province.schema_name):
        for index in range(organizations):
            organization, _ = organization_upsert(actor=SYSTEM, rules=rules_here(), data={
                "uscc": make_uscc(region_code=city), "name": f"{canary}协会{index}", "kind": "social_group",
                "registration_level": "city", "region_code": city, "employees": 12,
                "business_supervisor": f"{canary}主管单位", "registered_on": dt.date(2020, 1, 1),
            })
            keys["usccs"].append(organization.uscc)
        first = keys["usccs"][0]
        party_org, _ = party_organization_upsert(actor=SYSTEM, rules=rules_today(province.rules_key), data={
            "name": f"{canary}协会党支部", "form": "own", "region_code": city, "covered_usccs": [first],
            "founded_on": dt.date(2020, 6, 1), "last_election_on": dt.date(2020, 6, 1),
        })
        keys["party_org_id"], keys["party_org_name"] = party_org.pk, party_org.name
        for index in range(3):
            id_number = make_id_number(region_code=COUNTY[code])
            member, _ = member_upsert(actor=SYSTEM, rules=rules_here(), data={
                "name": f"{canary}党员{index}", "id_number": id_number, "phone": f"1391234{index:04d}",
                "organization_uscc": first, "party_organization": party_org.name, "status": "formal", "role": "full_time",
            })
            keys["member_ids"].append(member.pk)
            keys["id_numbers"].append(id_number)
        instructor = instructor_create(actor=SYSTEM, rules=rules_here(), data={"name": f"{canary}指导员", "region_code": city, "phone": "13900001111", "unit": f"{canary}单位"})
        keys["instructor_id"] = instructor.pk
        keys["dispatch_id"] = dispatch_start(actor=SYSTEM, rules=rules_here(), data={"instructor_id": instructor.pk, "organization_uscc": party_org.covered_organizations.first().uscc, "started_on": dt.date(2023, 1, 1), "plan": f"{canary}计划"}).pk
        keys["activity_id"] = activity_record(actor=SYSTEM, rules=rules_here(), data={"party_organization": party_org.name, "kind": "general_meeting", "held_on": dt.date(2024, 3, 1), "title": f"{canary}党员大会", "attendee_ids": keys["member_ids"]}).pk
        keys["training_id"] = training_record(actor=SYSTEM, rules=rules_here(), data={"member_id": _member(keys["member_ids"][0]).pk, "title": f"{canary}培训", "started_on": dt.date(2024, 4, 1), "days": 2}).pk
        organization = _organization(first)
        keys["inspection_id"] = annual_inspection_record(actor=SYSTEM, rules=rules_here(), data={"organization_uscc": organization.uscc, "year": 2023, "result": "passed", "checklist": {"charter_clause": True}, "rectification": f"{canary}整改"})[0].pk
        keys["grade_id"] = evaluation_grade_record(actor=SYSTEM, rules=rules_today(province.rules_key), data={"organization_uscc": organization.uscc, "grade": "3A", "rated_on": dt.date(2024, 5, 1)}).pk
    return keys


def _member(pk):
    from registry.models import Member

    return Member.objects.get(pk=pk)


def _organization(uscc):
    from registry.models import SocialOrganization

    return SocialOrganization.objects.get(uscc=uscc)
