"""Writes of regions."""
import csv
from pathlib import Path

from .models import Region

REGIONS_CSV = Path(__file__).resolve().parents[2] / "tenants" / "data" / "regions.csv"


def regions_load_for_province(*, province_code: str, province_name: str) -> int:
    """Create the province and its prefecture-level cities in the current schema.

    Idempotent: regions that exist are left as they are. Returns how many were created.
    Counties are not shipped (regions.csv lists none): a province adds them from its own data.
    """
    created = 0
    province, was_created = Region.objects.get_or_create(
        code=province_code, defaults={"name": province_name, "level": Region.Level.PROVINCE}
    )
    created += was_created
    with REGIONS_CSV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["level"] != "city" or row["parent_code"] != province_code:
                continue
            _, was_created = Region.objects.get_or_create(
                code=row["code"], defaults={"name": row["name"], "level": Region.Level.CITY, "parent": province}
            )
            created += was_created
    return created


def region_create(*, code: str, name: str, parent: Region) -> Region:
    """Add a region below ``parent`` (a city below the province, a county below a city)."""
    from django.core.exceptions import ValidationError

    level = {Region.Level.PROVINCE: Region.Level.CITY, Region.Level.CITY: Region.Level.COUNTY}.get(parent.level)
    if level is None:
        raise ValidationError({"parent": f"{parent.name}是县级，不能再设下级区划"})
    if not (len(code) == 6 and code.isascii() and code.isdigit() and code.startswith(parent.code_prefix) and code != parent.code):
        raise ValidationError({"code": f"区划代码“{code}”不属于{parent.name}（{parent.code}）"})
    return Region.objects.create(code=code, name=name, level=level, parent=parent)
