"""What every kind of reminder shares: what is due (``Due``), who is told, and the thresholds."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Q

from accounts.models import Role, RoleAssignment


@dataclass
class Due:
    kind: str
    subject: str
    period: str
    title: str
    body: str
    clause: str
    link: str
    users: list = field(default_factory=list)


# --- who is told ---------------------------------------------------------------------

def _users(query: Q) -> list:
    user_ids = RoleAssignment.objects.filter(query).values("user_id")
    return list(get_user_model().objects.filter(pk__in=user_ids, is_active=True))


def _local_staff(region_code: str) -> Q:
    """City and county staff whose region covers ``region_code``."""
    prefixes = {region_code[:2] + "0000", region_code[:4] + "00", region_code}
    return Q(role__in=[Role.CITY_STAFF, Role.COUNTY_STAFF], region__code__in=prefixes - {region_code[:2] + "0000"}) \
        if region_code else Q(pk__in=[])


def organization_people(organization_ids, region_code: str) -> list:
    """An organization's secretaries and liaisons, and the city and county staff over it."""
    return _users(Q(role__in=[Role.ORGANIZATION_SECRETARY, Role.ORGANIZATION_LIAISON],
                    organization_id__in=list(organization_ids)) | _local_staff(region_code))


def stage_people(roles, *, organization_ids, region_code: str) -> list:
    """Who acts in a stage with ``roles`` for a case of these organizations in this region."""
    query = Q(pk__in=[])
    if Role.PROVINCIAL_STAFF in roles:
        query |= Q(role=Role.PROVINCIAL_STAFF)
    if set(roles) & {Role.CITY_STAFF, Role.COUNTY_STAFF}:
        query |= _local_staff(region_code)
    if set(roles) & {Role.ORGANIZATION_SECRETARY, Role.ORGANIZATION_LIAISON}:
        query |= Q(role__in=[Role.ORGANIZATION_SECRETARY, Role.ORGANIZATION_LIAISON],
                   organization_id__in=list(organization_ids))
    return _users(query)


def administrators() -> list:
    return _users(Q(role__in=[Role.PROVINCIAL_STAFF, Role.SYSTEM_ADMIN])) + list(
        get_user_model().objects.filter(is_superuser=True, is_active=True))


# --- what is due ---------------------------------------------------------------------

def _threshold(remaining: int, thresholds) -> str | None:
    """The smallest threshold not below ``remaining`` ("overdue" past the date), None when
    the date is further away than every threshold."""
    if remaining < 0:
        return "overdue"
    fitting = [t for t in sorted(thresholds) if remaining <= t]
    return str(fitting[0]) if fitting else None


def _when(remaining: int, unit: str) -> str:
    if remaining < 0:
        return f"已逾期{-remaining}{unit}"
    if remaining == 0:
        return "今天到期"
    return f"还有{remaining}{unit}到期"


def _quarter(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1
