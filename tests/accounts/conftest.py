"""A small registry in Jilin with every kind of scope boundary, and users of every role.

Regions: 长春市 220100 (counties 南关区 220102, 宽城区 220103), 吉林市 220200 (昌邑区
220202), 四平市 220300, and the province 220000 itself.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest
from django.contrib.auth import get_user_model
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tenants.utils import schema_context

from accounts.models import AccountProfile, Role
from accounts.services import role_assign, user_create
from tests.conftest import province_client
from tests.registry.factories import make_id_number, make_uscc
from tests.helpers import SYSTEM, rules_here

PASSWORD = "Strong-pass-2024"


@dataclass
class World:
    regions: dict = field(default_factory=dict)
    supervisors: dict = field(default_factory=dict)
    orgs: dict = field(default_factory=dict)
    party: dict = field(default_factory=dict)
    members: dict = field(default_factory=dict)
    instructors: dict = field(default_factory=dict)


def build_world() -> World:
    """Call inside schema_context('jilin')."""
    from regions.models import Region
    from regions.services import region_create
    from registry.models import Dispatch, Instructor, PartyOrganization, SocialOrganization, Supervisor
    from registry.actions import member_upsert

    w = World()
    for code in ("220000", "220100", "220200", "220300"):
        w.regions[code] = Region.objects.get(code=code)
    for code, name, parent in (("220102", "南关区", "220100"), ("220103", "宽城区", "220100"), ("220202", "昌邑区", "220200")):
        w.regions[code] = Region.objects.filter(code=code).first() or region_create(code=code, name=name, parent=w.regions[parent])
    w.supervisors["edu"] = Supervisor.objects.create(name="测试省教育厅", kind="business_supervisor")
    w.supervisors["civil"] = Supervisor.objects.create(name="测试长春市民政局", kind="business_supervisor")
    w.supervisors["law"] = Supervisor.objects.create(name="测试律师行业党委", kind="industry_committee")
    spec = {
        "o1": ("220102", "edu", None, "county"),
        "o2": ("220103", "civil", "law", "county"),
        "o3": ("220100", None, None, "city"),
        "o4": ("220202", "edu", None, "county"),
        "o5": ("220200", None, "law", "city"),
        "o6": ("220000", "civil", None, "province"),
        "o7": ("220102", None, None, "county"),
        "o8": ("220300", None, None, "city"),
    }
    for key, (region, supervisor, industry, level) in spec.items():
        w.orgs[key] = SocialOrganization.objects.create(
            uscc=make_uscc(region_code=region), name=f"测试协会{key}", kind="social_group", registration_level=level,
            region=w.regions[region], business_supervisor=w.supervisors.get(supervisor),
            industry_committee=w.supervisors.get(industry),
        )
    for key, (region, covered) in {
        "p1": ("220102", ["o1"]), "p2": ("220100", ["o2", "o4"]), "p3": ("220202", []), "p4": ("220000", ["o6"]),
    }.items():
        party = PartyOrganization.objects.create(name=f"测试党支部{key}", region=w.regions[region], form="joint" if len(covered) > 1 else "own")
        party.covered_organizations.set([w.orgs[k] for k in covered])
        w.party[key] = party
    for key, (org, party) in {
        "m1": ("o1", "p1"), "m2": ("o2", None), "m3": ("o4", None), "m4": (None, "p3"), "m5": (None, "p2"), "m6": ("o8", None),
    }.items():
        member, _ = member_upsert(actor=SYSTEM, rules=rules_here(), data={
            "name": f"党员{key}", "id_number": make_id_number(), "phone": "13812345678",
            "organization_uscc": w.orgs[org].uscc if org else "", "party_organization": w.party[party].name if party else "",
        })
        w.members[key] = member
    today = dt.date.today()
    for key, region in {"i1": "220100", "i2": "220200", "i3": "220300"}.items():
        w.instructors[key] = Instructor.objects.create(name=f"指导员{key}", region=w.regions[region], phone="13900001111")
    Dispatch.objects.create(instructor=w.instructors["i1"], organization=w.orgs["o3"], started_on=today - dt.timedelta(days=30))
    Dispatch.objects.create(instructor=w.instructors["i1"], organization=w.orgs["o5"], started_on=today - dt.timedelta(days=400),
                            ended_on=today - dt.timedelta(days=10))
    Dispatch.objects.create(instructor=w.instructors["i2"], organization=w.orgs["o4"], started_on=today - dt.timedelta(days=5))
    Dispatch.objects.create(instructor=w.instructors["i3"], organization=w.orgs["o8"], started_on=today + dt.timedelta(days=5))
    return w


@pytest.fixture
def world(jilin):
    with schema_context("jilin"):
        return build_world()


def make_user(username: str, role: str | None = None, *, ready: bool = True, **targets):
    """A user of the current schema with one role (or none), password PASSWORD; ``ready``:
    their own password already set (no pending first-login change)."""
    user, _ = user_create(actor=None, username=username)
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    if role is not None:
        role_assign(actor=None, user=user, role=role, **targets)
    if ready:
        AccountProfile.objects.filter(user=user).update(must_change_password=False)
    return get_user_model().objects.get(pk=user.pk)


def role_users(w: World) -> dict:
    """One user per role (and one without), in the current schema (jilin)."""
    return {
        "provincial": make_user("u-provincial", Role.PROVINCIAL_STAFF),
        "city": make_user("u-city", Role.CITY_STAFF, region=w.regions["220100"]),
        "county": make_user("u-county", Role.COUNTY_STAFF, region=w.regions["220102"]),
        "supervisor": make_user("u-supervisor", Role.SUPERVISOR_STAFF, supervisor=w.supervisors["edu"]),
        "industry": make_user("u-industry", Role.INDUSTRY_COMMITTEE_STAFF, supervisor=w.supervisors["law"]),
        "secretary": make_user("u-secretary", Role.ORGANIZATION_SECRETARY, organization=w.orgs["o1"]),
        "liaison": make_user("u-liaison", Role.ORGANIZATION_LIAISON, organization=w.orgs["o2"]),
        "instructor": make_user("u-instructor", Role.INSTRUCTOR, instructor=w.instructors["i1"]),
        "system_admin": make_user("u-sysadmin", Role.SYSTEM_ADMIN),
        "security_admin": make_user("u-secadmin", Role.SECURITY_ADMIN),
        "audit_admin": make_user("u-auditadmin", Role.AUDIT_ADMIN),
        "none": make_user("u-none"),
    }


@pytest.fixture
def users(world):
    with schema_context("jilin"):
        return role_users(world)


def totp_device(user) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="测试", confirmed=True)


def logged_in(code: str, user, *, verified: bool = True):
    """A client of ``code``'s domain with ``user`` logged in (and past TOTP if ``verified``)."""
    client = province_client(code) if code != "public" else __import__("django.test", fromlist=["Client"]).Client(HTTP_HOST="localhost")
    with schema_context(code):
        client.force_login(user)
        if verified:
            device = totp_device(user)
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
    return client


def current_totp(device: TOTPDevice) -> str:
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = __import__("time").time()
    return f"{totp.token():0{device.digits}d}"
