from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import schema_context

from audit.services import audit_record
from imports.exporters import FORMATS, registry_export
from imports.templates import SHEETS, template_workbook

from ._province import province_and_rules


class Command(BaseCommand):
    help = ("Export a province's organizations, Party organizations or members in the import layout "
            "(.xlsx or .csv, from the file's extension), or with --template the empty import template.")

    def add_arguments(self, parser):
        parser.add_argument("province", help="pinyin code of the province, e.g. jilin")
        parser.add_argument("kind", choices=sorted(SHEETS))
        parser.add_argument("file", help="path to write, ending in .xlsx or .csv")
        parser.add_argument("--unmasked", action="store_true", help="members' ID numbers and phones in clear (logged)")
        parser.add_argument("--reason", default="", help="why the export is unmasked (required with --unmasked; logged)")
        parser.add_argument("--template", action="store_true", help="write the empty Chinese template (.xlsx) instead")

    def handle(self, *args, province, kind, file, unmasked, template, reason="", **options):
        path = Path(file)
        reason = (reason or "").strip()
        if unmasked and len(reason) < 5:
            raise CommandError("--unmasked 须以 --reason 写明导出完整个人信息的理由（至少5个字），理由记入审计日志")
        fmt = path.suffix.lower().lstrip(".")
        if template:
            if fmt != "xlsx":
                raise CommandError("模板为.xlsx文件，请以.xlsx结尾")
            path.write_bytes(template_workbook(kind))
            self.stdout.write(f"已写入{SHEETS[kind].title}导入模板：{path}")
            return
        if fmt not in FORMATS:
            raise CommandError(f"文件应以.xlsx或.csv结尾：{file}")
        province, _ = province_and_rules(province)
        with schema_context(province.schema_name):
            content = registry_export(kind=kind, fmt=fmt, unmasked=unmasked)
            audit_record(action="export", actor="manage.py export_registry", object_type=kind,
                         changes={"format": fmt, "unmasked": unmasked, "file": path.name,
                                  **({"reason": reason} if unmasked else {})})
        path.write_bytes(content)
        self.stdout.write(f"已导出{province.name}{SHEETS[kind].title}：{path}（{len(content)}字节）")
