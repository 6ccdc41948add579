import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import schema_context

from province_rules.registry import rules_for
from registry.models import Member, PartyOrganization, SocialOrganization
from registry.actions import (
    activity_record, dispatch_end, dispatch_start, evaluation_grade_record, instructor_create, member_upsert,
    organization_upsert, party_organization_upsert, training_record,
)
from tests.registry.factories import make_id_number, make_uscc, org_data
from tests.helpers import SYSTEM, rules_here, rules_today


def errors_of(excinfo) -> dict:
    return excinfo.value.message_dict


def test_organization_upsert_creates_then_updates_by_uscc(jilin):
    with schema_context("jilin"):
        data = org_data(name="长春市物流协会")
        organization, created = organization_upsert(actor=SYSTEM, rules=rules_here(), data=data)
        assert created and organization.region.code == "220100"
        again, created_again = organization_upsert(actor=SYSTEM, rules=rules_here(), data=data)
        assert not created_again and again.pk == organization.pk
        renamed, _ = organization_upsert(actor=SYSTEM, rules=rules_here(), data={**data, "name": "长春市现代物流协会", "business_supervisor": "长春市商务局"})
        assert SocialOrganization.objects.get(uscc=data["uscc"]).name == "长春市现代物流协会"
        assert renamed.business_supervisor.name == "长春市商务局"


def test_organization_upsert_reports_every_bad_field_and_writes_nothing(jilin):
    with schema_context("jilin"):
        with pytest.raises(ValidationError) as excinfo:
            organization_upsert(actor=SYSTEM, rules=rules_here(), data={"uscc": "51220100MJ0000001X", "name": "", "kind": "club",
                                      "registration_level": "city", "region_code": "440100", "employees": -1})
        errors = errors_of(excinfo)
        assert set(errors) == {"uscc", "name", "kind", "region_code", "employees"}
        assert "校验位错误" in errors["uscc"][0]
        assert "本省没有行政区划代码“440100”" in errors["region_code"][0]
        assert "社会团体" in errors["kind"][0]  # the message names the valid choices in Chinese
        assert SocialOrganization.objects.count() == 0


def test_organization_kind_accepts_the_chinese_label(jilin):
    with schema_context("jilin"):
        organization, _ = organization_upsert(actor=SYSTEM, rules=rules_here(), data=org_data(kind="基金会"))
        assert organization.kind == "foundation"


def test_party_organization_form_not_in_the_province_is_refused_with_its_clause(guangdong, jilin):
    with schema_context("guangdong"):
        org, _ = organization_upsert(actor=SYSTEM, rules=rules_here(), data=org_data(uscc=make_uscc("440100"), region_code="440100"))
        with pytest.raises(ValidationError) as excinfo:
            party_organization_upsert(actor=SYSTEM, rules=rules_today("guangdong"), data={
                "name": "派出党支部", "form": "dispatched", "region_code": "440100", "covered_usccs": [org.uscc]})
        assert "form" in errors_of(excinfo)
        assert PartyOrganization.objects.count() == 0
    with schema_context("jilin"):
        orgs = [organization_upsert(actor=SYSTEM, rules=rules_here(), data=org_data())[0] for _ in range(3)]
        trio = [instructor_create(actor=SYSTEM, rules=rules_here(), data={"name": f"派出支部指导员{n}", "region_code": "220100"}).pk
                for n in range(3)]  # 002 第十八条: a dispatched branch is formed of three instructors
        branch, created = party_organization_upsert(actor=SYSTEM, rules=rules_today("jilin"), data={
            "name": "长春市社会组织第一派出党支部", "form": "dispatched", "region_code": "220100",
            "covered_usccs": [o.uscc for o in orgs], "instructor_ids": trio})
        assert created and branch.covered_organizations.count() == 3


def test_party_organization_names_missing_covered_orgs(jilin):
    with schema_context("jilin"):
        missing = make_uscc()
        with pytest.raises(ValidationError) as excinfo:
            party_organization_upsert(actor=SYSTEM, rules=rules_today("jilin"), data={
                "name": "联合党支部", "form": "joint", "region_code": "220100", "covered_usccs": [missing]})
        assert missing in errors_of(excinfo)["covered_usccs"][0]


def test_own_party_organization_covers_one_org_only(jilin):
    with schema_context("jilin"):
        a, b = organization_upsert(actor=SYSTEM, rules=rules_here(), data=org_data())[0], organization_upsert(actor=SYSTEM, rules=rules_here(), data=org_data())[0]
        with pytest.raises(ValidationError) as excinfo:
            party_organization_upsert(actor=SYSTEM, rules=rules_today("jilin"), data={
                "name": "某党支部", "form": "own", "region_code": "220100", "covered_usccs": [a.uscc, b.uscc]})
        assert "联合组建" in errors_of(excinfo)["covered_usccs"][0]


