"""Reads of the indicators (domain.md section 5), computed set-based in the database from the
province rules' own criteria.

- ``definitions``: which criteria each indicator counts, and what a user reads;
- ``facts_sql``: the facts relations (what the rules are told about every member, Party
  organization and organization) in SQL, and the criteria compiled over them;
- ``rows``: the figures by group in one statement; ``lists``: the lists behind them and the
  criteria's values for a page of organizations; ``snapshots``: the daily series.

``tests/indicators/test_agreement_with_rules.py`` checks, on generated data, that every list
holds exactly the organizations (and Party organizations) the rules decide for one at a time;
``test_against_sql.py`` checks the figures against the independent SQL of ``bench.sql``.
"""
from .definitions import DEFINITIONS, INDICATORS, RATES, Indicator, with_rates
from .lists import criteria_values, criterion_condition, grade_caps, indicator_organizations, indicator_party_organizations
from .rows import COUNTY, GROUPINGS, NO_SUPERVISOR_KEY, NO_SUPERVISOR_LABEL, PROVINCE_KEY, indicator_rows, indicator_totals, own_level
from .snapshots import snapshot_series
from .targets import Target, coverage_target_current, coverage_targets

__all__ = [
    "COUNTY", "DEFINITIONS", "GROUPINGS", "INDICATORS", "NO_SUPERVISOR_KEY", "NO_SUPERVISOR_LABEL", "PROVINCE_KEY", "RATES", "own_level",
    "Indicator", "criteria_values", "criterion_condition", "grade_caps", "indicator_organizations", "indicator_party_organizations",
    "Target", "coverage_target_current", "coverage_targets", "indicator_rows", "indicator_totals", "snapshot_series",
    "with_rates",
]
