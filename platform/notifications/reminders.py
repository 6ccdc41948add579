"""The reminders pass of one province at one date: what is due, to whom, once.

Kinds (each names what is due, the clause, and a link):

- ``term_renewal``: a Party organization's term ends in 90 or 30 days, or has ended (the
  rules' ``term_renewal_due``);
- ``three_meetings``: 三会一课 behind the quarter's share of the year's requirement, from the
  quarter's last month;
- ``secretary_training``: the secretary has not had the year's required training by
  1 November;
- ``case_deadline``: a case's stage is due in 7, 3 or 1 working days, or is overdue;
- ``rectification_deadline``: the same for a rectification stage;
- ``review_due``: a case's periodic review is due in 90 or 30 days, or overdue;
- ``report_due``: a task taking progress reports per month or quarter has no report for the
  current period, 10 or 3 days before the period ends;
- ``follow_up``: a case in a stage followed up regularly (``Stage.follow_up``) has had no
  follow-up entry for the stage's number of days;
- ``report_missing``: a case in a stage with a report action (a monthly check, a quarterly
  evaluation) passed the last full month or quarter without that report;
- ``calendar_uncovered``: a deadline falls in a year no calendar covers, or the next year is
  not covered from 1 November: the administrators are asked to enter it.

The days are the province's (``rules.reminder_settings()``). A reminder is sent once per
(kind, subject, period), the period naming the threshold crossed (``2026-10-12:3``), so a
pass run again, by beat or by ``reminders_run``, sends nothing new.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Count, Q

from accounts.models import Role, RoleAssignment
from province_rules.facts import OrganizationFacts, PartyOrgFacts

from .models import ReminderSent
from .services import notify

KINDS = ("term_renewal", "three_meetings", "secretary_training", "case_deadline", "rectification_deadline",
         "review_due", "report_due", "follow_up", "report_missing", "calendar_uncovered")
KIND_NAMES = {
    "term_renewal": "党组织换届", "three_meetings": "三会一课", "secretary_training": "书记培训",
    "case_deadline": "办理期限", "rectification_deadline": "整改期限", "review_due": "定期复查",
    "report_due": "进展报告", "follow_up": "联系指导", "report_missing": "定期报告",
    "calendar_uncovered": "工作日历",
}


@dataclass
class Due:
    kind: str
    subject: str
    period: str
    title: str
    body: str
    clause: str
    link: str
    users: list = field(default_factory=list)


# --- who is told ---------------------------------------------------------------------

def _users(query: Q) -> list:
    user_ids = RoleAssignment.objects.filter(query).values("user_id")
    return list(get_user_model().objects.filter(pk__in=user_ids, is_active=True))


def _local_staff(region_code: str) -> Q:
    """City and county staff whose region covers ``region_code``."""
    prefixes = {region_code[:2] + "0000", region_code[:4] + "00", region_code}
    return Q(role__in=[Role.CITY_STAFF, Role.COUNTY_STAFF], region__code__in=prefixes - {region_code[:2] + "0000"}) \
        if region_code else Q(pk__in=[])


def organization_people(organization_ids, region_code: str) -> list:
    """An organization's secretaries and liaisons, and the city and county staff over it."""
    return _users(Q(role__in=[Role.ORGANIZATION_SECRETARY, Role.ORGANIZATION_LIAISON],
                    organization_id__in=list(organization_ids)) | _local_staff(region_code))


def stage_people(roles, *, organization_ids, region_code: str) -> list:
    """Who acts in a stage with ``roles`` for a case of these organizations in this region."""
    query = Q(pk__in=[])
    if Role.PROVINCIAL_STAFF in roles:
        query |= Q(role=Role.PROVINCIAL_STAFF)
    if set(roles) & {Role.CITY_STAFF, Role.COUNTY_STAFF}:
        query |= _local_staff(region_code)
    if set(roles) & {Role.ORGANIZATION_SECRETARY, Role.ORGANIZATION_LIAISON}:
        query |= Q(role__in=[Role.ORGANIZATION_SECRETARY, Role.ORGANIZATION_LIAISON],
                   organization_id__in=list(organization_ids))
    return _users(query)


