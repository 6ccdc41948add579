"""Province rule modules: what each provincial committee's rules decide for one organization.

Pure Python, no Django and no database: services build ``OrganizationFacts`` and ask the
rules object chosen for the tenant and the date (``rules_for(province.rules_key, as_of)``, which the
product calls through ``tenants.selectors.province_rules_at``). See README.md for
every decision × province with its clause.
"""
from .contract import (
    COVERAGE_FORMS,
    COVERAGE_VALUES,
    DECISIONS,
    NO_CAP,
    PARTY_ORG_FORMS,
    Checklist,
    ChecklistItem,
    ChecklistResult,
    CoverageTarget,
    Decision,
    Evaluation,
    Grade,
    ProvinceRules,
    Reason,
    Requirement,
)
from .facts import (
    ActivityCounts,
    FactsError,
    MemberFacts,
    OrganizationFacts,
    PartyOrgFacts,
    parse_evaluate_body,
)
from .registry import register, registered_codes, rules_for

__all__ = [
    "COVERAGE_FORMS", "COVERAGE_VALUES", "DECISIONS", "NO_CAP", "PARTY_ORG_FORMS",
    "ActivityCounts", "Checklist", "ChecklistItem", "ChecklistResult", "CoverageTarget", "Decision",
    "Evaluation", "FactsError", "Grade", "MemberFacts", "OrganizationFacts", "PartyOrgFacts",
    "ProvinceRules", "Reason", "Requirement",
    "parse_evaluate_body", "register", "registered_codes", "rules_for",
]
