"""What the province API views share. Views only parse and answer: the scope checks, the
validation, the write and its audit entry are the registry actions' (``registry.actions``),
called with the request's actor and rules."""
from __future__ import annotations

from django.db import transaction
from rest_framework.response import Response

from accounts.actors import Actor


def actor_of(request) -> Actor:
    return Actor.from_request(request)


def answer(request, instance, serializer_class, *, created: bool) -> Response:
    """The row as written (201 when created)."""
    return Response(serializer_class(instance, context={"request": request}).data, status=201 if created else 200)


atomic = transaction.atomic
