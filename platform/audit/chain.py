"""How an audit entry is hashed: a keyed HMAC-SHA256 whose key lives outside the database.

Two versions of the hash, told apart by their form (the hash is stored with its version):

- ``hmac-sha256:<key id>:<64 hex>``: HMAC-SHA256 of the entry's canonical JSON (which holds
  the previous entry's hash) under the key ``<key id>`` of ``AUDIT_HMAC_KEYS``. Every new
  entry is hashed so, with the first key listed. Someone who can write the table but does not
  hold the key cannot compute it, so a chain re-hashed after an edit does not verify.
- ``<64 hex>`` (no prefix): plain SHA-256 of the same JSON, the form of the entries written
  before the chain was keyed. They still verify, but only as the chain's beginning: a plain
  entry after a keyed one is a downgrade, i.e. a rewrite (``services.audit_verify``). A
  rewrite of the whole chain into plain entries is caught by the anchors (``anchors``).

``AUDIT_HMAC_KEYS``: comma-separated ``<key id>:<base64 key of at least 32 bytes>``. Rotation:
put a new key first and keep the old ones as long as entries hashed with them exist (for
ever, in practice: the old key only verifies, it never signs again).
"""
from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.serializers.json import DjangoJSONEncoder

GENESIS = "0" * 64
KEYED = "hmac-sha256"
# The longest stored hash: the prefix, a key id of up to 16 characters, 64 hex digits.
HASH_MAX_LENGTH = 100


# One encoder for every call (what ``json.dumps(entry, cls=DjangoJSONEncoder, ensure_ascii=False,
# sort_keys=True, separators=(",", ":"))`` builds on each call; the same text, without the build).
_CANONICAL = DjangoJSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def canonical(entry: dict) -> str:
    return _CANONICAL.encode(entry)


@lru_cache(maxsize=8)
def _parse_keys(spec: str) -> tuple[tuple[str, bytes], ...]:
    keys = []
    for part in filter(None, (p.strip() for p in (spec or "").split(","))):
        key_id, _, encoded = part.partition(":")
        try:
            key = base64.b64decode(encoded, validate=True)
        except ValueError:
            key = b""
        if not key_id or len(key_id) > 16 or ":" in key_id or len(key) < 32:
            raise ImproperlyConfigured("AUDIT_HMAC_KEYS: each entry is <id (≤16 characters)>:<base64 of at least 32 bytes>")
        keys.append((key_id, key))
    if not keys:
        raise ImproperlyConfigured("AUDIT_HMAC_KEYS is empty: the audit log needs a key kept outside the database")
    return tuple(keys)


def keys() -> tuple[tuple[str, bytes], ...]:
    return _parse_keys(settings.AUDIT_HMAC_KEYS)


def key_named(key_id: str) -> bytes | None:
    return dict(keys()).get(key_id)


def keyed_digest(message: str, *, key_id: str | None = None) -> str:
    """``hmac-sha256:<key id>:<hex>`` of ``message``, with the signing key (or ``key_id``'s)."""
    if key_id is None:
        key_id, key = keys()[0]
    else:
        key = key_named(key_id)
        if key is None:
            raise KeyError(key_id)
    digest = hmac.new(key, message.encode("utf-8"), hashlib.sha256).hexdigest()
    return f"{KEYED}:{key_id}:{digest}"


def is_keyed(stored: str) -> bool:
    return stored.startswith(f"{KEYED}:")


def body(*, prev_hash: str, at, schema, actor, actor_kind, action, object_type, object_id, changes, ip, success) -> str:
    return canonical({
        "prev": prev_hash, "at": at.isoformat(), "schema": schema, "actor": actor, "actor_kind": actor_kind,
        "action": action, "object_type": object_type, "object_id": str(object_id), "changes": changes,
        "ip": ip, "success": success,
    })


def body_around(changes_text: str, *, prev_hash: str, at, schema, actor, actor_kind, action, object_type, object_id,
                ip, success) -> str:
    """``body(...)`` for changes whose canonical text is ``changes_text`` already, without
    encoding them again: the keys around ``changes`` are encoded apart and the text spliced in
    its sorted place (action, actor, actor_kind, at | changes | ip, object_id, …). The same text
    as ``body`` whenever ``changes_text`` is ``canonical`` of the changes as read back."""
    return splice(head_of(action=action, actor=actor, actor_kind=actor_kind, at=at), changes_text, prev_hash=prev_hash,
                  schema=schema, object_type=object_type, object_id=object_id, ip=ip, success=success)


def head_of(*, action, actor, actor_kind, at) -> str:
    """The keys of ``body`` that sort before ``changes``, encoded: what ``splice`` starts with
    (the same for every entry of one action by one actor at one time)."""
    return canonical({"action": action, "actor": actor, "actor_kind": actor_kind, "at": at.isoformat()})


def splice(before: str, changes_text: str, *, prev_hash: str, schema, object_type, object_id, ip, success) -> str:
    """``body_around`` from the encoded head ``before`` (``head_of``)."""
    after = canonical({"prev": prev_hash, "schema": schema, "object_type": object_type, "object_id": str(object_id),
                       "ip": ip, "success": success})
    return f'{before[:-1]},"changes":{changes_text},{after[1:]}'


def legacy_hash(**values) -> str:
    """The plain SHA-256 of the entries written before the chain was keyed."""
    return hashlib.sha256(body(**values).encode("utf-8")).hexdigest()


def matches_text(stored: str, message: str) -> bool:
    """Is ``stored`` the keyed digest of ``message``? An unknown key id never matches."""
    _, key_id, _ = stored.split(":", 2)
    if key_named(key_id) is None:
        return False
    return hmac.compare_digest(stored, keyed_digest(message, key_id=key_id))


def matches(stored: str, **values) -> bool:
    """Does ``stored`` (either version) hash these values?"""
    if is_keyed(stored):
        return matches_text(stored, body(**values))
    return hmac.compare_digest(stored, legacy_hash(**values))
