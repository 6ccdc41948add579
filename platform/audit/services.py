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


IGNORED_IN_CHANGES = frozenset({"created", "updated"})


def changes_between(before: dict | None, after: dict) -> dict:
    """field → [old, new] for every field of ``after`` that differs from ``before`` (None: the
    row is new). Values as the actions snapshot them: personal data masked, never clear."""
    before = before or {}
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if name not in IGNORED_IN_CHANGES and before.get(name) != value
    }


def _who(actor, request) -> tuple[str, str, str | None]:
    """(name, kind, ip) from an ``accounts.actors.Actor``, a plain name, or the request."""
    if actor is not None and hasattr(actor, "kind") and hasattr(actor, "name"):
        return actor.name, actor.kind, actor.ip
    name, kind = actor_of(request)
    return (actor if actor is not None else name), kind, client_ip(request)


def _entry_values(*, action, actor, request, object_type, object_id, changes, success, at) -> dict:
    name, kind, ip = _who(actor, request)
    return {
        "at": at, "schema": connection.schema_name, "actor": name[:150], "actor_kind": kind,
        "action": action, "object_type": object_type, "object_id": str(object_id)[:64],
        # The hash covers the JSON form of the changes, as stored and read back.
        "changes": json.loads(_canonical(changes or {})), "ip": ip, "success": success,
    }


def _chain_head() -> str:
    """Lock the schema's chain for this transaction (one writer at a time, so the chain has no
    forks) and return the hash of its last entry."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"audit:{connection.schema_name}"])
    return AuditEntry.objects.order_by("-id").values_list("hash", flat=True).first() or GENESIS


def audit_record(
    *, action: str, actor=None, request=None, object_type: str = "", object_id="",
    changes: dict | None = None, success: bool = True,
) -> AuditEntry:
    """Append one entry to the current schema's log, chained to the previous one.

    ``actor`` is the ``accounts.actors.Actor`` who acted (or a plain name; without it the
    request's token or user, else the system). ``action`` is a dotted name (``login``,
    ``organization.upsert``, ``member.unmask``, ``import`` …). ``changes`` holds what changed
    (field → [old, new]) or the reason typed by the user; never a clear ID number.
    """
    values = _entry_values(action=action, actor=actor, request=request, object_type=object_type, object_id=object_id,
                           changes=changes, success=success, at=timezone.now())
    with transaction.atomic():
        prev_hash = _chain_head()
        return AuditEntry.objects.create(prev_hash=prev_hash, hash=entry_hash(prev_hash=prev_hash, **values), **values)


def audit_record_many(entries: list[dict], *, actor) -> int:
    """Append many entries at once (a bulk write: one entry per changed row of an import), in
    order, chained as ``audit_record`` chains them: one lock, one read of the head, one INSERT
    per thousand. Each entry is a dict of ``action``, ``object_type``, ``object_id``, ``changes``."""
    if not entries:
        return 0
    at = timezone.now()
    with transaction.atomic():
        prev_hash = _chain_head()
        rows = []
        for entry in entries:
            values = _entry_values(actor=actor, request=None, success=True, at=at, **entry)
            digest = entry_hash(prev_hash=prev_hash, **values)
            rows.append(AuditEntry(prev_hash=prev_hash, hash=digest, **values))
            prev_hash = digest
        AuditEntry.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


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
