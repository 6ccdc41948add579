"""The process tests run in a province of their own: Hubei, provisioned once per test
session with the suite's rule module ``testland`` (tests/processes/testland.py), two cities
(武汉市 420100, 黄石市 420200), organizations and users of every acting role."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest
from django_tenants.utils import schema_context

from accounts.models import Role
from tests.accounts.conftest import make_user
from tests.api.conftest import api_client, issue_token
from tests.registry.factories import make_uscc

CODE = "hubei"


@pytest.fixture(scope="session")
def testland(django_db_setup, django_db_blocker):
    """Hubei's schema with the testland rules, its two cities."""
    from regions.models import Region
    from regions.services import region_create
    from tenants.models import Province
    from tenants.services import province_provision

    with django_db_blocker.unblock():
        province_provision(code=CODE)
        Province.objects.filter(code=CODE).update(rules_key="testland")
        with schema_context(CODE):
            province = Region.objects.get(code="420000")
            for code, name in (("420100", "武汉市"), ("420200", "黄石市")):
                if not Region.objects.filter(code=code).exists():
                    region_create(code=code, name=name, parent=province)
        return Province.objects.get(code=CODE)


@dataclass
class World:
    orgs: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)
    token: str = ""


def org_create(region: str, level: str, name: str, **extra):
    import clock
    from accounts.actors import Actor
    from province_rules.registry import rules_for
    from registry.actions import organization_upsert

    organization, _ = organization_upsert(actor=Actor.system("test"), rules=rules_for("testland", clock.today()), data={"uscc": make_uscc(region_code=region), "name": name, "kind": "social_group",
                                                "registration_level": level, "region_code": region, **extra})
    return organization


def world_build() -> World:
    """Inside schema_context('hubei'): organizations in both cities, users of every acting role."""
    from regions.models import Region

    w = World()
    w.orgs["provincial"] = org_create("420100", "province", "湖北省测试行业协会", charter_clause=True)
    w.orgs["city"] = org_create("420100", "city", "武汉市测试协会")
    w.orgs["other_city"] = org_create("420200", "province", "黄石市测试省级协会")
    wuhan, huangshi = Region.objects.get(code="420100"), Region.objects.get(code="420200")
    stamp = dt.datetime.now().strftime("%H%M%S%f")
    w.users["provincial"] = make_user(f"p-{stamp}", Role.PROVINCIAL_STAFF)
    w.users["wuhan"] = make_user(f"w-{stamp}", Role.CITY_STAFF, region=wuhan)
    w.users["huangshi"] = make_user(f"h-{stamp}", Role.CITY_STAFF, region=huangshi)
    w.users["secretary"] = make_user(f"s-{stamp}", Role.ORGANIZATION_SECRETARY, organization=w.orgs["provincial"])
    return w


@pytest.fixture
def world(testland, db):
    with schema_context(CODE):
        w = world_build()
    w.token = issue_token(CODE)
    return w


@pytest.fixture
def api(world):
    return api_client(CODE, world.token)


def session(world, who: str):
    """An API client (JSON helpers) logged in as one of the world's users, past TOTP."""
    from django_otp import DEVICE_ID_SESSION_KEY

    from tests.accounts.conftest import totp_device
    from tests.api.conftest import ApiClient, host_of

    client = ApiClient(host_of(CODE))
    with schema_context(CODE):
        client.force_login(world.users[who])
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = totp_device(world.users[who]).persistent_id
        session.save()
    return client
