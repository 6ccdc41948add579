"""One definition per criterion: the Python check for one organization and the SQL condition
for all of them, written side by side and registered together (``Criteria``).

A decision of a rules module reads its value from its criteria (``criteria.holds``); the
indicators, the work lists and the bulk paths compile the same criteria to SQL
(``platform/indicators/criteria_sql.py``). ``tests/indicators/test_agreement_with_rules.py``
makes the two sides agree on every generated organization.

The SQL side is text over the *facts relations* below, never over tables: the core builds
the relations (one row per member, Party organization and organization, the same facts the
registry hands the Python side), so a rule module knows no table and imports no Django.

``FACT_COLUMNS`` documents each column; a column is named after the facts field it mirrors.
In the text, ``%(name)s`` is a parameter of the criterion (``Sql.params``; ``%(as_of)s`` is
the evaluation date, always given), ``{key}`` is another criterion of the same rules,
compiled in place (a Party-organization criterion inside an organization criterion is about
the organization's Party organization, false without one).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Mapping

from .contract import ORGANIZATIONAL_FORMS, RuleSettings

if TYPE_CHECKING:
    from .facts import MemberFacts, OrganizationFacts, PartyOrgFacts

SUBJECTS = ("member", "party_org", "organization")

# The activity kinds of ActivityCounts (the held-in-12-months columns of a Party organization).
ACTIVITY_KINDS = ("general_meeting", "committee_meeting", "group_meeting", "party_lecture", "theme_day",
                  "org_life_meeting", "democratic_review")
# What a requirement's ``measure`` may name: an activity kind, or a training figure of the year.
TRAINING_MEASURES = ("secretary_trainings", "secretary_training_days", "party_worker_trainings")
REQUIREMENT_MEASURES = ACTIVITY_KINDS + TRAINING_MEASURES

FACT_COLUMNS: Mapping[str, Mapping[str, str]] = {
    "member": {
        "m.status": "formal | probationary (MemberFacts.status)",
        "m.relation": "here | elsewhere | mobile (MemberFacts.relation)",
        "m.roles": "text[]: leader, management, full_time, other (MemberFacts.roles)",
    },
    "party_org": {
        "p.id": "the Party organization",
        "p.form": "own | joint | temporary | dispatched",
        "p.weak_and_lax": "boolean: designated (认定) weak and lax by the superior committee",
        "p.leadership_complete": "boolean: a secretary is recorded",
        "p.covered_units": "integer: organizations it covers",
        "p.last_election": "date: last election, else foundation",
        "p.founded_on": "date or NULL: foundation",
        "p.term_years": "integer or NULL",
        **{f"p.{kind}": "integer: held in the 12 months up to as_of" for kind in ACTIVITY_KINDS},
        "p.secretary_trainings": "integer: the secretary's concentrated trainings this year (NULL: no secretary)",
        "p.secretary_training_days": "numeric: the secretary's training days this year (NULL: no secretary)",
        "p.party_worker_trainings": "integer: Party workers' concentrated trainings this year (NULL: not recorded)",
    },
    "organization": {
        "o.id": "the organization",
        "o.status": "active | zombie | deregistered",
        "o.kind": "social_group | private_non_enterprise | foundation | intermediary | community_org",
        "o.registration_level": "province | city | county",
        "o.employees": "integer",
        "o.is_school": "boolean", "o.is_hospital": "boolean",
        "o.service_type": "text or NULL: what a private non-enterprise unit does (facts.SERVICE_TYPES)",
        "o.instructor": "boolean: an instructor is dispatched to it at as_of",
        "o.work_station": "boolean: a Party-building work station covers it",
        "o.accepted_reason": "boolean: an accepted reason for having no Party organization is recorded",
        "o.exception_recorded": "boolean: the committee recorded an exception to a grade cap",
        "o.counted_members": "integer: its members for which the criterion counted_member holds",
        "(p.*)": "its Party organization's columns (the first by FORM_PRIORITY; all NULL without one)",
    },
}


@dataclass(frozen=True)
class Sql:
    """A boolean SQL expression over ``FACT_COLUMNS`` with named parameters."""

    text: str
    params: Mapping[str, Any] = field(default_factory=dict)


SqlOf = Callable[[date], Sql]
CheckOf = Callable[[Any, date, "Criteria"], bool]


@dataclass(frozen=True)
class Criterion:
    """A criterion: ``check(facts, as_of, criteria)`` for one member, Party organization or
    organization (``subject``), and ``sql(as_of)``, the same condition for all of them."""

    key: str
    subject: str
    title: str
    clause: str
    check: CheckOf = field(compare=False, repr=False)
    sql: SqlOf = field(compare=False, repr=False)

    def __post_init__(self):
        if self.subject not in SUBJECTS:
            raise ValueError(f"criterion {self.key}: subject {self.subject!r} is not one of {SUBJECTS}")


class Criteria(Mapping[str, Criterion]):
    """A module's criteria by key, and how the Python side asks them."""

    def __init__(self, criteria: Iterable[Criterion]):
        self._by_key: dict[str, Criterion] = {}
        for criterion in criteria:
            self._by_key[criterion.key] = criterion  # a later definition (a province's) replaces the baseline's

    def __getitem__(self, key: str) -> Criterion:
        return self._by_key[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_key)

    def __len__(self) -> int:
        return len(self._by_key)

    def holds(self, key: str, facts, as_of: date) -> bool:
        """The check of ``key`` on ``facts`` of its subject; for a Party-organization criterion
        asked of an organization, on the organization's Party organization (False without one)."""
        criterion = self._by_key[key]
        from .facts import OrganizationFacts

        if criterion.subject == "party_org" and isinstance(facts, OrganizationFacts):
            return facts.party_org is not None and bool(criterion.check(facts.party_org, as_of, self))
        return bool(criterion.check(facts, as_of, self))


