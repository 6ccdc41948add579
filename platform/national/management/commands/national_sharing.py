"""Set what a province shares with the national domain: ``national_sharing jilin --city-breakdown on``."""
from django.core.management.base import BaseCommand, CommandError

from national.services import national_sharing_set
from tenants.models import Province


class Command(BaseCommand):
    help = "设置一个省是否向全国公开分市（州）指标"

    def add_arguments(self, parser):
        parser.add_argument("province")
        parser.add_argument("--city-breakdown", choices=["on", "off"], required=True)

    def handle(self, *args, **options):
        province = Province.objects.exclude(schema_name="public").filter(code=options["province"].lower()).first()
        if province is None:
            raise CommandError(f"没有省份“{options['province']}”")
        sharing = national_sharing_set(province=province, city_breakdown=options["city_breakdown"] == "on")
        self.stdout.write(f"{province.name}：{'公开' if sharing.city_breakdown else '不公开'}分市（州）指标")
