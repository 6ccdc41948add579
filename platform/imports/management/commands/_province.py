"""The province a command works on: its schema and its rules."""
from django.core.management.base import CommandError


def province_and_rules(code: str):
    from province_rules.registry import rules_for
    from tenants.models import Province

    province = Province.objects.filter(code=code.strip().lower()).exclude(schema_name="public").first()
    if province is None:
        raise CommandError(f"未知的省份“{code}”（请使用已开通省份的拼音代码，如 jilin）")
    return province, rules_for(province.rules_key)
