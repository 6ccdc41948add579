"""Messages never hold a full ID or phone number (privacy.masking.mask_personal_numbers)."""
from imports.results import RowError
from privacy.masking import mask_personal_numbers
from tests.registry.factories import make_id_number


def test_id_and_mobile_numbers_in_a_message_are_masked():
    id_number = make_id_number()
    text = mask_personal_numbers(f"“{id_number}”在文件中重复；联系电话13912345678有误；代码51220100MJ00123451")
    assert id_number not in text and f"“{id_number[:3]}{'*' * 11}{id_number[-4:]}”" in text
    assert "139****5678" in text
    assert "51220100MJ00123451" in text  # a USCC is not personal data


def test_near_misses_and_x_check_characters_are_masked_too():
    assert mask_personal_numbers("22010219800101123X") == "220***********123X"
    assert mask_personal_numbers("2201021980010112345") == "220************2345"  # 19 digits: a typo
    assert mask_personal_numbers("第12行共20行") == "第12行共20行"


def test_an_import_error_is_masked_as_it_is_made():
    id_number = make_id_number()
    error = RowError(12, "公民身份号码", f"“{id_number}”在文件中重复（与第3行相同）")
    assert id_number not in error.message and id_number not in str(error) and id_number not in str(error.to_dict())
    assert f"{id_number[:3]}***********{id_number[-4:]}" in str(error)
