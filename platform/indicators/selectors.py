"""The indicators a committee reads (domain.md section 5), computed set-based in the database.

Every figure counts social organizations of the current province's schema at a date
(``as_of``, default today), grouped by province, city, kind, registration level or
business supervisor. Two writings of the same definitions:

- ``indicator_conditions``: each indicator as a condition on SocialOrganization (an
  ``IN (<uncorrelated subquery>)``), for the list behind a figure (``indicator_organizations``);
- ``indicator_rows``: one SQL statement that computes each organization's facts once (its
  counting links and Party organization, counted members, instructor, latest grade; each
  Party organization's activities by kind in one pass, units, term, secretary's trainings) and
  counts them by group with ``COUNT(*) FILTER (...)``: each table is read once, where one
  subquery per indicator read the links a dozen times. ``tests/indicators/test_against_sql.py``
  checks that both count the same organizations, and against ``bench.sql``'s hand-written SQL.

Where a figure depends on the province's rules, the parameters are read from the rules
object handed in (``rules_for(code, as_of)``): the member threshold and whose membership
counts, the Party organization forms the province has, the means of work coverage, the
weak-and-lax criteria, the year's 三会一课 and training minimums. Per organization the
figures agree with the rules' own decisions on ``registry.selectors.organization_facts``
(``tests/indicators/test_agreement_with_rules.py`` checks it in the three demo provinces).

Definitions (a committee user reads them in ``INDICATORS``):

- in scope: registered by ``as_of`` and not deregistered; zombies are in scope and also
  counted on their own (domain.md 5: "zombies flagged separately");
- the Party organizations that count are those of a form the province has, not dissolved
  at ``as_of``; an organization's Party organization is the first of own, temporary,
  joint, dispatched that covers it (the order of ``registry.selectors.organization_party_organization``);
- organizational coverage: covered by an own, joint or temporary Party organization
  (``ORGANIZATIONAL_FORMS``); a dispatched branch gives work coverage (002 第十八条:
  it covers orgs *without* members), as an instructor or a work station does;
- eligible: enough counted formal members (``rules.min_formal_members``); eligible but not
  built (应建未建): eligible and not covered by a Party organization *of its own*
  (own, or temporary where the province has it: 003 五 sets up a temporary branch for
  exactly these orgs) — an eligible org inside a joint branch still has to build its own
  (002 第十四条, "应建尽建"); the forms are ``rules.own_party_org_forms``;
- the quality figures (weak and lax, renewal overdue, 三会一课, training) count the
  organizations whose Party organization (any form the province has) falls short;
- grade above the cap: the organization's latest grade was recorded above what the
  province's rules allowed at the time (``EvaluationGrade.above_rule_cap``, decided by
  ``rules.max_grade`` when the grade was recorded: a cap holds for the year of the rating,
  002 第九条(三)).
"""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Case, Count, DateField, Func, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from province_rules.contract import ORGANIZATIONAL_FORMS
from province_rules.baseline import THREE_MEETINGS_ONE_LECTURE
from regions.models import Region
from registry.models import Activity, Dispatch, EvaluationGrade, Member, PartyOrganization, SocialOrganization, Training

from .models import Grouping, IndicatorSnapshot

