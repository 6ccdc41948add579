from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import schema_context

from audit.services import audit_verify
from tenants.models import Province


class Command(BaseCommand):
    help = "Verify a province's audit log hash chain; report the first broken link (exit 1)."

    def add_arguments(self, parser):
        parser.add_argument("province", help="province code, or 'public' for the national log")

    def handle(self, *args, province, **options):
        schema = "public" if province == "public" else Province.objects.filter(code=province).values_list("schema_name", flat=True).first()
        if schema is None:
            raise CommandError(f"unknown province: {province}")
        with schema_context(schema):
            result = audit_verify()
        if result.ok:
            self.stdout.write(self.style.SUCCESS(f"{province}: audit log intact, {result.checked} entries verified"))
            return
        raise CommandError(f"{province}: first broken link at entry {result.first_broken_id} "
                           f"(after {result.checked} good entries): {result.problem}")