def administrators() -> list:
    return _users(Q(role__in=[Role.PROVINCIAL_STAFF, Role.SYSTEM_ADMIN])) + list(
        get_user_model().objects.filter(is_superuser=True, is_active=True))


# --- what is due ---------------------------------------------------------------------

def _threshold(remaining: int, thresholds) -> str | None:
    """The smallest threshold not below ``remaining`` ("overdue" past the date), None when
    the date is further away than every threshold."""
    if remaining < 0:
        return "overdue"
    fitting = [t for t in sorted(thresholds) if remaining <= t]
    return str(fitting[0]) if fitting else None


def _when(remaining: int, unit: str) -> str:
    if remaining < 0:
        return f"已逾期{-remaining}{unit}"
    if remaining == 0:
        return "今天到期"
    return f"还有{remaining}{unit}到期"


def term_renewals(rules, as_of: dt.date) -> list[Due]:
    from registry.models import PartyOrganization

    settings = rules.reminder_settings()
    dues = []
    party_orgs = PartyOrganization.objects.filter(dissolved_on__isnull=True).filter(
        Q(last_election_on__isnull=False) | Q(founded_on__isnull=False)).select_related("region")
    for party_org in party_orgs.iterator(chunk_size=2000):
        facts = OrganizationFacts(kind="social_group", registration_level="city", party_org=PartyOrgFacts(
            form=party_org.form, last_election=party_org.last_election_on or party_org.founded_on,
            term_years=party_org.term_years))
        decision = rules.term_renewal_due(facts, as_of)
        due_date = decision["due_date"]
        if due_date is None:
            continue
        period = _threshold((due_date - as_of).days, settings.term_renewal_days)
        if period is None:
            continue
        clause = decision.reasons[-1].clause if decision.reasons else ""
        organization_ids = list(party_org.covered_organizations.values_list("pk", flat=True))
        dues.append(Due(
            "term_renewal", f"party_org:{party_org.pk}", f"{due_date.isoformat()}:{period}",
            f"{party_org.name}换届{_when((due_date - as_of).days, '天')}",
            f"{party_org.name}本届任期于{due_date.isoformat()}届满，请按期换届。", clause,
            f"/organizations/{party_org.covered_organizations.first().uscc}/" if organization_ids else "",
            organization_people(organization_ids, party_org.region.code)))
    return dues


