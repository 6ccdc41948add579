"""The product's settings (config.settings.local) with two additions, both bench-only:

- a URLconf that adds a trivial DRF endpoint in front of the province URLs (``bench.urls``);
- the app ``bench.deploy`` in every province schema (one small table), whose extra migration
  operation 6 applies as "a deploy with one added column".

Nothing else changes: the same middleware, the same DRF authentication, permission,
throttling and renderers. Rates and logging come from the environment, as in production.
"""
from config.settings.local import *  # noqa: F401,F403
from config.settings.local import INSTALLED_APPS, TENANT_APPS

ROOT_URLCONF = "bench.urls"
TENANT_APPS = [*TENANT_APPS, "bench.deploy"]
INSTALLED_APPS = [*INSTALLED_APPS, "bench.deploy"]
# operation 8: Guangdong's rules with one process of the bench's (bench/process_rules.py)
PROVINCE_RULES_EXTRA_MODULES = ("bench.process_rules",)
