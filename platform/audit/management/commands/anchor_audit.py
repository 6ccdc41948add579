"""Anchor the audit chains now: ``manage.py anchor_audit`` (every schema) or ``anchor_audit jilin``."""
from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import schema_context

from audit.anchors import anchor_every_schema, anchor_file, anchor_take
from tenants.models import Province


class Command(BaseCommand):
    help = "Write the signed head of the audit chain (every schema, or one province / 'public') to AUDIT_ANCHOR_FILE."

    def add_arguments(self, parser):
        parser.add_argument("province", nargs="?", help="province code, or 'public'; default: every schema")

    def handle(self, *args, province=None, **options):
        if province is None:
            anchors = anchor_every_schema()
        else:
            schema = "public" if province == "public" else Province.objects.filter(code=province).values_list("schema_name", flat=True).first()
            if schema is None:
                raise CommandError(f"unknown province: {province}")
            with schema_context(schema):
                anchors = [anchor_take()]
        where = anchor_file() or "the audit.anchor log only (AUDIT_ANCHOR_FILE is not set)"
        for anchor in anchors:
            self.stdout.write(f"{anchor['schema']}: head #{anchor['id']} ({anchor['count']} entries) anchored to {where}")
