"""Valid codes and registry rows for tests, built through the services (no fixtures by hand)."""
from __future__ import annotations

import itertools

from registry.validators import id_check_character, uscc_check_character

_serial = itertools.count(1)


def make_uscc(region_code: str = "220100", kind_digit: str = "1", serial: int | None = None) -> str:
    serial = next(_serial) if serial is None else serial
    first17 = f"5{kind_digit}{region_code}MJ{serial:07d}"
    return first17 + uscc_check_character(first17)


def make_id_number(region_code: str = "220102", birth: str = "19800101", serial: int | None = None, male: bool = True) -> str:
    serial = next(_serial) if serial is None else serial
    sequence = f"{serial % 100:02d}{(1 if male else 2) + 2 * (serial % 4)}"
    first17 = f"{region_code}{birth}{sequence}"
    return first17 + id_check_character(first17)


def org_data(**overrides) -> dict:
    data = {
        "uscc": make_uscc(), "name": f"长春市测试协会{next(_serial)}", "kind": "social_group",
        "registration_level": "city", "region_code": "220100", "employees": 10,
    }
    data.update(overrides)
    return data
