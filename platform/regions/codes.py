"""GB/T 2260 administrative division codes: six digits, two for each level
(province 22 0000, city 2201 00, county 220102)."""
from __future__ import annotations

import re

_CODE = re.compile(r"\d{6}")


def code_prefix(code: str) -> str:
    """The digits shared by ``code`` and every region below it: 220000 covers 22xxxx,
    220100 covers 2201xx, a county 220102 only itself. Filter with ``code__startswith``.

    Raises ValueError for anything but six digits: an empty or partial prefix would cover
    more than the region it was taken from."""
    code = str(code).strip()
    if not _CODE.fullmatch(code):
        raise ValueError(f"“{code}”不是六位行政区划代码（GB/T 2260）")
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


def code_level(code: str) -> str:
    """"province", "city" or "county" for a six-digit code (by ``code_prefix``); "" otherwise."""
    try:
        return {2: "province", 4: "city", 6: "county"}[len(code_prefix(code))]
    except ValueError:
        return ""
