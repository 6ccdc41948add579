"""What a user may read: every registry read for a user goes through these functions.

Fail closed: a user without a role (or with only an administrator or national role) sees
nothing, and so does anyone on the national (public) domain, which holds no registry.
A read that ignores the user must be named ``dangerously_...`` so that it stands out in review.

Scopes (domain.md section 1):

| role | organizations |
|---|---|
| provincial_staff | every organization of the province |
| city_staff, county_staff | those whose region is the assigned region or below it (GB/T 2260 prefix) |
| supervisor_staff, industry_committee_staff | those with the assigned unit as business supervisor or industry committee |
| organization_secretary, organization_liaison | the assigned organization |
| instructor | the organizations the instructor is dispatched to now (started, not ended) |
| system/security/audit admin, national_staff | none |

Derived scopes: a Party organization is visible when it covers a visible organization, or
(city/county staff) lies in their region; a member when their organization is visible, or
they have no organization and their Party organization is visible; an instructor when
dispatched now to a visible organization, or (city/county staff) based in their region, or
(instructor) it is their own record. A user's scope is the union over their assignments.

Writing (``write=True``): the same rules over the assignments whose role may write
(``API_WRITE_ROLES``) only; ``write=<a set of roles>`` (``ORGANIZATION_REPORT_ROLES``,
``WORK_LOG_ROLES``) over the assignments of those roles (an action for what an organization
reports about itself asks for it through ``Actor.acting_as``), so that a user who is also, say, an organization's secretary
elsewhere writes only inside their committee scope. ``regions_for(user, write=True)`` gives
the regions such a user may put a row in.
"""
from __future__ import annotations

import datetime as dt

from django.db import connection
from django.db.models import Model, Q, QuerySet
from django_tenants.utils import get_public_schema_name

from .models import ADMIN_ROLES, API_WRITE_ROLES, DATA_ROLES, REQUIRED_TARGET, SECOND_FACTOR_ROLES, Role, RoleAssignment


class ScopeError(LookupError):
    """A queryset of a model that no scope rule knows: refused rather than shown unscoped."""


# --- who holds which role ---------------------------------------------------------------

