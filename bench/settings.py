"""The product's settings (config.settings.local) with one addition: a bench-only URLconf
that adds a trivial DRF endpoint in front of the province URLs (``bench.urls``).

Nothing else changes: the same middleware, the same DRF authentication, permission,
throttling and renderers. Rates and logging come from the environment, as in production.
"""
from config.settings.local import *  # noqa: F401,F403

ROOT_URLCONF = "bench.urls"
