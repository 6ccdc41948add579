"""Key rotation: after a new key is put first, reencrypt_personal_data moves every stored
value under it; the old key can then be dropped and everything still decrypts."""
import base64

from django.core.management import call_command
from django.db import connection
from django_tenants.utils import schema_context

from audit.models import AuditEntry
from registry.models import Instructor, Member
from registry.actions import member_upsert
from tests.registry.factories import make_id_number
from tests.helpers import SYSTEM, rules_here


def _stored(table, column, pk):
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT "{column}" FROM {table} WHERE id = %s', [pk])
        return cursor.fetchone()[0]


def test_reencrypt_moves_every_value_to_the_new_key(jilin, settings, capsys):
    old_keys = settings.FIELD_ENCRYPTION_KEYS
    number = make_id_number()
    with schema_context("jilin"):
        member, _ = member_upsert(actor=SYSTEM, rules=rules_here(), data={"name": "李四", "id_number": number, "phone": "13912345678"})
        from regions.models import Region

        instructor = Instructor.objects.create(name="王五", phone="13700001111", region=Region.objects.get(code="220100"))
        old_id = _stored("registry_member", "id_number", member.pk)

    settings.FIELD_ENCRYPTION_KEYS = f"rot2:{base64.b64encode(b'r' * 32).decode()},{old_keys}"
    call_command("reencrypt_personal_data", "jilin")
    assert "re-encrypted under key rot2" in capsys.readouterr().out
    with schema_context("jilin"):
        assert _stored("registry_member", "id_number", member.pk).startswith("rot2$")
        assert _stored("registry_member", "phone", member.pk).startswith("rot2$")
        assert _stored("registry_instructor", "phone", instructor.pk).startswith("rot2$")
        assert _stored("registry_member", "id_number", member.pk) != old_id
        assert AuditEntry.objects.filter(action="personal_data.reencrypt").exists()

    # The old key can go now.
    settings.FIELD_ENCRYPTION_KEYS = f"rot2:{base64.b64encode(b'r' * 32).decode()}"
    with schema_context("jilin"):
        member = Member.objects.get(pk=member.pk)
        assert (member.id_number, member.phone) == (number, "13912345678")
        assert Instructor.objects.get(pk=instructor.pk).phone == "13700001111"

    # A second run finds nothing left to do.
    call_command("reencrypt_personal_data", "jilin")
    assert "jilin: 0 values" in capsys.readouterr().out
