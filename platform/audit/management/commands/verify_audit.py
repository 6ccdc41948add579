from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import schema_context

from audit.services import audit_verify
from tenants.models import Province


class Command(BaseCommand):
    help = ("Verify a province's audit log: its keyed hash chain and the signed heads in AUDIT_ANCHOR_FILE; "
            "report the first broken link (exit 1).")

    def add_arguments(self, parser):
        parser.add_argument("province", help="province code, or 'public' for the national log")
        parser.add_argument("--no-anchors", action="store_true",
                            help="check the chain only (a restore drill into a schema of another name)")

    def handle(self, *args, province, no_anchors=False, **options):
        schema = "public" if province == "public" else Province.objects.filter(code=province).values_list("schema_name", flat=True).first()
        if schema is None:
            raise CommandError(f"unknown province: {province}")
        with schema_context(schema):
            result = audit_verify(anchors=not no_anchors)
        if result.ok:
            anchors = (f"{result.anchors_checked} anchors matched" if result.anchors_configured
                       else "no anchors checked (AUDIT_ANCHOR_FILE is not set)")
            unkeyed = f", {result.unkeyed} of them from before the chain was keyed" if result.unkeyed else ""
            self.stdout.write(self.style.SUCCESS(
                f"{province}: audit log intact, {result.checked} entries verified{unkeyed}; {anchors}"))
            return
        where = f"entry {result.first_broken_id}" if result.first_broken_id is not None else "the anchors"
        raise CommandError(f"{province}: first broken link at {where} "
                           f"(after {result.checked} good entries): {result.problem}")
