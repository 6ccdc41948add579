from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import schema_context

from accounts.actors import Actor
from audit.services import audit_record
from imports.services import registry_import
from imports.templates import SHEETS

from ._province import province_and_rules


class Command(BaseCommand):
    help = "Import organizations, Party organizations or members from an .xlsx or .csv into one province."

    def add_arguments(self, parser):
        parser.add_argument("province", help="pinyin code of the province, e.g. jilin")
        parser.add_argument("kind", choices=sorted(SHEETS))
        parser.add_argument("file", help="path of the .xlsx or .csv")
        parser.add_argument("--partial", action="store_true", help="write the valid rows even if some rows are wrong")

    def handle(self, *args, province, kind, file, partial, **options):
        province, rules = province_and_rules(province)
        try:
            with schema_context(province.schema_name):
                actor = Actor.system(f"manage.py import_registry {kind}")
                result = registry_import(actor=actor, rules=rules, kind=kind, path=file, partial=partial)
                audit_record(action="import", actor=actor, object_type=kind, success=result.ok,
                             changes={"file": result.filename, "partial": partial, "refused": result.refused,
                                      "created": result.created, "updated": result.updated,
                                      "unchanged": result.unchanged, "errors": len(result.errors)})
        except FileNotFoundError as error:
            raise CommandError(f"找不到文件：{file}") from error
        for error in result.errors:
            self.stderr.write(str(error))
        for warning in result.warnings:
            self.stdout.write(self.style.WARNING(str(warning)))
        self.stdout.write(f"{province.name}：{result.summary()}（用时{result.seconds:.1f}秒）")
        if not result.ok:
            raise CommandError("导入有错误，见上")
