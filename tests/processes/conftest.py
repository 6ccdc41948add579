"""The process tests run in Anhui's schema with the suite's rule module ``testland``
(tests/processes/testland.py) in place of Anhui's for the test (the province's rules key is
switched inside the test's transaction), in two cities (合肥市 340100, 芜湖市 340200), with
organizations and users of every acting role."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest
from django_tenants.utils import schema_context

from accounts.models import Role
from tests.accounts.conftest import make_user
from tests.api.conftest import api_client, issue_token
from tests.registry.factories import make_uscc

CODE = "anhui"


def rules_testland_on(code: str = CODE) -> str:
    """Give the province the suite's rule module; returns the key it had (to restore)."""
    from tenants.models import Province

    previous = Province.objects.get(code=code).rules_key
    Province.objects.filter(code=code).update(rules_key="testland")
    return previous


def rules_testland_off(previous: str, code: str = CODE) -> None:
    from tenants.models import Province

    Province.objects.filter(code=code).update(rules_key=previous)


@pytest.fixture
def testland(db):
    """Anhui with the testland rules for one test (the test's transaction undoes it)."""
    rules_testland_on()
    from tenants.models import Province

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
    """Inside schema_context("anhui"): organizations in both cities, users of every acting role."""
    from regions.models import Region

    w = World()
    w.orgs["provincial"] = org_create("340100", "province", "安徽省测试行业协会", charter_clause=True)
    w.orgs["city"] = org_create("340100", "city", "合肥市测试协会")
    w.orgs["other_city"] = org_create("340200", "province", "芜湖市测试省级协会")
    hefei, wuhu = Region.objects.get(code="340100"), Region.objects.get(code="340200")
    stamp = dt.datetime.now().strftime("%H%M%S%f")
    w.users["provincial"] = make_user(f"p-{stamp}", Role.PROVINCIAL_STAFF)
    w.users["hefei"] = make_user(f"w-{stamp}", Role.CITY_STAFF, region=hefei)
    w.users["wuhu"] = make_user(f"h-{stamp}", Role.CITY_STAFF, region=wuhu)
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


def session(world, who: str, code: str = CODE):
    """An API client (JSON helpers) logged in as one of the world's users (in ``code``), past TOTP."""
    from django_otp import DEVICE_ID_SESSION_KEY

    from tests.accounts.conftest import totp_device
    from tests.api.conftest import ApiClient, host_of

    client = ApiClient(host_of(code))
    with schema_context(code):
        client.force_login(world.users[who])
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = totp_device(world.users[who]).persistent_id
        session.save()
    return client
