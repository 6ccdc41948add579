"""Rate limits per token (per user for staff sessions), in the cache (Redis), reads and
writes counted apart. Rates: API_THROTTLE_RATES, read when each request is checked."""
import logging

import redis.exceptions
from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from .models import ApiToken
from .permissions import required_permission


class TokenRateThrottle(SimpleRateThrottle):
    cache_format = "api-throttle:%(scope)s:%(ident)s"

    def allow_request(self, request, view):
        self.scope = required_permission(request, view)
        self.rate = settings.API_THROTTLE_RATES.get(self.scope)
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        try:
            return super().allow_request(request, view)
        except redis.exceptions.RedisError as error:
            # The cache is down: the API keeps answering rather than failing every request.
            logging.getLogger(__name__).warning("throttling skipped, cache unavailable: %s", error)
            return True

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