# name → what a committee user reads; also the count fields of IndicatorSnapshot.
INDICATORS = {
    "in_scope": "纳入统计的社会组织（在册、未注销）",
    "zombies": "其中僵尸型社会组织",
    "organizational_coverage": "党的组织覆盖（单独、联合或临时党组织）",
    "work_coverage": "党的工作覆盖（含派出党支部、党建工作指导员、党建工作站）",
    "with_party_org": "有党组织的社会组织（含派出党支部）",
    "eligible": "正式党员达到单独组建条件",
    "eligible_not_built": "应建未建（具备条件、未单独建立党组织）",
    "target_orgs": "从业人员30人以上的民办学校、民办医院",
    "target_orgs_without_party_org": "其中未建立党组织",
    "weak_and_lax": "党组织软弱涣散",
    "renewal_overdue": "党组织未按期换届",
    "three_meetings_compliant": "“三会一课”达到年度要求",
    "training_compliant": "党组织书记培训达到年度要求",
    "grade_above_cap": "评估等级超出规则上限",
}
# rate → (numerator, denominator, label); computed when read, never stored.
RATES = {
    "organizational_coverage_rate": ("organizational_coverage", "in_scope", "党的组织覆盖率"),
    "work_coverage_rate": ("work_coverage", "in_scope", "党的工作覆盖率"),
    "target_coverage_rate": ("target_orgs_with_party_org", "target_orgs", "30人以上民办学校、医院党组织组建率"),
    "three_meetings_rate": ("three_meetings_compliant", "with_party_org", "“三会一课”达标率"),
    "training_rate": ("training_compliant", "with_party_org", "书记培训达标率"),
}
GROUPINGS = tuple(Grouping.values)
PROVINCE_KEY = "all"
NO_SUPERVISOR_KEY = "none"
NO_SUPERVISOR_LABEL = "无业务主管单位（直接登记或已脱钩）"

# Which Party organization is an organization's own when several cover it: the order of
# registry.selectors.organization_party_organization.
FORM_PRIORITY = ("own", "temporary", "joint", "dispatched")
# The shared definition of the indicator "30+-employee private schools and hospitals without a
# Party organization" (domain.md 5), the same in every province so that provinces compare;
# Jilin's own target (000 (五)) is a rule decision (``full_coverage_target``).
DEFAULT_FULL_COVERAGE_MIN_EMPLOYEES = 30
# Requirement keys whose amount the rules read from the secretary's trainings of the year
# (province_rules.baseline._reported): concentrated trainings, or days in total.
SECRETARY_TRAINING_MEASURES = ("secretary_training", "secretary_training_days")

Link = PartyOrganization.covered_organizations.through


class AddYears(Func):
    """``date + n years`` as a date, the way ``province_rules.baseline.add_years`` counts:
    29 February plus one year is 28 February (PostgreSQL interval arithmetic does the same)."""

    output_field = DateField()

    def as_sql(self, compiler, connection, **extra_context):
        day, years = self.get_source_expressions()
        day_sql, day_params = compiler.compile(day)
        years_sql, years_params = compiler.compile(years)
        return f"(({day_sql}) + make_interval(years => ({years_sql})::integer))::date", [*day_params, *years_params]


# =====================================================================================
# the sets, as conditions on SocialOrganization
# =====================================================================================

def in_scope_condition(*, as_of: dt.date) -> Q:
    return ~Q(status=SocialOrganization.Status.DEREGISTERED) & (Q(registered_on__isnull=True) | Q(registered_on__lte=as_of))


def _links(*, rules, as_of: dt.date, forms=None) -> QuerySet:
    """Links org ↔ Party organization that count at ``as_of``: a form the province has, not dissolved."""
    forms = rules.allowed_party_org_forms if forms is None else forms & rules.allowed_party_org_forms
    return Link.objects.filter(partyorganization__form__in=sorted(forms)).filter(
        Q(partyorganization__dissolved_on__isnull=True) | Q(partyorganization__dissolved_on__gt=as_of),
        Q(partyorganization__founded_on__isnull=True) | Q(partyorganization__founded_on__lte=as_of),
    )


def _any(conditions) -> Q:
    """The OR of ``conditions``; false for none."""
    result = Q(pk__isnull=True)  # never true: the primary key is never null
    for condition in conditions:
        result |= condition
    return result


def _covered_by(links: QuerySet) -> Q:
    return Q(pk__in=links.values("socialorganization_id"))


def _primary_party_org(*, rules, as_of: dt.date, party_orgs: QuerySet) -> Q:
    """The organization's Party organization (first by FORM_PRIORITY) is one of ``party_orgs``."""
    priority = Case(*(When(partyorganization__form=form, then=Value(rank)) for rank, form in enumerate(FORM_PRIORITY)),
                    default=Value(len(FORM_PRIORITY)))
    primary = (_links(rules=rules, as_of=as_of).order_by("socialorganization_id", priority, "partyorganization_id")
               .distinct("socialorganization_id").values("pk"))
    return Q(pk__in=Link.objects.filter(pk__in=primary, partyorganization__in=party_orgs.values("pk"))
             .values("socialorganization_id"))


