"""Every role sees exactly the rows its scope allows: compared, as sets of ids, with an
independent raw-SQL statement of each scope (domain.md section 1)."""
import pytest
from django.db import connection
from django_tenants.utils import schema_context

from accounts.scoping import (
    ScopeError, dangerously_all_organizations, instructors_for, members_for, organizations_for,
    party_organizations_for, scope_queryset,
)
from registry.models import Dispatch, EvaluationGrade, Member, SocialOrganization, Training
from tests.helpers import SYSTEM, rules_here

ACTIVE_DISPATCH = "started_on <= current_date AND (ended_on IS NULL OR ended_on >= current_date)"


def ids(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0] for row in cursor.fetchall()}


def expected_organizations(key, w) -> set[int]:
    """The scope of each test user, written as SQL without the ORM."""
    base = "SELECT o.id FROM registry_socialorganization o JOIN regions_region r ON r.id = o.region_id"
    if key == "provincial":
        return ids("SELECT id FROM registry_socialorganization")
    if key == "city":
        return ids(base + " WHERE r.code LIKE %s", ["2201%"])
    if key == "county":
        return ids(base + " WHERE r.code = %s", ["220102"])
    if key in ("supervisor", "industry"):
        sid = w.supervisors["edu" if key == "supervisor" else "law"].pk
        return ids("SELECT id FROM registry_socialorganization WHERE business_supervisor_id = %s OR industry_committee_id = %s", [sid, sid])
    if key in ("secretary", "liaison"):
        return ids("SELECT id FROM registry_socialorganization WHERE id = %s", [w.orgs["o1" if key == "secretary" else "o2"].pk])
    if key == "instructor":
        return ids(f"SELECT organization_id FROM registry_dispatch WHERE instructor_id = %s AND {ACTIVE_DISPATCH}", [w.instructors["i1"].pk])
    return set()


def expected_party(key, w, orgs) -> set[int]:
    if key == "provincial":
        return ids("SELECT id FROM registry_partyorganization")
    if not orgs and key not in ("city", "county"):
        return set()
    covering = ids("SELECT partyorganization_id FROM registry_partyorganization_covered_organizations "
                   "WHERE socialorganization_id = ANY(%s)", [list(orgs)])
    prefix = {"city": "2201%", "county": "220102"}.get(key)
    if prefix:
        covering |= ids("SELECT p.id FROM registry_partyorganization p JOIN regions_region r ON r.id = p.region_id "
                        "WHERE r.code LIKE %s", [prefix])
    return covering


def expected_members(key, orgs, party) -> set[int]:
    if key == "provincial":
        return ids("SELECT id FROM registry_member")
    return ids("SELECT id FROM registry_member WHERE organization_id = ANY(%s) "
               "OR (organization_id IS NULL AND party_organization_id = ANY(%s))", [list(orgs), list(party)])


def expected_instructors(key, w, orgs) -> set[int]:
    if key == "provincial":
        return ids("SELECT id FROM registry_instructor")
    found = ids(f"SELECT instructor_id FROM registry_dispatch WHERE organization_id = ANY(%s) AND {ACTIVE_DISPATCH}", [list(orgs)])
    prefix = {"city": "2201%", "county": "220102"}.get(key)
    if prefix:
        found |= ids("SELECT i.id FROM registry_instructor i JOIN regions_region r ON r.id = i.region_id WHERE r.code LIKE %s", [prefix])
    if key == "instructor":
        found.add(w.instructors["i1"].pk)
    return found


ROLES = ["provincial", "city", "county", "supervisor", "industry", "secretary", "liaison", "instructor",
         "system_admin", "security_admin", "audit_admin", "none"]


@pytest.mark.parametrize("key", ROLES)
def test_each_role_sees_exactly_its_scope(world, users, key):
    w, user = world, users[key]
    with schema_context("jilin"):
        orgs = expected_organizations(key, w)
        party = expected_party(key, w, orgs)
        assert set(organizations_for(user).values_list("pk", flat=True)) == orgs
        assert set(party_organizations_for(user).values_list("pk", flat=True)) == party
        assert set(members_for(user).values_list("pk", flat=True)) == expected_members(key, orgs, party)
        assert set(instructors_for(user).values_list("pk", flat=True)) == expected_instructors(key, w, orgs)


