"""Re-encrypt every encrypted field under the current (first) key of FIELD_ENCRYPTION_KEYS.

Key rotation (privacy/crypto.py): put the new key first, keep the old ones, run this
command, then drop the old keys. Idempotent: values already under the current key are
left alone. Runs in every province schema, or the ones named; each run is audited.
"""
from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django_tenants.utils import get_public_schema_name, schema_context

from audit.services import audit_record
from privacy import crypto
from privacy.fields import EncryptedTextField
from tenants.models import Province


def encrypted_fields():
    """(model, field) for every EncryptedTextField of the installed models."""
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedTextField):
                yield model, field


def reencrypt_schema(*, batch_size: int = 500) -> dict[str, int]:
    """Re-encrypt the current schema's values that are not under the current key."""
    current = crypto.current_key_id()
    counts: dict[str, int] = {}
    for model, field in encrypted_fields():
        table, column, pk_column = model._meta.db_table, field.column, model._meta.pk.column
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass(%s)", [table])
            if cursor.fetchone()[0] is None:
                continue  # the model's app is not migrated in this schema
        done = 0
        while True:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    f'SELECT "{pk_column}", "{column}" FROM "{table}" WHERE "{column}" <> %s AND "{column}" NOT LIKE %s '
                    f'ORDER BY "{pk_column}" LIMIT %s FOR UPDATE',
                    ["", f"{current}$%", batch_size],
                )
                rows = cursor.fetchall()
                for pk, token in rows:
                    cursor.execute(f'UPDATE "{table}" SET "{column}" = %s WHERE "{pk_column}" = %s',
                                   [crypto.encrypt(crypto.decrypt(token)), pk])
            done += len(rows)
            if len(rows) < batch_size:
                break
        counts[f"{model._meta.label}.{field.name}"] = done
    audit_record(action="personal_data.reencrypt", actor="system", changes={"key": current, "counts": counts})
    return counts


class Command(BaseCommand):
    help = "Re-encrypt personal data under the current key (after a key rotation)."

    def add_arguments(self, parser):
        parser.add_argument("provinces", nargs="*", help="province codes (default: every province)")

    def handle(self, *args, provinces, **options):
        rows = Province.objects.exclude(schema_name=get_public_schema_name())
        if provinces:
            rows = rows.filter(code__in=provinces)
            missing = set(provinces) - set(rows.values_list("code", flat=True))
            if missing:
                raise CommandError(f"unknown provinces: {', '.join(sorted(missing))}")
        for province in rows.order_by("code"):
            with schema_context(province.schema_name):
                counts = reencrypt_schema()
            total = sum(counts.values())
            self.stdout.write(f"{province.code}: {total} values re-encrypted under key {crypto.current_key_id()}")
