"""backup_province <code> [--directory DIR]: an encrypted backup of one province (its schema and
its public rows) in BACKUP_DIR; prints the file, its size and the time taken."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tenants.backups.services import BackupError, province_backup


class Command(BaseCommand):
    help = "备份一个省：该省模式的全部数据和公共模式中属于它的行，加密写入 BACKUP_DIR。"

    def add_arguments(self, parser):
        parser.add_argument("code", help="省份拼音代码，如 jilin")
        parser.add_argument("--directory", type=Path, help="备份目录（默认 BACKUP_DIR）")

    def handle(self, *args, code, directory=None, **options):
        try:
            result = province_backup(code=code, directory=directory)
        except BackupError as error:
            raise CommandError(str(error)) from None
        manifest = result.manifest
        self.stdout.write(f"{result.path}")
        self.stderr.write(f"已备份 {manifest['name']}（{result.province}）：{len(manifest['tables'])} 张表、"
                          f"{sum(manifest['tables'].values())} 行，审计日志 {manifest['audit']['entries']} 条；"
                          f"{result.bytes / 1024 / 1024:.1f} MiB，用时 {result.seconds:.1f} 秒")
