"""Anhui's own processes under Anhui's own rules (province_rules/anhui/): a world of
provincial-level organizations with members written through the registry's actions, and
users of the provincial committee, an organization and an instructor."""
from __future__ import annotations

import datetime as dt

import pytest
from django_tenants.utils import schema_context

from accounts.models import Role
from tests.accounts.conftest import make_user
from tests.api.conftest import api_client, issue_token
from tests.registry.factories import make_id_number, make_uscc

from .conftest import World

CODE = "anhui"


def rules_now():
    import clock
    from province_rules.registry import rules_for

    return rules_for("anhui", clock.today())


def org_with_members(name: str, members: list[tuple[str, list[str]]], *, level: str = "province", region: str = "340100"):
    """An organization and its formal members (name, roles), relations here."""
    from accounts.actors import Actor
    from registry.actions import member_upsert, organization_upsert

    system = Actor.system("test")
    organization, _ = organization_upsert(actor=system, rules=rules_now(), data={
        "uscc": make_uscc(region_code=region), "name": name, "kind": "social_group", "registration_level": level,
        "region_code": region})
    for member_name, roles in members:
        member_upsert(actor=system, rules=rules_now(), data={
            "name": member_name, "id_number": make_id_number("340102"), "organization_uscc": organization.uscc,
            "status": "formal", "relation": "here", "roles": roles})
    return organization


@pytest.fixture
def anhui_world(anhui, db):
    """Anhui (its own rules), organizations for an establishment meeting and a dispatch, users."""
    stamp = dt.datetime.now().strftime("%H%M%S%f")
    w = World()
    with schema_context(CODE):
        w.orgs["own"] = org_with_members(f"安徽省测试行业协会{stamp}", [
            ("张书记", ["full_time"]), ("李专职", ["full_time"]), ("王专职", ["full_time"])])
        w.orgs["joint_a"] = org_with_members(f"安徽省测试学会{stamp}", [("赵专职", ["full_time"])])
        w.orgs["joint_b"] = org_with_members(f"安徽省测试研究会{stamp}", [("钱专职", ["full_time"])])
        w.orgs["rejected"] = org_with_members(f"安徽省测试促进会{stamp}", [("孙专职", ["full_time"]), ("周会长", ["leader"])])
        w.orgs["dispatched"] = org_with_members(f"安徽省测试联合会{stamp}", [])
        w.users["provincial"] = make_user(f"ap-{stamp}", Role.PROVINCIAL_STAFF)
        w.users["secretary"] = make_user(f"as-{stamp}", Role.ORGANIZATION_SECRETARY, organization=w.orgs["own"])
    w.token = issue_token(CODE)
    return w


@pytest.fixture
def anhui_api(anhui_world):
    return api_client(CODE, anhui_world.token)
