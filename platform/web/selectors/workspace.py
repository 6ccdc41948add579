"""An organization's own workspace (its secretary's and liaison's pages): what is missing in
the record, this year's Party life against the requirements, its members and transfers, its
submissions. Every read within the user's scope (``accounts.scoping``)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, Sum

from accounts.scoping import members_for, party_organizations_for, scope_queryset
from collation import by_pinyin
from registry.models import Activity, ActivityKind, Member, MemberTransfer, PartyOrganization, SocialOrganization, Training
from registry.selectors import organization_party_organization
from submissions.actions import submission_year_default
from submissions.content import inspection_checklist
from submissions.models import Submission

ACTIVITY_KINDS = set(ActivityKind.values)


@dataclass(frozen=True)
class Progress:
    """One of the year's requirements and what the record holds against it."""

    key: str
    text: str
    clause: str
    label: str  # a short name (the meeting's kind), the text in full beside it
    minimum: float | None
    unit: str
    recorded: float | None  # None: the registry does not measure it
    expected_by_now: float | None  # the share of the minimum due by today (pro rata by month)

    @property
    def tone(self) -> str:
        if self.recorded is None or self.minimum is None:
            return "neutral"
        if self.recorded >= self.minimum:
            return "good"
        return "bad" if self.expected_by_now is not None and self.recorded < self.expected_by_now else "warn"