def counted_members_condition(*, rules) -> Q:
    """The members that count toward ``rules.min_formal_members`` (``rules.counted_members``).

    Formal members only (the contract: probationary members never count) in the roles
    ``rules.counted_member_roles``; where a module counts management personnel whose
    relation is transferred (004 二 四, ``count_management_personnel``), those too.
    """
    condition = Q(status=Member.Status.FORMAL, role__in=sorted(rules.counted_member_roles))
    if rules.count_management_personnel:
        condition |= Q(status=Member.Status.FORMAL, role__in=sorted(rules.management_roles), relation=Member.Relation.HERE)
    return condition


def _eligible(*, rules) -> Q:
    counted = (Member.objects.filter(counted_members_condition(rules=rules), organization__isnull=False)
               .values("organization_id").annotate(counted=Count("pk")).filter(counted__gte=rules.min_formal_members))
    return Q(pk__in=counted.values("organization_id"))


def _work_coverage_means(*, rules, as_of: dt.date) -> Q:
    means = {
        "instructor": Q(pk__in=Dispatch.objects.filter(started_on__lte=as_of)
                        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=as_of)).values("organization_id")),
        "work_station": Q(has_work_station=True),
    }
    for name in rules.work_coverage_means:
        if name not in means:
            raise ValueError(f"indicators: no set-based test for the work-coverage means {name!r} of {rules.rules_id()}")
    return _any(means[name] for name in rules.work_coverage_means)


def _activities_at_least(*, kind: str, minimum, as_of: dt.date) -> Q:
    """Party organizations that held ``kind`` at least ``minimum`` times in the 12 months up to ``as_of``
    (the window of registry.selectors.organization_facts)."""
    held = (Activity.objects.filter(kind=kind, held_on__gt=as_of - dt.timedelta(days=365), held_on__lte=as_of)
            .values("party_organization_id").annotate(held=Count("pk")).filter(held__gte=minimum))
    return Q(pk__in=held.values("party_organization_id"))


def _weak_and_lax_party_orgs(*, rules, as_of: dt.date) -> Q:
    screens = {
        "recorded": lambda: Q(weak_and_lax=True),
        # organization_facts: leadership_complete is "a secretary is recorded"
        "leadership_incomplete": lambda: Q(secretary__isnull=True),
        "activities_infrequent": lambda: ~_activities_at_least(
            kind="general_meeting", minimum=rules.min_general_meetings_per_year, as_of=as_of),
        "joint_branch_too_many_units": lambda: Q(form=PartyOrganization.Form.JOINT, pk__in=(
            Link.objects.values("partyorganization_id").annotate(units=Count("pk"))
            .filter(units__gt=rules.max_joint_branch_units).values("partyorganization_id"))),
    }
    for criterion in rules.weak_and_lax_criteria:
        if criterion not in screens:
            raise ValueError(f"indicators: no set-based screen for the weak-and-lax criterion {criterion!r} of {rules.rules_id()}")
    return _any(screens[criterion]() for criterion in rules.weak_and_lax_criteria)


def _renewal_overdue_party_orgs(*, rules, as_of: dt.date) -> QuerySet:
    """rules.term_renewal_due: last election (or foundation) + term <= as_of; a term ending today is due."""
    return PartyOrganization.objects.annotate(
        due_on=AddYears(Coalesce("last_election_on", "founded_on"), Coalesce("term_years", Value(rules.default_term_years))),
    ).filter(due_on__lte=as_of)


def _minimums(*, rules, year: int, keys) -> dict[str, float]:
    """The year's minimum for each requirement key in ``keys`` that has one."""
    return {r.key: r.minimum for r in rules.requirements_for_year(year) if r.key in keys and r.minimum is not None}


def _three_meetings_party_orgs(*, rules, as_of: dt.date) -> Q:
    condition = Q()
    for kind, minimum in _minimums(rules=rules, year=as_of.year, keys=THREE_MEETINGS_ONE_LECTURE).items():
        if minimum > 0:
            condition &= _activities_at_least(kind=kind, minimum=minimum, as_of=as_of)
    return condition


