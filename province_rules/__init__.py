"""Province rule modules: what each provincial committee's rules decide for one organization.

Pure Python, no Django and no database: services build ``OrganizationFacts`` and ask the
rules object chosen for the tenant and date (``tenants.selectors.province_rules_at``). See
README.md for every decision × province with its clause, ``contract.py`` for what a rules
object offers, ``criteria.py`` for the criteria the indicators count in SQL.
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
    RequirementResult,
    RuleSettings,
)
from .criteria import Criteria, Criterion, Sql
from .documents import clause_title
from .facts import (
    ActivityCounts,
    FactsError,
    MemberFacts,
    OrganizationFacts,
    PartyOrgFacts,
    TrainingFacts,
    parse_evaluate_body,
)
from .registry import register, registered_codes, rules_for

__all__ = [
    "COVERAGE_FORMS", "COVERAGE_VALUES", "DECISIONS", "NO_CAP", "PARTY_ORG_FORMS",
    "ActivityCounts", "Checklist", "ChecklistItem", "ChecklistResult", "CoverageTarget", "Criteria", "Criterion",
    "Decision", "Evaluation", "FactsError", "Grade", "MemberFacts", "OrganizationFacts", "PartyOrgFacts",
    "ProvinceRules", "Reason", "Requirement", "RequirementResult", "RuleSettings", "Sql", "TrainingFacts",
    "clause_title", "parse_evaluate_body", "register", "registered_codes", "rules_for",
]
