"""Evidence documents of cases: checked by content, size-limited, stored encrypted outside
the web root, read back only through a case the reader may see.

- Accepted: PDF, JPEG, PNG, DOCX, XLSX, recognised by their bytes (``filetype``; the two
  Office formats also by their package parts), never by the name or the declared type: a
  renamed executable or an HTML page is refused.
- At most ``settings.DOCUMENT_MAX_BYTES`` (default 20 MiB).
- Stored under ``settings.DOCUMENTS_ROOT/<schema>/`` (default ``.data/documents``, outside
  the static and media roots; nothing serves that folder), sealed with the personal-data key
  (``privacy.crypto.encrypt_bytes``), under a random name.
"""
from __future__ import annotations

import hashlib
import io
import secrets
import zipfile
from dataclasses import dataclass
from pathlib import Path

import filetype
from django.conf import settings
from django.db import connection

from privacy.crypto import decrypt_bytes, encrypt_bytes

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ACCEPTED = {
    "application/pdf": ("PDF", "pdf"),
    "image/jpeg": ("JPEG", "jpg"),
    "image/png": ("PNG", "png"),
    DOCX: ("DOCX", "docx"),
    XLSX: ("XLSX", "xlsx"),
}
ACCEPTED_NAMES = "PDF、JPEG、PNG、DOCX、XLSX"
# The part each Office package must hold.
_OFFICE_PARTS = {DOCX: "word/document.xml", XLSX: "xl/workbook.xml"}


class DocumentRefused(ValueError):
    pass


@dataclass(frozen=True)
class CheckedDocument:
    content: bytes
    content_type: str
    size: int
    sha256: str
    name: str


def max_bytes() -> int:
    return int(getattr(settings, "DOCUMENT_MAX_BYTES", 20 * 1024 * 1024))


def _office_type(content: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    for content_type, part in _OFFICE_PARTS.items():
        if part in names:
            return content_type
    return None


def document_check(uploaded) -> CheckedDocument:
    """Read and check an uploaded file (a Django ``UploadedFile``); ``DocumentRefused`` says why."""
    limit = max_bytes()
    if uploaded is None:
        raise DocumentRefused("请选择要上传的文件")
    if uploaded.size is not None and uploaded.size > limit:
        raise DocumentRefused(f"文件大小{uploaded.size / 1048576:.1f} MiB，超过上限{limit / 1048576:.0f} MiB")
    content = uploaded.read(limit + 1)
    if len(content) > limit:
        raise DocumentRefused(f"文件超过上限{limit / 1048576:.0f} MiB")
    if not content:
        raise DocumentRefused("文件为空")
    guessed = filetype.guess(content)
    content_type = guessed.mime if guessed is not None else None
    if content_type == "application/zip" or content_type in _OFFICE_PARTS:
        content_type = _office_type(content)
    if content_type not in ACCEPTED:
        found = f"（识别为{guessed.mime}）" if guessed is not None and content_type is None else ""
        raise DocumentRefused(f"只接受{ACCEPTED_NAMES}文件，按内容识别，此文件不是其中之一{found}")
    name = Path(str(uploaded.name or "")).name[:200] or f"材料.{ACCEPTED[content_type][1]}"
    return CheckedDocument(content=content, content_type=content_type, size=len(content),
                           sha256=hashlib.sha256(content).hexdigest(), name=name)


def _folder() -> Path:
    root = Path(getattr(settings, "DOCUMENTS_ROOT"))
    folder = root / connection.schema_name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def document_store(checked: CheckedDocument) -> str:
    """Write the sealed content; return its storage name."""
    storage_name = secrets.token_hex(20)
    (_folder() / storage_name).write_bytes(encrypt_bytes(checked.content))
    return storage_name


def document_remove(storage_name: str) -> None:
    (_folder() / storage_name).unlink(missing_ok=True)


def document_read(storage_name: str) -> bytes:
    return decrypt_bytes((_folder() / storage_name).read_bytes())