def _trained_secretaries(*, rules, as_of: dt.date) -> Q | None:
    """Party organizations whose secretary met the year's training minimums; None when the
    rules set no training minimum the registry can measure."""
    minimums = _minimums(rules=rules, year=as_of.year, keys=SECRETARY_TRAINING_MEASURES)
    if not minimums:
        return None
    this_year = Training.objects.filter(started_on__year=as_of.year)
    condition = Q(secretary__isnull=False)
    if "secretary_training" in minimums:
        trained = (this_year.filter(concentrated=True).values("member_id").annotate(trainings=Count("pk"))
                   .filter(trainings__gte=minimums["secretary_training"]))
        condition &= Q(secretary_id__in=trained.values("member_id"))
    if "secretary_training_days" in minimums:
        trained = (this_year.values("member_id").annotate(days=Sum("days"))
                   .filter(days__gte=minimums["secretary_training_days"]))
        condition &= Q(secretary_id__in=trained.values("member_id"))
    return condition


def _grade_above_cap(*, as_of: dt.date) -> Q:
    latest = (EvaluationGrade.objects.filter(rated_on__lte=as_of)
              .order_by("organization_id", "-rated_on", "-pk").distinct("organization_id").values("pk"))
    return Q(pk__in=EvaluationGrade.objects.filter(pk__in=latest, above_rule_cap=True).values("organization_id"))


def indicator_conditions(*, rules, as_of: dt.date) -> dict[str, Q | None]:
    """Each indicator (but ``in_scope``) as a condition on in-scope SocialOrganization rows;
    None for an indicator the rules give nothing to measure against."""
    organizational = _covered_by(_links(rules=rules, as_of=as_of, forms=ORGANIZATIONAL_FORMS))
    with_party_org = _covered_by(_links(rules=rules, as_of=as_of))
    own = _covered_by(_links(rules=rules, as_of=as_of, forms=rules.own_party_org_forms))
    eligible = _eligible(rules=rules)
    target = (Q(is_school=True) | Q(is_hospital=True)) & Q(employees__gte=DEFAULT_FULL_COVERAGE_MIN_EMPLOYEES)
    trained = _trained_secretaries(rules=rules, as_of=as_of)

    def primary(condition: Q) -> Q:
        return _primary_party_org(rules=rules, as_of=as_of, party_orgs=PartyOrganization.objects.filter(condition))

    return {
        "zombies": Q(status=SocialOrganization.Status.ZOMBIE),
        "organizational_coverage": organizational,
        "work_coverage": with_party_org | _work_coverage_means(rules=rules, as_of=as_of),
        "with_party_org": with_party_org,
        "eligible": eligible,
        "eligible_not_built": eligible & ~own,
        "target_orgs": target,
        "target_orgs_without_party_org": target & ~organizational,
        "weak_and_lax": primary(_weak_and_lax_party_orgs(rules=rules, as_of=as_of)),
        "renewal_overdue": _primary_party_org(rules=rules, as_of=as_of,
                                              party_orgs=_renewal_overdue_party_orgs(rules=rules, as_of=as_of)),
        "three_meetings_compliant": primary(_three_meetings_party_orgs(rules=rules, as_of=as_of)),
        "training_compliant": None if trained is None else primary(trained),
        "grade_above_cap": _grade_above_cap(as_of=as_of),
    }


# =====================================================================================
# the reads
# =====================================================================================

