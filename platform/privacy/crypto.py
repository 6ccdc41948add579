"""Encryption at rest of personal data (ID numbers, phone numbers) with AES-256-GCM.

Keys come from the environment:
- ``FIELD_ENCRYPTION_KEYS``: comma-separated ``<key id>:<base64 32-byte key>``; the first one
  encrypts, every one listed decrypts. Rotation: put a new key first, keep the old ones,
  run ``manage.py reencrypt_personal_data``, then drop the old key.
- ``FIELD_HASH_KEY``: base64 key of the keyed hash (HMAC-SHA256) used to look a value up
  (e.g. a member by ID number) without decrypting. Changing it needs a re-hash.

Stored form: ``<key id>$<base64(nonce || ciphertext+tag)>``; for bytes (a job's uploaded or
exported file, ``encrypt_bytes``): ``<key id>$`` followed by the raw nonce and ciphertext.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class DecryptionError(ValueError):
    pass


@lru_cache(maxsize=8)
def _parse_keys(spec: str) -> tuple[tuple[str, bytes], ...]:
    keys = []
    for part in filter(None, (p.strip() for p in spec.split(","))):
        key_id, _, encoded = part.partition(":")
        key = base64.b64decode(encoded)
        if not key_id or len(key) != 32:
            raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS: each entry is <id>:<base64 of 32 bytes>")
        keys.append((key_id, key))
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty")
    return tuple(keys)


def _keys() -> tuple[tuple[str, bytes], ...]:
    return _parse_keys(settings.FIELD_ENCRYPTION_KEYS)


def encrypt(plaintext: str) -> str:
    key_id, key = _keys()[0]
    nonce = os.urandom(12)
    sealed = AESGCM(key).encrypt(nonce, plaintext.encode("utf-8"), key_id.encode())
    return f"{key_id}${base64.b64encode(nonce + sealed).decode()}"


def decrypt(token: str) -> str:
    key_id, _, payload = token.partition("$")
    key = dict(_keys()).get(key_id)
    if key is None:
        raise DecryptionError(f"no key with id {key_id!r} in FIELD_ENCRYPTION_KEYS")
    raw = base64.b64decode(payload)
    try:
        return AESGCM(key).decrypt(raw[:12], raw[12:], key_id.encode()).decode("utf-8")
    except Exception as error:
        raise DecryptionError("ciphertext does not verify") from error


def encrypt_bytes(data: bytes) -> bytes:
    key_id, key = _keys()[0]
    nonce = os.urandom(12)
    return key_id.encode() + b"$" + nonce + AESGCM(key).encrypt(nonce, bytes(data), key_id.encode())


def decrypt_bytes(sealed: bytes) -> bytes:
    sealed = bytes(sealed)
    key_id, separator, raw = sealed.partition(b"$")
    key = dict(_keys()).get(key_id.decode("ascii", "replace")) if separator else None
    if key is None:
        raise DecryptionError("no key for this ciphertext in FIELD_ENCRYPTION_KEYS")
    try:
        return AESGCM(key).decrypt(raw[:12], raw[12:], key_id)
    except Exception as error:
        raise DecryptionError("ciphertext does not verify") from error


def current_key_id() -> str:
    return _keys()[0][0]


def keyed_digest(value: str) -> str:
    """A stable, keyed hash for equality lookups (hex, 64 characters)."""
    key = base64.b64decode(settings.FIELD_HASH_KEY)
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()

