import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from registry.validators import (
    birth_date_from_id, gender_from_id, uscc_check_character, validate_id_number, validate_phone, validate_uscc,
)


@pytest.mark.parametrize("code", [
    "91350100M000100Y43",   # the GB 32100 standard's own example
    "91110000600037341L",   # a real enterprise code
    "51220000MJ00000014",   # a civil-affairs (5) social group (1) of Jilin
])
def test_valid_uscc_is_accepted(code):
    assert validate_uscc(code.lower()) == code


@pytest.mark.parametrize("code, message", [
    ("91350100M000100Y4", "应为18位，实际为17位"),
    ("91350100M000100Y44", "校验位错误：应为“3”，实际为“4”"),
    ("91350100M000100I43", "不允许的字符“I”"),
    ("9135A100M000100Y43", "第3-8位应为登记管理机关行政区划码"),
    ("", "应为18位，实际为0位"),
])
def test_invalid_uscc_says_what_is_wrong(code, message):
    with pytest.raises(ValidationError, match=message):
        validate_uscc(code)


def test_uscc_check_character_matches_the_standard_example():
    assert uscc_check_character("91350100M000100Y4") == "3"


def test_valid_id_number_and_what_it_tells():
    number = validate_id_number("11010519491231002x")
    assert number == "11010519491231002X"
    assert birth_date_from_id(number) == dt.date(1949, 12, 31)
    assert gender_from_id(number) == "female"  # 17th digit 2 is even


@pytest.mark.parametrize("number, message", [
    ("110105194912310021", "校验位错误：应为“X”，实际为“1”"),
    ("11010519491331002X", "出生日期“19491331”无效"),
    ("1101051949123100", "应为18位"),
    ("11010519491231002Y", "末位为数字或X"),
])
def test_invalid_id_number_says_what_is_wrong(number, message):
    with pytest.raises(ValidationError, match=message):
        validate_id_number(number)


@pytest.mark.parametrize("phone", ["13812345678", "0431-88886666", "043188886666"])
def test_valid_phone(phone):
    assert validate_phone(phone) == phone


@pytest.mark.parametrize("phone", ["1381234567", "23812345678", "abc"])
def test_invalid_phone(phone):
    with pytest.raises(ValidationError, match="格式不正确"):
        validate_phone(phone)


@pytest.mark.parametrize("number", ["22010219900101123²", "２２０１０２１９９００１０１１２３４", "٢٢٠١٠٢١٩٩٠٠١٠١١٢٣٤"])
def test_digits_of_other_scripts_are_not_id_digits(number):
    """str.isdigit takes "²" and Arabic-Indic digits; int() then fails or reads them as 0-9."""
    with pytest.raises(ValidationError):
        validate_id_number(number)


@pytest.mark.parametrize("phone", ["١٣٨١٢٣٤٥٦٧٨", "1381234567²"])
def test_digits_of_other_scripts_are_not_phone_digits(phone):
    with pytest.raises(ValidationError):
        validate_phone(phone)
