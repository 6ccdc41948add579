"""Per-request province state, put on the request once, after the tenant middleware."""
from __future__ import annotations

from django.utils.functional import SimpleLazyObject
from django_tenants.utils import get_public_schema_name

import clock

from .selectors import province_rules_at


class RulesMiddleware:
    """``request.rules``: the province's rules holding today, chosen once per request and only
    when asked for. Absent on the national (public) domain, which has no province rules."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        tenant = getattr(request, "tenant", None)
        if tenant is not None and tenant.schema_name != get_public_schema_name():
            request.rules = SimpleLazyObject(lambda: province_rules_at(tenant, clock.today()))
        return self.get_response(request)