def _const(sql: Sql) -> SqlOf:
    return lambda as_of: sql


def criterion(key: str, subject: str, title: str, clause: str, check: CheckOf, sql: Sql | SqlOf) -> Criterion:
    return Criterion(key, subject, title, clause, check, sql if callable(sql) else _const(sql))


# =====================================================================================
# the criteria every module has, built from its settings
# =====================================================================================

def counted_member(s: RuleSettings, clause: str) -> Criterion:
    """The counting rule for the three formal members: a formal member with a counted role, or
    (where the proposal is adopted) with a management role and the relation held here."""
    management = s.management_roles if s.count_management_personnel else frozenset()

    def check(m: MemberFacts, as_of, criteria) -> bool:
        roles = set(m.roles)
        return m.status == "formal" and bool(roles & s.counted_member_roles or (roles & management and m.relation == "here"))

    return criterion("counted_member", "member", "计入“3名正式党员”", clause, check, Sql(
        "m.status = 'formal' AND (m.roles && %(roles)s::text[] OR (m.roles && %(management)s::text[] AND m.relation = 'here'))",
        {"roles": sorted(s.counted_member_roles), "management": sorted(management)}))


def counted_members(org: OrganizationFacts, criteria: Criteria, as_of: date) -> tuple[MemberFacts, ...]:
    return tuple(m for m in org.members if criteria.holds("counted_member", m, as_of))


