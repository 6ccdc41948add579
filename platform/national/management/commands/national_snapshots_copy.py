"""Copy the provinces' indicator snapshots into the public schema now (also every 6 h by beat).

``--take`` first takes today's snapshot in every province; ``--full`` re-copies every day;
``--async`` queues the Celery task instead of running here."""
from django.core.management.base import BaseCommand

from national.services import national_snapshots_copy, province_snapshots_take


class Command(BaseCommand):
    help = "把各省指标快照（仅汇总数）复制到全国汇总"

    def add_arguments(self, parser):
        parser.add_argument("--take", action="store_true", help="先在各省生成今天的快照")
        parser.add_argument("--full", action="store_true", help="复制全部日期（默认只复制最近复制日以来的）")
        parser.add_argument("--async", action="store_true", dest="queue", help="交给 Celery 执行")

    def handle(self, *args, **options):
        if options["queue"]:
            from national.tasks import snapshots_copy

            result = snapshots_copy.delay(take=options["take"], full=options["full"])
            self.stdout.write(f"已排队：{result.id}")
            return
        if options["take"]:
            for code, rows in province_snapshots_take().items():
                self.stdout.write(f"{code}: 生成快照 {rows} 行")
        for code, rows in national_snapshots_copy(full=options["full"]).items():
            self.stdout.write(f"{code}: 复制 {rows} 行")