def _group_sql(grouping: str) -> tuple[str, str, list]:
    """(key, label, params) SQL of a grouping over ``s`` (the organization), ``r`` (its region),
    ``rp`` (the region's parent) and ``sup`` (its business supervisor); kind and registration
    level are labelled afterwards (``_group_label``)."""
    if grouping == Grouping.PROVINCE:
        return "%s::text", "%s::text", [PROVINCE_KEY, str(Grouping.PROVINCE.label)]
    if grouping == Grouping.CITY:
        # GB/T 2260: the city of 220102 is 220100; an org placed at province level stays 220000. The
        # name of that city: a county's parent (regions.services.region_create keeps codes under the parent's)
        return ("substr(r.code, 1, 4) || '00'", "CASE WHEN r.level = %s THEN rp.name ELSE r.name END",
                [Region.Level.COUNTY.value])
    if grouping in (Grouping.KIND, Grouping.REGISTRATION_LEVEL):
        column = SocialOrganization._meta.get_field(grouping).column
        return f's."{column}"', f's."{column}"', []
    if grouping == Grouping.SUPERVISOR:
        column = SocialOrganization._meta.get_field("business_supervisor").column
        return f'coalesce(s."{column}"::varchar, %s)', "coalesce(sup.name, %s)", [NO_SUPERVISOR_KEY, NO_SUPERVISOR_LABEL]
    raise ValueError(f"unknown grouping {grouping!r}; one of {', '.join(GROUPINGS)}")


def _group_label(grouping: str, key, label):
    if grouping in (Grouping.KIND, Grouping.REGISTRATION_LEVEL):
        choices = {Grouping.KIND: SocialOrganization.Kind, Grouping.REGISTRATION_LEVEL: SocialOrganization.Level}[grouping]
        return str(dict(choices.choices).get(key, key))
    return label


def _group_order(grouping: str):
    if grouping in (Grouping.KIND, Grouping.REGISTRATION_LEVEL):
        values = (SocialOrganization.Kind if grouping == Grouping.KIND else SocialOrganization.Level).values
        return lambda row: (values.index(row["group_key"]) if row["group_key"] in values else len(values), row["group_key"])
    if grouping == Grouping.SUPERVISOR:
        return lambda row: (row["group_key"] == NO_SUPERVISOR_KEY, row["group_label"])
    return lambda row: row["group_key"]


def with_rates(row: dict) -> dict:
    """The row with its rates (None where the denominator is 0 or the count is not measured)."""
    row = dict(row)
    counts = dict(row, target_orgs_with_party_org=row["target_orgs"] - row["target_orgs_without_party_org"])
    for rate, (numerator, denominator, _) in RATES.items():
        top, bottom = counts.get(numerator), counts.get(denominator)
        row[rate] = None if top is None or not bottom else round(top / bottom, 4)
    return row


def _at_least(count_sql: str, minimum) -> tuple[str, list]:
    """``count_sql >= minimum`` the way the ``IN (… GROUP BY … HAVING count >= minimum)`` sets of
    ``indicator_conditions`` read it: a group exists only with one row at least."""
    return f"coalesce({count_sql}, 0) >= greatest(%s, 1)", [minimum]