def test_the_scopes_are_what_the_domain_says(world, users):
    """The SQL above, spelled out for this data, so that both cannot be wrong together."""
    w = world
    names = lambda key: {o.name[-2:] for o in organizations_for(users[key])}  # noqa: E731
    with schema_context("jilin"):
        assert names("provincial") == {"o1", "o2", "o3", "o4", "o5", "o6", "o7", "o8"}
        assert names("city") == {"o1", "o2", "o3", "o7"}
        assert names("county") == {"o1", "o7"}
        assert names("supervisor") == {"o1", "o4"}
        assert names("industry") == {"o2", "o5"}
        assert names("secretary") == {"o1"}
        assert names("liaison") == {"o2"}
        assert names("instructor") == {"o3"}  # o5's dispatch ended
        for key in ("system_admin", "security_admin", "audit_admin", "none"):
            assert names(key) == set()
        assert {m.name for m in members_for(users["city"])} == {"党员m1", "党员m2", "党员m5"}
        assert {m.name for m in members_for(users["secretary"])} == {"党员m1"}
        assert {i.name for i in instructors_for(users["city"])} == {"指导员i1"}
        assert {i.name for i in instructors_for(users["supervisor"])} == {"指导员i2"}
        assert w.orgs["o8"].pk not in set(organizations_for(users["city"]).values_list("pk", flat=True))


def test_a_union_of_assignments_is_the_union_of_scopes(world, users):
    from accounts.models import Role
    from accounts.services import role_assign

    with schema_context("jilin"):
        user = users["county"]
        role_assign(actor=None, user=user, role=Role.ORGANIZATION_LIAISON, organization=world.orgs["o8"])
        assert {o.name[-2:] for o in organizations_for(user)} == {"o1", "o7", "o8"}


def test_nothing_of_another_province(world, users, guangdong):
    """A Jilin user's scope is in Jilin's schema; on Guangdong's the same user does not exist,
    and Guangdong's rows are not reachable from Jilin's."""
    from registry.actions import organization_upsert
    from tests.registry.factories import org_data

    with schema_context("guangdong"):
        organization_upsert(actor=SYSTEM, rules=rules_here(), data=org_data(region_code="440100", name="广州测试协会"))
        assert not type(users["provincial"]).objects.filter(username="u-provincial").exists()
    with schema_context("jilin"):
        assert not organizations_for(users["provincial"]).filter(name="广州测试协会").exists()
        assert organizations_for(users["provincial"]).count() == SocialOrganization.objects.count()


def test_national_domain_has_no_registry_scope(world, users):
    with schema_context("public"):
        assert organizations_for(users["provincial"]).count() == 0
        assert members_for(users["provincial"]).count() == 0
        assert dangerously_all_organizations().count() == 0


def test_anonymous_and_inactive_users_see_nothing(world, users):
    from django.contrib.auth.models import AnonymousUser

    with schema_context("jilin"):
        assert organizations_for(AnonymousUser()).count() == 0
        assert organizations_for(None).count() == 0
        user = users["provincial"]
        user.is_active = False
        assert organizations_for(user).count() == 0


def test_a_superuser_without_role_sees_no_data(world):
    from django.contrib.auth import get_user_model

    with schema_context("jilin"):
        admin = get_user_model().objects.get(username="admin")
        assert admin.is_superuser
        assert organizations_for(admin).count() == 0
        assert members_for(admin).count() == 0


def test_scope_queryset_follows_relations_and_refuses_unknown_models(world, users):
    from accounts.models import RoleAssignment

    with schema_context("jilin"):
        city = users["city"]
        visible = set(organizations_for(city).values_list("pk", flat=True))
        assert {d.organization_id for d in scope_queryset(Dispatch.objects.all(), user=city)} <= visible
        EvaluationGrade.objects.create(organization=world.orgs["o8"], grade="3A", rated_on="2024-01-01")
        assert scope_queryset(EvaluationGrade.objects.all(), user=city).count() == 0
        assert scope_queryset(EvaluationGrade.objects.all(), user=users["provincial"]).count() == 1
        assert scope_queryset(Training.objects.all(), user=users["none"]).count() == 0
        assert scope_queryset(Member.objects.all(), user=city).count() == members_for(city).count()
        with pytest.raises(ScopeError):
            scope_queryset(RoleAssignment.objects.all(), user=city)


def test_dangerously_all_organizations_is_the_whole_province(world):
    with schema_context("jilin"):
        assert dangerously_all_organizations().count() == SocialOrganization.objects.count() >= 8
