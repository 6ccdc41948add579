"""Writing and verifying the audit log. Every audited action goes through ``audit_record``.

Each entry is chained to the previous one by a keyed hash (``chain``: HMAC-SHA256 with a key
from the settings, never in the database) and the chain's head is anchored outside the
database at intervals (``anchors``). ``audit_verify`` walks the chain and checks it against
the anchors: an edited, inserted or removed entry, a chain re-hashed by someone without the
key, and a tail cut off after an anchor are each reported at the first entry concerned.
"""
from __future__ import annotations

import io
import json
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from bulksql import copy_text

from . import chain
from .anchors import anchors_of
from .chain import GENESIS
from .models import AuditEntry

__all__ = ["GENESIS", "audit_record", "audit_record_many", "audit_verify", "changes_between", "entry_hash"]


def entry_hash(*, prev_hash: str, at, schema, actor, actor_kind, action, object_type, object_id, changes, ip, success) -> str:
    """The keyed hash of an entry (``chain``), as a new entry is stored."""
    return chain.keyed_digest(chain.body(
        prev_hash=prev_hash, at=at, schema=schema, actor=actor, actor_kind=actor_kind, action=action,
        object_type=object_type, object_id=object_id, changes=changes, ip=ip, success=success,
    ))


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
    if before is None:  # a new row: every field that has a value
        return {name: [None, value] for name, value in after.items() if value is not None and name not in IGNORED_IN_CHANGES}
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