def shared_criteria(s: RuleSettings, *, clause_must_build: str, clause_weak_and_lax: str, clause_renewal: str,
                    clause_screening: str) -> list[Criterion]:
    allowed = s.allowed_party_org_forms
    organizational = sorted(allowed & ORGANIZATIONAL_FORMS)
    own = sorted(allowed & s.own_party_org_forms)
    means = s.work_coverage_means

    def form_in(forms):
        return lambda org, as_of, criteria: org.party_org is not None and org.party_org.form in forms

    found = [
        counted_member(s, clause_must_build),
        criterion("in_scope", "organization", "纳入统计（未注销）", clause_must_build,
                  lambda org, as_of, c: org.status != "deregistered", Sql("o.status <> 'deregistered'")),
        criterion("zombie", "organization", "僵尸型社会组织", "003 五",
                  lambda org, as_of, c: org.status == "zombie", Sql("o.status = 'zombie'")),
        criterion("must_build", "organization", "具备单独建立党组织条件", clause_must_build,
                  lambda org, as_of, c: c.holds("in_scope", org, as_of)
                  and len(counted_members(org, c, as_of)) >= s.min_formal_members,
                  Sql("{in_scope} AND o.counted_members >= %(minimum)s", {"minimum": s.min_formal_members})),
        criterion("with_party_org", "organization", "有党组织（本省有的形式）", clause_must_build,
                  form_in(allowed), Sql("p.form = ANY(%(forms)s::text[])", {"forms": sorted(allowed)})),
        criterion("has_party_org", "organization", "党的组织覆盖", clause_must_build,
                  form_in(set(organizational)), Sql("p.form = ANY(%(forms)s::text[])", {"forms": organizational})),
        criterion("own_party_org", "organization", "已单独建立党组织", clause_must_build,
                  form_in(set(own)), Sql("p.form = ANY(%(forms)s::text[])", {"forms": own})),
        criterion("eligible_not_built", "organization", "应建未建", clause_must_build,
                  lambda org, as_of, c: c.holds("must_build", org, as_of) and not c.holds("own_party_org", org, as_of),
                  Sql("{must_build} AND NOT {own_party_org}")),
    ]

    work_sql = ["{has_party_org}"]
    if "dispatched" in means and "dispatched" in allowed:
        work_sql.append("p.form = 'dispatched'")
    if "instructor" in means:
        work_sql.append("o.instructor")
    if "work_station" in means:
        work_sql.append("o.work_station")

    def work(org, as_of, c):
        return (c.holds("has_party_org", org, as_of)
                or ("dispatched" in means and "dispatched" in allowed and org.party_org is not None
                    and org.party_org.form == "dispatched")
                or ("instructor" in means and org.instructor) or ("work_station" in means and org.work_station))

    found.append(criterion("work_coverage", "organization", "党的工作覆盖", clause_must_build, work,
                           Sql(" OR ".join(work_sql))))

    # --- Party organizations: designation, screening, renewal --------------------------
    found += [
        criterion("recorded", "party_org", "上级党组织认定软弱涣散", clause_weak_and_lax,
                  lambda p, as_of, c: p.weak_and_lax, Sql("p.weak_and_lax")),
        criterion("weak_and_lax", "party_org", "软弱涣散（已认定）", clause_weak_and_lax,
                  lambda p, as_of, c: c.holds("recorded", p, as_of), Sql("{recorded}")),
        criterion("leadership_incomplete", "party_org", "班子配备不齐", clause_screening,
                  lambda p, as_of, c: p.leadership_complete is False, Sql("p.leadership_complete IS FALSE")),
        criterion("joint_branch_too_many_units", "party_org", "联合党支部覆盖单位过多", clause_screening,
                  lambda p, as_of, c: s.max_joint_branch_units is not None and p.form == "joint"
                  and p.covered_units > s.max_joint_branch_units,
                  Sql("p.form = 'joint' AND p.covered_units > %(maximum)s", {"maximum": s.max_joint_branch_units})),
        criterion("activities_infrequent", "party_org", "党组织活动不经常", clause_screening,
                  lambda p, as_of, c: s.min_party_life_per_year is not None and p.activities is not None
                  and party_life(p, s) * 365 < s.min_party_life_per_year * days_existed(p, as_of),
                  Sql("(" + " + ".join(f"p.{kind}" for kind in s.party_life_kinds) + ") * 365 < %(minimum)s * "
                      "coalesce(least(greatest(%(as_of)s - p.founded_on, 0), 365), 365)",
                      {"minimum": s.min_party_life_per_year})),
    ]
    screens = s.weak_and_lax_screens
    found.append(criterion(
        "weak_and_lax_warning", "party_org", "软弱涣散排查预警", clause_screening,
        lambda p, as_of, c: any(c.holds(key, p, as_of) for key in screens),
        Sql(" OR ".join(f"{{{key}}}" for key in screens) or "false")))

    def overdue(p, as_of, c):
        if p.last_election is None:
            return False
        from .baseline import add_years

        return add_years(p.last_election, p.term_years or s.default_term_years) <= as_of

    found.append(criterion(
        "renewal_overdue", "party_org", "党组织未按期换届", clause_renewal, overdue,
        Sql("(p.last_election + make_interval(years => coalesce(p.term_years, %(term)s)::integer))::date <= %(as_of)s",
            {"term": s.default_term_years})))
    return found


def days_existed(p: PartyOrgFacts, as_of: date) -> int:
    """Days of the last 12 months the Party organization existed (365 when its foundation is unknown):
    a branch founded three months ago is asked for a quarter of a year's Party life."""
    return 365 if p.founded_on is None else min(max((as_of - p.founded_on).days, 0), 365)


def party_life(p: PartyOrgFacts, s: RuleSettings) -> int:
    """All Party life of the 12 months (the kinds of ``s.party_life_kinds``)."""
    return sum(getattr(p.activities, kind) for kind in s.party_life_kinds)


def requirement_criteria(rules, keys_of: Callable[[int], Mapping[str, tuple[str, float]]], key: str, title: str,
                         clause: str, *, secretary: bool = False) -> Criterion:
    """A criterion that the year's requirements ``keys_of(year)`` (requirement key → (measure,
    minimum)) are all met by the organization's Party organization (one of the province's forms)."""
    from .facts import reported_measure

    def check(org, as_of, c):
        if not c.holds("with_party_org", org, as_of):
            return False
        if secretary and not org.party_org.leadership_complete:
            return False
        return all((reported_measure(org, measure) or 0) >= minimum for measure, minimum in keys_of(as_of.year).values())

    def sql(as_of):
        wanted = keys_of(as_of.year)
        parts = ["{with_party_org}"] + (["p.leadership_complete"] if secretary else [])
        params = {}
        for index, (measure, minimum) in enumerate(wanted.values()):
            parts.append(f"coalesce(p.{measure}, 0) >= %(minimum_{index})s")
            params[f"minimum_{index}"] = minimum
        return Sql(" AND ".join(parts), params)

    return criterion(key, "organization", title, clause, check, sql)