def assignments_of(user) -> list[RoleAssignment]:
    """The user's role assignments in the current schema (empty for anonymous users)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    assignments = RoleAssignment.objects.filter(user_id=user.pk).order_by("id")
    if _province_schema():  # public has no regions table to join
        assignments = assignments.select_related("region")
    return list(assignments)


def roles_of(user) -> set[str]:
    """The user's roles. A superuser (the administrator provisioning creates) counts as the
    system administrator: it manages users and settings, it does not read data or logs."""
    roles = {assignment.role for assignment in assignments_of(user)}
    if user is not None and getattr(user, "is_authenticated", False) and user.is_active and user.is_superuser:
        roles.add(Role.SYSTEM_ADMIN)
    return roles


def requires_second_factor(user) -> bool:
    """Administrators, provincial staff and national users must pass TOTP after the password,
    and so must anyone allowed to see full ID and phone numbers, whatever their role."""
    return bool(roles_of(user) & SECOND_FACTOR_ROLES) or can_unmask(user)


def is_administrator(user) -> bool:
    return bool(roles_of(user) & ADMIN_ROLES)


def has_data_role(user) -> bool:
    return bool(roles_of(user) & DATA_ROLES)


def _province_schema() -> bool:
    return connection.schema_name != get_public_schema_name()


def _today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()


def _active_dispatches():
    from registry.models import Dispatch

    today = _today()
    return Dispatch.objects.filter(started_on__lte=today).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))


def _roles_for(write) -> frozenset:
    """The roles whose assignments count: ``write`` False (read), True (``API_WRITE_ROLES``)
    or a set of roles (what one kind of write allows)."""
    if write is True:
        return API_WRITE_ROLES
    if not write:
        return DATA_ROLES
    return frozenset(write)


def _data_assignments(user, *, write=False) -> list[RoleAssignment]:
    """The assignments that give ``user`` rows to read (``write``: rows to write)."""
    if not _province_schema():
        return []
    roles = _roles_for(write)
    return [a for a in assignments_of(user) if a.role in roles and _target_present(a)]


def _target_present(assignment: RoleAssignment) -> bool:
    field = REQUIRED_TARGET.get(assignment.role)
    return field is None or getattr(assignment, f"{field}_id") is not None


def _assigned_region_prefix(assignment: RoleAssignment) -> str | None:
    """City and county staff: the code prefix of their region (``regions.codes.code_prefix``)."""
    if assignment.role in (Role.CITY_STAFF, Role.COUNTY_STAFF) and assignment.region is not None:
        return assignment.region.code_prefix
    return None


def _organization_condition(assignment: RoleAssignment) -> Q | None:
    """None means the whole province."""
    role = assignment.role
    if role == Role.PROVINCIAL_STAFF:
        return None
    if role in (Role.CITY_STAFF, Role.COUNTY_STAFF):
        return Q(region__code__startswith=_assigned_region_prefix(assignment))
    if role in (Role.SUPERVISOR_STAFF, Role.INDUSTRY_COMMITTEE_STAFF):
        return Q(business_supervisor_id=assignment.supervisor_id) | Q(industry_committee_id=assignment.supervisor_id)
    if role in (Role.ORGANIZATION_SECRETARY, Role.ORGANIZATION_LIAISON):
        return Q(pk=assignment.organization_id)
    if role == Role.INSTRUCTOR:
        return Q(pk__in=_active_dispatches().filter(instructor_id=assignment.instructor_id).values("organization_id"))
    return Q(pk__in=[])  # an unknown role sees nothing


def _whole_province(assignments) -> bool:
    return any(a.role == Role.PROVINCIAL_STAFF for a in assignments)


def _union(conditions) -> Q:
    combined = Q(pk__in=[])
    for condition in conditions:
        combined |= condition
    return combined


# --- the scoped reads ------------------------------------------------------------------

def organizations_for(user, *, write=False) -> QuerySet:
    """The social organizations ``user`` may see (``write``: may write; none without a role)."""
    from registry.models import SocialOrganization

    assignments = _data_assignments(user, write=write)
    if not assignments:
        return SocialOrganization.objects.none()
    if _whole_province(assignments):
        return SocialOrganization.objects.all()
    return SocialOrganization.objects.filter(_union(_organization_condition(a) for a in assignments))


def party_organizations_for(user, *, write=False) -> QuerySet:
    """Party organizations covering a visible organization, or in a city/county user's region."""
    from registry.models import PartyOrganization

    assignments = _data_assignments(user, write=write)
    if not assignments:
        return PartyOrganization.objects.none()
    if _whole_province(assignments):
        return PartyOrganization.objects.all()
    covering = PartyOrganization.covered_organizations.through.objects.filter(
        socialorganization_id__in=organizations_for(user, write=write).values("pk")
    ).values("partyorganization_id")
    conditions = [Q(pk__in=covering)]
    conditions += [Q(region__code__startswith=p) for p in filter(None, map(_assigned_region_prefix, assignments))]
    return PartyOrganization.objects.filter(_union(conditions))


def members_for(user, *, write=False) -> QuerySet:
    """Members of a visible organization, or without one in a visible Party organization."""
    from registry.models import Member

    assignments = _data_assignments(user, write=write)
    if not assignments:
        return Member.objects.none()
    if _whole_province(assignments):
        return Member.objects.all()
    return Member.objects.filter(
        Q(organization_id__in=organizations_for(user, write=write).values("pk"))
        | Q(organization__isnull=True, party_organization_id__in=party_organizations_for(user, write=write).values("pk"))
    )


