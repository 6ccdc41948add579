"""Committed data for the browser tests, each with names of its own, and its removal."""
from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django_tenants.utils import schema_context

from accounts.models import Role
from province_rules.registry import rules_for
from registry.models import Member, SocialOrganization
from registry.actions import evaluation_grade_record, member_upsert, organization_upsert
from tests.accounts.conftest import make_user, totp_device
from tests.registry.factories import make_id_number, make_uscc
from tests.helpers import SYSTEM, rules_here, rules_today


def user_with_role(schema: str, username: str, role: str | None, *, second_factor: bool = False, **targets):
    """A user whose password is set (tests.accounts PASSWORD); with ``second_factor`` a TOTP device."""
    with schema_context(schema):
        user = make_user(username, role, **targets)
        device = totp_device(user) if second_factor else None
    return user, device


def users_remove(schema: str, *usernames: str) -> None:
    with schema_context(schema):
        get_user_model().objects.filter(username__in=usernames).delete()


def organization(name: str, region: str, *, members: int = 0, grade: str | None = None, **fields) -> SocialOrganization:
    """An organization of Jilin (call inside schema_context('jilin')), with formal full-time
    members and a recorded grade (checked against Jilin's cap, 002 第九条(三))."""
    org, _ = organization_upsert(actor=SYSTEM, rules=rules_here(), data={"uscc": make_uscc(region), "name": name, "kind": fields.pop("kind", "social_group"),
                                       "registration_level": "county", "region_code": region, **fields})
    for index in range(members):
        member_upsert(actor=SYSTEM, rules=rules_here(), data={"name": f"{name[:6]}党员{index}", "id_number": make_id_number(), "phone": "13912345678",
                            "role": "full_time", "organization_uscc": org.uscc})
    if grade:
        evaluation_grade_record(actor=SYSTEM, rules=rules_today("jilin"), data={"organization_uscc": org.uscc, "grade": grade, "rated_on": dt.date.today() - dt.timedelta(days=5)})
    return org


def organizations_remove(schema: str, name_contains: str) -> None:
    with schema_context(schema):
        organizations = SocialOrganization.objects.filter(name__contains=name_contains)
        Member.objects.filter(organization__in=organizations).delete()
        organizations.delete()


__all__ = ["Role", "organization", "organizations_remove", "user_with_role", "users_remove"]


def party_organization(name: str, region: str, *, covers):
    """A Party organization of its own covering ``covers`` (call inside schema_context)."""
    from registry.actions import party_organization_upsert

    party, _ = party_organization_upsert(actor=SYSTEM, rules=rules_here(), data={
        "name": name, "region_code": region, "form": "own", "covered_usccs": [covers.uscc],
        "founded_on": dt.date(2019, 5, 1), "last_election_on": dt.date(2019, 5, 1)})
    return party


def instructor_dispatched(name: str, region: str, organization, *, plan: str = ""):
    from registry.actions import dispatch_start, instructor_create

    instructor = instructor_create(actor=SYSTEM, rules=rules_here(), data={"name": name, "region_code": region})
    dispatch = dispatch_start(actor=SYSTEM, rules=rules_here(), data={
        "instructor_id": instructor.pk, "organization_uscc": organization.uscc,
        "started_on": dt.date.today() - dt.timedelta(days=20), "plan": plan})
    return instructor, dispatch


def workspace_remove(schema: str, name_contains: str) -> None:
    """Remove what the role tests wrote: Party organizations, dispatches and instructors
    named with the marker, then the organizations (members, activities, submissions cascade)."""
    from registry.models import Dispatch, Instructor, PartyOrganization

    with schema_context(schema):
        Dispatch.objects.filter(instructor__name__contains=name_contains).delete()
        Instructor.objects.filter(name__contains=name_contains).delete()
        organizations = SocialOrganization.objects.filter(name__contains=name_contains)
        Member.objects.filter(organization__in=organizations).delete()
        PartyOrganization.objects.filter(name__contains=name_contains).delete()
        organizations.delete()
