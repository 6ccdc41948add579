"""Anhui's demo cases (``Process.demo`` of province_rules/anhui/processes.py): meetings,
dispatches and cases in every stage, written through the actions with ``Actor.system("demo")``
on past dates so that deadlines, monthly checks and quarters have a history. Deterministic:
the organizations are taken in id order; a second run adds nothing (each function stops when
its process already has cases)."""
from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.actors import Actor

ACTOR = "demo"
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _actor() -> Actor:
    return Actor.system(ACTOR)


def _has_cases(process) -> bool:
    from processes.models import Case

    return Case.objects.filter(process=process.code).exists()


def _without_party_org(count: int, *, skip: int = 0) -> list:
    from processes.models import Case
    from registry.models import SocialOrganization

    busy = Case.objects.exclude(organization=None).values("organization_id")
    return list(SocialOrganization.objects.filter(status="active", party_organizations__isnull=True, registration_level="province")
                .exclude(pk__in=busy).order_by("id")[skip:skip + count])


def _month_ago(as_of: dt.date, months: int) -> dt.date:
    index = as_of.year * 12 + as_of.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, min(as_of.day, 28))


def _apply(rules, process, org, day, *, form="单独组建", others=(), name=None):
    from processes.actions import case_act, case_open

    actor = _actor()
    case = case_open(actor=actor, rules=rules, process=process.code, organization_uscc=org.uscc,
                     organizations=[o.uscc for o in others], today=day,
                     data={"party_org_name": name or f"{org.name}党支部", "party_org_form": form,
                           "basis": "本组织专职工作人员中有正式党员，申请成立党支部"})
    case_act(actor=actor, rules=rules, case_id=case.pk, action="submit", today=day)
    return case


def _act(rules, case, action, day, **kwargs):
    from processes.actions import case_act

    return case_act(actor=_actor(), rules=rules, case_id=case.pk, action=action, today=day, **kwargs)


def _score(rules, case, day, *, full: bool):
    from processes.actions import case_scores_record

    scoring = rules.process(case.process).scoring("standardization")
    scores = [{"item": item.key, "score": item.max_score if full or item.hard else item.max_score / 2} for item in scoring.items]
    case_scores_record(actor=_actor(), rules=rules, case_id=case.pk, scores=scores, today=day)


def party_org_establishment(*, rules, process, as_of: dt.date, seed: int = 1) -> int:
    """Two past meetings (approvals, a rejection with its next steps, a deferral) and a batch
    waiting for the next; approved ones in the standardization check, passed, or rectifying;
    the rejected applicant applying again."""
    from processes.actions import meeting_decide

    if _has_cases(process):
        return 0
    orgs = _without_party_org(11)
    if len(orgs) < 11:
        return 0
    first, second = _month_ago(as_of, 5), _month_ago(as_of, 2)
    a = _apply(rules, process, orgs[0], first - dt.timedelta(days=20))
    b = _apply(rules, process, orgs[1], first - dt.timedelta(days=18), form="联合组建", others=[orgs[2]],
               name=f"{orgs[1].name}等联合党支部")
    c = _apply(rules, process, orgs[3], first - dt.timedelta(days=15))
    d = _apply(rules, process, orgs[4], first - dt.timedelta(days=12))
    for case in (a, b, c, d):
        _act(rules, case, "to_meeting", first - dt.timedelta(days=5))
    meeting_decide(actor=_actor(), rules=rules, process=process.code, held_on=first, title="综合党委会（第一批）", today=first,
                   decisions=[{"case": a.pk, "decision": "approve"}, {"case": b.pk, "decision": "approve"},
                              {"case": c.pk, "decision": "reject",
                               "reason": "专职工作人员中正式党员不足3名，不符合单独组建条件；下一步可联合相邻社会组织组建，或由党建指导员继续指导"},
                              {"case": d.pk, "decision": "defer", "reason": "党员组织关系尚未转入，待转入后再审"}])
    e = _apply(rules, process, orgs[5], second - dt.timedelta(days=20))
    _act(rules, e, "to_meeting", second - dt.timedelta(days=3))
    meeting_decide(actor=_actor(), rules=rules, process=process.code, held_on=second, title="综合党委会（第二批）", today=second,
                   decisions=[{"case": e.pk, "decision": "approve"}, {"case": d.pk, "decision": "approve"}])
    # Standardization: a passed one, a failed one rectifying, the others waiting for their check.
    _score(rules, a, first + dt.timedelta(days=90), full=True)
    _act(rules, a, "pass", first + dt.timedelta(days=90), data={"checked_on": (first + dt.timedelta(days=90)).isoformat()})
    _score(rules, b, first + dt.timedelta(days=95), full=False)
    _act(rules, b, "fail", first + dt.timedelta(days=95), reason="组织生活不规范，制度未建立，限期整改")
    # The rejected applicant applies again, joined by a neighbour: waiting at the office.
    _apply(rules, process, orgs[3], second + dt.timedelta(days=10), form="联合组建", others=[orgs[6]],
                   name=f"{orgs[3].name}等联合党支部")
    # Waiting for the next meeting, at the office, and still being written.
    waiting = [_apply(rules, process, org, as_of - dt.timedelta(days=10 - i)) for i, org in enumerate(orgs[7:9])]
    for case in waiting:
        _act(rules, case, "to_meeting", as_of - dt.timedelta(days=3))
    _apply(rules, process, orgs[9], as_of - dt.timedelta(days=4))
    from processes.actions import case_open

    case_open(actor=_actor(), rules=rules, process=process.code, organization_uscc=orgs[10].uscc, today=as_of,
              data={"party_org_name": f"{orgs[10].name}党支部"})
    return _count(process)


