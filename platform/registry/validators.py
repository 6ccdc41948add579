"""Validators of the national codes the registry holds.

- 统一社会信用代码 (USCC), GB 32100-2015: 18 characters from a 31-character alphabet,
  the last one a check character (weights 3^i mod 31).
- 公民身份号码 (ID number), GB 11643-1999: 17 digits and a check character (ISO 7064 MOD 11-2),
  with the birth date at positions 7-14 and the sex in position 17 (odd: male).
"""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# Registration authority 5 = civil affairs (民政); its kinds per GB 32100 table 2.
CIVIL_AFFAIRS_KINDS = {"1": "social_group", "2": "private_non_enterprise", "3": "foundation", "9": "other"}

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def uscc_check_character(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def validate_uscc(value: str) -> str:
    """Return the normalized code, or raise ValidationError saying what is wrong (in Chinese)."""
    code = (value or "").strip().upper()
    if len(code) != 18:
        raise ValidationError(f"统一社会信用代码应为18位，实际为{len(code)}位", code="uscc_length")
    bad = [c for c in code if c not in USCC_ALPHABET]
    if bad:
        raise ValidationError(f"统一社会信用代码含有不允许的字符“{bad[0]}”（不使用I、O、Z、S、V）", code="uscc_charset")
    if not code[2:8].isdigit():
        raise ValidationError("统一社会信用代码第3-8位应为登记管理机关行政区划码", code="uscc_region")
    expected = uscc_check_character(code[:17])
    if code[17] != expected:
        raise ValidationError(f"统一社会信用代码校验位错误：应为“{expected}”，实际为“{code[17]}”", code="uscc_check")
    return code


def _ascii_digits(text: str) -> bool:
    """Digits 0-9 only: ``str.isdigit`` also takes "²" and "١", which ``int`` cannot read or reads as another digit."""
    return text.isascii() and text.isdigit()


def id_check_character(first17: str) -> str:
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS)) % 11]


def validate_id_number(value: str) -> str:
    """Return the normalized ID number (upper-case X), or raise ValidationError."""
    number = (value or "").strip().upper()
    if len(number) != 18:
        raise ValidationError(f"公民身份号码应为18位，实际为{len(number)}位", code="id_length")
    if not _ascii_digits(number[:17]) or not (_ascii_digits(number[17]) or number[17] == "X"):
        raise ValidationError("公民身份号码前17位应为数字，末位为数字或X", code="id_charset")
    try:
        dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(f"公民身份号码中的出生日期“{number[6:14]}”无效", code="id_birth_date") from None
    expected = id_check_character(number[:17])
    if number[17] != expected:
        raise ValidationError(f"公民身份号码校验位错误：应为“{expected}”，实际为“{number[17]}”", code="id_check")
    return number


def birth_date_from_id(number: str) -> dt.date:
    return dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def gender_from_id(number: str) -> str:
    return "male" if int(number[16]) % 2 else "female"


def validate_phone(value: str) -> str:
    """Mainland mobile (11 digits, starting 1) or a fixed line with area code (e.g. 0431-88886666)."""
    phone = (value or "").strip().replace(" ", "")
    digits = phone.replace("-", "")
    if _ascii_digits(digits) and ((len(digits) == 11 and digits[0] == "1") or (digits[0] == "0" and 10 <= len(digits) <= 12)):
        return phone
    raise ValidationError(f"电话号码“{value}”格式不正确（手机11位，或带区号的固定电话）", code="phone")
