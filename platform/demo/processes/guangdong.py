"""Guangdong's process demo data (003): the ten actions' tasks assigned to cities and to
provincial-level Party organizations (reported, overdue, done, withdrawn), a 双强五好 round with
candidate units in every stage (one whose committee member has not followed up for too long),
innovative work methods, five-integrations referrals from registration events, weak-and-lax
rectification from warning to closing, major matters (one escalated), first secretaries and
temporary branches. Every write goes through ``processes.actions`` as the system actor
``demo``; dates are set back with ``today=`` so the cases are in every state on ``as_of``."""
from __future__ import annotations

import datetime as dt
import random

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.actors import Actor
from processes import actions

DEMO = Actor.system("demo")
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
MEMBERS = ("张建华", "李卫东", "陈志强", "黄丽萍", "刘国庆")


def _days(as_of: dt.date, n: int) -> dt.date:
    return as_of - dt.timedelta(days=n)


def _party_orgs(level: str | None = None, *, limit: int, own: bool = True):
    """Party organizations of organizations in scope (own branches first), in a stable order."""
    from registry.models import PartyOrganization

    party_orgs = PartyOrganization.objects.filter(dissolved_on__isnull=True,
                                                  covered_organizations__status="active")
    if own:
        party_orgs = party_orgs.filter(form="own")
    if level:
        party_orgs = party_orgs.filter(covered_organizations__registration_level=level)
    return list(party_orgs.distinct().order_by("pk")[:limit])


def _organizations_with_party_org(limit: int, *, level: str | None = None):
    from registry.models import SocialOrganization

    organizations = SocialOrganization.objects.filter(status="active", party_organizations__form="own",
                                                      party_organizations__dissolved_on__isnull=True)
    if level:
        organizations = organizations.filter(registration_level=level)
    return list(organizations.distinct().order_by("pk")[:limit])


def _quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def ten_action_tasks(*, rules, process, as_of: dt.date, seed: int = 1) -> int:
    """Tasks of the plan to the first cities (and, for the organizations' process, to
    provincial-level Party organizations): reported this quarter, only assigned, overdue, done."""
    from regions.models import Region

    plan = next(p for p in rules.plans() if process.code in p.task_processes)
    rng = random.Random(seed)
    if process.subject == "region":
        assignees = [{"region_code": r.code} for r in Region.objects.filter(level="city").order_by("code")[:6]]
        picks = ("3.5", "4.4", "5.1", "5.3", "7.1", "7.3", "8.2", "9.4")
    else:
        assignees = [{"party_organization": p.name} for p in _party_orgs("province", limit=3)]
        picks = ("1.1", "6.3", "7.1")
    quarter = _quarter_start(as_of)
    made = 0
    for index, code in enumerate(picks):
        _, task = plan.task(code)
        opened = _days(quarter, 40 + 7 * index)
        for position, assignee in enumerate(assignees):
            state = (index + position) % 4  # 0 reported, 1 assigned, 2 overdue, 3 done
            due = _days(as_of, 10 + position) if state == 2 else as_of + dt.timedelta(days=60 + 15 * index)
            case = actions.case_open(actor=DEMO, rules=rules, process=process.code, title=task.name, due_on=due,
                                     data={plan.task_field: code}, today=opened, **assignee)
            made += 1
            previous = f"{opened.year}Q{(opened.month - 1) // 3 + 1}"
            actions.case_act(actor=DEMO, rules=rules, case_id=case.pk, action="report", today=opened + dt.timedelta(days=5),
                             data={"text": f"已部署“{task.name}”，制定工作方案", "period": previous,
                                   "figures": {"涉及社会组织数": rng.randrange(20, 300)}})
            if state in (0, 3):
                actions.case_act(actor=DEMO, rules=rules, case_id=case.pk, action="report", today=as_of,
                                 data={"text": f"本季度推进“{task.name}”：完成阶段性目标",
                                       "figures": {"完成数": rng.randrange(5, 120)}})
            if state == 3:
                actions.case_act(actor=DEMO, rules=rules, case_id=case.pk, action="complete", today=as_of)
    if process.subject == "region" and assignees:
        _, task = plan.task("2.4")
        case = actions.case_open(actor=DEMO, rules=rules, process=process.code, title=task.name,
                                 due_on=as_of + dt.timedelta(days=90), data={plan.task_field: "2.4"},
                                 today=_days(as_of, 20), **assignees[0])
        actions.case_act(actor=DEMO, rules=rules, case_id=case.pk, action="withdraw", reason="与任务2.1合并推进",
                         today=as_of)
        made += 1
    return made


