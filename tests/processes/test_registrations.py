"""The registration hand-off: the organization upserted through the registry's write path,
the province module's checks answered with their clauses, and the cases it opens."""
from django_tenants.utils import schema_context

from audit.models import AuditEntry
from processes.models import Case, Registration
from tests.registry.factories import make_uscc

from .conftest import CODE


def body(uscc, **organization):
    return {"event": "registered", "organization": {"uscc": uscc, "name": "合肥市新登记协会", "kind": "social_group",
                                                     "registration_level": "city", "region_code": "340100", **organization},
            "party": {"formal_members": 2}}


def test_a_registration_without_a_party_organization_opens_a_formation_plan_and_lists_the_checks(api):
    uscc = make_uscc("340100")
    answer = api.post_json("/api/v1/registrations", body(uscc), HTTP_IDEMPOTENCY_KEY="reg-1")
    assert answer.status_code == 201, answer.json()
    data = answer.json()
    assert data["organization_created"] is True and data["organization_uscc"] == uscc
    assert {c["key"]: (c["met"], c["clause"]) for c in data["checks"]} == {
        "charter_clause": (False, "002 第九条(一)②"), "party_data": (True, "002 第九条(一)①"), "built": (True, "002 第十四条")}
    assert [(c["process"], c["stage"], c["clause"]) for c in data["cases_opened"]] == [("formation_plan", "plan", "002 第九条(一)④")]
    # Sent again (another key): the organization is updated, the open case is not opened twice.
    again = api.post_json("/api/v1/registrations", body(uscc, charter_clause=True)).json()
    assert again["organization_created"] is False and again["cases_opened"] == []
    assert [c["id"] for c in again["cases_already_open"]] == [data["cases_opened"][0]["id"]]
    assert next(c for c in again["checks"] if c["key"] == "charter_clause")["met"] is True
    with schema_context(CODE):
        assert Case.objects.filter(organization__uscc=uscc, process="formation_plan").count() == 1
        assert Registration.objects.filter(organization__uscc=uscc).count() == 2
        assert AuditEntry.objects.filter(action="registration.receive").count() >= 2
        assert AuditEntry.objects.filter(action="organization.upsert", object_id=uscc).exists()


def test_a_bad_registration_names_the_field_and_writes_nothing(api):
    uscc = make_uscc("340100")
    unknown = api.post_json("/api/v1/registrations", {**body(uscc), "event": "born"})
    assert unknown.status_code == 400 and unknown.json()["errors"][0]["field"] == "event"
    bad = api.post_json("/api/v1/registrations", body(uscc, kind="company"))
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "organization.kind"
    with schema_context(CODE):
        assert not Registration.objects.exists() and not Case.objects.exists()


def test_a_read_token_may_not_send_registrations(world):
    from tests.api.conftest import api_client, issue_token

    reader = api_client(CODE, issue_token(CODE, scopes="read", name="reader"))
    assert reader.post_json("/api/v1/registrations", body(make_uscc("340100"))).status_code == 403
