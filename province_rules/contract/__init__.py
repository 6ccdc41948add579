"""The province rule contract: everything the rest of the product reads from a rules object.

One rules object per province and date (chosen once per request by
``tenants.selectors.province_rules_at``) is handed to services, indicators and pages. It
decides, for one organization at one date, from ``OrganizationFacts`` passed to it; it
never queries. Every decision carries its value and its reasons, each reason with the
clause it comes from, cited as ``<seed file> <clause>`` (``002 第九条(三)``). Where the
seeds are silent the module uses a setting of its own (``RuleSettings``) and the reason,
marked ``province_setting``, cites the general rule the setting follows.

What code outside ``province_rules/`` may read from a rules object is exactly what
``ProvinceRules`` declares below (``CONTRACT``); ``tests/province_rules/test_rules_contract.py``
greps the tree for anything else. The set-based settings are one frozen ``RuleSettings``
(``rules.settings``). The criteria the indicators count set-based are ``rules.criteria``:
each a pair of a Python check and an SQL condition (``criteria.py``), one definition.

``BaselineRules`` (``baseline.py``) implements the contract for any province without a
module of its own; a province module subclasses it and changes only what differs.
"""
from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Mapping

if TYPE_CHECKING:
    from ..criteria import Criteria
    from ..facts import OrganizationFacts
    from ..processes import Process, RegistrationEvent, ReminderSettings

from .values import (  # noqa: F401  (re-exported: province_rules.contract is where they are imported from)
    COVERAGE_FORMS,
    COVERAGE_VALUES,
    DECISIONS,
    FORM_NAMES,
    FORM_PRIORITY,
    NO_CAP,
    ORG_STATUSES,
    ORGANIZATIONAL_FORMS,
    PARTY_ORG_FORMS,
    STATUS_NAMES,
    Check,
    Checklist,
    ChecklistItem,
    ChecklistResult,
    CoverageTarget,
    Decision,
    Evaluation,
    Grade,
    Reason,
    Requirement,
    RequirementResult,
    RuleSettings,
    _json,
)


