"""What the province API views share: the write-and-audit step and lookups of referenced rows.
The scope checks of a write (target, region, references) are ``api.scoping``'s."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from rest_framework.response import Response

from api.scoping import scoped, written
from audit.services import audit_record

IGNORED_IN_CHANGES = {"created", "updated"}


def changes_between(before: dict | None, after: dict) -> dict:
    """field → [old, new] for every field that differs (masked values only: read serializers mask)."""
    before = before or {}
    return {
        field: [before.get(field), value]
        for field, value in after.items()
        if field not in IGNORED_IN_CHANGES and before.get(field) != value
    }


def write_answer(request, *, action: str, instance, serializer_class, created: bool, before: dict | None = None,
                 object_id=None) -> Response:
    """Check that the write left the row in the request's scope (``api.scoping.written``),
    record it in the audit log and answer with the row (201 when created)."""
    instance = written(request, instance)
    after = serializer_class(instance, context={"request": request}).data
    audit_record(
        action=action, request=request, object_type=type(instance).__name__,
        object_id=object_id if object_id is not None else instance.pk,
        changes=changes_between(before, dict(after)),
    )
    return Response(after, status=201 if created else 200)


def referenced(request, queryset, field: str, message: str, **lookup):
    """The row a write refers to (by USCC, id or name), or a field error naming ``field``:
    one outside the request's scope is reported as not existing (``message``)."""
    instance = scoped(queryset, request).filter(**lookup).first()
    if instance is None:
        raise ValidationError({field: [message]})
    return instance


atomic = transaction.atomic
