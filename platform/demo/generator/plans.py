"""What the generator decides, held in memory until it is written."""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from province_rules.baseline import add_years


@dataclass(slots=True, eq=False)
class Place:
    region_id: int
    code: str
    name: str           # as written in names: 长春市, 长春市南关区, 农安县, 吉林省
    level: str          # province, city, county
    city: Place | None  # a county's city; a city's itself; None for the province


@dataclass(slots=True, eq=False)
class MemberPlan:
    org: OrgPlan
    status: str
    relation: str
    roles: tuple[str, ...]
    id: int = 0
    party: PartyPlan | None = None


@dataclass(slots=True, eq=False)
class PartyPlan:
    name: str
    level: str
    form: str
    region_id: int
    parent_id: int | None
    founded_on: dt.date
    id: int = 0
    term_years: int = 3
    last_election_on: dt.date | None = None
    weak_and_lax: bool = False
    dissolved_on: dt.date | None = None
    profile: str = "good"  # how well it keeps its organizational life: good, lagging, inactive; committee
    covered: list[OrgPlan] = field(default_factory=list)
    members: list[MemberPlan] = field(default_factory=list)
    secretary: MemberPlan | None = None


@dataclass(slots=True, eq=False)
class OrgPlan:
    id: int
    uscc: str
    name: str
    kind: str
    subtype: str
    level: str
    place: Place
    city: Place
    authority: str
    employees: int
    registered_on: dt.date
    status: str
    industry: str = ""
    supervisor: str | None = None
    industry_committee: str | None = None
    decoupled: bool = False
    is_school: bool = False
    is_hospital: bool = False
    charter_clause: bool = False
    work_station: bool = False
    instructor: bool = False
    accepted_reason: str = ""
    grade_exception: str = ""
    grade: str = ""
    grade_on: dt.date | None = None
    archetype: str = "none"
    party: PartyPlan | None = None
    members: list[MemberPlan] = field(default_factory=list)

    @property
    def in_scope(self) -> bool:
        return self.status != "deregistered"

    @property
    def has_live_party_org(self) -> bool:
        return self.party is not None and self.party.dissolved_on is None


@dataclass(eq=False)
class Plan:
    """The whole province's demo registry, decided before anything is written."""

    rules: object
    as_of: dt.date
    now: dt.datetime
    rng: random.Random
    province: Place | None = None
    province_short: str = ""
    cities: list[Place] = field(default_factory=list)
    counties: dict[str, list[Place]] = field(default_factory=dict)
    city_weights: list[float] = field(default_factory=list)
    orgs: list[OrgPlan] = field(default_factory=list)
    party_orgs: list[PartyPlan] = field(default_factory=list)
    members: list[MemberPlan] = field(default_factory=list)
    dispatched: list[PartyPlan] = field(default_factory=list)
    instructor_pool: dict[str, list[int]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def date_between(self, start: dt.date, end: dt.date) -> dt.date:
        """A day from ``start`` to ``end`` (both included); ``end`` when the range is empty."""
        if end <= start:
            return end
        return start + dt.timedelta(days=self.rng.randrange((end - start).days + 1))


def years_after(day: dt.date, years: int) -> dt.date:
    return add_years(day, years)


def years_before(day: dt.date, years: int) -> dt.date:
    return add_years(day, -years)
