"""The province a command works on: its schema and its rules."""
from django.core.management.base import CommandError


def province_and_rules(code: str):
    import clock
    from tenants.models import Province
    from tenants.selectors import province_rules_at

    province = Province.objects.filter(code=code.strip().lower()).exclude(schema_name="public").first()
    if province is None:
        raise CommandError(f"未知的省份“{code}”（请使用已开通省份的拼音代码，如 jilin）")
    return province, province_rules_at(province, clock.today())
