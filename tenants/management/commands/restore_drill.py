"""restore_drill <code> [--keep]: back the province up, restore the file beside it as
<code>-drill, print the time taken, the row counts compared and the audit chain verified,
then remove the copy (unless --keep)."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tenants.backups.services import BackupError, restore_drill

from ._backups import report_restore


class Command(BaseCommand):
    help = "恢复演练：备份一个省，以 <代码>-drill 恢复，比对各表行数、校验审计日志链，报告用时。"

    def add_arguments(self, parser):
        parser.add_argument("code", help="省份拼音代码，如 jilin")
        parser.add_argument("--keep", action="store_true", help="保留恢复出的副本（默认演练后删除）")
        parser.add_argument("--directory", type=Path, help="保留备份文件的目录（默认演练后删除文件）")

    def handle(self, *args, code, keep=False, directory=None, **options):
        try:
            drill = restore_drill(code=code, keep=keep, directory=directory)
        except BackupError as error:
            raise CommandError(str(error)) from None
        backup = drill.backup
        self.stdout.write(f"backup:   {backup.bytes / 1024 / 1024:.2f} MiB in {backup.seconds:.1f} s")
        self.stdout.write(f"restore:  {drill.restore.seconds:.1f} s (as {drill.restore.province.code})")
        self.stdout.write(f"total:    {drill.seconds:.1f} s")
        ok = report_restore(self, drill.restore)
        audit_entries = backup.manifest["audit"]["entries"]
        if drill.restore.audit_checked != audit_entries:
            self.stdout.write(f"audit:    {drill.restore.audit_checked} entries restored, {audit_entries} backed up")
        self.stdout.write(f"copy:     {'kept as ' + drill.restore.province.code if keep else 'removed'}")
        if not drill.ok or not ok:
            raise CommandError("恢复演练失败：恢复后的数据与备份不一致（见上）")
        self.stdout.write(self.style.SUCCESS("drill: OK"))
