"""Jilin's own processes run with Jilin's real rules in the jilin schema: organizations,
Party organizations, instructors and users made through the registry's and accounts' actions."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest
from django_tenants.utils import schema_context

import clock
from accounts.actors import Actor
from accounts.models import Role
from tests.accounts.conftest import logged_in, make_user
from tests.api.conftest import api_client, issue_token
from tests.registry.factories import make_uscc

CODE = "jilin"
SYSTEM = Actor.system("test")


def rules():
    from province_rules.registry import rules_for

    return rules_for(CODE, clock.today())


def org_create(name: str, *, level: str = "province", region: str = "220100", party: bool = False, **extra):
    """An organization (and, with ``party``, its own Party branch founded two years ago)."""
    from registry.actions import organization_upsert, party_organization_upsert

    organization, _ = organization_upsert(actor=SYSTEM, rules=rules(), data={
        "uscc": make_uscc(region_code=region), "name": name, "kind": "social_group", "registration_level": level,
        "region_code": region, **extra})
    if party:
        party_organization_upsert(actor=SYSTEM, rules=rules(), data={
            "name": f"{name}党支部", "form": "own", "region_code": region, "covered_usccs": [organization.uscc],
            "founded_on": clock.today() - dt.timedelta(days=730), "last_election_on": clock.today() - dt.timedelta(days=730)})
    return organization


def instructor_create(name: str, region: str = "220100"):
    from registry.actions import instructor_create as create

    return create(actor=SYSTEM, rules=rules(), data={"name": name, "region_code": region})


@dataclass
class World:
    orgs: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)
    token: str = ""


@pytest.fixture
def jilin_world(jilin):
    from regions.models import Region

    w = World()
    with schema_context(CODE):
        w.orgs["provincial"] = org_create("吉林省测试行业协会", party=True, charter_clause=True)
        w.orgs["city"] = org_create("长春市测试协会", level="city", party=True)
        stamp = dt.datetime.now().strftime("%H%M%S%f")
        w.users["provincial"] = make_user(f"jp-{stamp}", Role.PROVINCIAL_STAFF)
        w.users["changchun"] = make_user(f"jc-{stamp}", Role.CITY_STAFF, region=Region.objects.get(code="220100"))
        w.users["secretary"] = make_user(f"js-{stamp}", Role.ORGANIZATION_SECRETARY, organization=w.orgs["provincial"])
    w.token = issue_token(CODE)
    return w


@pytest.fixture
def jl_api(jilin_world):
    return api_client(CODE, jilin_world.token)


def web(world: World, who: str):
    return logged_in(CODE, world.users[who])


def json_session(world: World, who: str):
    """An API client logged in (session, past TOTP) as one of the world's users."""
    from .conftest import session

    return session(world, who, CODE)
