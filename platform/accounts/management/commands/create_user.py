"""create_user <province> <username> --role ROLE [--region CODE] [--supervisor NAME]
[--organization USCC] [--instructor ID]: a user with one role; prints a one-time password.

<province> is a province code (jilin) or ``national`` for the national domain. Run by an
operator with shell access, so it may create any role (including the first security
administrator, who then grants roles on the web).
"""
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_tenants.utils import get_public_schema_name, schema_context

from accounts.models import Role
from accounts.services import role_assign, user_create
from tenants.models import Province


class Command(BaseCommand):
    help = "Create a user with a role in a province (or 'national'); prints a one-time password."

    def add_arguments(self, parser):
        parser.add_argument("province", help="province code (jilin) or 'national'")
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--region", help="GB/T 2260 code of a city or county (city_staff, county_staff)")
        parser.add_argument("--supervisor", help="name of the business supervisor unit or industry committee")
        parser.add_argument("--organization", help="USCC of the organization (secretary, liaison)")
        parser.add_argument("--instructor", type=int, help="id of the instructor record (instructor)")
        parser.add_argument("--email", default="")

    def handle(self, *args, province, username, role, region, supervisor, organization, instructor, email, **options):
        if province in ("national", "public"):
            schema = get_public_schema_name()
        else:
            schema = Province.objects.filter(code=province).exclude(schema_name=get_public_schema_name()) \
                .values_list("schema_name", flat=True).first()
            if schema is None:
                raise CommandError(f"未知的省份：{province}")
        with schema_context(schema):
            targets = self._targets(region=region, supervisor=supervisor, organization=organization, instructor=instructor)
            try:
                with transaction.atomic():
                    user, password = user_create(actor=None, username=username, email=email)
                    role_assign(actor=None, user=user, role=role, **targets)
            except (ValidationError, PermissionDenied) as error:
                messages = error.messages if isinstance(error, ValidationError) else [str(error)]
                raise CommandError("；".join(messages)) from error
        self.stdout.write(self.style.SUCCESS(f"Created {username} ({Role(role).label}) in {province}"))
        self.stdout.write(f"  one-time password (shown only now): {password}")

    @staticmethod
    def _targets(*, region, supervisor, organization, instructor) -> dict:
        targets = {}
        if region:
            from regions.models import Region

            targets["region"] = Region.objects.filter(code=region).first()
            if targets["region"] is None:
                raise CommandError(f"本省没有行政区划代码“{region}”")
        if supervisor:
            from registry.models import Supervisor

            targets["supervisor"] = Supervisor.objects.filter(name=supervisor).first()
            if targets["supervisor"] is None:
                raise CommandError(f"没有名为“{supervisor}”的业务主管单位或行业党委")
        if organization:
            from registry.models import SocialOrganization

            targets["organization"] = SocialOrganization.objects.filter(uscc=organization.strip().upper()).first()
            if targets["organization"] is None:
                raise CommandError(f"统一社会信用代码“{organization}”在本省台账中不存在")
        if instructor:
            from registry.models import Instructor

            targets["instructor"] = Instructor.objects.filter(pk=instructor).first()
            if targets["instructor"] is None:
                raise CommandError(f"没有编号为 {instructor} 的指导员")
        return targets
