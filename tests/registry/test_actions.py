"""The registry's one write path: the API, an import, a web form and the admin all write through
the actions, so they refuse the same input with the same words, scope the same way, leave the
same audit entry, and hold under concurrent writes."""
from __future__ import annotations

import datetime as dt
import threading
import uuid

import pytest
from django_tenants.utils import schema_context

import clock
from accounts.models import Role
from audit.models import AuditEntry
from imports.services import registry_import
from registry.actions import organization_upsert
from registry.models import SocialOrganization
from tests.api.conftest import api_client, issue_token
from tests.helpers import SYSTEM, rules_here, rules_today
from tests.imports.files import ORG_HEADERS, csv_bytes, org_row
from tests.registry.factories import make_uscc
from tests.web.conftest import logged_in, make_user, users, world  # noqa: F401

FUTURE = clock.today() + dt.timedelta(days=3)
# Two errors only the actions know (types are checked at each edge; limits once, in the action).
BAD_MESSAGES = {"registered_on": "登记日期不能晚于今天", "employees": "从业人员数应为不小于0的整数"}


def api_body(**values) -> dict:
    body = {"name": "长春市一条写入路径测试协会", "kind": "social_group", "registration_level": "county",
            "region_code": "220102", "employees": 12, "registered_on": "2019-05-01", "business_supervisor": "长春市商务局"}
    body.update(values)
    return body


def form_body(**values) -> dict:
    """The web form's and the admin form's fields (the same ``OrganizationFields``)."""
    body = {"uscc": make_uscc(region_code="220102"), "name": "长春市一条写入路径测试协会", "kind": "social_group",
            "registration_level": "county", "region_code": "220102", "employees": "12", "registered_on": "2019-05-01",
            "business_supervisor": "长春市商务局", "status": "active"}
    body.update(values)
    return body


def import_row(**values) -> dict:
    return org_row(**{"名称": "长春市一条写入路径测试协会", "登记层级": "县级", "所在区划代码": "220102",
                      "登记日期": dt.date(2019, 5, 1), **values})


def upsert_entries(uscc: str) -> list[AuditEntry]:
    with schema_context("jilin"):
        return list(AuditEntry.objects.filter(action="organization.upsert", object_id=uscc).order_by("id"))


@pytest.fixture
def staff(users):
    return users["provincial"], users["city"]


def test_api_import_web_form_and_admin_refuse_bad_input_with_the_same_words(jilin, world, staff):
    provincial, city = staff
    # API
    answer = api_client("jilin", issue_token("jilin")).put_json(
        f"/api/v1/organizations/{make_uscc(region_code='220102')}", api_body(registered_on=FUTURE.isoformat(), employees=-1))
    assert answer.status_code == 400
    api_errors = {error["field"]: error["detail"] for error in answer.json()["errors"]}
    # an import row
    with schema_context("jilin"):
        result = registry_import(actor=SYSTEM, rules=rules_today("jilin"), kind="organizations", filename="o.csv",
                                 file_obj=csv_bytes(ORG_HEADERS, [import_row(登记日期=FUTURE, 从业人员数=-1)]))
    import_errors = {error.column: error.message for error in result.errors}
    # the web form (city staff) and the admin (provincial staff)
    web = logged_in("jilin", city).post("/organizations/new/", form_body(registered_on=FUTURE.isoformat(), employees="-1"))
    admin = logged_in("jilin", provincial).post("/admin/registry/socialorganization/add/",
                                                 form_body(registered_on=FUTURE.isoformat(), employees="-1"))
    assert api_errors == BAD_MESSAGES
    assert import_errors == {"登记日期": BAD_MESSAGES["registered_on"], "从业人员数": BAD_MESSAGES["employees"]}
    for page in (web, admin):
        assert page.status_code == 200
        for message in BAD_MESSAGES.values():
            assert message in page.content.decode()
    with schema_context("jilin"):
        assert not SocialOrganization.objects.filter(name="长春市一条写入路径测试协会").exists()


