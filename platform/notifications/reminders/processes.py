"""Reminders from the processes: case and rectification deadlines, reviews, reports, follow-ups, and
the working-day calendar."""
from __future__ import annotations

import datetime as dt

from accounts.models import Role

from .common import Due, _quarter, _threshold, _when, administrators, stage_people


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