def _indicators_statement(*, rules, grouping: str, as_of: dt.date, organizations: QuerySet | None) -> tuple[str, list, list]:
    """(statement, params, names): ``indicator_conditions`` as one statement that computes the facts of
    each organization once (its counting links and Party organization, members, instructor, latest
    grade; each Party organization's activities by kind, units, secretary's trainings, term) and counts
    them by group. ``tests/indicators`` checks it against ``indicator_organizations`` and hand-written SQL."""
    table = {model: model._meta.db_table for model in
             (SocialOrganization, PartyOrganization, Member, Dispatch, Activity, Training, EvaluationGrade, Region)}
    link = Link._meta.db_table
    supervisor_table = SocialOrganization._meta.get_field("business_supervisor").related_model._meta.db_table
    key_sql, label_sql, group_params = _group_sql(grouping)
    for name in rules.work_coverage_means:
        if name not in ("instructor", "work_station"):
            raise ValueError(f"indicators: no set-based test for the work-coverage means {name!r} of {rules.rules_id()}")
    for criterion in rules.weak_and_lax_criteria:
        if criterion not in ("recorded", "leadership_incomplete", "activities_infrequent", "joint_branch_too_many_units"):
            raise ValueError(f"indicators: no set-based screen for the weak-and-lax criterion {criterion!r} of {rules.rules_id()}")
    allowed = rules.allowed_party_org_forms
    kinds = sorted({kind for kind, minimum in _minimums(rules=rules, year=as_of.year, keys=THREE_MEETINGS_ONE_LECTURE).items()
                    if minimum > 0} | {"general_meeting"})
    columns = {kind: f"held_{index}" for index, kind in enumerate(kinds)}

    scope_params: list = [SocialOrganization.Status.DEREGISTERED.value, as_of]
    scope_sql = "s.status <> %s AND (s.registered_on IS NULL OR s.registered_on <= %s)"
    if organizations is not None:
        try:
            base_sql, base_params = organizations.order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:  # e.g. organizations.none()
            base_sql, base_params = "SELECT NULL::bigint WHERE false", ()
        scope_sql += f" AND s.id IN ({base_sql})"
        scope_params += list(base_params)

    member_condition = "m.status = %s AND m.role = ANY(%s::text[])"
    member_params: list = [Member.Status.FORMAL.value, sorted(rules.counted_member_roles)]
    if rules.count_management_personnel:
        member_condition = f"({member_condition} OR (m.status = %s AND m.role = ANY(%s::text[]) AND m.relation = %s))"
        member_params += [Member.Status.FORMAL.value, sorted(rules.management_roles), Member.Relation.HERE.value]

    # the Party organization's figures
    def infrequent():
        sql, params = _at_least(f"h.{columns['general_meeting']}", rules.min_general_meetings_per_year)
        return f"NOT ({sql})", params

    screens = {  # read only for the criteria the rules have: the parameters exist only with them
        "recorded": lambda: ("p.weak_and_lax", []),
        "leadership_incomplete": lambda: ("p.secretary_id IS NULL", []),
        "activities_infrequent": infrequent,
        "joint_branch_too_many_units": lambda: ("(p.form = %s AND u.units > %s)",
                                                [PartyOrganization.Form.JOINT.value, rules.max_joint_branch_units]),
    }
    weak = [screens[criterion]() for criterion in rules.weak_and_lax_criteria]
    weak_sql = " OR ".join(sql for sql, _ in weak) or "false"
    weak_params = [param for _, params in weak for param in params]
    meetings_sql, meetings_params = ["true"], []
    for kind, minimum in _minimums(rules=rules, year=as_of.year, keys=THREE_MEETINGS_ONE_LECTURE).items():
        if minimum > 0:
            sql, params = _at_least(f"h.{columns[kind]}", minimum)
            meetings_sql.append(sql)
            meetings_params += params
    trainings = _minimums(rules=rules, year=as_of.year, keys=SECRETARY_TRAINING_MEASURES)
    trained_sql, trained_params = "NULL::boolean", []
    if trainings:
        parts = ["p.secretary_id IS NOT NULL"]
        if "secretary_training" in trainings:
            sql, params = _at_least("t.trainings", trainings["secretary_training"])
            parts.append(sql)
            trained_params += params
        if "secretary_training_days" in trainings:
            parts.append("t.days >= %s")
            trained_params.append(trainings["secretary_training_days"])
        trained_sql = " AND ".join(parts)

    work = ["c.org_id IS NOT NULL"]
    if "instructor" in rules.work_coverage_means:
        work.append("i.org_id IS NOT NULL")
    if "work_station" in rules.work_coverage_means:
        work.append("s.has_work_station")
    target_sql = "(s.is_school OR s.is_hospital) AND s.employees >= %s"
    eligible_sql = "coalesce(n.counted, 0) >= greatest(%s, 1)"

    counts = [
        ("zombies", "s.status = %s", [SocialOrganization.Status.ZOMBIE.value]),
        ("organizational_coverage", "c.organizational", []),
        ("work_coverage", " OR ".join(work), []),
        ("with_party_org", "c.org_id IS NOT NULL", []),
        ("eligible", eligible_sql, [rules.min_formal_members]),
        ("eligible_not_built", f"{eligible_sql} AND c.own IS NOT TRUE", [rules.min_formal_members]),
        ("target_orgs", target_sql, [DEFAULT_FULL_COVERAGE_MIN_EMPLOYEES]),
        ("target_orgs_without_party_org", f"{target_sql} AND c.organizational IS NOT TRUE", [DEFAULT_FULL_COVERAGE_MIN_EMPLOYEES]),
        ("weak_and_lax", "ps.weak", []),
        ("renewal_overdue", "ps.overdue", []),
        ("three_meetings_compliant", "ps.meetings", []),
        ("grade_above_cap", "g.above_rule_cap", []),
    ]
    if trainings:
        counts.insert(-1, ("training_compliant", "ps.trained", []))
    count_sql = ",\n        ".join(f"count(*) FILTER (WHERE {sql}) AS {name}" for name, sql, _ in counts)
    count_params = [param for _, _, params in counts for param in params]

    priority = " ".join(f"WHEN %s THEN {rank}" for rank in range(len(FORM_PRIORITY)))
    statement = f"""
    WITH party AS (
        SELECT p.id, p.form FROM {table[PartyOrganization]} p
        WHERE p.form = ANY(%s::text[]) AND (p.dissolved_on IS NULL OR p.dissolved_on > %s)
          AND (p.founded_on IS NULL OR p.founded_on <= %s)
    ), c AS (
        SELECT DISTINCT ON (l.socialorganization_id) l.socialorganization_id AS org_id,
               l.partyorganization_id AS party_id,
               bool_or(party.form = ANY(%s::text[])) OVER w AS organizational,
               bool_or(party.form = ANY(%s::text[])) OVER w AS own
        FROM {link} l JOIN party ON party.id = l.partyorganization_id
        WINDOW w AS (PARTITION BY l.socialorganization_id)
        ORDER BY l.socialorganization_id, CASE party.form {priority} ELSE {len(FORM_PRIORITY)} END, l.partyorganization_id
    ), n AS (
        SELECT m.organization_id AS org_id, count(*) AS counted FROM {table[Member]} m
        WHERE m.organization_id IS NOT NULL AND {member_condition} GROUP BY 1
    ), i AS (
        SELECT DISTINCT d.organization_id AS org_id FROM {table[Dispatch]} d
        WHERE d.started_on <= %s AND (d.ended_on IS NULL OR d.ended_on >= %s)
    ), g AS (
        SELECT DISTINCT ON (e.organization_id) e.organization_id AS org_id, e.above_rule_cap FROM {table[EvaluationGrade]} e
        WHERE e.rated_on <= %s ORDER BY e.organization_id, e.rated_on DESC, e.id DESC
    ), h AS (
        SELECT a.party_organization_id AS party_id,
               {", ".join(f"count(*) FILTER (WHERE a.kind = %s) AS {column}" for column in columns.values())}
        FROM {table[Activity]} a WHERE a.held_on > %s AND a.held_on <= %s AND a.kind = ANY(%s::text[]) GROUP BY 1
    ), u AS (
        SELECT l.partyorganization_id AS party_id, count(*) AS units FROM {link} l GROUP BY 1
    ), t AS (
        SELECT tr.member_id, count(*) FILTER (WHERE tr.concentrated) AS trainings, sum(tr.days) AS days
        FROM {table[Training]} tr WHERE tr.started_on >= %s AND tr.started_on <= %s GROUP BY 1
    ), ps AS (
        SELECT p.id AS party_id,
               coalesce({weak_sql}, false) AS weak,
               coalesce((coalesce(p.last_election_on, p.founded_on)
                         + make_interval(years => coalesce(p.term_years, %s)::integer))::date <= %s, false) AS overdue,
               coalesce({" AND ".join(meetings_sql)}, false) AS meetings,
               {trained_sql} AS trained
        FROM {table[PartyOrganization]} p
             LEFT JOIN h ON h.party_id = p.id LEFT JOIN u ON u.party_id = p.id LEFT JOIN t ON t.member_id = p.secretary_id
        WHERE p.id IN (SELECT party_id FROM c)
    )
    SELECT {key_sql} AS group_key, {label_sql} AS group_label, count(*) AS in_scope,
        {count_sql}
    FROM {table[SocialOrganization]} s JOIN {table[Region]} r ON r.id = s.region_id LEFT JOIN {table[Region]} rp ON rp.id = r.parent_id
         LEFT JOIN {supervisor_table} sup ON sup.id = s.business_supervisor_id
         LEFT JOIN c ON c.org_id = s.id LEFT JOIN n ON n.org_id = s.id LEFT JOIN i ON i.org_id = s.id
         LEFT JOIN g ON g.org_id = s.id LEFT JOIN ps ON ps.party_id = c.party_id
    WHERE {scope_sql}
    GROUP BY 1, 2
    """
    params = [
        sorted(allowed), as_of, as_of,
        sorted(ORGANIZATIONAL_FORMS & allowed), sorted(rules.own_party_org_forms & allowed), *FORM_PRIORITY,
        *member_params,
        as_of, as_of,
        as_of,
        *kinds, as_of - dt.timedelta(days=365), as_of, kinds,
        dt.date(as_of.year, 1, 1), dt.date(as_of.year, 12, 31),
        *weak_params, rules.default_term_years, as_of, *meetings_params, *trained_params,
        *group_params, *count_params, *scope_params,
    ]
    return statement, params, [name for name, _, _ in counts]