def test_api_import_web_form_and_admin_leave_the_same_audit_entry(jilin, world, staff):
    provincial, city = staff
    usccs = {path: make_uscc(region_code="220102") for path in ("api", "import", "web", "admin")}
    created = api_client("jilin", issue_token("jilin")).put_json(f"/api/v1/organizations/{usccs['api']}", api_body())
    assert created.status_code == 201
    with schema_context("jilin"):
        result = registry_import(actor=SYSTEM, rules=rules_today("jilin"), kind="organizations", filename="o.csv",
                                 file_obj=csv_bytes(ORG_HEADERS, [import_row(统一社会信用代码=usccs["import"])]))
    assert result.created == 1, [str(e) for e in result.errors]
    web = logged_in("jilin", city).post("/organizations/new/", form_body(uscc=usccs["web"]))
    assert web.status_code == 302, web.content.decode()[:2000]
    admin = logged_in("jilin", provincial).post("/admin/registry/socialorganization/add/", form_body(uscc=usccs["admin"]))
    assert admin.status_code == 302, admin.content.decode()[:2000]
    entries = {path: upsert_entries(uscc) for path, uscc in usccs.items()}
    assert {path: len(found) for path, found in entries.items()} == {"api": 1, "import": 1, "web": 1, "admin": 1}
    shapes = {path: sorted(found[0].changes) for path, found in entries.items()}
    assert shapes["api"] == shapes["import"] == shapes["web"] == shapes["admin"]
    assert all(old is None for old, _ in entries["web"][0].changes.values())
    assert entries["web"][0].changes["region_code"] == [None, "220102"]
    assert entries["web"][0].actor == "u-city" and entries["admin"][0].actor == "u-provincial"


def test_an_admin_user_of_a_city_cannot_change_or_place_a_row_in_another_city(jilin, world, users):
    city = users["city"]  # 长春市 (220100); o4 lies in 吉林市 (220202)
    other = world.orgs["o4"]
    client = logged_in("jilin", city)
    page = client.get(f"/admin/registry/socialorganization/{other.pk}/change/")
    assert page.status_code == 302  # the admin's "does not exist": the row is outside the scope
    changed = client.post(f"/admin/registry/socialorganization/{other.pk}/change/", form_body(name="越权修改的名称"))
    assert changed.status_code == 302
    own = world.orgs["o1"]  # 南关区, inside 长春市
    placed = client.post(f"/admin/registry/socialorganization/{own.pk}/change/",
                         form_body(uscc=own.uscc, name=own.name, region_code="220202"))
    assert placed.status_code == 200 and "不在您的管辖范围内" in placed.content.decode()
    with schema_context("jilin"):
        other.refresh_from_db()
        own.refresh_from_db()
        assert other.name == "测试协会o4" and own.region.code == "220102"
        assert not AuditEntry.objects.filter(action="organization.upsert", object_id__in=[other.uscc, own.uscc]).exists()


def test_the_admin_shows_other_registry_rows_read_only_and_deletes_nothing(jilin, world, users):
    client = logged_in("jilin", users["provincial"])
    member = world.members["m1"]
    assert client.get(f"/admin/registry/member/{member.pk}/change/").status_code == 200
    assert client.post(f"/admin/registry/member/{member.pk}/change/", {"name": "改名"}).status_code == 403
    assert client.get("/admin/registry/evaluationgrade/add/").status_code == 403
    organization = world.orgs["o1"]
    assert client.post(f"/admin/registry/socialorganization/{organization.pk}/delete/", {"post": "yes"}).status_code == 403
    index = client.get("/admin/").content.decode()
    assert "社会组织党建工作平台管理" in index


