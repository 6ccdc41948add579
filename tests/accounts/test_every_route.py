"""Every route of a province's domain and of the national domain, for every role.

Routes without parameters: no page shows a name or USCC of an organization, nor a member's
name, outside the user's scope. Routes with an object in the path: every object of the
test world is tried; one outside the scope is never answered with 200. A route this file
does not know fails ``test_every_route_is_in_the_matrix``: decide its scoping, add it here.
"""
import re

import pytest
from django.urls import get_resolver
from django_tenants.utils import schema_context

from accounts.models import Role
from accounts.scoping import members_for, organizations_for, scope_queryset

from .conftest import logged_in, make_user
from .test_api_scoping import records  # noqa: F401  (fixture)
from .test_scoping import ROLES

SKIPPED = {
    "accounts/logout/": "POST only; shows nothing",
    "api/v1/dispatches/<int:pk>/end": "POST only (a write: see test_only_provincial_staff_write_through_a_session)",
    # The web interface's background jobs: a job is its owner's only, anyone else gets 404 (tests/web/test_jobs.py).
    "jobs/<int:pk>/": "the owner's job only: tests/web/test_jobs.py",
    "jobs/<int:pk>/progress/": "the owner's job only: tests/web/test_jobs.py",
    "jobs/<int:pk>/confirm/": "POST only; the owner's job only: tests/web/test_jobs.py",
    "jobs/<int:pk>/errors.csv": "the owner's job only: tests/web/test_jobs.py",
    "jobs/<int:pk>/download/": "the owner's job only: tests/web/test_jobs.py",
    # User management: user records, not registry rows; administrators only (tests/web/test_users.py).
    "users/<int:pk>/": "administrators only: tests/web/test_users.py",
    "users/<int:pk>/roles/": "POST only; security administrator only: tests/web/test_users.py",
    "users/<int:pk>/roles/<int:assignment>/revoke/": "POST only; security administrator only: tests/web/test_users.py",
    "users/<int:pk>/unmask/": "POST only; security administrator only: tests/web/test_users.py",
    "users/<int:pk>/password/": "POST only; system administrator only: tests/web/test_users.py",
    # API tokens: not registry rows; security administrator only (tests/web/test_security.py).
    "security/tokens/<int:pk>/revoke/": "POST only; security administrator only: tests/web/test_security.py",
    # The process engine: a case is seen like its organization, Party organization or region; another city's
    # user gets 404 on the case, its actions and its documents (tests/processes/test_api.py, test_pages.py).
    "api/v1/processes/<str:code>/rounds": "the province's processes, no registry rows: tests/processes/test_api.py",
    "api/v1/processes/<str:code>/cases": "POST only; scoped subject: tests/processes/test_api.py",
    "api/v1/cases/<int:pk>": "scoped case: tests/processes/test_api.py",
    "api/v1/cases/<int:pk>/actions": "POST only; scoped case: tests/processes/test_api.py",
    "api/v1/cases/<int:pk>/scores": "POST only; scoped case: tests/processes/test_api.py",
    "api/v1/cases/<int:pk>/documents": "POST only; scoped case: tests/processes/test_api.py",
    "api/v1/cases/<int:pk>/documents/<int:document>": "scoped case: tests/processes/test_api.py",
    "processes/<str:code>/rounds/": "POST only; provincial staff: tests/processes/test_pages.py",
    "processes/<str:code>/bulletin/": "scoped cases: tests/processes/test_anhui_dispatch.py",
    "api/v1/processes/<str:code>/bulletin": "scoped cases: tests/processes/test_anhui_dispatch.py",
    "api/v1/rules/proposals/<str:key>/adoption": "POST only; provincial staff or a write token: tests/tenants/test_rule_proposals.py",
    "processes/<str:code>/meeting/": "scoped cases: tests/processes/test_pages.py",
    # A province's plans: the assignments and figures of the actor's scope; 404 where the rules declare none.
    "plans/<str:code>/": "scoped cases and figures: tests/processes/test_guangdong.py",
    "api/v1/plans/<str:code>": "scoped cases and figures: tests/processes/test_guangdong.py",
    "processes/<str:code>/holders/": "scoped cases; 404 without validity: tests/processes/test_jilin_pages.py",
    "processes/<str:code>/apply/": "a form; the subject is scoped by case_open: tests/processes/test_jilin_pages.py",
    "cases/<int:pk>/": "scoped case: tests/processes/test_pages.py",
    "cases/<int:pk>/act/": "POST only; scoped case: tests/processes/test_pages.py",
    "cases/<int:pk>/scores/": "POST only; scoped case: tests/processes/test_pages.py",
    "cases/<int:pk>/documents/": "POST only; scoped case: tests/processes/test_pages.py",
    "cases/<int:pk>/documents/<int:document>/": "scoped case: tests/processes/test_pages.py",
    # An organization's own pages with a second object: the organization is looked up in the
    # user's scope first (404 outside it), then the member / transfer / submission within it.
    "organizations/<str:uscc>/members/<int:pk>/edit/": "the organization's members only: tests/web/test_workspace.py",
    "organizations/<str:uscc>/members/<int:pk>/transfer/": "the organization's members only: tests/web/test_workspace.py",
    "organizations/<str:uscc>/transfers/<int:pk>/status/": "POST only; the organization's transfers only",
    "organizations/<str:uscc>/reports/<str:kind>/<int:year>/": "the organization's own: tests/web/test_pages.py",
    "organizations/<str:uscc>/applications/<str:code>/start/": "POST only; the organization's own: tests/web/test_applications.py",
    "organizations/<str:uscc>/reports/<str:kind>/<int:year>/review/": "POST only; committee staff: tests/web/test_workspace.py",
    "organizations/<str:uscc>/record.pdf": "organization_get_for (404 outside the scope); rendered in tests/web/test_staff_work.py",
    # The same lookup (organization_get_for, 404 outside the scope) as the home and the forms
    # tried in OBJECT_ROUTES; every one rendered for the roles that see it in tests/web/test_pages.py.
    "organizations/<str:uscc>/members/": "as organizations/<str:uscc>/home/",
    "organizations/<str:uscc>/activities/": "as organizations/<str:uscc>/home/",
    "organizations/<str:uscc>/trainings/new/": "as organizations/<str:uscc>/members/new/",
    "organizations/<str:uscc>/reports/": "as organizations/<str:uscc>/home/",
    "lists/<str:key>/": "the user's organizations only: tests/web/test_staff_work.py (another city's never listed)",
    "lists/<str:key>/export.<str:fmt>": "the rows of the list: tests/web/test_staff_work.py",
}
# route -> (world attribute, how the object appears in the path, model label for scope_queryset)
OBJECT_ROUTES = {
    "api/v1/organizations/<uscc:uscc>": ("orgs", lambda o: o.uscc),
    "api/v1/party-organizations/<partykey:key>": ("party", lambda o: o.pk),
    "api/v1/members/<int:pk>": ("members", lambda o: o.pk),
    "accounts/members/<int:pk>/unmask/": ("members", lambda o: o.pk),
    "organizations/<str:uscc>/": ("orgs", lambda o: o.uscc),
    "organizations/<str:uscc>/edit/": ("orgs", lambda o: o.uscc),
    "organizations/<str:uscc>/home/": ("orgs", lambda o: o.uscc),
    "organizations/<str:uscc>/members/new/": ("orgs", lambda o: o.uscc),
    "organizations/<str:uscc>/activities/new/": ("orgs", lambda o: o.uscc),
    "organizations/<str:uscc>/decisions/": ("orgs", lambda o: o.uscc),
    "organizations/<str:uscc>/applications/": ("orgs", lambda o: o.uscc),
    "instructors/<int:pk>/evaluations/": ("instructors", lambda o: o.pk),
    "api/v1/instructors/<int:pk>": ("instructors", lambda o: o.pk),
    "api/v1/dispatches/<int:pk>": ("dispatches", lambda o: o.pk),
    "api/v1/activities/<int:pk>": ("activities", lambda o: o.pk),
    "api/v1/trainings/<int:pk>": ("trainings", lambda o: o.pk),
    "api/v1/annual-inspections/<int:pk>": ("inspections", lambda o: o.pk),
    "api/v1/evaluation-grades/<int:pk>": ("grades", lambda o: o.pk),
}
REFERENCE_ROUTES = {"regions/<str:code>/": "220100", "api/v1/regions/<str:code>": "220100"}


