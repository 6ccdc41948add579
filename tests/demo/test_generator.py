"""What a committee user finds in a province after ``generate_demo``: a realistic registry
whose codes are valid and whose Party organizations follow the province's rules."""
from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.db.models import Count, Q
from django.utils import timezone
from django_tenants.utils import schema_context

from audit.models import AuditEntry
from privacy.crypto import keyed_digest
from regions.models import Region
from registry.models import (
    Activity, AnnualInspection, Dispatch, EvaluationGrade, Member, PartyOrganization, SocialOrganization, Training,
)
from registry.validators import CIVIL_AFFAIRS_KINDS, birth_date_from_id, gender_from_id, validate_id_number, validate_phone, validate_uscc
from tests.demo.fixtures import demo_data

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with demo_data(django_db_blocker) as counts:
        yield counts


def test_tiny_is_about_600_organizations_and_takes_seconds(demo):
    for code, counts in demo.items():
        assert counts["organizations"] == 600
        assert counts["seconds"] < 10, code


def test_every_uscc_is_valid_and_says_kind_and_registration_authority(demo):
    with schema_context("jilin"):
        orgs = list(SocialOrganization.objects.select_related("region", "region__parent"))
    for org in orgs:
        assert validate_uscc(org.uscc) == org.uscc
        assert org.uscc[0] == "5"  # civil affairs
        assert CIVIL_AFFAIRS_KINDS[org.uscc[1]] in (org.kind, "other")
        city = org.region if org.region.level == "city" else org.region.parent
        expected_region = {"province": "220000", "city": city.code, "county": org.region.code}[org.registration_level]
        assert org.uscc[2:8] == expected_region, org.name
    assert len({org.uscc for org in orgs}) == len(orgs)


def test_members_have_valid_encrypted_id_numbers_matching_birth_and_gender(demo):
    with schema_context("jilin"):
        members = list(Member.objects.all()[:300])
    assert members
    for member in members:
        number = validate_id_number(member.id_number)  # decrypts, and the check character holds
        assert member.id_number_digest == keyed_digest(number)
        assert member.birth_date == birth_date_from_id(number) and member.gender == gender_from_id(number)
        assert 18 <= (timezone.localdate() - member.birth_date).days // 365 <= 75
        if member.phone:
            validate_phone(member.phone)
    with schema_context("jilin"):
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT id_number FROM registry_member LIMIT 1")
            stored = cursor.fetchone()[0]
    assert "$" in stored and not stored[:17].isdigit()  # ciphertext at rest, never the number


def test_names_are_chinese_and_realistic(demo):
    with schema_context("jilin"):
        names = list(SocialOrganization.objects.values_list("name", "kind"))
        party_names = list(PartyOrganization.objects.values_list("name", flat=True))
    endings = {"social_group": ("会",), "private_non_enterprise": ("园", "校", "院", "中心", "馆", "团", "部", "公寓", "中学"),
               "foundation": ("基金会",), "intermediary": ("所", "中心"), "community_org": ("队", "会", "团", "社")}
    for name, kind in names:
        assert all("\u4e00" <= ch <= "\u9fff" or ch in "（）" for ch in name), name
        assert name.endswith(endings[kind]), name
    assert any(name.startswith("长春市") and name.endswith("协会") for name, _ in names)
    assert any(name.startswith("吉林省") for name, _ in names)
    assert "吉林省社会组织联合党委" in party_names and "长春市社会组织党委" in party_names
    assert any(name.endswith("联合党支部") for name in party_names)


def test_cities_are_weighted_and_counties_added_under_each_city(demo):
    with schema_context("jilin"):
        by_city = Counter(code[:4] + "00" for code in SocialOrganization.objects.values_list("region__code", flat=True))
        counties = list(Region.objects.filter(level="county").select_related("parent"))
    assert by_city.most_common(1)[0][0] == "220100"  # 长春 is the most populous
    assert by_city["220100"] > 3 * by_city["220400"]  # 辽源 is small
    assert {county.parent.code for county in counties} == {
        "220100", "220200", "220300", "220400", "220500", "220600", "220700", "220800", "222400"}
    assert all(county.code.startswith(county.parent.code[:4]) for county in counties)
    assert any(county.name == "南关区" and county.code == "220102" for county in counties)


def test_a_quarter_have_party_organizations_in_the_forms_the_province_has(demo):
    forms_seen = {}
    for code in ("jilin", "guangdong", "anhui"):
        with schema_context(code):
            live = PartyOrganization.objects.filter(dissolved_on__isnull=True)
            covered = SocialOrganization.objects.exclude(status="deregistered").filter(
                party_organizations__in=live).distinct().count()
            in_scope = SocialOrganization.objects.exclude(status="deregistered").count()
            assert 0.18 < covered / in_scope < 0.35, code
            forms_seen[code] = set(PartyOrganization.objects.values_list("form", flat=True))
            joint = live.filter(form="joint").annotate(units=Count("covered_organizations"))
            assert joint and all(3 <= branch.units <= 8 for branch in joint)
            for branch in joint[:20]:  # a joint branch gathers small orgs of one county, or of one city
                regions = {o.region.code for o in branch.covered_organizations.select_related("region")}
                assert len(regions) == 1 or (len({code[:4] for code in regions}) == 1 and branch.region.level == "city")
    assert "dispatched" in forms_seen["jilin"] and "temporary" not in forms_seen["jilin"]  # 002 第十八条
    assert "temporary" in forms_seen["guangdong"] and "dispatched" not in forms_seen["guangdong"]  # 003 五
    assert forms_seen["anhui"] <= {"own", "joint"}
    with schema_context("jilin"):
        dispatched = PartyOrganization.objects.filter(form="dispatched").annotate(units=Count("covered_organizations"))
        assert all(3 <= branch.units <= 5 for branch in dispatched)
        for branch in dispatched:  # three instructors work in each covered org
            for org in branch.covered_organizations.all():
                assert Dispatch.objects.filter(organization=org, plan="派出党支部成员").count() == 3