def instructors_for(user, *, write=False) -> QuerySet:
    """Instructors dispatched now to a visible organization; city/county staff also those
    based in their region; an instructor also their own record."""
    from registry.models import Instructor

    assignments = _data_assignments(user, write=write)
    if not assignments:
        return Instructor.objects.none()
    if _whole_province(assignments):
        return Instructor.objects.all()
    visible = organizations_for(user, write=write).values("pk")
    conditions = [Q(pk__in=_active_dispatches().filter(organization_id__in=visible).values("instructor_id"))]
    conditions += [Q(region__code__startswith=p) for p in filter(None, map(_assigned_region_prefix, assignments))]
    conditions += [Q(pk=a.instructor_id) for a in assignments if a.role == Role.INSTRUCTOR]
    return Instructor.objects.filter(_union(conditions))


def regions_for(user, *, write=False) -> QuerySet:
    """The regions in which ``user``'s rows lie by region: every region for provincial staff,
    the assigned region and below for city/county staff, none for the other roles (their
    scope is not a region). With ``write``, over the assignments that may write."""
    from regions.models import Region

    assignments = _data_assignments(user, write=write)
    if not assignments:
        return Region.objects.none()
    if _whole_province(assignments):
        return Region.objects.all()
    prefixes = filter(None, map(_assigned_region_prefix, assignments))
    return Region.objects.filter(_union(Q(code__startswith=prefix) for prefix in prefixes))


def may_write_as(user, roles) -> bool:
    """Does ``user`` hold an assignment of one of ``roles`` (with its target) in this province?"""
    return bool(_data_assignments(user, write=frozenset(roles)))


def instructor_ids_of(user) -> set[int]:
    """The instructor records ``user`` is (their instructor role assignments)."""
    return {a.instructor_id for a in _data_assignments(user) if a.role == Role.INSTRUCTOR and a.instructor_id}


def sees_whole_province(user) -> bool:
    """Is ``user``'s scope the whole province (provincial staff)? Figures computed over the
    whole province (indicators, snapshots) are for them only."""
    return _whole_province(_data_assignments(user))


def dangerously_all_organizations() -> QuerySet:
    """Every organization of the current province, whoever asks. For system work only
    (indicators, rule runs, integrations holding a province-wide API token), never for a
    page a user reads."""
    from registry.models import SocialOrganization

    if not _province_schema():
        return SocialOrganization.objects.none()
    return SocialOrganization.objects.all()


def dangerously_whole_province(queryset: QuerySet) -> QuerySet:
    """``queryset`` unscoped within the current province: for a province-wide API token
    (an integration of that province) and system work. Nothing on the national domain."""
    return queryset if _province_schema() else queryset.none()


# --- scoping any queryset ---------------------------------------------------------------
# model label -> (lookup path to the scoped model, the scoped model's label). Other apps
# register their models with ``register_scoped_model`` (e.g. campaign applications).
_SCOPED_PATHS: dict[str, tuple[str, str]] = {
    "registry.dispatch": ("organization", "registry.socialorganization"),
    "registry.annualinspection": ("organization", "registry.socialorganization"),
    "registry.evaluationgrade": ("organization", "registry.socialorganization"),
    "registry.administrativepenalty": ("organization", "registry.socialorganization"),
    "registry.massorganization": ("organization", "registry.socialorganization"),
    "registry.activity": ("party_organization", "registry.partyorganization"),
    "registry.attendance": ("activity__party_organization", "registry.partyorganization"),
    "registry.training": ("member", "registry.member"),
    "registry.membertransfer": ("member", "registry.member"),
    "registry.worklog": ("dispatch__organization", "registry.socialorganization"),
    "registry.weakandlaxdesignation": ("party_organization", "registry.partyorganization"),
}
# Reference data anyone with a data role may read in full (no personal data in them).
_REFERENCE_MODELS = {"regions.region", "registry.supervisor"}
_BASE_SCOPES = {
    "registry.socialorganization": organizations_for,
    "registry.partyorganization": party_organizations_for,
    "registry.member": members_for,
    "registry.instructor": instructors_for,
}


# Further paths of a model scoped by more than one (a row is visible through any of them).
_MORE_PATHS: dict[str, list[tuple[str, str]]] = {}