def _round(rules, process, as_of: dt.date):
    from processes.models import Round

    found = Round.objects.filter(process=process.code, year=as_of.year).first()
    return found or actions.round_open(actor=DEMO, rules=rules, process=process.code, year=as_of.year,
                                       opens_on=_days(as_of, 90), deadline=as_of + dt.timedelta(days=30))


def _score_all(rules, process, case, rng) -> None:
    scoring = process.scorings[0]
    actions.case_scores_record(actor=DEMO, rules=rules, case_id=case.pk, scores=[
        {"item": item.key, "score": round(item.max_score * rng.uniform(0.7, 1.0), 1)} for item in scoring.items])


def _follow_up(rules, case, day: dt.date, member: str, text: str) -> None:
    actions.case_act(actor=DEMO, rules=rules, case_id=case.pk, action="follow_up", today=day, data={
        "member": member, "followed_on": day.isoformat(), "guidance": text, "next_step": "完善党建阵地和台账"})


def demonstration_points(*, rules, process, as_of: dt.date, seed: int = 1) -> int:
    """A round with candidates applying, followed up (one not for longer than the setting),
    scored, at the meeting, selected as points, not selected and withdrawn."""
    rng = random.Random(seed)
    _round(rules, process, as_of)
    organizations = _organizations_with_party_org(10)
    days = process.stage("cultivating").follow_up.days
    made = 0
    for index, organization in enumerate(organizations):
        opened = _days(as_of, 80 - index)
        case = actions.case_open(actor=DEMO, rules=rules, process=process.code, organization_uscc=organization.uscc,
                                 today=opened)
        made += 1
        if index == 0:
            continue  # still applying
        actions.case_document_add(actor=DEMO, rules=rules, case_id=case.pk, kind="application",
                                  uploaded=SimpleUploadedFile("示范点创建申报表.pdf", PDF, content_type="application/pdf"))
        actions.case_act(actor=DEMO, rules=rules, case_id=case.pk, action="submit", today=opened + dt.timedelta(days=1))
        member = MEMBERS[index % len(MEMBERS)]
        actions.case_act(actor=DEMO, rules=rules, case_id=case.pk, action="assign_member", data={"member": member},
                         today=opened + dt.timedelta(days=2))
        if index == 1:
            continue  # a member assigned, no follow-up yet: reminded once the setting's days pass
        last = _days(as_of, days + 5) if index == 2 else _days(as_of, 10 + index)
        _follow_up(rules, case, max(last, opened + dt.timedelta(days=2)), member, "走访创建单位，指导对照“双强五好”标准自查")
        if index == 2:
            continue  # cultivating, its last follow-up older than the setting's days
        if index == 3:
            actions.case_act(actor=DEMO, rules=rules, case_id=case.pk, action="withdraw", today=_days(as_of, 8),
                             reason="创建单位申请退出本批次创建")
            continue
        _score_all(rules, process, case, rng)
        actions.case_act(actor=DEMO, rules=rules, case_id=case.pk, action="recommend", today=_days(as_of, 5))
    from processes.models import Case

    at_meeting = list(Case.objects.filter(process=process.code, stage="meeting").order_by("pk"))
    decisions = [{"case": c.pk, "decision": "approve"} for c in at_meeting[:3]]
    if len(at_meeting) > 3:
        decisions.append({"case": at_meeting[3].pk, "decision": "reject", "reason": "发展强、作用发挥好两项差距较大"})
    if decisions:
        actions.meeting_decide(actor=DEMO, rules=rules, process=process.code, held_on=_days(as_of, 2),
                               title=f"省社会组织党委{as_of.year}年第{rng.randrange(3, 9)}次委员会会议", decisions=decisions,
                               today=_days(as_of, 2))
        named = Case.objects.filter(process=process.code, stage="named").order_by("pk").first()
        if named is not None:
            _follow_up(rules, named, _days(as_of, 1), MEMBERS[0], "示范点授牌后跟踪培育，总结可复制经验")
    return made


