"""Writing and verifying the audit log. Every audited action goes through ``audit_record``."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from .models import AuditEntry

GENESIS = "0" * 64


def _canonical(entry: dict) -> str:
    return json.dumps(entry, cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def entry_hash(*, prev_hash: str, at, schema, actor, actor_kind, action, object_type, object_id, changes, ip, success) -> str:
    body = _canonical({
        "prev": prev_hash, "at": at.isoformat(), "schema": schema, "actor": actor, "actor_kind": actor_kind,
        "action": action, "object_type": object_type, "object_id": str(object_id), "changes": changes,
        "ip": ip, "success": success,
    })
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def client_ip(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def actor_of(request) -> tuple[str, str]:
    """(actor, kind) of a request: the API token's name, the user's username, or the system."""
    if request is None:
        return "system", AuditEntry.ActorKind.SYSTEM
    token = getattr(request, "auth", None)
    if token is not None and hasattr(token, "name"):
        return f"token:{token.name}", AuditEntry.ActorKind.TOKEN
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user.get_username(), AuditEntry.ActorKind.USER
    return "anonymous", AuditEntry.ActorKind.USER


def audit_record(
    *, action: str, request=None, actor: str | None = None, object_type: str = "", object_id="",
    changes: dict | None = None, success: bool = True,
) -> AuditEntry:
    """Append one entry to the current schema's log, chained to the previous one.

    ``action`` is a dotted name (``login``, ``login.failed``, ``organization.upsert``,
    ``member.unmask``, ``import``, ``export``, ``campaign.decide`` ...). ``changes`` holds
    what changed (field → [old, new]) or the reason typed by the user; never a clear ID number.
    """
    actor_name, actor_kind = actor_of(request)
    if actor is not None:
        actor_name = actor
    values = {
        "at": timezone.now(), "schema": connection.schema_name, "actor": actor_name, "actor_kind": actor_kind,
        "action": action, "object_type": object_type, "object_id": str(object_id), "changes": changes or {},
        "ip": client_ip(request), "success": success,
    }
    with transaction.atomic():
        # One writer at a time per schema, so that the chain has no forks.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"audit:{connection.schema_name}"])
        last = AuditEntry.objects.order_by("-id").values_list("hash", flat=True).first()
        prev_hash = last or GENESIS
        # The hash covers the JSON form of the changes, as stored and read back.
        values["changes"] = json.loads(_canonical(values["changes"]))
        digest = entry_hash(prev_hash=prev_hash, **values)
        return AuditEntry.objects.create(prev_hash=prev_hash, hash=digest, **values)


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    first_broken_id: int | None = None
    problem: str = ""


def audit_verify() -> VerifyResult:
    """Walk the current schema's chain; report the first entry that does not verify."""
    prev_hash = GENESIS
    checked = 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        if entry.prev_hash != prev_hash:
            return VerifyResult(False, checked, entry.id, "与上一条记录的哈希不衔接（记录被删除或插入）")
        expected = entry_hash(
            prev_hash=entry.prev_hash, at=entry.at, schema=entry.schema, actor=entry.actor, actor_kind=entry.actor_kind,
            action=entry.action, object_type=entry.object_type, object_id=entry.object_id, changes=entry.changes,
            ip=entry.ip, success=entry.success,
        )
        if entry.hash != expected:
            return VerifyResult(False, checked, entry.id, "记录内容与其哈希不符（记录被修改）")
        prev_hash = entry.hash
        checked += 1
    return VerifyResult(True, checked)