def _routes(urlconf: str) -> list[str]:
    def walk(patterns, prefix=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern)

    return [route for route in walk(get_resolver(urlconf).url_patterns) if not route.startswith("admin/")]


def _parameterless(route: str) -> bool:
    return "<" not in route and not re.search(r"[\^\$\[\]\*]", route)


def test_every_route_is_in_the_matrix():
    known = set(SKIPPED) | set(OBJECT_ROUTES) | set(REFERENCE_ROUTES)
    unknown = [r for r in _routes("config.urls") if not _parameterless(r) and r not in known and not r.endswith("$")]
    assert unknown == [], f"decide how these routes are scoped and add them to {__name__}: {unknown}"


@pytest.fixture
def objects(records):  # noqa: F811
    from registry.models import Activity, AnnualInspection, Dispatch, EvaluationGrade, Training

    with schema_context("jilin"):
        records.dispatches = {d.pk: d for d in Dispatch.objects.all()}
        records.activities = {a.pk: a for a in Activity.objects.all()}
        records.trainings = {t.pk: t for t in Training.objects.all()}
        records.inspections = {i.pk: i for i in AnnualInspection.objects.all()}
        records.grades = {g.pk: g for g in EvaluationGrade.objects.all()}
    return records


def _objects(world, attribute):
    return list(getattr(world, attribute).values())