def _count(process) -> int:
    from processes.models import Case

    return Case.objects.filter(process=process.code).count()


def _instructors(rules, as_of: dt.date) -> list:
    from registry.actions import instructor_create
    from registry.models import Instructor
    from regions.models import Region

    region = Region.objects.order_by("code").first()
    pool = [("王建国", "省民政厅机关党委", True), ("李红梅", "省社会组织联合会", True), ("陈志强", "退休党员干部", False),
            ("刘芳", "省行业协会商会党委", True), ("赵永胜", "高校党务工作者", False)]
    made = []
    for name, unit, full_time in pool:
        found = Instructor.objects.filter(name=name, unit=unit).first()
        made.append(found or instructor_create(actor=_actor(), rules=rules, data={
            "name": name, "unit": unit, "full_time": full_time, "region_code": region.code}))
    return made


def instructor_dispatch(*, rules, process, as_of: dt.date, seed: int = 1) -> int:
    """A pool of instructors; dispatches in planning, in progress with monthly checks (one with
    last month's missing) and quarterly evaluations, one that ended with a Party organization
    and one withdrawn."""
    from processes.actions import case_open

    if _has_cases(process):
        return 0
    orgs = _without_party_org(5, skip=0)
    if len(orgs) < 5:
        return 0
    pool = _instructors(rules, as_of)
    start = _month_ago(as_of, 4)
    cases = []
    for index, org in enumerate(orgs):
        day = start + dt.timedelta(days=index)
        target = dt.date(as_of.year + 1, 6, 30)
        case = case_open(actor=_actor(), rules=rules, process=process.code, organization_uscc=org.uscc, today=day, data={
            "instructor_id": pool[index % len(pool)].pk, "target_on": target.isoformat(),
            "milestones": "\n".join((f"{_month_ago(target, 9).isoformat()} 摸清党员底数，推动组织关系转入",
                                     f"{_month_ago(target, 6).isoformat()} 确定党组织负责人人选",
                                     f"{_month_ago(target, 3).isoformat()} 提交成立党支部申请",
                                     f"{target.isoformat()} 经综合党委会批准成立党组织"))})
        cases.append(case)
        if index == 0:
            continue  # still planning
        _act(rules, case, "dispatch", day)
        for month in range(4, 0, -1):
            check_day = _month_ago(as_of, month).replace(day=15)
            if index == 2 and month == 1:
                continue  # last month's check missing: reminded
            if check_day < day:
                continue
            _act(rules, case, "monthly_check", check_day, data={
                "text": "入驻指导：宣讲党建政策，摸排党员情况", "figures": {"走访次数": 2, "新转入党员": month % 2},
                "period": f"{check_day.year}-{check_day.month:02d}"})
    quarter_end = dt.date(as_of.year, 3 * ((as_of.month - 1) // 3) + 1, 1) - dt.timedelta(days=1)
    for index, case in enumerate(cases[1:3], start=1):
        _act(rules, case, "quarterly_evaluation", max(quarter_end, case.stage_entered_on), data={
            "text": "优秀" if index == 1 else "合格", "figures": {"score": 92 if index == 1 else 78},
            "period": f"{quarter_end.year}Q{(quarter_end.month - 1) // 3 + 1}"})
    from registry.actions import party_organization_upsert

    built_on = _month_ago(as_of, 1)
    party_organization_upsert(actor=_actor(), rules=rules, data={
        "name": f"{orgs[3].name}党支部", "form": "own", "region_code": orgs[3].region.code,
        "covered_usccs": [orgs[3].uscc], "founded_on": built_on})
    _act(rules, cases[3], "built", built_on)
    _act(rules, cases[4], "withdraw", _month_ago(as_of, 1), reason="指导员工作调整，另行选派")
    return _count(process)


def three_sync_documents(*, rules, process, as_of: dt.date, seed: int = 1) -> int:
    """Registrations without the pledge or the survey (cases collecting, in review, complete)."""
    from processes.actions import case_document_add, registration_receive
    from registry.models import SocialOrganization

    if _has_cases(process):
        return 0
    orgs = list(SocialOrganization.objects.filter(status="active").order_by("-id")[:3])
    cases = []
    for index, org in enumerate(orgs):
        day = as_of - dt.timedelta(days=30 - 10 * index)
        answer = registration_receive(actor=_actor(), rules=rules, event="registered", today=day, organization={
            "uscc": org.uscc, "name": org.name, "kind": org.kind, "registration_level": org.registration_level,
            "region_code": org.region.code}, party={"pledge": index == 2, "member_survey": False, "formal_members": 2})
        cases += [entry["case"] for entry in answer["cases_opened"]]
    for case in cases[:2]:
        for kind, name in (("pledge", "党建工作承诺书.pdf"), ("member_survey", "党员情况调查表.pdf")):
            case_document_add(actor=_actor(), rules=rules, case_id=case.pk, kind=kind,
                              uploaded=SimpleUploadedFile(name, PDF, content_type="application/pdf"))
        _act(rules, case, "submit", as_of - dt.timedelta(days=5))
    if cases:
        _act(rules, cases[0], "accept", as_of - dt.timedelta(days=2))
    return len(cases)


def annual_party_report(*, rules, process, as_of: dt.date, seed: int = 1) -> int:
    """The annual inspection's Party-building report: filled in, in review, accepted."""
    from processes.actions import registration_receive
    from registry.models import SocialOrganization

    if _has_cases(process):
        return 0
    orgs = list(SocialOrganization.objects.filter(status="active", party_organizations__isnull=False).order_by("id")[:3])
    cases = []
    for org in orgs:
        answer = registration_receive(actor=_actor(), rules=rules, event="annual_report", today=as_of - dt.timedelta(days=20),
                                      organization={"uscc": org.uscc, "name": org.name, "kind": org.kind,
                                                    "registration_level": org.registration_level,
                                                    "region_code": org.region.code}, party={})
        cases += [entry["case"] for entry in answer["cases_opened"]]
    for index, case in enumerate(cases[:2]):
        _act(rules, case, "submit", as_of - dt.timedelta(days=10), data={
            "year": as_of.year - 1, "formal_members": 5 + index, "party_org": "已单独组建", "activities": 24,
            "instructor": "无"})
    if cases:
        _act(rules, cases[0], "accept", as_of - dt.timedelta(days=5))
    return len(cases)
