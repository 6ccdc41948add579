import base64

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from privacy import crypto
from privacy.masking import mask_id_number, mask_phone
from registry.actions import member_upsert
from tests.registry.factories import make_id_number
from tests.helpers import SYSTEM, rules_here


def test_encrypt_then_decrypt_gives_back_the_value():
    token = crypto.encrypt("11010519491231002X")
    assert "11010519491231002X" not in token
    assert crypto.decrypt(token) == "11010519491231002X"


def test_each_encryption_uses_a_fresh_nonce():
    assert crypto.encrypt("13812345678") != crypto.encrypt("13812345678")


def test_a_tampered_ciphertext_is_refused():
    key_id, _, payload = crypto.encrypt("13812345678").partition("$")
    raw = bytearray(base64.b64decode(payload))
    raw[-1] ^= 1
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(f"{key_id}${base64.b64encode(bytes(raw)).decode()}")


def test_rotation_old_values_still_decrypt_new_ones_use_the_new_key(settings):
    old = crypto.encrypt("13812345678")
    new_key = base64.b64encode(b"n" * 32).decode()
    settings.FIELD_ENCRYPTION_KEYS = f"k2:{new_key},{settings.FIELD_ENCRYPTION_KEYS}"
    assert crypto.decrypt(old) == "13812345678"
    assert crypto.encrypt("13812345678").startswith("k2$")


def test_masks_keep_first_three_and_last_four():
    assert mask_id_number("11010519491231002X") == "110***********002X"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_id_number("") == ""


def test_id_number_and_phone_are_stored_encrypted_in_the_database(jilin):
    number = make_id_number()
    with schema_context("jilin"):
        member, _ = member_upsert(actor=SYSTEM, rules=rules_here(), data={"name": "张三", "id_number": number, "phone": "13812345678"})
        with connection.cursor() as cursor:
            cursor.execute("SELECT id_number, phone, id_number_digest FROM registry_member WHERE id = %s", [member.pk])
            stored_id, stored_phone, digest = cursor.fetchone()
    assert number not in stored_id and "13812345678" not in stored_phone
    assert digest == crypto.keyed_digest(number)
    assert member.id_number_masked == number[:3] + "*" * 11 + number[-4:]


def test_bytes_are_sealed_and_opened():
    from privacy.crypto import DecryptionError, decrypt_bytes, encrypt_bytes

    sealed = encrypt_bytes(b"\x00file content 22010219800101123X")
    assert b"22010219800101123X" not in sealed and sealed.startswith(b"dev1$")
    assert decrypt_bytes(sealed) == b"\x00file content 22010219800101123X"
    with pytest.raises(DecryptionError):
        decrypt_bytes(sealed[:-1] + bytes([sealed[-1] ^ 1]))