def indicator_rows(*, rules, grouping: str = Grouping.PROVINCE, as_of: dt.date | None = None,
                   organizations: QuerySet[SocialOrganization] | None = None) -> list[dict]:
    """One dict per group: ``group_key``, ``group_label``, every count of ``INDICATORS`` and the
    rates of ``RATES``. One query. The province grouping always has its one row.

    ``organizations``: count only these (e.g. ``accounts.scoping.organizations_for(user)``, a
    city's staff), still only those in scope at ``as_of``; default the whole schema."""
    as_of = as_of or timezone.localdate()
    statement, params, names = _indicators_statement(rules=rules, grouping=grouping, as_of=as_of, organizations=organizations)
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        columns = [column.name for column in cursor.description]
        rows = [dict(zip(columns, values)) for values in cursor.fetchall()]
    if not rows and grouping == Grouping.PROVINCE:
        rows = [{"group_key": PROVINCE_KEY, "group_label": Grouping.PROVINCE.label, "in_scope": 0, **dict.fromkeys(names, 0)}]
    rows = [with_rates({"group_key": row["group_key"], "group_label": _group_label(grouping, row["group_key"], row["group_label"]),
                        **{name: row.get(name) for name in INDICATORS}}) for row in rows]
    return sorted(rows, key=_group_order(grouping))


