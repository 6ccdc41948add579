"""``manage.py generate_demo jilin --size S [--seed 1] [--if-empty] [--snapshots 12]``: demo data for one province."""
import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import schema_context

import clock
from demo.generator import SIZES, demo_generate
from indicators.services import snapshot_take
from registry.models import SocialOrganization
from tenants.models import Province
from tenants.selectors import province_rules_at


def month_starts(today: dt.date, count: int) -> list[dt.date]:
    """The first days of the ``count`` months before ``today``'s, oldest first."""
    days, year, month = [], today.year, today.month
    for _ in range(count):
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        days.append(dt.date(year, month, 1))
    return days[::-1]


class Command(BaseCommand):
    help = ("Generate realistic, deterministic demo data (organizations, Party organizations, members, a year of "
            "activity) in a province, and indicator snapshots so that the time series has points.")

    def add_arguments(self, parser):
        parser.add_argument("province", help="the province's code, e.g. jilin")
        parser.add_argument("--size", choices=list(SIZES), default="tiny",
                            help=", ".join(f"{name}: {count:,} organizations" for name, count in SIZES.items()))
        parser.add_argument("--seed", type=int, default=1, help="the same seed and size give the same data (default 1)")
        parser.add_argument("--if-empty", action="store_true", help="do nothing when the province already has organizations")
        parser.add_argument("--snapshots", type=int, default=12,
                            help="indicator snapshots of the first day of the last N months and of today, computed "
                                 "from the registry's dates (default 12; 0: today's only)")

    def handle(self, *args, province, size, seed, if_empty, snapshots, **options):
        found = Province.objects.filter(code=province.strip().lower()).first()
        if found is None:
            raise CommandError(f"省份“{province}”尚未开通，请先运行 provision_province {province}")
        with schema_context(found.schema_name):
            existing = SocialOrganization.objects.count()
            if existing and if_empty:
                self.stdout.write(f"{found.name}已有{existing:,}个社会组织，未生成演示数据（--if-empty）")
                return
            today = clock.today()
            counts = demo_generate(rules=province_rules_at(found, today), size=size, seed=seed, as_of=today)
            from processes.demo import processes_demo

            cases = processes_demo(rules=province_rules_at(found, today), as_of=today, seed=seed)
            for day in month_starts(today, max(snapshots, 0)) + [today]:
                snapshot_take(rules=province_rules_at(found, day), as_of=day)
        self.stdout.write(self.style.SUCCESS(
            f"{found.name}：生成演示数据 {size}（种子 {seed}），{counts['seconds']} 秒：社会组织 {counts['organizations']:,}，"
            f"党组织 {counts['party_organizations']:,}，党员 {counts['members']:,}，活动 {counts['activities']:,}，"
            f"出席记录 {counts['attendance']:,}；指标快照 {max(snapshots, 0) + 1} 期"
            + (f"；办理事项 {sum(cases.values()):,} 件" if cases else "")))
