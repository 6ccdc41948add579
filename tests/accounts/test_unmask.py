"""Full ID and phone numbers: masked by default; unmasked only with the permission, a typed
reason and an audit entry; exports mask unless the exporter may unmask; no formula cells."""
import csv
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_tenants.utils import schema_context

from accounts.scoping import can_unmask, members_for, organizations_for
from accounts.services import UNMASK_REASON_MIN_LENGTH, member_unmask, unmask_permission_set
from audit.models import AuditEntry

from .conftest import logged_in

REASON = "核对组织关系转接材料"


@pytest.fixture
def allowed(users):
    with schema_context("jilin"):
        unmask_permission_set(actor=users["security_admin"], user=users["city"], allowed=True)
    return users["city"]


def test_unmasking_is_logged_with_its_reason(world, allowed):
    member = world.members["m1"]
    with schema_context("jilin"):
        value = member_unmask(user=allowed, member=member, field="id_number", reason=REASON)
        assert value == member.id_number and len(value) == 18
        assert member_unmask(user=allowed, member=member, field="phone", reason=REASON) == "13812345678"
        entries = AuditEntry.objects.filter(action="member.unmask", success=True).order_by("id")
        assert [(e.actor, e.object_id, e.changes["field"], e.changes["reason"]) for e in entries] == [
            ("u-city", str(member.pk), "id_number", REASON), ("u-city", str(member.pk), "phone", REASON)]
        assert member.id_number not in str(entries[0].changes)


@pytest.mark.parametrize("reason", ["", "   ", "看看", "x" * (UNMASK_REASON_MIN_LENGTH - 1)])
def test_an_empty_or_short_reason_is_refused_and_logged(world, allowed, reason):
    with schema_context("jilin"):
        with pytest.raises(ValidationError):
            member_unmask(user=allowed, member=world.members["m1"], field="id_number", reason=reason)
        assert AuditEntry.objects.filter(action="member.unmask", success=False, actor="u-city").count() == 1


def test_without_the_permission_it_is_refused_and_logged(world, users):
    with schema_context("jilin"):
        for key in ("provincial", "city", "secretary", "system_admin", "security_admin", "audit_admin", "none"):
            assert not can_unmask(users[key])
            with pytest.raises(PermissionDenied):
                member_unmask(user=users[key], member=world.members["m1"], field="id_number", reason=REASON)
        assert AuditEntry.objects.filter(action="member.unmask", success=False).count() == 7
        assert not AuditEntry.objects.filter(action="member.unmask", success=True).exists()


def test_a_member_outside_the_scope_is_refused_even_with_the_permission(world, allowed):
    with schema_context("jilin"):
        with pytest.raises(PermissionDenied):
            member_unmask(user=allowed, member=world.members["m6"], field="id_number", reason=REASON)  # 四平市
        with pytest.raises(ValidationError):
            member_unmask(user=allowed, member=world.members["m1"], field="name", reason=REASON)


def test_the_unmask_page(world, users, allowed):
    member = world.members["m1"]
    client = logged_in("jilin", allowed)
    page = client.get(f"/accounts/members/{member.pk}/unmask/").content.decode()
    assert member.id_number not in page and member.id_number_masked in page and "138****5678" in page
    short = client.post(f"/accounts/members/{member.pk}/unmask/", {"field": "id_number", "reason": "看看"})
    assert short.status_code == 200 and member.id_number not in short.content.decode()
    shown = client.post(f"/accounts/members/{member.pk}/unmask/", {"field": "id_number", "reason": REASON})
    assert member.id_number in shown.content.decode()
    refused = logged_in("jilin", users["county"]).post(f"/accounts/members/{member.pk}/unmask/", {"field": "id_number", "reason": REASON})
    assert refused.status_code == 403 and member.id_number not in refused.content.decode()
    with schema_context("jilin"):
        entry = AuditEntry.objects.get(action="member.unmask", success=True)
        assert (entry.actor, entry.ip, entry.schema, entry.changes["reason"]) == ("u-city", "127.0.0.1", "jilin", REASON)


def _csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_exports_mask_unless_the_exporter_may_unmask(world, users, allowed):
    from imports.exporters import registry_export

    with schema_context("jilin"):
        for user, masked in ((users["city"], False), (users["county"], True)):
            content = registry_export(kind="members", fmt="csv", unmasked=can_unmask(user), queryset=members_for(user))
            text = content.decode("utf-8-sig")
            m1 = world.members["m1"]
            assert (m1.id_number in text) is (not masked)
            assert (m1.id_number_masked in text) is masked
            assert world.members["m6"].name not in text  # outside both scopes


@pytest.mark.parametrize("payload", ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_no_exported_cell_starts_a_formula(world, users, payload):
    from imports.exporters import registry_export
    from registry.models import SocialOrganization

    with schema_context("jilin"):
        SocialOrganization.objects.filter(pk=world.orgs["o1"].pk).update(name=payload + "协会", registration_authority=payload)
        content = registry_export(kind="organizations", fmt="csv", queryset=organizations_for(users["county"]))
    rows = _csv_rows(content)
    assert len(rows) > 1
    for row in rows[1:]:
        for cell in row:
            assert not cell or cell[0] not in "=+-@\t\r", cell
    assert any(cell.startswith("'") and payload in cell for row in rows for cell in row)