def register_scoped_model(model: type[Model], *, path: str, scoped_by: type[Model],
                          also: tuple[tuple[str, type[Model]], ...] = ()) -> None:
    """Declare how rows of ``model`` are scoped: ``path`` leads from it to ``scoped_by``,
    one of SocialOrganization, PartyOrganization, Member or Instructor. Example:
    ``register_scoped_model(Application, path="organization", scoped_by=SocialOrganization)``.
    ``also``: further ``(path, model)`` pairs through any of which a row is visible too; the
    model may also be Region (the user's regions, ``regions_for``), e.g. a case of a Party
    organization or of a city committee's task."""
    target = scoped_by._meta.label_lower
    if target not in _BASE_SCOPES:
        raise ScopeError(f"{target} is not a scoped model")
    more = []
    for other_path, other in also:
        other_target = other._meta.label_lower
        if other_target not in _BASE_SCOPES and other_target != "regions.region":
            raise ScopeError(f"{other_target} is not a scoped model")
        more.append((other_path, other_target))
    _SCOPED_PATHS[model._meta.label_lower] = (path, target)
    _MORE_PATHS[model._meta.label_lower] = more


def _path_condition(path: str, target: str, user, write: bool) -> Q:
    if target == "regions.region":
        return Q(**{f"{path}__in": regions_for(user, write=write).values("pk")})
    return Q(**{f"{path}__in": _BASE_SCOPES[target](user, write=write).values("pk")})


def scope_queryset(queryset: QuerySet, *, user, write=False) -> QuerySet:
    """``queryset`` narrowed to what ``user`` may see (``write``: may write). Raises ScopeError
    for a model no rule covers (register it with ``register_scoped_model``): nothing is shown
    unscoped by accident. Reference data is read in full; written, regions are the user's
    own (``regions_for``)."""
    label = queryset.model._meta.label_lower
    if label in _BASE_SCOPES:
        return queryset.filter(pk__in=_BASE_SCOPES[label](user, write=write).values("pk"))
    if label in _SCOPED_PATHS:
        path, target = _SCOPED_PATHS[label]
        if not _MORE_PATHS.get(label):
            return queryset.filter(**{f"{path}__in": _BASE_SCOPES[target](user, write=write).values("pk")})
        condition = _path_condition(path, target, user, write)
        for other_path, other_target in _MORE_PATHS[label]:
            condition |= _path_condition(other_path, other_target, user, write)
        return queryset.filter(condition)
    if label == "regions.region" and write:
        return queryset.filter(pk__in=regions_for(user, write=True).values("pk"))
    if label in _REFERENCE_MODELS:
        return queryset if _data_assignments(user, write=write) else queryset.none()
    raise ScopeError(f"no scope rule for {label}: register it with accounts.scoping.register_scoped_model")


def session_api_permissions(user) -> frozenset[str]:
    """What a logged-in user (not a token) may do through the API: read within their scope
    with a data role (national users: the national aggregates); write with a role of
    ``API_WRITE_ROLES`` (provincial, city and county staff), within the write scope
    (``scope_queryset(..., write=True)``; ``api.scoping`` checks each write's target, region
    and references against it). Administrators: none."""
    roles = roles_of(user)
    if roles & ADMIN_ROLES:
        return frozenset()
    if _province_schema():
        if _data_assignments(user, write=True):
            return frozenset({"read", "write"})
        return frozenset({"read"}) if _data_assignments(user) else frozenset()
    return frozenset({"read"}) if Role.NATIONAL_STAFF in roles else frozenset()


def can_unmask(user) -> bool:
    """May ``user`` see full ID and phone numbers (within their scope, with a logged reason)?
    Only a user holding a data role whom a security administrator allowed to. Exports call
    this to choose ``unmasked=``; it does not depend on ``is_superuser``."""
    if not has_data_role(user) or is_administrator(user):
        return False
    from .models import AccountProfile

    return AccountProfile.objects.filter(user_id=user.pk, unmask_allowed=True).exists()
