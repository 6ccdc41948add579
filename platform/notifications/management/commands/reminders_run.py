"""Run the reminders pass of a province now: ``reminders_run jilin [--as-of 2026-11-02]``."""
import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import schema_context

import clock
from tenants.models import Province
from tenants.selectors import province_rules_at

from notifications.reminders import KIND_NAMES, KINDS, reminders_run


class Command(BaseCommand):
    help = "立即运行一个省的提醒（每个对象、事由、期次只提醒一次），按类别打印新发提醒数"

    def add_arguments(self, parser):
        parser.add_argument("province")
        parser.add_argument("--as-of", help="按哪一天运行（YYYY-MM-DD，默认今天）")

    def handle(self, *args, **options):
        province = Province.objects.exclude(schema_name="public").filter(code=options["province"].strip().lower()).first()
        if province is None:
            raise CommandError(f"未知的省份“{options['province']}”（请使用已开通省份的拼音代码，如 jilin）")
        try:
            as_of = dt.date.fromisoformat(options["as_of"]) if options["as_of"] else clock.today()
        except ValueError:
            raise CommandError("--as-of 应为日期 YYYY-MM-DD") from None
        with schema_context(province.schema_name):
            counts = reminders_run(rules=province_rules_at(province, as_of), as_of=as_of)
        self.stdout.write(f"{province.name} {as_of.isoformat()} 新发提醒：")
        for kind in KINDS:
            self.stdout.write(f"  {kind:<24}{KIND_NAMES[kind]:<8}{counts[kind]}")
        self.stdout.write(f"  {'total':<24}{'合计':<8}{sum(counts.values())}")
