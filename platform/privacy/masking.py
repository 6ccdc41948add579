"""How personal data is shown: masked, first 3 and last 4 characters kept."""
import re

# A run that may be an ID number (18 characters, the last possibly X; also the old 15 digits
# and near-misses of 14 to 19 characters: a number with a typo is still someone's number) or
# a mobile phone number, standing alone (not inside a longer code).
_ID_NUMBER_LIKE = re.compile(r"(?<![0-9A-Za-z])\d{13,18}[0-9Xx](?![0-9A-Za-z])")
_MOBILE_LIKE = re.compile(r"(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])")


def mask_id_number(value: str | None) -> str:
    if not value:
        return ""
    return value[:3] + "*" * max(len(value) - 7, 0) + value[-4:]


def mask_phone(value: str | None) -> str:
    if not value:
        return ""
    return value[:3] + "*" * max(len(value) - 7, 0) + value[-4:]


def mask_personal_numbers(text: str) -> str:
    """``text`` with every ID-number-like and mobile-number-like run masked: what goes into an
    error message, an import report or a job's error, which may quote a cell of the file."""
    if not text:
        return text
    text = _ID_NUMBER_LIKE.sub(lambda match: mask_id_number(match.group()), text)
    return _MOBILE_LIKE.sub(lambda match: mask_phone(match.group()), text)
