"""Planning the registry itself: places, organizations, Party organizations and members."""
from __future__ import annotations

import datetime as dt

from regions.models import Region
from registry.models import PartyOrganization, SocialOrganization

from . import vocabulary as words
from .bulk import allocate_ids
from .names import Namer
from .plans import MemberPlan, OrgPlan, PartyPlan, Place, Plan, years_after, years_before

KIND_WEIGHTS = {"social_group": 44, "private_non_enterprise": 40, "foundation": 3, "intermediary": 4, "community_org": 9}
# (province, city, county) per kind
LEVEL_WEIGHTS = {
    "social_group": (12, 38, 50), "private_non_enterprise": (5, 30, 65), "foundation": (60, 30, 10),
    "intermediary": (10, 50, 40), "community_org": (0, 10, 90),
}
# How an organization stands with Party building, before forms the province lacks are folded into joint.
ARCHETYPE_WEIGHTS = {"own": 6.5, "joint": 16.0, "temporary": 1.5, "eligible": 2.5, "pocket": 4.0, "none": 69.5}
# Where the province has dispatched branches: the share of a city's orgs they cover (3–5 orgs each).
DISPATCHED_SHARE = 0.025
FIRST_DAY = dt.date(1995, 1, 1)
REFORM_DAY = dt.date(2016, 1, 1)
PARTY_BUILDING_START = dt.date(2008, 1, 1)


def places_load(plan: Plan) -> int:
    """The province and its cities from the schema; counties added below each city. Returns how many were added."""
    province = Region.objects.filter(level=Region.Level.PROVINCE).order_by("code").first()
    if province is None:
        raise ValueError("本省尚未载入行政区划，请先运行 provision_province")
    plan.province = Place(province.id, province.code, province.name, "province", None)
    plan.province_short = province.name.removesuffix("省").removesuffix("市")
    cities = list(Region.objects.filter(level=Region.Level.CITY).order_by("code"))
    if not cities:
        raise ValueError("本省没有市级行政区划")
    existing = set(Region.objects.filter(level=Region.Level.COUNTY).values_list("code", flat=True))
    new_counties = []
    for city in cities:
        known = words.COUNTIES.get(city.code)
        if known is None:
            short = city.name.removesuffix("市")
            known = [(f"{city.code[:4]}{index + 2:02d}", f"{short}{suffix}")
                     for index, suffix in enumerate(words.FALLBACK_COUNTY_SUFFIXES)]
        new_counties += [Region(code=code, name=name, level=Region.Level.COUNTY, parent=city)
                         for code, name in known if code not in existing]
    Region.objects.bulk_create(new_counties, ignore_conflicts=True)
    counties_by_city: dict[int, list[Region]] = {}
    for county in Region.objects.filter(level=Region.Level.COUNTY).order_by("code"):
        counties_by_city.setdefault(county.parent_id, []).append(county)
    for city in cities:
        place = Place(city.id, city.code, city.name, "city", None)
        place.city = place
        plan.cities.append(place)
        # a district is named with its city (长春市南关区), a county or county-level city alone (农安县)
        plan.counties[city.code] = [
            Place(c.id, c.code, city.name + c.name if c.name.endswith("区") else c.name, "county", place)
            for c in counties_by_city.get(city.id, [])
        ]
    plan.city_weights = [words.CITY_WEIGHTS.get(city.code, 1.0) for city in plan.cities]
    return len(new_counties)


