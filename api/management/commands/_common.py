"""Schema selection shared by the token commands: a province's schema, or public for --national."""
from django.core.management.base import CommandError
from django_tenants.utils import get_public_schema_name

from tenants.models import Province


def schema_for(province_code: str | None, national: bool) -> tuple[str, str]:
    """(schema name, label) of the tokens' home."""
    if national:
        return get_public_schema_name(), "全国"
    province = Province.objects.exclude(schema_name=get_public_schema_name()).filter(code=(province_code or "").lower()).first()
    if province is None:
        codes = "、".join(Province.objects.exclude(schema_name=get_public_schema_name()).values_list("code", flat=True))
        raise CommandError(f"没有省份“{province_code}”（已有：{codes or '无'}）")
    return province.schema_name, province.name


def split_positionals(values: list[str], national: bool) -> tuple[str | None, str]:
    """``<province> <name>``, or ``<name>`` alone (also ``national <name>``) with --national."""
    if national:
        if len(values) == 1:
            return None, values[0]
        if len(values) == 2 and values[0].lower() in ("national", "public"):
            return None, values[1]
        raise CommandError("--national 时只需给出令牌名称：issue_api_token --national <名称>")
    if len(values) != 2:
        raise CommandError("用法：<省份> <名称>，如 jilin warehouse")
    return values[0], values[1]
