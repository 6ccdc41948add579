"""What many tests share: the actor of test set-up and the rules of the current province."""
from __future__ import annotations

import clock
from accounts.actors import Actor
from province_rules.registry import rules_for

# Test data is set up through the registry actions, as a job of the province would.
SYSTEM = Actor.system("test set-up")


def rules_today(code: str):
    """The rules of ``code`` holding today."""
    return rules_for(code, clock.today())


def rules_here():
    """The rules holding today for the province whose schema is active."""
    from tenants.selectors import current_province, province_rules_at

    return province_rules_at(current_province(), clock.today())
