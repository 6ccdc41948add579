"""Per-request province state, put on the request once, after the tenant middleware."""
from __future__ import annotations

import copy
import threading
import time

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.utils.functional import SimpleLazyObject
from django_tenants.middleware.main import TenantMainMiddleware
from django_tenants.utils import get_public_schema_name

import clock

from .selectors import province_rules_at


class _DomainCache:
    """host name → its Province, kept in this process for ``TENANT_DOMAIN_CACHE_SECONDS``.

    Only found domains are kept (an unknown host asks the database every time, so a province
    provisioned a moment ago answers at once). A save or delete of a Province or Domain in
    this process empties it; another process's change is seen within the time above (domains
    and provinces change when a province is provisioned, almost never otherwise)."""

    def __init__(self):
        self._entries: dict[str, tuple[float, object]] = {}
        self._lock = threading.Lock()

    def get(self, hostname: str):
        if getattr(settings, "TENANT_DOMAIN_CACHE_SECONDS", 60) <= 0:
            return None
        entry = self._entries.get(hostname)
        if entry is None or entry[0] < time.monotonic():
            return None
        return copy.copy(entry[1])  # each request its own instance (django-tenants sets domain_url on it)

    def put(self, hostname: str, tenant) -> None:
        seconds = getattr(settings, "TENANT_DOMAIN_CACHE_SECONDS", 60)
        if seconds > 0:
            with self._lock:
                self._entries[hostname] = (time.monotonic() + seconds, copy.copy(tenant))

    def clear(self, **_) -> None:
        with self._lock:
            self._entries.clear()


domain_cache = _DomainCache()


class CachedTenantMiddleware(TenantMainMiddleware):
    """django-tenants' ``TenantMainMiddleware`` (the province from the request's host name),
    without a database query per request: the domain's province comes from ``domain_cache``."""

    def get_tenant(self, domain_model, hostname):
        tenant = domain_cache.get(hostname)
        if tenant is None:
            tenant = super().get_tenant(domain_model, hostname)
            domain_cache.put(hostname, tenant)
        return tenant


def _connect_invalidation() -> None:
    from .models import Domain, Province

    for model in (Domain, Province):
        post_save.connect(domain_cache.clear, sender=model, dispatch_uid=f"domain_cache:save:{model.__name__}")
        post_delete.connect(domain_cache.clear, sender=model, dispatch_uid=f"domain_cache:delete:{model.__name__}")


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