def organizations_plan(plan: Plan, namer: Namer, count: int) -> None:
    rng = plan.rng
    kinds, kind_weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
    for org_id in allocate_ids(SocialOrganization, count):
        kind = rng.choices(kinds, weights=kind_weights)[0]
        city = rng.choices(plan.cities, weights=plan.city_weights)[0]
        level = rng.choices(("province", "city", "county"), weights=LEVEL_WEIGHTS[kind])[0]
        counties = plan.counties[city.code]
        if level == "county" and not counties:
            level = "city"  # 东莞、中山: towns directly under the city, which registers
        place = rng.choice(counties) if level == "county" else city
        authority = {"province": plan.province, "city": city, "county": place}[level]
        name_place = plan.province if level == "province" else place
        name, subtype, supervisor_type, flag, industry = namer.organization(kind, name_place, plan.province_short)
        # registrations grew after the 2016 reform: most orgs are younger
        registered_on = plan.date_between(FIRST_DAY if rng.random() < 0.35 else REFORM_DAY,
                                          plan.as_of - dt.timedelta(days=20))
        roll = rng.random()
        status = "deregistered" if roll < 0.03 else "zombie" if roll < 0.08 else "active"
        org = OrgPlan(
            id=org_id, uscc=namer.uscc(kind, authority.code, registered_on), name=name, kind=kind, subtype=subtype,
            level=level, place=place, city=city, authority=authority.name + ("民政厅" if level == "province" else "民政局"),
            employees=namer.employees(kind, subtype), registered_on=registered_on, status=status, industry=industry,
            is_school=flag == "school", is_hospital=flag == "hospital",
        )
        if supervisor_type and (kind != "social_group" or rng.random() < 0.75):
            org.supervisor = namer.supervisor(supervisor_type, level, place, plan.province)
        elif kind == "social_group" and subtype in ("chamber", "association"):
            org.decoupled = rng.random() < 0.7  # 脱钩 trade associations and chambers (002 第十一条)
        committee = {"school": "school", "hospital": "hospital", "lawyers": "lawyers", "accountants": "accountants",
                     "chamber": "chambers"}.get(flag or subtype)
        if committee and rng.random() < (0.9 if committee == "lawyers" else 0.45):
            org.industry_committee = plan.province.name + words.INDUSTRY_COMMITTEES[committee]
        if status == "zombie":
            org.employees = min(org.employees, rng.randint(0, 3))
        plan.orgs.append(org)


# =====================================================================================
# Party organizations and members
# =====================================================================================

def _archetype(plan: Plan, org: OrgPlan) -> str:
    rng = plan.rng
    if org.status == "deregistered":
        return "dissolved" if rng.random() < 0.2 else "none"
    if (org.is_school or org.is_hospital) and org.employees >= 30:
        return rng.choices(("own", "eligible", "instructor", "none"), weights=(62, 14, 14, 10))[0]
    if org.status == "zombie":
        return rng.choices(("joint", "pocket", "none"), weights=(10, 10, 80))[0]
    weights = dict(ARCHETYPE_WEIGHTS)
    if org.kind == "community_org":
        weights.update(own=0.5, temporary=0.0, eligible=0.5)
    if org.employees >= 20:
        weights.update(own=weights["own"] * 4, joint=weights["joint"] / 2)
    if "temporary" not in plan.rules.settings.allowed_party_org_forms:  # only where the province has the form
        weights["joint"] += weights.pop("temporary")
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _member(plan: Plan, org: OrgPlan, status: str, relation: str, role: str) -> MemberPlan:
    """A member of ``role``; a leader is also full-time staff in two cases of five (a full-time 秘书长)."""
    roles = ("leader", "full_time") if role == "leader" and plan.rng.random() < 0.4 else (role,)
    member = MemberPlan(org=org, status=status, relation=relation, roles=roles)
    org.members.append(member)
    plan.members.append(member)
    return member


def _staff(plan: Plan, org: OrgPlan, count: int, *, probationary: float = 0.1) -> None:
    rng = plan.rng
    for index in range(count):
        role = "leader" if index == 0 and rng.random() < 0.7 else \
            rng.choices(("leader", "management", "full_time", "other"), weights=(4, 26, 40, 30))[0]
        status = "probationary" if rng.random() < probationary else "formal"
        relation = rng.choices(("here", "mobile", "elsewhere"), weights=(85, 8, 7))[0]
        _member(plan, org, status, relation, role)


def _party_org(plan: Plan, *, name: str, form: str, region_id: int, parent_id: int | None, founded_after: dt.date,
               level: str = "branch") -> PartyPlan:
    rng = plan.rng
    founded_on = plan.date_between(max(founded_after, PARTY_BUILDING_START), plan.as_of - dt.timedelta(days=45))
    party = PartyPlan(name=name, level=level, form=form, region_id=region_id, parent_id=parent_id, founded_on=founded_on,
                      term_years=5 if rng.random() < 0.2 else 3)
    elections = [founded_on]
    while (next_one := years_after(elections[-1], party.term_years)) <= plan.as_of:
        elections.append(next_one)
    if len(elections) > 1 and rng.random() < 0.14:
        elections.pop()  # the last renewal was missed: overdue
    elif len(elections) > 1 and rng.random() < 0.06:
        elections = [founded_on]  # never renewed since foundation
    party.last_election_on = None if rng.random() < 0.04 else elections[-1]
    party.weak_and_lax = rng.random() < 0.04
    # Party life: most branches meet as the general rules ask, a quarter patchily, a few hardly at all
    # (Guangdong screens those as 活动不经常, 003 四); a designated weak-and-lax one mostly lags or idles.
    party.profile = (rng.choices(("inactive", "lagging"), weights=(60, 40))[0] if party.weak_and_lax
                     else rng.choices(("good", "lagging", "inactive"), weights=(72, 26, 2))[0])
    plan.party_orgs.append(party)
    return party


