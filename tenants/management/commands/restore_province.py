"""restore_province <file> [--as CODE]: restore a province's backup into this database (a fresh
one: the public schema is migrated first), or beside the live province under another code for
a drill. Never overwrites a province that exists. Prints the row counts compared and the audit
chain verified."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from privacy.crypto import DecryptionError
from tenants.backups.services import BackupError, province_restore

from ._backups import report_restore


class Command(BaseCommand):
    help = "从备份文件恢复一个省（到新的数据库，或用 --as 以另一名称恢复到当前数据库用于演练）。"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="backup_province 写出的 .pbbackup 文件")
        parser.add_argument("--as", dest="as_code", help="以另一代码恢复（如 jilin-drill），与现有省份并存")

    def handle(self, *args, file, as_code=None, **options):
        if not file.is_file():
            raise CommandError(f"找不到备份文件 {file}")
        try:
            result = province_restore(path=file, as_code=as_code)
        except (BackupError, DecryptionError) as error:
            raise CommandError(str(error)) from None
        ok = report_restore(self, result)
        if not ok:
            raise CommandError("恢复后的数据与备份不一致（见上）")