def test_members_statuses_relations_and_the_cases_a_committee_looks_for(demo):
    with schema_context("jilin"):
        statuses = Counter(Member.objects.values_list("status", flat=True))
        relations = Counter(Member.objects.values_list("relation", flat=True))
        with_party = SocialOrganization.objects.filter(party_organizations__isnull=False).distinct()
        per_org = Member.objects.filter(organization__in=with_party).count() / with_party.count()
        # ≥3 formal members in the counted roles and no Party organization (应建未建)
        eligible_unbuilt = (SocialOrganization.objects.filter(party_organizations__isnull=True)
                            .annotate(counted=Count("members", filter=Q(members__status="formal",
                                                                        members__roles__overlap=["leader", "full_time"])))
                            .filter(counted__gte=3))
        big = SocialOrganization.objects.filter(Q(is_school=True) | Q(is_hospital=True), employees__gte=30)
        pocket = Member.objects.filter(relation="elsewhere", party_organization__isnull=True)
        assert eligible_unbuilt.exists() and pocket.exists()
        assert big.filter(party_organizations__isnull=False).exists() and big.filter(party_organizations__isnull=True).exists()
    assert statuses["formal"] > 5 * statuses["probationary"] > 0
    assert relations["here"] > relations["elsewhere"] > 0 and relations["mobile"] > 0
    assert 3 <= per_org <= 8
    with schema_context("jilin"):
        assert SocialOrganization.objects.filter(status="zombie").exists()
        assert SocialOrganization.objects.filter(status="deregistered").exists()
        assert SocialOrganization.objects.filter(business_supervisor__isnull=False).exists()
        assert SocialOrganization.objects.filter(decoupled=True, business_supervisor__isnull=True).exists()


def test_a_year_of_organizational_life_trainings_and_checks(demo):
    today = timezone.localdate()
    with schema_context("jilin"):
        kinds = Counter(Activity.objects.values_list("kind", flat=True))
        dates = Activity.objects.values_list("held_on", flat=True)
        assert min(dates) > today - dt.timedelta(days=365) and max(dates) <= today
        assert Activity.objects.filter(attendance__present=True).exists()
        trainings = Training.objects.filter(started_on__year=today.year, concentrated=True)
        secretaries = PartyOrganization.objects.filter(secretary__isnull=False).values_list("secretary", flat=True)
        assert trainings.filter(member__in=secretaries).exists()
        inspections = AnnualInspection.objects.filter(year=today.year - 1)
        assert inspections.filter(result="passed").exists() and inspections.filter(result="failed").exists()
        assert set(inspections.first().checklist) >= {"party_org_built", "renewed_on_time"}  # Jilin's 年检清单, 002 第九条(二)
        flagged = EvaluationGrade.objects.filter(above_rule_cap=True)
        assert flagged.exists() and all(r["clause"] == "002 第九条(三)" for g in flagged for r in g.cap_reasons[:1])
        graded = SocialOrganization.objects.exclude(evaluation_grade="")
        assert graded.exists() and all(o.evaluation_grade_on for o in graded)
        assert AuditEntry.objects.filter(action="demo.generate").exists()
    assert {"general_meeting", "committee_meeting", "group_meeting", "party_lecture", "theme_day",
            "org_life_meeting", "democratic_review"} <= set(kinds)
    assert kinds["theme_day"] > kinds["general_meeting"]  # monthly against quarterly


def test_the_demo_reads_like_a_real_province(demo):
    """Province- and city-level organizations (but community ones) are not named after streets; grades fit the
    organization's size; every activity's title matches its date."""
    import re

    with schema_context("jilin"):
        wide = list(SocialOrganization.objects.exclude(registration_level="county").exclude(kind="community_org")
                    .values_list("name", flat=True))  # a community organization belongs to its street
        assert wide and not [name for name in wide if "街道" in name]
        graded = list(SocialOrganization.objects.exclude(evaluation_grade="").values_list("evaluation_grade", "employees"))
        activities = list(Activity.objects.values_list("kind", "held_on", "title"))
    tiny_top = [grade for grade, employees in graded if employees < 3 and grade in ("4A", "5A")]
    big = [grade for grade, employees in graded if employees >= 30]
    assert len(tiny_top) <= max(1, len(graded) // 50), tiny_top  # a two-person association is rarely 4A/5A
    assert not big or sum(g >= "4A" for g in big) / len(big) > sum(g >= "4A" for g, _ in graded) / len(graded) - 0.01
    for kind, held_on, title in activities:
        if month := re.match(r"(\d+)月", title):
            assert int(month.group(1)) == held_on.month, (title, held_on)
        if quarter := re.match(r"(\d{4})年第(.)季度", title):
            assert int(quarter.group(1)) == held_on.year and "一二三四".index(quarter.group(2)) == (held_on.month - 1) // 3, title
        if kind in ("org_life_meeting", "democratic_review"):
            assert held_on.month <= 3 and title.startswith(f"{held_on.year - 1}年度"), (title, held_on)
        if "两会" in title:
            assert held_on.month in (3, 4), (title, held_on)
        if "周年" in title:
            years = int(re.search(r"成立(\d+)周年", title).group(1))
            assert years == held_on.year - (1921 if "共产党" in title else 1949), title