def _expected(minimum: float, as_of: dt.date) -> float:
    """The part of a yearly minimum due by ``as_of``: a monthly duty (12) is due once per
    month elapsed, a quarterly one (4) per quarter; a yearly one at the end of the year."""
    if minimum >= 12:
        return minimum * (as_of.month - 1) / 12
    if minimum >= 4:
        return minimum * ((as_of.month - 1) // 3) / 4
    return 0


def party_life_progress(*, user, rules, party_org: PartyOrganization | None, organization: SocialOrganization,
                        as_of: dt.date) -> list[Progress]:
    """Each of the year's requirements (``rules.requirements_for_year``) with what is recorded
    this calendar year: meetings by kind, and the secretary's training days."""
    counts: dict[str, int] = {}
    if party_org is not None:
        activities = scope_queryset(Activity.objects.filter(party_organization=party_org, held_on__year=as_of.year,
                                                            held_on__lte=as_of), user=user)
        counts = dict(activities.values_list("kind").annotate(n=Count("pk")).order_by())
    trainings = scope_queryset(Training.objects.filter(member__organization=organization, started_on__year=as_of.year),
                               user=user)
    secretary_id = party_org.secretary_id if party_org is not None else None
    secretary = trainings.filter(member_id=secretary_id) if secretary_id else trainings.none()
    progress = []
    for requirement in rules.requirements_for_year(as_of.year):
        if requirement.key in ACTIVITY_KINDS:
            recorded = counts.get(requirement.key, 0) if party_org is not None else None
        elif requirement.unit == "天" and requirement.subject == "secretary":
            recorded = float(secretary.aggregate(days=Sum("days"))["days"] or 0) if secretary_id else None
        elif requirement.unit == "次" and requirement.subject == "secretary" and "training" in requirement.key:
            recorded = secretary.filter(concentrated=True).count() if secretary_id else None
        else:
            recorded = None
        minimum = requirement.minimum
        label = ActivityKind(requirement.key).label if requirement.key in ACTIVITY_KINDS else requirement.text.split("（")[0]
        progress.append(Progress(requirement.key, requirement.text, requirement.clause, label, minimum, requirement.unit or "",
                                 recorded, _expected(minimum, as_of) if minimum else None))
    return progress


@dataclass(frozen=True)
class Gap:
    text: str
    url_name: str = ""  # where to fix it (a route of the workspace)
    clause: str = ""


def record_gaps(*, organization: SocialOrganization, party_org: PartyOrganization | None, members: list[Member],
                progress: list[Progress], submissions: dict, rules, as_of: dt.date) -> list[Gap]:
    """What is missing in the organization's record, each with where to fix it."""
    gaps = []
    if not members:
        gaps.append(Gap("台账中没有本组织的党员：请登记在本组织工作的党员", "web:member-create"))
    undated = [m.name for m in members if m.joined_on is None]
    if undated:
        gaps.append(Gap(f"{len(undated)}名党员未填入党日期：{'、'.join(undated[:5])}{'等' if len(undated) > 5 else ''}",
                        "web:members"))
    elsewhere = [m.name for m in members if m.relation == Member.Relation.ELSEWHERE]
    if elsewhere:
        gaps.append(Gap(f"{len(elsewhere)}名口袋党员的组织关系在外单位，应办理组织关系转接", "web:members", "002 第十七条"))
    if party_org is not None and not party_org.secretary_id:
        gaps.append(Gap(f"{party_org.name}未记录书记"))
    if party_org is not None and party_org.last_election_on is None:
        gaps.append(Gap(f"{party_org.name}未记录最近换届日期"))
    if not organization.charter_clause:
        gaps.append(Gap("章程尚未写入党建工作内容", clause="002 第九条(一)②"))
    behind = [p for p in progress if p.tone == "bad"]
    if behind:
        gaps.append(Gap("组织生活进度落后：" + "、".join(f"{p.label}（已记录{p.recorded:g}{p.unit}，按进度应有"
                                                       f"{p.expected_by_now:g}{p.unit}）"
                                                       for p in behind), "web:activities"))
    year = submission_year_default(as_of)
    for kind in available_kinds(rules):
        submission = submissions.get((kind, year))
        label = Submission.Kind(kind).label
        if submission is None or submission.status == Submission.Status.DRAFT:
            gaps.append(Gap(f"{year}年{label}尚未提交", "web:submissions"))
        elif submission.status == Submission.Status.RETURNED:
            gaps.append(Gap(f"{year}年{label}被退回：{submission.demand}", "web:submissions", "002 第九条(二)"))
    return gaps


def available_kinds(rules) -> list[str]:
    """The kinds of submission the province asks for: the annual report everywhere, the
    inspection checklist where the rules declare one (``submissions.content``)."""
    kinds = [Submission.Kind.ANNUAL_REPORT]
    if inspection_checklist(rules) is not None:
        kinds.append(Submission.Kind.INSPECTION_CHECKLIST)
    return kinds


def organization_members(*, user, organization: SocialOrganization) -> list[Member]:
    """The members working in the organization, formal first, each group in pinyin order."""
    members = list(members_for(user).filter(organization=organization).select_related("party_organization"))
    return sorted(by_pinyin(members, key=lambda m: m.name), key=lambda m: m.status != Member.Status.FORMAL)


def member_get_for(*, user, organization: SocialOrganization, pk: int) -> Member:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(members_for(user).filter(organization=organization), pk=pk)


def organization_transfers(*, user, organization: SocialOrganization) -> list[MemberTransfer]:
    return list(scope_queryset(MemberTransfer.objects.filter(member__organization=organization), user=user)
                .select_related("member"))


def party_organizations_of(*, user, organization: SocialOrganization) -> list[PartyOrganization]:
    """The Party organizations covering the organization (a member's may be one of them)."""
    return list(party_organizations_for(user).filter(covered_organizations=organization, dissolved_on__isnull=True)
                .order_by("name"))


def organization_activities(*, user, party_org: PartyOrganization | None, limit: int = 50) -> list[Activity]:
    if party_org is None:
        return []
    return list(scope_queryset(Activity.objects.filter(party_organization=party_org), user=user)
                .annotate(present=Count("attendance", filter=Q(attendance__present=True)))[:limit])


def organization_submissions(*, user, organization: SocialOrganization) -> dict[tuple[str, int], Submission]:
    rows = scope_queryset(Submission.objects.filter(organization=organization), user=user)
    return {(s.kind, s.year): s for s in rows}


def own_party_organization(*, user, organization: SocialOrganization, as_of: dt.date | None = None) -> PartyOrganization | None:
    import clock

    party_org = organization_party_organization(organization=organization, as_of=as_of or clock.today())
    if party_org is not None and not party_organizations_for(user).filter(pk=party_org.pk).exists():
        return None
    return party_org


def organization_cases(*, actor, rules, organization: SocialOrganization, as_of: dt.date, limit: int = 10) -> list[dict]:
    """The organization's open cases of the province's processes (applications, approvals,
    rectifications), each with its process, current stage and due date (``processes``)."""
    from processes.selectors import CaseFilters, case_list

    processes = {p.code: p for p in rules.processes()}
    rows = []
    for case in case_list(actor, CaseFilters(organization=organization.uscc, status="open"), today=as_of)[:limit]:
        process = processes.get(case.process)
        stage = next((s for s in process.stages if s.code == case.stage), None) if process else None
        rows.append({"case": case, "process": process.name if process else case.process,
                     "stage": stage.name if stage else case.stage,
                     "overdue": bool(case.due_on and case.due_on < as_of)})
    return rows


def reminders_for(*, user, limit: int = 8) -> list:
    """What is due: the unread reminders and messages in the user's inbox (``notifications``)."""
    from notifications.models import Notification

    return list(Notification.objects.filter(user_id=user.pk, read_at__isnull=True).order_by("-created", "-id")[:limit])
