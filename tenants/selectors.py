"""Reads about provinces: which rules hold for a province at a date."""
from __future__ import annotations

import datetime as dt

from province_rules.contract import ProvinceRules
from province_rules.registry import rules_for


def province_rules_at(province, as_of: dt.date) -> ProvinceRules:
    """The rules object holding for ``province`` (a ``Province``) on ``as_of``.

    The one way to choose a rules object: requests get ``request.rules`` (today's, from
    ``tenants.middleware.RulesMiddleware``); jobs and pages about another date call this.
    """
    return rules_for(province.rules_key, as_of)