@pytest.mark.parametrize("key", ROLES)
def test_no_page_shows_what_is_outside_the_scope(objects, users, key):
    w, user = objects, users[key]
    with schema_context("jilin"):
        visible_orgs = set(organizations_for(user).values_list("pk", flat=True))
        visible_members = set(members_for(user).values_list("pk", flat=True))
    hidden = [o.name for o in w.orgs.values() if o.pk not in visible_orgs]
    hidden += [o.uscc for o in w.orgs.values() if o.pk not in visible_orgs]
    hidden += [m.name for m in w.members.values() if m.pk not in visible_members]
    # User management names the organization a secretary's or liaison's role covers (its name
    # and USCC, the scope of the role), and nothing else of the registry.
    with schema_context("jilin"):
        from accounts.models import RoleAssignment

        role_scopes = set(RoleAssignment.objects.filter(organization__isnull=False).values_list("organization_id", flat=True))
    scope_texts = {text for o in w.orgs.values() if o.pk in role_scopes for text in (o.name, o.uscc)}
    client = logged_in("jilin", user)
    for route in _routes("config.urls"):
        if not _parameterless(route) or route in SKIPPED:
            continue
        body = client.get(f"/{route}").content.decode("utf-8", "replace")
        leaked = [text for text in hidden if text in body and not (route == "users/" and text in scope_texts)]
        assert leaked == [], (route, leaked)


@pytest.mark.parametrize("key", ROLES)
def test_no_object_outside_the_scope_is_answered(objects, users, key):
    w, user = objects, users[key]
    client = logged_in("jilin", user)
    for route, (attribute, in_path) in OBJECT_ROUTES.items():
        instances = _objects(w, attribute)
        model = type(instances[0])
        with schema_context("jilin"):
            visible = set(scope_queryset(model.objects.all(), user=user).values_list("pk", flat=True))
        for instance in instances:
            path = "/" + re.sub(r"<[^>]+>", str(in_path(instance)), route)
            status = client.get(path).status_code
            if instance.pk in visible:
                assert status in (200, 403), (path, status)
                if key == "provincial":
                    assert status == 200, path
            else:
                assert status in (403, 404), (path, status)
    for route, code in REFERENCE_ROUTES.items():
        assert client.get("/" + route.replace("<str:code>", code)).status_code in (200, 403, 404)


@pytest.mark.parametrize("role", [Role.NATIONAL_STAFF, None])
def test_national_pages_show_no_record_of_a_province(objects, role):
    """National users (and anonymous visitors) see aggregates only: no organization's or
    member's name or code from any province appears on any national route."""
    from django.test import Client

    with schema_context("public"):
        user = make_user("nat-viewer", role)
    client = logged_in("public", user) if role else Client(HTTP_HOST="localhost")
    hidden = [o.name for o in objects.orgs.values()] + [o.uscc for o in objects.orgs.values()]
    hidden += [m.name for m in objects.members.values()] + [m.id_number for m in objects.members.values()]
    for route in _routes("config.urls_public"):
        if not _parameterless(route) or route in SKIPPED:
            continue
        body = client.get(f"/{route}").content.decode("utf-8", "replace")
        assert [text for text in hidden if text in body] == [], route