def test_member_upsert_is_keyed_by_id_number_and_derives_gender_and_birth(jilin):
    with schema_context("jilin"):
        org, _ = organization_upsert(actor=SYSTEM, rules=rules_here(), data=org_data())
        number = make_id_number(birth="19750615", male=False)
        member, created = member_upsert(actor=SYSTEM, rules=rules_here(), data={"name": "李四", "id_number": number, "status": "预备党员",
                                              "organization_uscc": org.uscc, "role": "management"})
        assert created and member.gender == "female" and member.birth_date == dt.date(1975, 6, 15)
        assert member.status == "probationary"
        same, created_again = member_upsert(actor=SYSTEM, rules=rules_here(), data={"name": "李四", "id_number": number.lower(), "status": "formal",
                                                   "organization_uscc": org.uscc})
        assert not created_again and same.pk == member.pk
        assert Member.objects.get(pk=member.pk).status == "formal"


def test_member_upsert_errors_name_the_field(jilin):
    with schema_context("jilin"):
        with pytest.raises(ValidationError) as excinfo:
            member_upsert(actor=SYSTEM, rules=rules_here(), data={"name": "王五", "id_number": "110105194912310021", "phone": "123",
                                "organization_uscc": make_uscc(), "relation": "somewhere"})
        assert set(errors_of(excinfo)) == {"id_number", "phone", "organization_uscc", "relation"}
        assert Member.objects.count() == 0


def test_grade_above_the_jilin_cap_is_recorded_but_flagged_with_the_clause(jilin):
    with schema_context("jilin"):
        org, _ = organization_upsert(actor=SYSTEM, rules=rules_here(), data=org_data())
        for _ in range(3):
            member_upsert(actor=SYSTEM, rules=rules_here(), data={"name": "党员", "id_number": make_id_number(), "organization_uscc": org.uscc,
                                "status": "formal", "relation": "here", "role": "full_time"})
        record = evaluation_grade_record(actor=SYSTEM, rules=rules_today("jilin"), data={"organization_uscc": org.uscc, "grade": "4A", "rated_on": dt.date(2024, 6, 30)})
        org.refresh_from_db()
        assert org.evaluation_grade == "4A"  # kept as given
        assert record.above_rule_cap is True
        assert any(reason["clause"] == "002 第九条(三)" for reason in record.cap_reasons)


def test_grade_within_the_cap_is_not_flagged(guangdong):
    with schema_context("guangdong"):
        org, _ = organization_upsert(actor=SYSTEM, rules=rules_here(), data=org_data(uscc=make_uscc("440100"), region_code="440100"))
        record = evaluation_grade_record(actor=SYSTEM, rules=rules_today("guangdong"), data={"organization_uscc": org.uscc, "grade": "5A", "rated_on": dt.date(2024, 6, 30)})
        assert record.above_rule_cap is False and record.cap_reasons == []


def test_dispatch_twice_to_the_same_org_is_refused_and_end_before_start_too(jilin):
    with schema_context("jilin"):
        org, _ = organization_upsert(actor=SYSTEM, rules=rules_here(), data=org_data())
        instructor = instructor_create(actor=SYSTEM, rules=rules_here(), data={"name": "赵指导员", "region_code": "220100", "phone": "13900001111", "full_time": True})
        dispatch = dispatch_start(actor=SYSTEM, rules=rules_here(), data={"instructor_id": instructor.pk, "organization_uscc": org.uscc, "started_on": dt.date(2024, 3, 1)})
        with pytest.raises(ValidationError) as excinfo:
            dispatch_start(actor=SYSTEM, rules=rules_here(), data={"instructor_id": instructor.pk, "organization_uscc": org.uscc, "started_on": dt.date(2024, 4, 1)})
        assert "已派驻到" in errors_of(excinfo)["organization_uscc"][0]
        with pytest.raises(ValidationError):
            dispatch_end(actor=SYSTEM, rules=rules_here(), dispatch=dispatch, data={"ended_on": dt.date(2024, 2, 1)})


def test_activity_with_unknown_attendees_and_training_days_are_checked(jilin):
    with schema_context("jilin"):
        org, _ = organization_upsert(actor=SYSTEM, rules=rules_here(), data=org_data())
        branch, _ = party_organization_upsert(actor=SYSTEM, rules=rules_today("jilin"), data={
            "name": "测试党支部", "form": "own", "region_code": "220100", "covered_usccs": [org.uscc]})
        member, _ = member_upsert(actor=SYSTEM, rules=rules_here(), data={"name": "党员甲", "id_number": make_id_number(), "organization_uscc": org.uscc,
                                        "party_organization": branch.name})
        activity = activity_record(actor=SYSTEM, rules=rules_here(), data={"party_organization": branch.name, "kind": "theme_day", "held_on": dt.date(2024, 7, 1), "attendee_ids": [member.pk]})
        assert list(activity.attendees.all()) == [member]
        with pytest.raises(ValidationError) as excinfo:
            activity_record(actor=SYSTEM, rules=rules_here(), data={"party_organization": branch.name, "kind": "党课", "held_on": dt.date(2024, 7, 1), "attendee_ids": [member.pk, 999999]})
        assert "1人不在本省党员库中" in errors_of(excinfo)["attendee_ids"][0]
        with pytest.raises(ValidationError) as excinfo:
            training_record(actor=SYSTEM, rules=rules_here(), data={"member_id": member.pk, "title": "书记培训", "started_on": dt.date(2024, 5, 1), "days": "0"})
        assert "days" in errors_of(excinfo)
