"""What every province page needs: the user's scope (today is ``clock.today``, the rules ``request.rules``)."""
from __future__ import annotations

from dataclasses import dataclass


from accounts.models import Role
from accounts.scoping import assignments_of, roles_of

# Rows per page of the registry and of the lists.
PAGE_SIZE = 25


def whole_province(user) -> bool:
    """The user's scope is the whole province (provincial staff)."""
    return Role.PROVINCIAL_STAFF in roles_of(user)


@dataclass(frozen=True)
class Scope:
    """How a page names what the user sees, and the city whose snapshots are theirs."""

    label: str
    city_code: str | None  # the city (GB/T 2260) a city staff user covers, for its snapshot series
    whole_province: bool


def scope_of(user, province) -> Scope:
    if whole_province(user):
        return Scope(f"{province.name}全省", None, True)
    names, city = [], None
    for assignment in assignments_of(user):
        target = assignment.region or assignment.supervisor
        if assignment.role == Role.CITY_STAFF and assignment.region is not None:
            city = assignment.region.code
        if target is not None and str(target) not in names:
            names.append(str(target))
        elif assignment.organization_id or assignment.instructor_id:
            label = "本组织" if assignment.organization_id else "派驻的社会组织"
            if label not in names:
                names.append(label)
    single_city = city if len(names) == 1 else None
    return Scope("、".join(names) or "无", single_city, False)
