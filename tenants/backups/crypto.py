"""Streaming authenticated encryption of backup files (AES-256-GCM, the STREAM construction).

File: ``PBBK1`` | key id length (1 byte) | key id | nonce prefix (7 bytes), then chunks, each
``length (4 bytes, big-endian) | ciphertext+tag``. A chunk's nonce is the prefix, its number
(4 bytes) and a last-chunk flag (1 byte); the header is the associated data of every chunk.
"""
from __future__ import annotations

import os
import struct
from typing import BinaryIO

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

from privacy.crypto import DecryptionError, _parse_keys

MAGIC = b"PBBK1"
CHUNK = 1024 * 1024


def _keys() -> tuple[tuple[str, bytes], ...]:
    return _parse_keys(settings.BACKUP_ENCRYPTION_KEYS)


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    return prefix + struct.pack(">IB", counter, 1 if last else 0)


def encrypt_stream(source: BinaryIO, target: BinaryIO) -> None:
    key_id, key = _keys()[0]
    prefix = os.urandom(7)
    header = MAGIC + bytes([len(key_id)]) + key_id.encode() + prefix
    target.write(header)
    aead = AESGCM(key)
    counter, chunk = 0, source.read(CHUNK)
    while True:
        following = source.read(CHUNK)
        last = not following
        sealed = aead.encrypt(_nonce(prefix, counter, last), chunk, header)
        target.write(struct.pack(">I", len(sealed)) + sealed)
        if last:
            return
        counter, chunk = counter + 1, following


def decrypt_stream(source: BinaryIO, target: BinaryIO) -> None:
    if source.read(len(MAGIC)) != MAGIC:
        raise DecryptionError("不是本平台的备份文件（文件头不符）")
    length = source.read(1)
    key_id = source.read(length[0]).decode() if length else ""
    prefix = source.read(7)
    key = dict(_keys()).get(key_id)
    if key is None:
        raise DecryptionError(f"BACKUP_ENCRYPTION_KEYS 中没有编号为“{key_id}”的密钥，无法解密此备份")
    header = MAGIC + bytes([len(key_id)]) + key_id.encode() + prefix
    aead, counter = AESGCM(key), 0
    while True:
        size = source.read(4)
        if len(size) < 4:
            raise DecryptionError("备份文件不完整（缺少结尾）")
        sealed = source.read(struct.unpack(">I", size)[0])
        last = _at_end(source)
        try:
            target.write(aead.decrypt(_nonce(prefix, counter, last), sealed, header))
        except Exception as error:
            raise DecryptionError("备份文件无法通过校验（已损坏、被改动或密钥不对）") from error
        if last:
            return
        counter += 1


def _at_end(source: BinaryIO) -> bool:
    position = source.tell()
    at_end = source.read(1) == b""
    source.seek(position)
    return at_end
