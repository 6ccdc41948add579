"""Rate limits per token (per user for staff sessions), reads and writes counted apart.
Rates: API_THROTTLE_RATES, read when each request is checked.

The counters live in the default cache (Redis when ``REDIS_URL`` is set, else a per-process
memory cache: embedded mode). Redis is optional at run time too: when a cache call fails or
times out (``CACHE_TIMEOUT_SECONDS``), the cache is left alone for ``CACHE_RETRY_SECONDS``
and, meanwhile, reads are not counted (fail open: a read changes nothing) and writes are
counted in this process's memory at the same rate (bounded: a client cannot write without
limit while Redis is away). Never a 500 because the cache is down."""
from __future__ import annotations

import logging
import threading
import time

from django.conf import settings
from django.core.cache.backends.locmem import LocMemCache
from rest_framework.throttling import SimpleRateThrottle

from .models import ApiToken
from .permissions import required_permission

logger = logging.getLogger(__name__)

try:
    from redis.exceptions import RedisError
except ImportError:  # the redis client is optional without Redis
    RedisError = OSError
CACHE_ERRORS = (RedisError, OSError)

# Keys carry the schema as the default cache's do, so that provinces never share a bucket.
LOCAL_COUNTERS = LocMemCache("api-throttle-fallback", {"KEY_FUNCTION": "django_tenants.cache.make_key",
                                                       "OPTIONS": {"MAX_ENTRIES": 100_000}})


class _CacheBreaker:
    """Once the cache failed, skip it for a while instead of paying its timeout on every request."""

    def __init__(self):
        self._lock = threading.Lock()
        self._down_until = 0.0

    def is_open(self) -> bool:
        return time.monotonic() < self._down_until

    def trip(self, error: Exception) -> None:
        with self._lock:
            if not self.is_open():
                logger.warning("cache unavailable, throttling from this process's memory for %ss: %s",
                               settings.CACHE_RETRY_SECONDS, error)
            self._down_until = time.monotonic() + settings.CACHE_RETRY_SECONDS

    def reset(self) -> None:
        """Try the cache again at the next request (after the cache's settings change)."""
        self._down_until = 0.0


cache_breaker = _CacheBreaker()


class TokenRateThrottle(SimpleRateThrottle):
    cache_format = "api-throttle:%(scope)s:%(ident)s"

    def allow_request(self, request, view):
        self.scope = required_permission(request, view)
        self.rate = settings.API_THROTTLE_RATES.get(self.scope)
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        if not cache_breaker.is_open():
            try:
                return super().allow_request(request, view)
            except CACHE_ERRORS as error:
                cache_breaker.trip(error)
        if self.scope == "read":
            return True
        self.cache = LOCAL_COUNTERS
        return super().allow_request(request, view)

    def get_rate(self):
        # Chosen per request in allow_request (reads and writes differ).
        return None

    def get_cache_key(self, request, view):
        token = getattr(request, "auth", None)
        if isinstance(token, ApiToken):
            ident = f"token:{token.prefix}"
        elif request.user is not None and request.user.is_authenticated:
            ident = f"user:{request.user.pk}"
        else:
            ident = f"anon:{self.get_ident(request)}"
        # The cache's key function adds the schema, so that provinces never share a bucket.
        return self.cache_format % {"scope": self.scope, "ident": ident}
