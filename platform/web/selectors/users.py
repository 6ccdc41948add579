"""Reads of the user-management pages (administrators of the province)."""
from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import AccountProfile, Role, RoleAssignment
from regions.models import Region
from registry.models import Supervisor


def user_list(*, q: str = "") -> QuerySet:
    """The users of the province (this schema) with their roles and security profile."""
    users = get_user_model().objects.order_by("username").prefetch_related(
        Prefetch("role_assignments", queryset=RoleAssignment.objects.select_related(
            "region", "supervisor", "organization", "instructor").order_by("role")),
    ).select_related("account_profile")
    if q := (q or "").strip():
        users = users.filter(Q(username__icontains=q) | Q(first_name__icontains=q))
    return users


def user_get(*, pk: int):
    return get_object_or_404(user_list(), pk=pk)


def assignment_get(*, user, pk: int) -> RoleAssignment:
    return get_object_or_404(RoleAssignment.objects.select_related("region", "supervisor", "organization", "instructor"),
                             pk=pk, user=user)


def assignment_target(assignment: RoleAssignment) -> str:
    """What the role covers, in words: a region by name and code, an organization by its name
    and USCC (the administrator typed the USCC to grant it, and must see which organization a
    secretary or liaison acts for), an instructor by name. No other registry data."""
    if assignment.region_id:
        return f"{assignment.region.name}（{assignment.region.code}）"
    if assignment.supervisor_id:
        return assignment.supervisor.name
    if assignment.organization_id:
        return f"{assignment.organization.name}（{assignment.organization.uscc}）"
    if assignment.instructor_id:
        return f"党建工作指导员 {assignment.instructor.name}"
    return "全省" if assignment.role == Role.PROVINCIAL_STAFF else ""


def profile_of(user) -> AccountProfile | None:
    return getattr(user, "account_profile", None) if hasattr(user, "account_profile") else None


def role_form_choices() -> dict:
    regions = Region.objects.exclude(level=Region.Level.PROVINCE).order_by("code").values_list("code", "name", "level")
    return {"regions": list(regions), "supervisors": list(Supervisor.objects.order_by("name").values_list("pk", "name"))}
