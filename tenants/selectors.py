"""Reads about provinces: which rules hold for a province at a date."""
from __future__ import annotations

import datetime as dt

from province_rules.contract import ProvinceRules
from province_rules.registry import rules_for


def province_rules_at(province, as_of: dt.date) -> ProvinceRules:
    """The rules object holding on ``as_of`` for ``province``: a ``Province``, or the rules
    object of one (a write handed today's rules that checks a fact of another date, e.g. a
    grade rated last year, asks for the same province's rules of that date).

    The committee's adopted proposals (``Province.rule_adoptions``) give, from their dates, the
    module with their settings (``province_rules/proposals.py``).

    The one way to choose a rules object: requests get ``request.rules`` (today's, from
    ``tenants.middleware.RulesMiddleware``); jobs and pages about another date call this.
    """
    if isinstance(province, ProvinceRules):  # the adoptions it holds hold at the earlier dates it is asked for
        return rules_for(province.code, as_of, adopted=dict(province.adopted))
    return rules_for(province.rules_key, as_of, adopted=province.adoptions())


def current_province():
    """The province whose schema the connection is on (a job in the worker, a command in
    ``schema_context``): ``connection.tenant`` when it is a real one, else looked up."""
    from django.db import connection

    from .models import Province

    tenant = getattr(connection, "tenant", None)
    if isinstance(tenant, Province):
        return tenant
    return Province.objects.get(schema_name=connection.schema_name)


def provinces_real():
    """Every province, without the public tenant and without a restore drill's copies
    (``tenants.backups``), which must never count as provinces of their own."""
    from django_tenants.utils import get_public_schema_name

    from .models import Province

    return Province.objects.exclude(schema_name=get_public_schema_name()).filter(restored_from="")
