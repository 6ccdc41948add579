"""What the registry actions share: field errors, lookups, and the audit snapshot.

Every action runs, in this order and nowhere else: the actor's scope check (``accounts.actors``),
validation (one validator per field, shared by the API serializers, the import and the forms),
the write (safe under concurrency), and the audit entry with the changed fields
(``snapshot`` before and after, ``audit.services.changes_between``).
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction


class FieldErrors:
    """Collects errors per field so that one call reports every bad field at once."""

    def __init__(self):
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(message)

    def check(self, field: str, func, *args):
        """Run a validator; record its message under ``field``; return its value or None."""
        try:
            return func(*args)
        except ValidationError as error:
            for message in error.messages:
                self.add(field, message)
            return None

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def choice(errors: FieldErrors, field: str, value, choices) -> str | None:
    """The value if it is one of the model's choices (pairs, or a dict of them made once by the
    caller: a TextChoices' ``choices`` builds its list on every access); otherwise an error
    naming the choices."""
    values = choices if isinstance(choices, dict) else dict(choices)
    if value in values:
        return value
    # Accept the Chinese label too (spreadsheets carry labels).
    for key, label in values.items():
        if value == label:
            return key
    errors.add(field, f"“{value}”不是有效选项，应为：{'、'.join(str(label) for label in values.values())}")
    return None


class Lookups:
    """Finds regions, organizations and Party organizations by their keys, for validators.

    A validator given none queries on every call, which is what a single upsert wants. An
    import makes one, ``prime``s it with a batch's keys (one query per kind) and passes it to
    ``organization_validate`` / ``member_validate``, so that validating thousands of rows
    costs a few queries, not a few per row. It keeps what it found: one per unit of work.
    """

    def __init__(self):
        self._found: dict[str, dict] = {"region": {}, "organization": {}, "party_organization": {}}

    @staticmethod
    def _sources():
        from regions.models import Region

        from ..models import PartyOrganization, SocialOrganization

        return {"region": (Region, "code"), "organization": (SocialOrganization, "uscc"),
                "party_organization": (PartyOrganization, "name")}

    def prime(self, *, region_codes=(), usccs=(), party_organization_names=()) -> None:
        sources = self._sources()
        for kind, keys in (("region", region_codes), ("organization", usccs), ("party_organization", party_organization_names)):
            missing = {key for key in keys if key and key not in self._found[kind]}
            if missing:
                model, field = sources[kind]
                found = {getattr(obj, field): obj for obj in model.objects.filter(**{f"{field}__in": missing})}
                self._found[kind].update({key: found.get(key) for key in missing})

    def _get(self, kind: str, key: str):
        if key not in self._found[kind]:
            model, field = self._sources()[kind]
            self._found[kind][key] = model.objects.filter(**{field: key}).first()
        return self._found[kind][key]

    def region(self, code: str):
        return self._get("region", code)

    def organization(self, uscc: str):
        return self._get("organization", uscc)

    def party_organization(self, name: str):
        return self._get("party_organization", name)


def region_by_code(errors: FieldErrors, field: str, code, lookups: Lookups | None = None):
    from regions.models import Region

    key = str(code or "").strip()
    region = lookups.region(key) if lookups is not None else Region.objects.filter(code=key).first()
    if region is None:
        errors.add(field, f"本省没有行政区划代码“{code}”")
    return region


def not_after_today(errors: FieldErrors, field: str, value, today: dt.date, message: str = "日期不能晚于今天") -> None:
    """A date that must not lie in the future; ``value`` may be None (not given)."""
    if value is not None and not isinstance(value, dt.date):
        errors.add(field, "应为日期")
    elif value and value > today:
        errors.add(field, message)


def plain(value):
    """A field value as the audit log keeps it (JSON: dates as ISO strings, decimals as text)."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def snapshot(instance, fields, **extra) -> dict:
    """``instance``'s audited fields (plain values) plus ``extra`` (looked-up keys, masked data)."""
    values = {field: plain(getattr(instance, field)) for field in fields}
    values.update({key: plain(value) for key, value in extra.items()})
    return values


def create_or_lock(model, *, key: dict, values: dict):
    """The row with ``key``, locked for this transaction, or a new one with ``values``:
    (row, created). Safe under concurrency: of two transactions creating the same key, one
    creates it and the other, once the first commits, finds and locks it (no IntegrityError
    reaches the caller)."""
    row = model.objects.select_for_update().filter(**key).first()
    if row is not None:
        return row, False
    try:
        with transaction.atomic():
            return model.objects.create(**key, **values), True
    except IntegrityError:
        return model.objects.select_for_update().get(**key), False


def keyed_upsert(actor, model, *, key: dict, values: dict, existing, snapshot_of, extra: dict | None = None):
    """The write step of a keyed upsert: create the row with ``key`` (``values`` plus ``extra``,
    the fields set only at creation), or lock and update it; (row, created, snapshot before).
    ``existing`` is what the scope check found: a row a concurrent write created meanwhile
    goes through the same scope check before it is changed."""
    row, created = create_or_lock(model, key=key, values=values | (extra or {}))
    if created:
        return row, True, None
    if existing is None:
        actor.write_target(model, **key)
    before = snapshot_of(row)
    apply_changes(row, values)
    return row, False, before


def referenced(actor, model, field: str, message: str, **lookup):
    """The row a write refers to, or a field error naming ``field``: one outside the actor's
    write scope is reported as not existing (the answer does not confirm it)."""
    row = actor.scoped(model.objects.all(), write=True).filter(**lookup).first() if all(lookup.values()) else None
    if row is None:
        raise ValidationError({field: [message]})
    return row


def apply_changes(row, values: dict) -> list[str]:
    """Set the fields of ``values`` that differ on ``row`` and save only those; their names."""
    changed = [field for field, value in values.items() if getattr(row, field) != value]
    if changed:
        for field in changed:
            setattr(row, field, values[field])
        update = changed + (["updated"] if any(f.name == "updated" for f in row._meta.fields) else [])
        row.save(update_fields=update)
    return changed