def test_importing_a_file_that_changes_three_organizations_leaves_three_entries_in_their_history(jilin):
    with schema_context("jilin"):
        rows = [import_row(**{"统一社会信用代码": make_uscc(region_code="220100"), "名称": f"长春市历史测试协会{i}",
                              "所在区划代码": "220100", "登记层级": "市级"}) for i in range(4)]
        first = registry_import(actor=SYSTEM, rules=rules_today("jilin"), kind="organizations", filename="o.csv",
                                file_obj=csv_bytes(ORG_HEADERS, rows))
        assert first.created == 4
        for row in rows[:3]:
            row["从业人员数"] = 40
        again = registry_import(actor=SYSTEM, rules=rules_today("jilin"), kind="organizations", filename="o.csv",
                                file_obj=csv_bytes(ORG_HEADERS, rows))
        assert (again.updated, again.unchanged) == (3, 1)
    for row in rows[:3]:
        history = upsert_entries(row["统一社会信用代码"])
        assert len(history) == 2 and history[1].changes == {"employees": [12, 40]}
        assert history[1].actor == "system:test set-up"
    assert len(upsert_entries(rows[3]["统一社会信用代码"])) == 1  # unchanged: no entry


# --- concurrency: committed data, one connection per thread -----------------------------------

def _in_parallel(count: int, work) -> list:
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(index):
        from django.db import connection

        try:
            barrier.wait(timeout=10)
            results[index] = work(index)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.fixture
def committed_jilin(django_db_blocker, django_db_setup):
    from django.db import connection

    # As in tests/browser: committed writes only ever go to the test database.
    if not connection.settings_dict["NAME"].startswith("test_"):
        pytest.fail("run the concurrency tests with a test that uses `db` (e.g. this whole file)")
    with django_db_blocker.unblock():
        yield issue_token("jilin", name=f"parallel-{uuid.uuid4().hex[:6]}")


def test_two_parallel_puts_of_one_new_uscc_give_one_201_and_one_200_and_one_row(committed_jilin):
    made = []
    try:
        for _ in range(5):  # several rounds: a race lost once is enough to fail
            uscc = make_uscc(region_code="220100")
            made.append(uscc)
            answers = _in_parallel(2, lambda index: api_client("jilin", committed_jilin).put_json(
                f"/api/v1/organizations/{uscc}", api_body(name=f"并发测试协会{uscc[-6:]}", region_code="220100",
                                                          registration_level="city")))
            assert sorted(answer.status_code for answer in answers) == [200, 201], [a.content for a in answers]
            with schema_context("jilin"):
                assert SocialOrganization.objects.filter(uscc=uscc).count() == 1
    finally:
        with schema_context("jilin"):
            SocialOrganization.objects.filter(uscc__in=made).delete()


def test_parallel_retries_with_one_idempotency_key_create_one_object(committed_jilin):
    from registry.models import Instructor

    name = f"并发指导员{uuid.uuid4().hex[:4]}"
    key = str(uuid.uuid4())
    try:
        answers = _in_parallel(3, lambda index: api_client("jilin", committed_jilin).post_json(
            "/api/v1/instructors", {"name": name, "region_code": "220100", "unit": "长春市民政局"},
            HTTP_IDEMPOTENCY_KEY=key))
        assert {answer.status_code for answer in answers} == {201}
        assert len({answer.json()["id"] for answer in answers}) == 1
        with schema_context("jilin"):
            assert Instructor.objects.filter(name=name).count() == 1
    finally:
        with schema_context("jilin"):
            Instructor.objects.filter(name=name).delete()


def test_an_action_refuses_an_existing_row_outside_the_actors_write_scope(jilin, world, users):
    from django.http import Http404

    from accounts.actors import Actor

    with schema_context("jilin"):
        city = Actor.for_user(users["city"])
        other = world.orgs["o4"]
        with pytest.raises(Http404):
            organization_upsert(actor=city, rules=rules_here(), data={
                "uscc": other.uscc, "name": "越权", "kind": "social_group", "registration_level": "city", "region_code": "220100"})
        supervisor = Actor.for_user(users["supervisor"])
        assert not supervisor.may_write
