"""A province's import running in a process of its own (operation 7: another province's
dashboard is timed meanwhile): ``python -m bench.background_import SCHEMA RULES_CODE PATH``
with DATABASE_URL set. Prints ``started`` once the file is being read, ``done <seconds>`` at
the end; the import is rolled back, as in operation 3."""
from __future__ import annotations

import os
import sys
import time

import django


def main() -> int:
    schema, rules_code, path = sys.argv[1:4]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()
    from django.db import transaction
    from django.utils import timezone
    from django_tenants.utils import schema_context

    from accounts.actors import Actor
    from imports.services import registry_import
    from province_rules.registry import rules_for

    rules = rules_for(rules_code, timezone.localdate())
    print("started", flush=True)
    began = time.monotonic()
    with schema_context(schema), transaction.atomic():
        result = registry_import(actor=Actor.system("bench background import"), rules=rules, kind="organizations", path=path)
        transaction.set_rollback(True)
    print(f"done {time.monotonic() - began:.3f} {result.created}", flush=True)
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