def innovative_methods(*, rules, process, as_of: dt.date, seed: int = 1) -> int:
    _round(rules, process, as_of)
    methods = (("“党建+行业自律”工作法", "以党建引领行业自律公约，会员单位诚信经营"),
               ("“红色服务站”工作法", "在会员单位设立党员先锋岗，开展进乡村助振兴服务"),
               ("“三联三帮”工作法", "联系会员、联系群众、联系社区，帮就业、帮发展、帮困难群体"),
               ("“双报到”工作法", "党员到社区报到、到项目团队报到"))
    organizations = _organizations_with_party_org(len(methods), level="province") or _organizations_with_party_org(len(methods))
    cases = []
    for (method, summary), organization in zip(methods, organizations):
        case = actions.case_open(actor=DEMO, rules=rules, process=process.code, organization_uscc=organization.uscc,
                                 today=_days(as_of, 30))
        actions.case_act(actor=DEMO, rules=rules, case_id=case.pk, action="submit", today=_days(as_of, 29),
                         data={"method": method, "summary": summary})
        cases.append(case)
    if len(cases) >= 3:
        actions.meeting_decide(actor=DEMO, rules=rules, process=process.code, held_on=_days(as_of, 2),
                               title="省社会组织党委委员会会议（党建创新工作法评选）", today=_days(as_of, 2), decisions=[
                                   {"case": cases[0].pk, "decision": "approve"}, {"case": cases[1].pk, "decision": "approve"},
                                   {"case": cases[2].pk, "decision": "reject", "reason": "做法尚在探索，成效有待检验"}])
    return len(cases)


def _uscc(region_code: str, serial: int) -> str:
    from registry.validators import uscc_check_character

    first17 = f"51{region_code}MJ{'ABCDE'[serial % 5]}{900000 + serial:06d}"
    return first17 + uscc_check_character(first17)


def referrals(*, rules, process, as_of: dt.date, seed: int = 1) -> int:
    """Registration events: new organizations short of 应建尽建 / 应联尽联 / 应纳尽纳, referred; one
    answered and closed, one answered and awaiting verification."""
    from registry.models import Supervisor

    supervisor = Supervisor.objects.order_by("pk").first()
    events = (("广州市新登记数字经济促进会", "440100", {"formal_members": 3}, False),
              ("深圳市新登记青年创业协会", "440300", {"formal_members": 2}, True),
              ("佛山市新登记陶瓷行业商会", "440600", {"formal_members": 4, "relations_elsewhere": 2}, True),
              ("东莞市新登记智能制造协会", "441900", {"formal_members": 1}, False))
    made = 0
    for serial, (name, region, party, charter) in enumerate(events, seed * 10):
        organization = {"uscc": _uscc(region, serial), "name": name, "kind": "social_group",
                        "registration_level": "city", "region_code": region, "charter_clause": charter}
        if supervisor is not None:
            organization["business_supervisor"] = supervisor.name
        answer = actions.registration_receive(actor=DEMO, rules=rules, event="registered", organization=organization,
                                              party=party, today=_days(as_of, 40 - serial % 10))
        made += len(answer["cases_opened"])
        for index, entry in enumerate(answer["cases_opened"]):
            if serial % 4 in (1, 2):
                actions.case_act(actor=DEMO, rules=rules, case_id=entry["case"].pk, action="reply", today=_days(as_of, 10),
                                 data={"reply": "业务主管单位党组织已约谈负责人，指导制定组建方案"})
            if serial % 4 == 1:
                actions.case_act(actor=DEMO, rules=rules, case_id=entry["case"].pk, action="close", today=_days(as_of, 3))
    return made


def rectifications(*, rules, process, as_of: dt.date, seed: int = 1) -> int:
    """Warnings awaiting confirmation, one dismissed, confirmed and rectifying, under closing
    review, rectified (the designation closed)."""
    from indicators.selectors import indicator_party_organizations

    warned = list(indicator_party_organizations(rules=rules, indicator="weak_and_lax_warnings", as_of=as_of)
                  .filter(weak_and_lax=False).order_by("pk")[:6])
    # At the tiny size few branches are warned: the first own branches make up the six states.
    warned += [p for p in _party_orgs(limit=12) if not p.weak_and_lax and p not in warned][:6 - len(warned)]
    made = 0
    for index, party_org in enumerate(warned):
        case = actions.case_open(actor=DEMO, rules=rules, process=process.code, party_organization=party_org.name,
                                 today=_days(as_of, 60))
        made += 1
        member = MEMBERS[index % len(MEMBERS)]
        if index == 0:
            continue  # awaiting confirmation
        if index == 1:
            actions.case_act(actor=DEMO, rules=rules, case_id=case.pk, action="dismiss", today=_days(as_of, 50),
                             reason="核实后班子已配齐，活动记录补录完整")
            continue
        actions.case_act(actor=DEMO, rules=rules, case_id=case.pk, action="confirm", today=as_of, data={
            "problems": "党组织班子配备不齐，近12个月组织生活偏少", "member": member,
            "measures": "配齐支部委员，制定年度组织生活计划"})
        if index == 2:
            continue  # rectifying
        actions.case_act(actor=DEMO, rules=rules, case_id=case.pk, action="submit", today=as_of, data={
            "measures": "补选支部委员2名，建立“三会一课”台账", "progress": "已按计划开展主题党日和党课"})
        if index == 3:
            continue  # under closing review
        actions.case_act(actor=DEMO, rules=rules, case_id=case.pk, action="close", today=as_of,
                         data={"result": "班子配齐、组织生活正常，验收合格"})
    return made