def _attach(plan: Plan, party: PartyPlan, orgs: list[OrgPlan]) -> None:
    """``party`` covers ``orgs``; their members whose relation it can hold join it; a secretary is chosen."""
    rng = plan.rng
    party.covered = list(orgs)
    party.members = []
    for org in orgs:
        org.party = party
        org.charter_clause = rng.random() < 0.9
        for member in org.members:
            if member.relation in ("here", "mobile") or party.form == "temporary":
                member.party = party
                party.members.append(member)
    candidates = ([m for m in party.members if m.status == "formal" and m.relation != "mobile"]
                  or [m for m in party.members if m.status == "formal"])
    if candidates and rng.random() < 0.985:  # a few branches have no secretary (班子配备不齐, 003 四)
        leaders = [m for m in candidates if "leader" in m.roles]
        party.secretary = leaders[0] if leaders and rng.random() < 0.7 else rng.choice(candidates)


def _committee(plan: Plan, name: str, region_id: int, parent_id: int | None) -> int:
    """An existing committee's id, or a new 党委 above the branches (covering no organization)."""
    existing = PartyOrganization.objects.filter(name=name).values_list("pk", flat=True).first()
    if existing:
        return existing
    party = PartyPlan(name=name, level="committee", form="own", region_id=region_id, parent_id=parent_id,
                      founded_on=dt.date(2016, 5, 13), id=allocate_ids(PartyOrganization, 1)[0], term_years=5,
                      last_election_on=years_before(plan.as_of, 2), profile="committee")
    plan.party_orgs.append(party)
    return party.id


def party_plan(plan: Plan, namer: Namer) -> None:
    rng, cn = plan.rng, words.chinese_number
    rules_name = plan.rules.name
    committee_name = rules_name if rules_name.startswith(plan.province.name) else plan.province.name + rules_name
    namer.used_party_names.add(committee_name)
    province_committee = _committee(plan, committee_name, plan.province.region_id, None)
    city_committees = {}
    for city in plan.cities:
        namer.used_party_names.add(f"{city.name}社会组织党委")
        city_committees[city.code] = _committee(plan, f"{city.name}社会组织党委", city.region_id, province_committee)
    joint_pool: dict[str, list[OrgPlan]] = {}
    for org in plan.orgs:
        org.archetype = archetype = _archetype(plan, org)
        parent = province_committee if org.level == "province" else city_committees[org.city.code]
        if archetype in ("own", "dissolved"):
            big = org.employees >= 120 and rng.random() < 0.5
            count = rng.randint(51, 70) if big else min(3 + int(rng.expovariate(0.3)), 15)
            _staff(plan, org, count)
            level, suffix = ("general_branch", "党总支") if big else ("branch", "党支部")
            name = namer.party_org_name(lambda n: f"{org.name}{suffix}" if n >= 0 else f"{org.name}第{cn(-n)}{suffix}")
            party = _party_org(plan, name=name, form="own", region_id=org.place.region_id, parent_id=parent,
                               founded_after=org.registered_on, level=level)
            if archetype == "dissolved":
                party.dissolved_on = plan.date_between(party.founded_on, plan.as_of - dt.timedelta(days=1))
            _attach(plan, party, [org])
        elif archetype == "temporary":
            # 003 五: 3+ formal members among leaders and full-time staff whose relations are hard to transfer
            for index in range(rng.randint(3, 5)):
                _member(plan, org, "formal", "elsewhere", "leader" if index == 0 else "full_time")
            name = namer.party_org_name(lambda n: f"{org.name}临时党支部" if n >= 0 else f"{org.name}第{cn(-n)}临时党支部")
            party = _party_org(plan, name=name, form="temporary", region_id=org.place.region_id, parent_id=parent,
                               founded_after=org.registered_on)
            _attach(plan, party, [org])
        elif archetype == "joint":
            _staff(plan, org, rng.choices((0, 1, 2, 3, 4), weights=(12, 33, 30, 17, 8))[0], probationary=0.08)
            joint_pool.setdefault(org.place.code, []).append(org)
        elif archetype == "eligible":
            for index in range(rng.randint(3, 6)):
                role = "leader" if index == 0 else rng.choices(("full_time", "management", "other"), weights=(75, 15, 10))[0]
                _member(plan, org, "formal", rng.choices(("elsewhere", "mobile"), weights=(85, 15))[0], role)
            if rng.random() < 0.25:
                org.accepted_reason = rng.choice(words.ACCEPTED_REASONS)
        elif archetype == "pocket":
            for _ in range(rng.randint(1, 2)):
                _member(plan, org, "formal", "elsewhere", rng.choice(("full_time", "other", "management")))
    _joint_branches(plan, namer, joint_pool, city_committees)
    if "dispatched" in plan.rules.settings.allowed_party_org_forms:
        _dispatched_branches(plan, namer, city_committees)


