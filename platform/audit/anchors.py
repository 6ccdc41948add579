"""Anchors: the head of each schema's audit chain, signed and written outside the database.

An anchor is one JSON line ``{"schema", "id", "hash", "count", "at", "sig"}`` appended to
``AUDIT_ANCHOR_FILE`` (and logged on the ``audit.anchor`` logger, which a deployment can send
to a log server) by the beat task ``audit.anchor_heads`` every ``AUDIT_ANCHOR_INTERVAL_MINUTES``
and by ``manage.py anchor_audit``. ``sig`` is an HMAC with the audit key (``chain``), so a
line someone adds to the file without the key is refused.

What anchors add to the keyed chain (``services.audit_verify``): the anchored entry must still
be there with the anchored hash, and exactly ``count`` entries up to it. So removing the tail
of the log (entries written before the last anchor), or rewriting the whole chain (even as
plain unkeyed entries), is found. Entries written after the last anchor are protected by the
chain only: the interval is the window in which a tail can be cut unnoticed.

The file must live where the database's administrators cannot write (another host, an
append-only volume, a log server): whoever can rewrite both the table and the anchors, and
holds the key, can rewrite history.
"""
from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context

from . import chain
from .models import AuditEntry

logger = logging.getLogger("audit.anchor")
SIGNED_FIELDS = ("schema", "id", "hash", "count", "at")


def _signed_text(anchor: dict) -> str:
    return "audit-anchor\n" + chain.canonical({name: anchor.get(name) for name in SIGNED_FIELDS})


def anchor_file() -> Path | None:
    path = getattr(settings, "AUDIT_ANCHOR_FILE", "") or ""
    return Path(path) if path else None


def anchor_take() -> dict:
    """Anchor the current schema's chain head now: sign it, append it to the file, log it."""
    head = AuditEntry.objects.order_by("-id").values("id", "hash").first() or {"id": 0, "hash": chain.GENESIS}
    anchor = {
        "schema": connection.schema_name, "id": head["id"], "hash": head["hash"],
        "count": AuditEntry.objects.filter(id__lte=head["id"]).count(), "at": timezone.now().isoformat(),
    }
    anchor["sig"] = chain.keyed_digest(_signed_text(anchor))
    line = json.dumps(anchor, ensure_ascii=False, sort_keys=True)
    path = anchor_file()
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(descriptor, (line + "\n").encode("utf-8"))
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
    logger.info("audit anchor %s", line)
    return anchor


@dataclass
class Anchors:
    """The valid anchors of one schema (oldest first), and the lines that did not verify."""

    valid: list[dict] = field(default_factory=list)
    forged: list[str] = field(default_factory=list)
    configured: bool = True


def anchors_of(schema: str) -> Anchors:
    path = anchor_file()
    if path is None:
        return Anchors(configured=False)
    found = Anchors()
    if not path.exists():
        return found
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            line = line.strip()
            if not line:
                continue
            try:
                anchor = json.loads(line)
            except ValueError:
                found.forged.append(f"第{number}行不是JSON")
                continue
            if not isinstance(anchor, dict) or anchor.get("schema") != schema:
                continue
            if not _signature_valid(anchor):
                found.forged.append(f"第{number}行签名无效")
                continue
            found.valid.append(anchor)
    return found


def _signature_valid(anchor: dict) -> bool:
    sig = anchor.get("sig")
    return isinstance(sig, str) and chain.is_keyed(sig) and chain.matches_text(sig, _signed_text(anchor))


def anchor_every_schema() -> list[dict]:
    """Anchor the national log (public) and every province's: the beat task's work."""
    from tenants.models import Province

    with schema_context(get_public_schema_name()):
        schemas = [get_public_schema_name(), *Province.objects.exclude(schema_name=get_public_schema_name())
                   .order_by("schema_name").values_list("schema_name", flat=True)]
    taken = []
    for schema in schemas:
        with schema_context(schema):
            taken.append(anchor_take())
    return taken