class ProvinceRules:
    """The contract. Subclass ``BaselineRules`` (which implements every hook), not this.

    Attributes:

    ``code``              the tenant's rules key (``"jilin"``), ``"national"`` for the baseline
    ``name``              the committee's Chinese name (``吉林省社会组织联合党委``)
    ``valid_from``        the date from which the module holds; a later module for the same
                          ``code`` takes over from its own ``valid_from``
    ``settings``          the module's ``RuleSettings``
    ``criteria``          the module's ``criteria.Criteria``: each criterion the indicators count,
                          as a pair (Python check for one organization, SQL condition for all)
    ``coverage_targets``  the coverage targets the module's document states, by year
    ``form_clauses``      form or means → (clause, text): where each Party organization form and
                          means of work coverage comes from in the province's documents
    ``clause_must_build`` the clause of the three-member rule (pages cite it with 应建未建)
    """

    code: str
    name: str
    valid_from: date
    settings: RuleSettings
    coverage_targets: tuple[CoverageTarget, ...] = ()
    form_clauses: Mapping[str, tuple[str, str]] = {}
    clause_must_build: str

    @property
    def criteria(self) -> Criteria:
        raise NotImplementedError

    @classmethod
    def rules_id(cls) -> str:
        """The module, class and start date, e.g. ``province_rules.jilin.JilinRules2021@2021-06-04``
        (recorded with snapshots; never shown to users)."""
        return f"{cls.__module__}.{cls.__qualname__}@{cls.valid_from.isoformat()}"

    def evaluate(self, org: OrganizationFacts, as_of: date) -> Evaluation:
        """All six decisions for ``org`` at ``as_of``, its status, the year's requirements with
        ``met`` and the checklists with each item's ``met``."""
        return Evaluation(
            province=self.code,
            rules=self.rules_id(),
            as_of=as_of,
            decisions={name: getattr(self, name)(org, as_of) for name in DECISIONS},
            status=self.organization_status(org, as_of),
            requirements=self.requirements_assessed(org, as_of.year),
            checklists=tuple((checklist, checklist.assess(self, org, as_of)) for checklist in self.checklists()),
        )

    # --- the hooks -------------------------------------------------------------------

    def must_build_own_party_org(self, org: OrganizationFacts, as_of: date) -> Decision:
        """Value ``bool``: the org has enough formal members (counted by the province's rule) that it
        must set up its own Party organization; extra ``formal_members_counted``."""
        raise NotImplementedError

    def coverage(self, org: OrganizationFacts, as_of: date) -> Decision:
        """Value ``"organizational" | "work" | "none"``; extra ``form``: one of ``COVERAGE_FORMS`` or ``None``."""
        raise NotImplementedError

    def max_grade(self, org: OrganizationFacts, as_of: date) -> Decision:
        """Value ``Grade``: the highest evaluation grade the org may get at ``as_of`` (5A = no cap)."""
        raise NotImplementedError

    def full_coverage_target(self, org: OrganizationFacts, as_of: date) -> Decision:
        """Value ``bool``: the org falls in a province target where every such org must have a Party
        organization (Jilin: 000 (五))."""
        raise NotImplementedError

    def weak_and_lax(self, org: OrganizationFacts, as_of: date) -> Decision:
        """Value ``bool``: the org's Party organization is designated (认定) weak and lax; extra
        ``findings`` (designated criteria) and ``warnings`` (screening hits awaiting confirmation)."""
        raise NotImplementedError

    def term_renewal_due(self, org: OrganizationFacts, as_of: date) -> Decision:
        """Value ``bool | None``: True when last election + term <= ``as_of`` (a term ending today is due),
        None without a Party organization or election date; extra ``due_date``."""
        raise NotImplementedError

    def organization_status(self, org: OrganizationFacts, as_of: date) -> Decision:
        """Value the status; extra ``in_scope`` (False when deregistered) and ``clean_up`` (a zombie)."""
        raise NotImplementedError

    def requirements_for_year(self, year: int) -> tuple[Requirement, ...]:
        """What Party organizations, secretaries and Party workers must do in ``year``."""
        raise NotImplementedError

    def requirements_assessed(self, org: OrganizationFacts, year: int) -> tuple[RequirementResult, ...]:
        """Each of the year's requirements with what the facts report and ``met`` (None: not reported)."""
        raise NotImplementedError

    def checklists(self) -> tuple[Checklist, ...]:
        """The province's checklists, each item with its clause."""
        raise NotImplementedError

    def has_party_org(self, org: OrganizationFacts) -> bool:
        """The org has a Party organization (own, joint or temporary, of a form the province has)."""
        raise NotImplementedError

    def check_party_org_form(self, form: str) -> Decision:
        """Value ``bool``: the province has this Party organization form. Writes refuse when False."""
        raise NotImplementedError

    def check_dispatched_branch(self, *, instructors: int, covered: tuple[OrganizationFacts, ...]) -> Decision:
        """Value ``bool``: a dispatched branch of ``instructors`` covering ``covered`` may be formed."""
        raise NotImplementedError

    def dispatched_branch_dissolution_due(self, *, covered: tuple[OrganizationFacts, ...]) -> Decision:
        """Value ``bool``: a covered organization has its own Party organization, so the branch may go."""
        raise NotImplementedError

    def check_temporary_branch(self, org: OrganizationFacts) -> Decision:
        """Value ``bool``: a temporary branch may be set up for ``org``."""
        raise NotImplementedError

    def coverage_target_for(self, year: int) -> CoverageTarget | None:
        """The document's coverage target for ``year`` (None when it sets none)."""
        raise NotImplementedError

    # --- processes (province_rules/processes.py declares the format) -----------------

    def processes(self) -> tuple[Process, ...]:
        """The province's processes (applications, approvals, reviews, rectification, tasks)
        that the process engine runs: data only, validated by ``Process.validate``."""
        raise NotImplementedError

    def process(self, code: str) -> Process | None:
        """The process ``code`` of ``processes()``, or None."""
        raise NotImplementedError

    def registration_events(self) -> tuple[RegistrationEvent, ...]:
        """For each registration event of the civil-affairs system: its checks and the cases it opens."""
        raise NotImplementedError

    def reminder_settings(self) -> ReminderSettings:
        """When reminders are sent (days before a term ends, working days before a deadline …)."""
        raise NotImplementedError

    def plans(self) -> tuple:
        """The province's plans (``province_rules/plans.py``: numbered lines of work with tasks)."""
        raise NotImplementedError

    def plan(self, code: str):
        """The plan ``code`` of ``plans()``, or None."""
        raise NotImplementedError

    # --- proposals a committee adopts from a date (province_rules/proposals.py) ----------

    adopted: tuple = ()  # the adopted proposals holding in this rules object: (key, date) pairs

    def proposals(self) -> tuple:
        """The proposals of the province's documents that its committee may adopt from a date
        (``Proposal``: key, title, clause, text, the settings it changes)."""
        raise NotImplementedError


# What code outside province_rules/ may read from a rules object (the grep test checks it).
CONTRACT = frozenset(
    {"code", "name", "valid_from", "settings", "criteria", "coverage_targets", "form_clauses", "clause_must_build",
     "rules_id", "evaluate", "organization_status", "requirements_for_year", "requirements_assessed", "checklists",
     "has_party_org", "check_party_org_form", "check_dispatched_branch", "dispatched_branch_dissolution_due",
     "check_temporary_branch", "coverage_target_for", "processes", "process", "registration_events",
     "reminder_settings", "plans", "plan", "proposals", "adopted", *DECISIONS}
)