def indicator_totals(*, rules, as_of: dt.date | None = None, organizations: QuerySet[SocialOrganization] | None = None) -> dict:
    """The province's row (``indicator_rows`` grouped by province), over ``organizations`` if given."""
    return indicator_rows(rules=rules, grouping=Grouping.PROVINCE, as_of=as_of, organizations=organizations)[0]


def indicator_organizations(*, rules, indicator: str, as_of: dt.date | None = None) -> QuerySet[SocialOrganization]:
    """The organizations an indicator counts (the list behind a figure), e.g. every 应建未建 org."""
    as_of = as_of or timezone.localdate()
    organizations = SocialOrganization.objects.filter(in_scope_condition(as_of=as_of)).select_related("region")
    if indicator == "in_scope":
        return organizations
    if indicator not in INDICATORS:
        raise ValueError(f"unknown indicator {indicator!r}; one of {', '.join(INDICATORS)}")
    condition = indicator_conditions(rules=rules, as_of=as_of)[indicator]
    return organizations.none() if condition is None else organizations.filter(condition)


def snapshot_series(*, grouping: str, key: str) -> list[dict]:
    """The snapshots of one group, oldest first: ``taken_on``, ``group_label``, ``rules``, the
    counts and the rates. ``key`` is the group key (``all``, ``220100``, ``social_group`` ...)."""
    if grouping not in GROUPINGS:
        raise ValueError(f"unknown grouping {grouping!r}; one of {', '.join(GROUPINGS)}")
    fields = ("taken_on", "group_key", "group_label", "rules", *INDICATORS)
    return [with_rates(row) for row in
            IndicatorSnapshot.objects.filter(grouping=grouping, group_key=str(key)).order_by("taken_on").values(*fields)]
