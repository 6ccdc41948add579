"""Provisioning of provinces: schema, domain, regions and a first administrator."""
import csv
import secrets
import string
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django_tenants.utils import get_public_schema_name, schema_context

from province_rules.registry import registered_codes

from .models import Domain, Province

PROVINCES_CSV = Path(__file__).resolve().parent / "data" / "provinces.csv"


class UnknownProvince(ValueError):
    pass


@dataclass(frozen=True)
class ProvinceInfo:
    code: str
    region_code: str
    name: str


@dataclass(frozen=True)
class FirstLogin:
    """An administrator created at provisioning, with its one-time password (shown once)."""

    username: str
    role_label: str
    password: str


@dataclass
class ProvisionResult:
    province: Province
    created: bool
    admin_username: str | None = None
    admin_password: str | None = None  # shown once, never stored in clear
    # The system administrator's, then the security and audit administrators' (separation of
    # duties: the one creates users, the second grants roles, the third reads the audit log).
    logins: tuple[FirstLogin, ...] = ()


# The administrators beside the system administrator a new province starts with, so that
# roles can be assigned in the interface from the first day.
FIRST_ADMINISTRATORS = (("secadmin", "security_admin"), ("auditadmin", "audit_admin"))


def province_catalogue() -> dict[str, ProvinceInfo]:
    """Every province-level division (GB/T 2260), keyed by its pinyin code."""
    with PROVINCES_CSV.open(encoding="utf-8") as handle:
        return {row["code"]: ProvinceInfo(**row) for row in csv.DictReader(handle)}


def province_info_lookup(code_or_region: str) -> ProvinceInfo:
    """Accepts a pinyin code (``hubei``) or a GB/T 2260 code (``420000``)."""
    catalogue = province_catalogue()
    key = code_or_region.strip().lower()
    if key in catalogue:
        return catalogue[key]
    for info in catalogue.values():
        if info.region_code == key:
            return info
    raise UnknownProvince(f"未知的省份代码：{code_or_region}（请使用拼音代码如 hubei，或行政区划代码如 420000）")


def province_domain(code: str) -> str:
    return f"{code}.{settings.BASE_DOMAIN}"


def public_tenant_ensure() -> Province:
    """The public schema's own tenant row, which serves the national domain."""
    with schema_context(get_public_schema_name()):
        public, _ = Province.objects.get_or_create(
            schema_name=get_public_schema_name(),
            defaults={"code": "national", "name": "全国", "region_code": "000000", "rules_key": "national"},
        )
        Domain.objects.get_or_create(domain=settings.BASE_DOMAIN, defaults={"tenant": public, "is_primary": True})
    return public


def _one_time_password() -> str:
    alphabet = string.ascii_letters + string.digits
    while True:
        candidate = "".join(secrets.choice(alphabet) for _ in range(14)) + secrets.choice("!@#%*") + secrets.choice(string.digits)
        if any(c.islower() for c in candidate) and any(c.isupper() for c in candidate):
            return candidate


def province_provision(*, code: str) -> ProvisionResult:
    """Create a province's schema, domain, regions and first administrator.

    Running it again for a province that exists changes nothing (``created`` is False).
    A province without a rule module of its own gets the national baseline rules.
    """
    info = province_info_lookup(code)
    public_tenant_ensure()
    existing = Province.objects.filter(code=info.code).first()
    if existing is not None and existing.schema_name and _schema_ready(existing):
        return ProvisionResult(province=existing, created=False)

    rules_key = info.code if info.code in registered_codes() else "national"
    with transaction.atomic():
        province, _ = Province.objects.get_or_create(
            code=info.code,
            defaults={"schema_name": info.code, "name": info.name, "region_code": info.region_code, "rules_key": rules_key},
        )
        Domain.objects.get_or_create(domain=province_domain(info.code), defaults={"tenant": province, "is_primary": True})
    # Creates the schema and migrates it (django-tenants); outside the transaction above
    # because migrations manage their own.
    province.create_schema(check_if_exists=True, verbosity=0)

    from regions.services import regions_load_for_province

    username = "admin"
    password = _one_time_password()
    with schema_context(province.schema_name), transaction.atomic():
        regions_load_for_province(province_code=info.region_code, province_name=info.name)
        _first_admin_create(username=username, password=password)
        logins = (FirstLogin(username, "系统管理员", password), *_first_administrators_create())
    return ProvisionResult(province=province, created=True, admin_username=username, admin_password=password,
                           logins=logins)


def _first_administrators_create() -> list[FirstLogin]:
    """The security and audit administrators, each with a one-time password to change at the
    first login (``accounts.services``: created and granted by the command line, audited)."""
    from django.contrib.auth import get_user_model

    from accounts.models import Role
    from accounts.services import role_assign, user_create

    created = []
    for username, role in FIRST_ADMINISTRATORS:
        if get_user_model().objects.filter(username=username).exists():
            continue
        user, password = user_create(actor=None, username=username)
        role_assign(actor=None, user=user, role=role)
        created.append(FirstLogin(username, str(Role(role).label), password))
    return created


def _first_admin_create(*, username: str, password: str) -> None:
    from django.contrib.auth import get_user_model

    User = get_user_model()
    if not User.objects.filter(username=username).exists():
        User.objects.create_superuser(username=username, password=password, email="")


def _schema_ready(province: Province) -> bool:
    """The schema exists and holds the migrated tables (provisioning finished)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = %s AND table_name = 'regions_region'",
            [province.schema_name],
        )
        if cursor.fetchone() is None:
            return False
    with schema_context(province.schema_name):
        from regions.models import Region

        return Region.objects.filter(code=province.region_code).exists()
