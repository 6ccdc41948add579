"""The records of a working year around the registry: instructors and dispatches, 三会一课
and theme days with attendance, trainings, annual inspections, grades, penalties and mass
organizations. Each function returns the rows ``write`` sends to one table."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from province_rules.facts import MemberFacts, OrganizationFacts, PartyOrgFacts
from registry.models import Activity, Instructor

from . import vocabulary as words
from .bulk import allocate_ids
from .names import Namer
from .plans import OrgPlan, Plan, years_after, years_before

GRADES = ("1A", "2A", "3A", "4A", "5A")
# Grades by the organization's size (employees): a 5A association has a secretariat, a
# two-person one rarely gets past 3A (评估 scores governance, staff and work done).
GRADE_WEIGHTS_BY_SIZE = ((3, (12, 40, 42, 6, 0)), (10, (5, 24, 52, 16, 3)), (30, (3, 12, 48, 28, 9)),
                         (None, (1, 5, 34, 37, 23)))


def grade_weights(employees: int) -> tuple[int, ...]:
    return next(weights for limit, weights in GRADE_WEIGHTS_BY_SIZE if limit is None or employees < limit)
TRAINED_THIS_YEAR = {"good": 0.85, "lagging": 0.55, "inactive": 0.2}
MEETING_CHANCE = {"good": 1.0, "lagging": 0.6, "inactive": 0.15}
PRESENT_RATE = {"good": 0.9, "lagging": 0.7, "inactive": 0.6}


def organization_facts(plan: Plan, org: OrgPlan) -> OrganizationFacts:
    """What the rules would be told about ``org`` (as ``registry.selectors.organization_facts``)."""
    party = org.party if org.has_live_party_org else None
    party_facts = None
    if party is not None:
        party_facts = PartyOrgFacts(
            form=party.form, weak_and_lax=party.weak_and_lax, last_election=party.last_election_on or party.founded_on,
            term_years=party.term_years, leadership_complete=party.secretary is not None,
            covered_units=max(len(party.covered), 1),
        )
    return OrganizationFacts(
        kind=org.kind, registration_level=org.level, employees=org.employees, is_school=org.is_school,
        is_hospital=org.is_hospital, charter_clause=org.charter_clause, party_org=party_facts,
        members=tuple(MemberFacts(status=m.status, relation=m.relation, roles=m.roles) for m in org.members),
        instructor=org.instructor or (party is not None and party.form == "dispatched"), work_station=org.work_station,
        accepted_reason_for_no_party_org=org.accepted_reason or None, exception_recorded=org.grade_exception or None,
    )


# --- instructors and dispatches ------------------------------------------------------

def instructor_rows(plan: Plan, namer: Namer, encrypt) -> list[tuple]:
    """About one instructor per 90 organizations of a city (at least 4), 40% full-time."""
    rng = plan.rng
    per_city: dict[str, int] = {}
    for org in plan.orgs:
        per_city[org.city.code] = per_city.get(org.city.code, 0) + 1
    rows = []
    for city in plan.cities:
        ids = allocate_ids(Instructor, max(4, per_city.get(city.code, 0) // 90))
        plan.instructor_pool[city.code] = ids
        for instructor_id in ids:
            unit = rng.choice((f"{city.name}社会组织党委", f"{city.name}民政局", f"{city.name}委组织部",
                               f"{plan.province.name}社会组织党建工作指导中心"))
            rows.append((instructor_id, namer.person_name(), encrypt(namer.phone()), unit, rng.random() < 0.4,
                         city.region_id, rng.random() < 0.95))
    return rows


def dispatch_rows(plan: Plan) -> list[tuple]:
    rng = plan.rng
    plans = ("倒排工期：本季度完成党员摸排，下季度提交组建申请", "倒排工期：指导建立工会，推动党建入章", "")
    rows = []
    for party in plan.dispatched:  # the branch's three instructors work in each org it covers
        for instructor_id in rng.sample(plan.instructor_pool[party.covered[0].city.code], 3):
            rows += [(instructor_id, org.id, party.founded_on, None, "派出党支部成员") for org in party.covered]
    for org in plan.orgs:
        pool = plan.instructor_pool[org.city.code]
        if org.instructor:
            started = plan.date_between(max(org.registered_on, years_before(plan.as_of, 3)), plan.as_of)
            rows.append((rng.choice(pool), org.id, started, None, rng.choice(plans)))
        elif org.has_live_party_org and org.party.form == "own" and rng.random() < 0.1:
            # the instructor helped build the Party organization and left once it stood (004 一(二))
            founded = org.party.founded_on
            started = plan.date_between(max(org.registered_on, founded - dt.timedelta(days=400)), founded)
            rows.append((rng.choice(pool), org.id, started, min(founded + dt.timedelta(days=30), plan.as_of), plans[0]))
    return rows


# --- organizational life -------------------------------------------------------------

def activity_rows(plan: Plan) -> tuple[list[tuple], list[tuple]]:
    """12 months of 三会一课, theme days, the org-life meeting and the democratic review up to
    ``as_of``, kept well, patchily or hardly (the Party organization's profile); with attendance."""
    rng, as_of = plan.rng, plan.as_of
    start = as_of - dt.timedelta(days=364)
    months = [(start + dt.timedelta(days=30 * i), start + dt.timedelta(days=30 * i + 29)) for i in range(12)]
    months[-1] = (months[-1][0], as_of)
    quarters = [(months[3 * i][0], months[3 * i + 2][1]) for i in range(4)]
    planned = []
    # The org-life meeting and the democratic review are held in the first quarter, about the
    # year before (the latest first quarter within the 12 months).
    review_first = max(start, dt.date(as_of.year, 1, 1))
    review_last = min(as_of, dt.date(as_of.year, 3, 31))
    for party in plan.party_orgs:
        if party.profile == "committee" or party.dissolved_on:
            continue
        chance = MEETING_CHANCE[party.profile]

        def hold(kind, first, last, title):
            """An activity on a day between ``first`` and ``last``, titled after that day."""
            if last >= party.founded_on:
                day = plan.date_between(max(first, party.founded_on), last)
                planned.append((party, kind, day, title(day)))

        for first, last in months:
            for kind, title in (("committee_meeting", lambda d: f"{d.month}月支部委员会会议"),
                                ("group_meeting", lambda d: f"{d.month}月党小组学习会"),
                                ("theme_day", lambda d: f"{d.month}月主题党日：{words.topic_for(rng, d)}")):
                if rng.random() < chance:
                    hold(kind, first, last, title)
        for first, last in quarters:
            if rng.random() < chance:
                hold("general_meeting", first, last,
                     lambda d: f"{d.year}年第{words.chinese_number((d.month - 1) // 3 + 1)}季度支部党员大会")
        for _ in range(2 if party.profile == "good" else int(rng.random() < chance)):
            hold("party_lecture", start, as_of, lambda d: f"书记讲党课：{words.topic_for(rng, d)}")
        for kind, title in (("org_life_meeting", "年度组织生活会"), ("democratic_review", "年度民主评议党员")):
            if rng.random() < max(chance, 0.3):
                hold(kind, review_first, review_last, lambda d, title=title: f"{d.year - 1}{title}")
    activities, attendance = [], []
    for activity_id, (party, kind, day, title) in zip(allocate_ids(Activity, len(planned)), planned):
        activities.append((activity_id, party.id, kind, day, title))
        if kind == "committee_meeting":  # the secretary and the committee members
            people = ([party.secretary] if party.secretary else []) + [m for m in party.members if m is not party.secretary][:2]
            attendance += [(activity_id, member.id, True) for member in people]
            continue
        rate = PRESENT_RATE[party.profile]
        attendance += [(activity_id, member.id, rng.random() < (0.4 if member.relation == "mobile" else rate))
                       for member in party.members]
    return activities, attendance


def training_rows(plan: Plan) -> list[tuple]:
    """Secretaries' concentrated trainings (000 (三): at least one a year; 004 二 五: 3 days),
    last year's, and some members' online courses."""
    rng, as_of = plan.rng, plan.as_of
    new_year = dt.date(as_of.year, 1, 1)
    elapsed = (as_of - new_year).days / 365
    rows = []
    for party in plan.party_orgs:
        secretary = party.secretary
        if secretary is None or party.dissolved_on:
            continue
        if rng.random() < TRAINED_THIS_YEAR[party.profile] * (0.3 + 0.7 * elapsed):
            for days in [rng.choice((1, 2, 3, 3, 4, 5))] + ([rng.choice((1, 2))] if rng.random() < 0.4 else []):
                rows.append((secretary.id, rng.choice(words.TRAINING_TITLES), plan.date_between(new_year, as_of),
                             Decimal(days), True))
        if rng.random() < 0.7:
            rows.append((secretary.id, rng.choice(words.TRAINING_TITLES),
                         plan.date_between(dt.date(as_of.year - 1, 1, 1), dt.date(as_of.year - 1, 12, 31)),
                         Decimal(rng.choice((1, 2, 3))), True))
    for member in plan.members:
        if member.party is not None and rng.random() < 0.12:
            rows.append((member.id, "党员网络培训专题班", plan.date_between(new_year, as_of),
                         Decimal(rng.choice(("0.5", "1", "2"))), False))
    return rows


# --- checks: inspections, grades, penalties -------------------------------------------

def inspection_rows(plan: Plan, facts) -> list[tuple]:
    """Annual inspections of the last two years, with the province's checklist where it has one."""
    rng, rules, as_of = plan.rng, plan.rules, plan.as_of
    checklist = next((c for c in rules.checklists() if c.key == "annual_inspection"), None)
    rows = []
    for org in plan.orgs:
        if not org.in_scope:
            continue
        for year in (as_of.year - 1, as_of.year - 2):
            if org.registered_on >= dt.date(year, 1, 1) or (year == as_of.year - 2 and rng.random() < 0.5):
                continue
            if org.status == "zombie" and rng.random() < 0.6:
                continue  # 僵尸型: no longer reports
            result = "failed" if org.status == "zombie" else rng.choices(("passed", "basic", "failed"), weights=(86, 10, 4))[0]
            items = {}
            if checklist is not None:
                for item in checklist.assess(rules, facts(org), as_of):
                    items[item.item.key] = item.met if item.met is not None else rng.random() < 0.85
            failed_items = [i.text for i in checklist.items if not items[i.key]] if checklist is not None else []
            rectification = ("请于3个月内整改：" + "；".join(failed_items[:3])) if failed_items and result != "passed" else ""
            rows.append((org.id, year, result, items, rectification))
    return rows


def grade_rows(plan: Plan, facts) -> list[tuple]:
    """Evaluation grades, each checked against the rules' cap as ``evaluation_grade_record`` does
    (kept but flagged when above). Sets the org's current grade."""
    rng, rules, as_of = plan.rng, plan.rules, plan.as_of
    rows = []
    for org in plan.orgs:
        if org.status != "active" or org.registered_on > years_before(as_of, 2):
            continue
        chance = {"eligible": 0.35, "own": 0.2}.get(org.archetype, 0.1) * (1.5 if org.employees >= 30 else 1)
        if rng.random() >= chance:
            continue
        rated_on = plan.date_between(max(years_after(org.registered_on, 2), years_before(as_of, 5)), as_of)
        grade = rng.choices(GRADES, weights=grade_weights(org.employees))[0]
        if not org.has_live_party_org and grade >= "4A" and rng.random() < 0.2:
            org.grade_exception = rng.choice(words.GRADE_CAP_EXCEPTIONS)
        history = []
        if rng.random() < 0.25 and years_before(rated_on, 5) > org.registered_on:
            history.append((years_before(rated_on, 5), GRADES[max(GRADES.index(grade) - rng.randint(0, 1), 0)]))
        for day, value in history + [(rated_on, grade)]:
            cap = rules.max_grade(facts(org), day)
            above = int(value[0]) > int(str(cap.value)[0])
            rows.append((org.id, value, day, above, [r.to_dict() for r in cap.reasons] if above else []))
        org.grade, org.grade_on = grade, rated_on
    return rows


def penalty_rows(plan: Plan) -> list[tuple]:
    rng, as_of = plan.rng, plan.as_of
    rows = []
    for org in plan.orgs:
        if rng.random() < (0.06 if org.status == "zombie" else 0.012):
            for _ in range(rng.randint(1, 2)):
                rows.append((org.id, plan.date_between(max(org.registered_on, years_before(as_of, 6)), as_of),
                             org.authority, rng.choice(words.PENALTIES)))
    return rows


def mass_organization_rows(plan: Plan) -> list[tuple]:
    """Unions, youth leagues and women's federations (002 第二十条) in the larger orgs."""
    rng, as_of = plan.rng, plan.as_of
    rows = []
    for org in plan.orgs:
        for kind, minimum, chance in (("union", 10, 0.35), ("youth_league", 20, 0.08), ("women_federation", 15, 0.06)):
            if org.in_scope and org.employees >= minimum and rng.random() < chance:
                rows.append((org.id, kind, plan.date_between(org.registered_on, as_of)))
    return rows