def _joint_branches(plan: Plan, namer: Namer, pool: dict[str, list[OrgPlan]], committees: dict[str, int]) -> None:
    """Joint branches of 3–8 small orgs (mostly 3–5) of one county (002 第十六条); the orgs a county has too few
    of are gathered city-wide, and any still left over keep their members' relations elsewhere."""
    rng, cn = plan.rng, words.chinese_number
    city_leftovers: dict[str, list[OrgPlan]] = {}
    for level_pool, final in ((pool, False), (city_leftovers, True)):
        for orgs in list(level_pool.values()):
            place = orgs[0].city if final else orgs[0].place
            previous, start = None, 0
            while start < len(orgs):
                # most joint branches cover 3–5 units; a few cover more (联合党支部覆盖单位过多, 003 四)
                group = orgs[start:start + rng.choices((3, 4, 5, 6, 7, 8), weights=(34, 33, 27, 3, 2, 1))[0]]
                start += len(group)
                if len(group) < 3:
                    if previous is not None and len(previous.covered) + len(group) <= 8:
                        _attach(plan, previous, previous.covered + group)
                    elif not final:
                        city_leftovers.setdefault(place.city.code, []).extend(group)
                    else:
                        for org in group:
                            org.archetype = "pocket" if org.members else "none"
                            for member in org.members:
                                member.relation = "elsewhere"
                    continue
                industries = {o.industry for o in group}
                industry = group[0].industry if len(industries) == 1 and group[0].kind == "social_group" else ""
                name = namer.party_org_name(lambda n: f"{place.name}{industry}行业联合党支部" if industry and n == 0 else
                                            f"{place.name}社会组织第{cn(abs(n) + 1)}联合党支部")
                previous = _party_org(plan, name=name, form="joint", region_id=place.region_id,
                                      parent_id=committees[group[0].city.code],
                                      founded_after=max(o.registered_on for o in group))
                _attach(plan, previous, group)


def _dispatched_branches(plan: Plan, namer: Namer, committees: dict[str, int]) -> None:
    """Dispatched branches: three instructors covering 3–5 orgs of a city with no or few members
    (002 第十八条), about ``DISPATCHED_SHARE`` of each city's orgs."""
    rng, cn = plan.rng, words.chinese_number
    for city in plan.cities:
        in_city = [o for o in plan.orgs if o.city is city]
        candidates = [o for o in in_city if o.archetype == "none" and o.status == "active" and not o.members
                      and not ((o.is_school or o.is_hospital) and o.employees >= 30)]
        rng.shuffle(candidates)
        start = 0
        for _ in range(round(len(in_city) * DISPATCHED_SHARE / 4)):
            group = candidates[start:start + rng.randint(3, 5)]
            start += len(group)
            if len(group) < 3:
                break
            for org in group:
                org.archetype = "dispatched"
                if rng.random() < 0.3:  # "no or only a few members"
                    _member(plan, org, "formal", "elsewhere", rng.choice(("full_time", "other")))
            name = namer.party_org_name(lambda n: f"{city.name}社会组织第{cn(abs(n) + 1)}派出党支部")
            party = _party_org(plan, name=name, form="dispatched", region_id=city.region_id,
                               parent_id=committees[city.code], founded_after=max(o.registered_on for o in group))
            _attach(plan, party, sorted(group, key=lambda o: o.id))
            plan.dispatched.append(party)


def coverage_means_plan(plan: Plan) -> None:
    """Instructors and work stations for orgs without a Party organization of their own."""
    rng = plan.rng
    for org in plan.orgs:
        if not org.in_scope or (org.has_live_party_org and org.party.form != "dispatched"):
            continue
        chance = {"instructor": 1.0, "eligible": 0.45, "dispatched": 0.0}.get(org.archetype, 0.07)
        if (org.is_school or org.is_hospital) and org.employees >= 30:
            chance = max(chance, 0.5)
        org.instructor = rng.random() < chance
        org.work_station = org.archetype != "dispatched" and rng.random() < 0.05
        if not org.has_live_party_org:
            org.charter_clause = rng.random() < 0.55