def _quarter(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def three_meetings(rules, as_of: dt.date) -> list[Due]:
    from registry.models import Activity, PartyOrganization

    settings = rules.reminder_settings()
    quarter = _quarter(as_of)
    if as_of.month - (quarter - 1) * 3 < settings.meetings_from_month_of_quarter:
        return []
    required = {r.key: r for r in rules.requirements_for_year(as_of.year)
                if r.subject == "party_org" and r.key in settings.meeting_kinds and r.minimum}
    if not required:
        return []
    expected = {key: math.ceil(r.minimum * quarter / 4) for key, r in required.items()}
    held = {}
    for party_org_id, kind, count in Activity.objects.filter(
            held_on__year=as_of.year, held_on__lte=as_of, kind__in=list(required)).values_list(
            "party_organization_id", "kind").annotate(count=Count("id")):
        held[(party_org_id, kind)] = count
    dues = []
    for party_org in PartyOrganization.objects.filter(dissolved_on__isnull=True).select_related("region") \
            .filter(Q(founded_on__isnull=True) | Q(founded_on__lte=dt.date(as_of.year, 1, 1))).iterator(chunk_size=2000):
        behind = [(r, held.get((party_org.pk, key), 0)) for key, r in required.items()
                  if held.get((party_org.pk, key), 0) < expected[key]]
        if not behind:
            continue
        lines = "；".join(f"{r.text.split('（')[0]}：本年应累计至少{expected[r.key]}次，已记录{count}次"
                         for r, count in behind)
        organization_ids = list(party_org.covered_organizations.values_list("pk", flat=True))
        dues.append(Due(
            "three_meetings", f"party_org:{party_org.pk}", f"{as_of.year}Q{quarter}",
            f"{party_org.name}“三会一课”未达到第{quarter}季度要求", lines + "。",
            "、".join(dict.fromkeys(r.clause for r, _ in behind)),
            f"/organizations/{party_org.covered_organizations.first().uscc}/" if organization_ids else "",
            organization_people(organization_ids, party_org.region.code)))
    return dues


def secretary_trainings(rules, as_of: dt.date) -> list[Due]:
    from registry.models import PartyOrganization, Training

    settings = rules.reminder_settings()
    month, day = settings.training_missing_from
    if as_of < dt.date(as_of.year, month, day):
        return []
    requirements = [r for r in rules.requirements_for_year(as_of.year) if r.subject == "secretary" and "training" in r.key]
    if not requirements:
        return []
    dues = []
    for party_org in PartyOrganization.objects.filter(dissolved_on__isnull=True, secretary__isnull=False) \
            .select_related("region", "secretary").iterator(chunk_size=2000):
        trainings = list(Training.objects.filter(member_id=party_org.secretary_id, started_on__year=as_of.year,
                                                 started_on__lte=as_of))
        missing = []
        for r in requirements:
            if r.unit == "天":
                done = float(sum(t.days for t in trainings))
            else:
                done = sum(1 for t in trainings if t.concentrated)
            if done < (r.minimum or 1):
                missing.append((r, done))
        if not missing:
            continue
        organization_ids = list(party_org.covered_organizations.values_list("pk", flat=True))
        lines = "；".join(f"{r.text}（本年已{done:g}{r.unit or '次'}）" for r, done in missing)
        dues.append(Due(
            "secretary_training", f"party_org:{party_org.pk}", str(as_of.year),
            f"{party_org.name}书记{as_of.year}年培训未完成", lines + "。",
            "、".join(dict.fromkeys(r.clause for r, _ in missing)),
            f"/organizations/{party_org.covered_organizations.first().uscc}/" if organization_ids else "",
            organization_people(organization_ids, party_org.region.code)))
    return dues


def case_deadlines(rules, as_of: dt.date, calendar) -> list[Due]:
    from processes.engine import case_organization_ids
    from processes.models import Case

    settings = rules.reminder_settings()
    dues = []
    for case in Case.objects.filter(status="open", due_on__isnull=False).select_related(
            "region", "organization", "party_organization"):
        process = rules.process(case.process)
        stage = process.stage(case.stage) if process else None
        if stage is None or stage.deadline is None or not stage.deadline.remind:
            continue
        remaining = calendar.working_days_until(as_of, case.due_on)
        period = _threshold(remaining, settings.case_deadline_working_days)
        if period is None:
            continue
        kind = "rectification_deadline" if stage.rectification else "case_deadline"
        from processes.selectors import subject_label

        what = "整改" if stage.rectification else f"“{stage.name}”"
        flag = "" if case.due_covered else "（日历未覆盖，按周一至周五计算）"
        dues.append(Due(
            kind, f"case:{case.pk}", f"{case.stage}:{case.due_on.isoformat()}:{period}",
            f"{subject_label(case)}·{process.name}{what}{_when(remaining, '个工作日')}",
            f"{process.name}（编号{case.pk}）{what}期限为{case.due_on.isoformat()}{flag}。",
            stage.deadline.clause or stage.clause, f"/cases/{case.pk}/",
            stage_people(stage.roles, organization_ids=case_organization_ids(case), region_code=case.region.code)))
    return dues


def reviews_due(rules, as_of: dt.date) -> list[Due]:
    from processes.engine import case_organization_ids
    from processes.models import Case
    from processes.selectors import subject_label

    settings = rules.reminder_settings()
    dues = []
    for case in Case.objects.filter(status="open", review_due_on__isnull=False).select_related(
            "region", "organization", "party_organization"):
        process = rules.process(case.process)
        if process is None or process.review is None:
            continue
        remaining = (case.review_due_on - as_of).days
        period = _threshold(remaining, settings.review_days)
        if period is None:
            continue
        stage = process.stage(case.stage)
        dues.append(Due(
            "review_due", f"case:{case.pk}", f"{case.review_due_on.isoformat()}:{period}",
            f"{subject_label(case)}·{process.name}复查{_when(remaining, '天')}",
            f"{process.name}（编号{case.pk}）应于{case.review_due_on.isoformat()}前完成复查。",
            process.review.clause, f"/cases/{case.pk}/",
            stage_people(stage.roles if stage else (Role.PROVINCIAL_STAFF,),
                         organization_ids=case_organization_ids(case), region_code=case.region.code)))
    return dues


def _period_end(every: str, day: dt.date) -> tuple[str, dt.date]:
    """The reporting period of ``day`` ("2026-03" or "2026Q1") and its last day."""
    if every == "month":
        label, last_month = f"{day.year}-{day.month:02d}", day.month
    else:
        label, last_month = f"{day.year}Q{_quarter(day)}", _quarter(day) * 3
    following = dt.date(day.year + (last_month == 12), last_month % 12 + 1, 1)
    return label, following - dt.timedelta(days=1)


def reports_due(rules, as_of: dt.date) -> list[Due]:
    """Open cases in a stage taking reports (``report_every``) without a report for the period."""
    from processes.engine import case_organization_ids
    from processes.models import Case
    from processes.selectors import subject_label

    settings = rules.reminder_settings()
    dues = []
    for case in Case.objects.filter(status="open").select_related("region", "organization", "party_organization") \
            .prefetch_related("reports"):
        process = rules.process(case.process)
        stage = process.stage(case.stage) if process else None
        if stage is None or not stage.report_every:
            continue
        period, ends_on = _period_end(stage.report_every, as_of)
        if any(report.period == period for report in case.reports.all()):
            continue
        threshold = _threshold((ends_on - as_of).days, settings.report_due_days)
        if threshold is None:
            continue
        reporting = next((a for a in stage.actions if a.records_report), None)
        roles = stage.roles_of(reporting) if reporting else stage.roles
        title = case.title or process.name
        dues.append(Due(
            "report_due", f"case:{case.pk}", f"{period}:{threshold}",
            f"{subject_label(case)}·{title}{period}进展报告{_when((ends_on - as_of).days, '天')}",
            f"{process.name}“{title}”（编号{case.pk}）尚未报告{period}的进展，请于{ends_on.isoformat()}前报告。",
            stage.clause, f"/cases/{case.pk}/",
            stage_people(roles, organization_ids=case_organization_ids(case), region_code=case.region.code)))
    return dues


def follow_ups_missing(rules, as_of: dt.date) -> list[Due]:
    """Open cases in a followed-up stage whose last follow-up (or entry) is older than its days."""
    from processes.engine import case_organization_ids
    from processes.models import Case, CaseEvent
    from processes.selectors import subject_label

    dues = []
    for case in Case.objects.filter(status="open").select_related("region", "organization", "party_organization"):
        process = rules.process(case.process)
        stage = process.stage(case.stage) if process else None
        if stage is None or stage.follow_up is None:
            continue
        follow = stage.follow_up
        last = CaseEvent.objects.filter(case=case, action=follow.action, on__gte=case.stage_entered_on) \
            .order_by("-on").values_list("on", flat=True).first() or case.stage_entered_on
        if (as_of - last).days <= follow.days:
            continue
        who = str(case.data.get(stage.code, {}).get(follow.who_field) or "") if follow.who_field else ""
        action = stage.action(follow.action)
        dues.append(Due(
            "follow_up", f"case:{case.pk}", f"{stage.code}:{last.isoformat()}",
            f"{subject_label(case)}·{process.name}已{(as_of - last).days}天未{action.name}",
            f"{process.name}（编号{case.pk}）{('由' + who + '联系指导，') if who else ''}最近一次{action.name}在"
            f"{last.isoformat()}，超过{follow.days}天，请及时{action.name}。",
            follow.clause or stage.clause, f"/cases/{case.pk}/",
            stage_people(stage.roles_of(action), organization_ids=case_organization_ids(case), region_code=case.region.code)))
    return dues


def _last_full_period(every: str, as_of: dt.date) -> tuple[str, dt.date, dt.date]:
    """The last month or quarter that ended before ``as_of``: (label, first day, last day)."""
    if every == "month":
        last = as_of.replace(day=1) - dt.timedelta(days=1)
        return f"{last.year}-{last.month:02d}", last.replace(day=1), last
    first_of_quarter = dt.date(as_of.year, 3 * ((as_of.month - 1) // 3) + 1, 1)
    last = first_of_quarter - dt.timedelta(days=1)
    start = dt.date(last.year, last.month - 2, 1)
    return f"{last.year}Q{(last.month - 1) // 3 + 1}", start, last


def reports_missing(rules, as_of: dt.date) -> list[Due]:
    from processes.engine import case_organization_ids
    from processes.models import Case, CaseEvent
    from processes.selectors import subject_label

    dues = []
    for process in rules.processes():
        reporting = {stage.code: [(a, a.period_every(stage)) for a in stage.actions if a.records_report and a.period_every(stage)]
                     for stage in process.stages}
        reporting = {code: actions for code, actions in reporting.items() if actions}
        if not reporting:
            continue
        for case in Case.objects.filter(process=process.code, status="open", stage__in=list(reporting)).select_related(
                "region", "organization", "party_organization"):
            stage = process.stage(case.stage)
            for action, every in reporting[case.stage]:
                period, starts, ends = _last_full_period(every, as_of)
                if case.stage_entered_on > ends:  # not in the stage during that period
                    continue
                if CaseEvent.objects.filter(case=case, action=action.code, data__period=period).exists():
                    continue
                unit = "月" if every == "month" else "季度"
                dues.append(Due(
                    "report_missing", f"case:{case.pk}", f"{action.code}:{period}",
                    f"{subject_label(case)}·{process.name}{period}未{action.name}",
                    f"{process.name}（编号{case.pk}）“{stage.name}”每{unit}应{action.name}，{period}尚无记录。",
                    action.clause or stage.clause, f"/cases/{case.pk}/",
                    stage_people(stage.roles_of(action), organization_ids=case_organization_ids(case),
                                 region_code=case.region.code)))
    return dues


def calendar_uncovered(rules, as_of: dt.date, calendar) -> list[Due]:
    from processes.models import Case

    years = set(Case.objects.filter(status="open", due_covered=False, due_on__isnull=False)
                .values_list("due_on__year", flat=True))
    if as_of >= dt.date(as_of.year, 11, 1) and not calendar.is_covered(as_of.year + 1):
        years.add(as_of.year + 1)
    years = {year for year in years if not calendar.is_covered(year)}
    if not years:
        return []
    people = administrators()
    return [Due("calendar_uncovered", f"calendar:{year}", str(year), f"请录入{year}年工作日历",
                f"{year}年的节假日和调休上班日尚未录入，期限暂按周一至周五计算并标注“日历未覆盖”；"
                f"请按国务院办公厅{year}年部分节假日安排的通知录入（./ops/manage calendar_year_enter）。",
                "国务院办公厅部分节假日安排的通知", "", people) for year in sorted(years)]


def collect(rules, as_of: dt.date) -> list[Due]:
    from processes.workdays import province_calendar

    calendar = province_calendar()
    return (term_renewals(rules, as_of) + three_meetings(rules, as_of) + secretary_trainings(rules, as_of)
            + case_deadlines(rules, as_of, calendar) + reviews_due(rules, as_of) + reports_due(rules, as_of)
            + follow_ups_missing(rules, as_of) + reports_missing(rules, as_of) + calendar_uncovered(rules, as_of, calendar))


def reminders_run(*, rules, as_of: dt.date) -> dict[str, int]:
    """Send what is due and not yet sent; the count of new reminders per kind."""
    counts = dict.fromkeys(KINDS, 0)
    for due in collect(rules, as_of):
        try:
            with transaction.atomic():
                _, created = ReminderSent.objects.get_or_create(
                    kind=due.kind, subject=due.subject, period=due.period,
                    defaults={"sent_on": as_of, "recipients": len(due.users)})
                if not created:
                    continue
                notify(users=due.users, kind=due.kind, title=due.title, body=due.body, clause=due.clause, link=due.link)
        except IntegrityError:  # a pass running at the same moment sent it
            continue
        counts[due.kind] += 1
    return counts
