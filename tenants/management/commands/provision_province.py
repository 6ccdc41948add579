from django.core.management.base import BaseCommand, CommandError

from tenants.services import UnknownProvince, province_domain, province_provision


class Command(BaseCommand):
    help = "Create a province: its schema, domain, regions and first administrator. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("code", help="pinyin code (jilin) or GB/T 2260 code (220000)")

    def handle(self, *args, code, **options):
        try:
            result = province_provision(code=code)
        except UnknownProvince as error:
            raise CommandError(str(error)) from error
        province = result.province
        if not result.created:
            self.stdout.write(f"{province.name} ({province.code}) already provisioned; nothing changed.")
            return
        self.stdout.write(self.style.SUCCESS(f"Provisioned {province.name} ({province.code}), rules: {province.rules_key}"))
        self.stdout.write(f"  domain:   {province_domain(province.code)}")
        self.stdout.write(f"  admin:    {result.admin_username}")
        self.stdout.write(f"  one-time password (shown only now): {result.admin_password}")
        for login in result.logins[1:]:
            self.stdout.write(f"  {login.role_label} {login.username}: one-time password (shown only now): {login.password}")