def _entry_values(*, action, actor, request, object_type, object_id, changes, success, at, who=None, schema=None) -> dict:
    name, kind, ip = who or _who(actor, request)
    return {
        "at": at, "schema": schema or connection.schema_name, "actor": name[:150], "actor_kind": kind,
        "action": action, "object_type": object_type, "object_id": str(object_id)[:64],
        # The hash covers the JSON form of the changes, as stored and read back.
        "changes": json.loads(chain.canonical(changes or {})), "ip": ip, "success": success,
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


def stored_changes_text(changes) -> str:
    """The canonical JSON text of ``changes`` as they will be read back from the database: one
    encoding when every key in them is text (a key of another type is text once stored, and
    sorts differently then: those are encoded, read and encoded again)."""
    text = chain.canonical(changes or {})
    return text if _text_keys_only(changes) else chain.canonical(json.loads(text))


_LEAVES = frozenset({str, int, float, bool, type(None)})


def _text_keys_only(value) -> bool:
    if type(value) is dict:  # the usual changes, field → [old, new] of plain values: one pass, no stack
        for key, item in value.items():
            if type(key) is not str:
                return False
            kind = type(item)
            if kind in _LEAVES:
                continue
            if kind is list and all(type(part) in _LEAVES for part in item):  # [old, new] of plain values
                continue
            if not _nested_text_keys_only(item):
                return False
        return True
    return _nested_text_keys_only(value)


def _nested_text_keys_only(value) -> bool:
    stack = [value]
    while stack:
        value = stack.pop()
        kind = type(value)
        if kind is dict:
            for key in value:
                if type(key) is not str:
                    return False
            items = value.values()
        elif kind is list or kind is tuple:
            items = value
        else:
            continue  # a date, a decimal …: encoded as text, no key in it
        for item in items:
            if type(item) not in _LEAVES:
                stack.append(item)
    return True


_COPY_COLUMNS = ("at", "schema", "actor", "actor_kind", "ip", "success", "action", "object_type", "object_id", "changes",
                 "prev_hash", "hash")  # the constant ones of a batch first: encoded once


def audit_record_many(entries: list[dict], *, actor) -> int:
    """Append many entries at once (a bulk write: one entry per changed row of an import), in
    order, chained as ``audit_record`` chains them: one lock, one read of the head, one COPY.
    Each entry is a dict of ``action``, ``object_type``, ``object_id``, ``changes``. The changes
    are encoded once (``stored_changes_text``): that text is both what the hash covers and what
    is stored, so the entries verify as ``audit_record``'s do. What is the same for every entry
    (who, when, where; the head of the hashed text for each action) is encoded once."""
    if not entries:
        return 0
    at = timezone.now()
    (name, kind, ip), schema = _who(actor, None), connection.schema_name
    name = name[:150]
    stored_ip = AuditEntry._meta.get_field("ip").get_db_prep_save(ip, connection)
    constant = "\t".join(copy_text(value) for value in (
        at.isoformat(), schema, name, kind, None if stored_ip is None else str(stored_ip), "t"))
    heads: dict[str, str] = {}
    buffer = io.StringIO()
    write = buffer.write
    with transaction.atomic():
        prev_hash = _chain_head()
        for entry in entries:
            action, object_type = entry["action"], entry["object_type"]
            object_id = str(entry["object_id"])[:64]
            changes_text = stored_changes_text(entry["changes"])
            head = heads.get(action)
            if head is None:
                head = heads[action] = chain.head_of(action=action, actor=name, actor_kind=kind, at=at)
            digest = chain.keyed_digest(chain.splice(head, changes_text, prev_hash=prev_hash, schema=schema,
                                                     object_type=object_type, object_id=object_id, ip=ip, success=True))
            write(f"{constant}\t{copy_text(action)}\t{copy_text(object_type)}\t{copy_text(object_id)}\t"
                  f"{copy_text(changes_text)}\t{copy_text(prev_hash)}\t{copy_text(digest)}\n")
            prev_hash = digest
        buffer.seek(0)
        with connection.cursor() as cursor:
            cursor.copy_expert(f"COPY {connection.ops.quote_name(AuditEntry._meta.db_table)} ({', '.join(_COPY_COLUMNS)}) "
                               "FROM STDIN", buffer)
    return len(entries)


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    first_broken_id: int | None = None
    problem: str = ""
    anchors_checked: int = 0
    anchors_configured: bool = True
    unkeyed: int = 0  # entries from before the chain was keyed (plain SHA-256)


def _values(entry: AuditEntry) -> dict:
    return {
        "prev_hash": entry.prev_hash, "at": entry.at, "schema": entry.schema, "actor": entry.actor,
        "actor_kind": entry.actor_kind, "action": entry.action, "object_type": entry.object_type,
        "object_id": entry.object_id, "changes": entry.changes, "ip": entry.ip, "success": entry.success,
    }


def audit_verify(*, anchors: bool = True) -> VerifyResult:
    """Walk the current schema's chain; report the first entry that does not verify.

    With ``anchors`` (the default) the chain is also checked against the signed heads in
    ``AUDIT_ANCHOR_FILE`` for this schema (``anchors``); a restore drill into a schema of
    another name has none. Plain SHA-256 entries (written before the chain was keyed) verify
    as the chain's beginning only: one after a keyed entry means the chain was re-hashed.
    """
    schema = connection.schema_name
    found = anchors_of(schema) if anchors else None
    configured = found is not None and found.configured
    pending: dict[int, list[dict]] = {}
    for anchor in (found.valid if found else []):
        pending.setdefault(anchor.get("id"), []).append(anchor)
    anchored = sum(len(group) for group in pending.values())

    def broken(entry_id, checked, problem, unkeyed) -> VerifyResult:
        return VerifyResult(False, checked, entry_id, problem, anchored, configured, unkeyed)

    if found is not None and found.forged:
        return broken(None, 0, f"锚点文件中有无效的锚点（{'；'.join(found.forged[:5])}）：锚点文件被改动过", 0)
    for anchor in pending.pop(0, []):  # anchored while the log was empty
        if anchor.get("count") != 0:
            return broken(None, 0, "锚点记录与日志不符", 0)
    prev_hash, checked, unkeyed, keyed_seen, last_id = GENESIS, 0, 0, False, 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        if entry.prev_hash != prev_hash:
            return broken(entry.id, checked, "与上一条记录的哈希不衔接（记录被删除或插入）", unkeyed)
        if not chain.matches(entry.hash, **_values(entry)):
            return broken(entry.id, checked, "记录内容与其哈希不符（记录被修改，或被不持有密钥者重新计算了哈希）", unkeyed)
        if chain.is_keyed(entry.hash):
            keyed_seen = True
        elif keyed_seen:
            return broken(entry.id, checked, "带密钥的记录之后出现了不带密钥的记录（哈希链被重写）", unkeyed)
        else:
            unkeyed += 1
        checked += 1
        for anchor in pending.pop(entry.id, []):
            if anchor.get("hash") != entry.hash or anchor.get("count") != checked:
                return broken(entry.id, checked - 1, f"与{anchor.get('at', '')}的锚点不符（哈希链被重写，或此前的记录被删除）",
                              unkeyed)
        prev_hash, last_id = entry.hash, entry.id
    if pending:
        missing = min(pending)
        if missing > last_id:
            return broken(missing, checked, f"锚定的第{missing}条记录已不存在：日志尾部被截断（现存最后一条为第{last_id}条）",
                          unkeyed)
        return broken(missing, checked, f"锚定的第{missing}条记录已不存在（记录被删除）", unkeyed)
    return VerifyResult(True, checked, anchors_checked=anchored, anchors_configured=configured, unkeyed=unkeyed)