def major_matters(*, rules, process, as_of: dt.date, seed: int = 1) -> int:
    organizations = _organizations_with_party_org(4)
    matters = (("接收大额捐赠", "接收企业捐赠500万元用于乡村振兴项目", "同意，须公开捐赠使用情况"),
               ("大额经费开支", "购置办公场所，支出320万元", "建议缓议，先开展可行性论证"),
               ("开展涉外活动", "组织会员赴境外参加行业展会", "同意，严格执行外事纪律"),
               ("重要业务活动", "承办全省行业发展论坛", "同意，论坛议题须报业务主管单位审核"))
    made = 0
    for index, (organization, (kind, matter, opinion)) in enumerate(zip(organizations, matters)):
        case = actions.case_open(actor=DEMO, rules=rules, process=process.code, organization_uscc=organization.uscc,
                                 today=_days(as_of, 30 - index), data={
                                     "matter_kind": kind, "matter": matter, "decided_on": _days(as_of, 25 - index).isoformat(),
                                     "opinion": opinion})
        made += 1
        if index == 3:
            continue  # opinion recorded, the decision pending
        if index == 1:
            actions.case_act(actor=DEMO, rules=rules, case_id=case.pk, action="disagreement", today=_days(as_of, 20),
                             reason="管理层坚持立即购置，经反复沟通仍不能达成一致")
            continue
        actions.case_act(actor=DEMO, rules=rules, case_id=case.pk, action="adopted", today=_days(as_of, 20))
    return made


def first_secretaries(*, rules, process, as_of: dt.date, seed: int = 1) -> int:
    party_orgs = _party_orgs(limit=3)
    made = 0
    for index, party_org in enumerate(party_orgs):
        case = actions.case_open(actor=DEMO, rules=rules, process=process.code, party_organization=party_org.name,
                                 today=_days(as_of, 200))
        made += 1
        actions.case_act(actor=DEMO, rules=rules, case_id=case.pk, action="appoint", today=_days(as_of, 200), data={
            "name": MEMBERS[(index + 2) % len(MEMBERS)], "source": process.stage("appointment").fields[1].choices[index % 2],
            "unit": "省民政厅社会组织管理局" if index % 2 else "本会副会长", "appointed_on": _days(as_of, 200).isoformat()})
        if index == 2:
            actions.case_act(actor=DEMO, rules=rules, case_id=case.pk, action="end", today=_days(as_of, 10),
                             reason="组织关系已转入，由会长担任书记")
    return made


def temporary_branches(*, rules, process, as_of: dt.date, seed: int = 1) -> int:
    """Organizations the rules allow a temporary branch (003 五): one converted, the others
    waiting for the relations (one past the conversion period: reminded)."""
    from registry.models import SocialOrganization
    from registry.selectors import organization_facts

    made = 0
    candidates = SocialOrganization.objects.filter(status="active", party_organizations__isnull=True).order_by("pk")[:3000]
    for organization in candidates.iterator(chunk_size=200):
        if not rules.check_temporary_branch(organization_facts(organization=organization, as_of=as_of)).value:
            continue
        opened = _days(as_of, process.stage("temporary").deadline.days + 10 if made == 0 else 40)
        case = actions.case_open(actor=DEMO, rules=rules, process=process.code, organization_uscc=organization.uscc,
                                 today=opened, data={"branch_name": f"{organization.name}临时党支部",
                                                     "formed_on": opened.isoformat()})
        made += 1
        if made == 2:
            actions.case_act(actor=DEMO, rules=rules, case_id=case.pk, action="convert", today=_days(as_of, 5))
        if made >= 3:
            break
    return made
