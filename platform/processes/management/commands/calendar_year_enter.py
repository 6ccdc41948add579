"""Enter a year of the province's working-day calendar from the State Council's notice:
``calendar_year_enter jilin 2027 --source 国办发明电〔2026〕X号 --holidays 2027-01-01:元旦,2027-01-02:元旦
--workdays 2027-02-07:春节调休上班``."""
import datetime as dt

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import schema_context

from accounts.actors import Actor
from processes.actions import calendar_year_enter
from tenants.models import Province


def _days(text: str, option: str):
    days = []
    for part in filter(None, (p.strip() for p in (text or "").split(","))):
        day, _, name = part.partition(":")
        try:
            days.append((dt.date.fromisoformat(day), name))
        except ValueError:
            raise CommandError(f"{option}：“{part}”应为 YYYY-MM-DD:名称") from None
    return days


class Command(BaseCommand):
    help = "录入一个省某一年的节假日和调休上班日（日历包尚未覆盖的年度）"

    def add_arguments(self, parser):
        parser.add_argument("province")
        parser.add_argument("year", type=int)
        parser.add_argument("--source", required=True, help="国务院办公厅通知文号")
        parser.add_argument("--holidays", default="", help="放假日，逗号分隔：YYYY-MM-DD:名称")
        parser.add_argument("--workdays", default="", help="调休上班日，逗号分隔：YYYY-MM-DD:名称")

    def handle(self, *args, **options):
        province = Province.objects.exclude(schema_name="public").filter(code=options["province"].lower()).first()
        if province is None:
            raise CommandError(f"未知的省份“{options['province']}”")
        with schema_context(province.schema_name):
            try:
                entered = calendar_year_enter(actor=Actor.system("calendar_year_enter"), year=options["year"],
                                              source=options["source"], holidays=_days(options["holidays"], "--holidays"),
                                              workdays=_days(options["workdays"], "--workdays"))
            except ValidationError as error:
                raise CommandError("；".join(f"{k}：{'；'.join(v)}" for k, v in error.message_dict.items())) from None
        self.stdout.write(f"{province.name}：已录入{entered.year}年工作日历（{entered.source}）")
