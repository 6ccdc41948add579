"""Jilin's demo cases (``Process.demo`` of province_rules/jilin): every stage of each process
holds a case, made through the process actions as a job (``Actor.system``) on the days they
would have happened, so a newcomer sees a year of work: the demonstration bases of the 2023
round under review, the 2026 round at every stage, the 2027 round open for applications;
dispatched branches proposed, awaiting approval, formed and dissolved; formation plans opened
by registrations."""
from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.actors import Actor
from processes import actions
from processes.models import Case, Round
from registry.models import Instructor, SocialOrganization
from registry.validators import uscc_check_character

ACTOR_NAME = "演示数据"
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _actor() -> Actor:
    return Actor.system(ACTOR_NAME)


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _round(rules, process, year: int) -> Round:
    found = Round.objects.filter(process=process.code, year=year).first()
    return found or actions.round_open(actor=_actor(), rules=rules, process=process.code, year=year,
                                       opens_on=dt.date(year - 1, 12, 1) if year > 2026 else dt.date(year, 6, 4),
                                       deadline=dt.date(year, 7, 10))


def _act(rules, case: Case, action: str, day: dt.date, **kwargs) -> Case:
    return actions.case_act(actor=_actor(), rules=rules, case_id=case.pk, action=action, today=day, **kwargs)


def _score(rules, case: Case, process, day: dt.date, *, low: str = "") -> None:
    scoring = process.scoring("criteria")
    scores = [{"item": item.key, "score": 0 if item.key == low else item.max_score} for item in scoring.items]
    actions.case_scores_record(actor=_actor(), rules=rules, case_id=case.pk, scores=scores, today=day)


BASE_PATH = ("submit", "pass", "assessed", "approve", "notice_end", "name")


def _base(rules, process, organization, round_: Round, *, steps: int, start: dt.date, low: str = "") -> Case:
    """An application of ``organization`` in ``round_`` taken ``steps`` steps along the path to the
    title (0: still in self-assessment), one to three working weeks apart."""
    day = start
    case = actions.case_open(actor=_actor(), rules=rules, process=process.code, organization_uscc=organization.uscc,
                             round=round_.year, today=day)
    actions.case_document_add(actor=_actor(), rules=rules, case_id=case.pk, kind="self_report", uploaded=_pdf("自评报告.pdf"))
    actions.case_document_add(actor=_actor(), rules=rules, case_id=case.pk, kind="evidence", uploaded=_pdf("佐证材料.pdf"))
    _score(rules, case, process, day, low=low)
    for step in BASE_PATH[:steps]:
        case.refresh_from_db()
        if step == "pass":
            _score(rules, case, process, day, low=low)
            _act(rules, case, step, day, data={"opinion": "材料齐全，符合申报条件"})
        elif step == "assessed":
            _act(rules, case, step, day, data={"team": "省社会组织联合党委考核组", "assessed_on": day.isoformat(),
                                               "methods": ["查看资料", "实地检查", "座谈走访"], "opinion": "党建工作扎实，同意提交审定"})
        elif step == "approve":
            actions.meeting_decide(actor=_actor(), rules=rules, process=process.code, held_on=day,
                                   title=f"{round_.year}年度示范基地审定会议", decisions=[{"case": case.pk, "decision": "approve"}],
                                   today=day)
        elif step == "notice_end":
            day = max(day, case.due_on + dt.timedelta(days=1))
            _act(rules, case, step, day)
        elif step == "name":
            _act(rules, case, step, day, data={"notice_number": f"吉社联党发〔{day.year}〕{case.pk}号",
                                               "notice_date": day.isoformat()})
        else:
            _act(rules, case, step, day)
        day += dt.timedelta(days=7 + 7 * (case.pk % 2))
    case.refresh_from_db()
    return case


def demonstration_bases(*, rules, process, as_of: dt.date, seed: int = 1) -> int:
    if Case.objects.filter(process=process.code).exists():  # made once per province
        return 0
    provincial = list(SocialOrganization.objects.filter(
        registration_level="province", status="active", party_organizations__form__in=("own", "joint"),
        party_organizations__founded_on__lt=dt.date(2023, 1, 1), party_organizations__dissolved_on__isnull=True)
                      .exclude(cases__process=process.code).distinct().order_by("uscc")[:14])
    provincial += _provincial_shortfall(rules, 14 - len(provincial))
    made = 0
    # 2023: named that autumn; by now one awaits its review, one is rectifying, one lost the title.
    old = _round(rules, process, 2023)
    for index, organization in enumerate(provincial[:3]):
        case = _base(rules, process, organization, old, steps=len(BASE_PATH), start=dt.date(2023, 6, 20))
        made += 1
        if index >= 1:
            _act(rules, case, "review_fail", min(as_of, dt.date(2026, 9, 25)),
                 reason="复查发现“三会一课”落实不到位，党建活动场所被挪作他用")
        if index == 2:
            case.refresh_from_db()
            actions.case_document_add(actor=_actor(), rules=rules, case_id=case.pk, kind="rectification_report",
                                      uploaded=_pdf("整改情况报告.pdf"))
            _act(rules, case, "revoke", min(as_of, dt.date(2026, 11, 20)), reason="整改效果不明显，经联合党委研究撤销称号")
    # 2026: one case at each stage, one rejected.
    this = _round(rules, process, 2026)
    for steps, organization in zip(range(1, len(BASE_PATH) + 1), provincial[3:9]):
        _base(rules, process, organization, this, steps=steps, start=dt.date(2026, 6, 15))
        made += 1
    rejected = _base(rules, process, provincial[9], this, steps=3, start=dt.date(2026, 6, 18), low="grade_3a")
    actions.meeting_decide(actor=_actor(), rules=rules, process=process.code, held_on=dt.date(2026, 8, 20),
                           title="2026年度示范基地审定会议（第二次）", today=dt.date(2026, 8, 20),
                           decisions=[{"case": rejected.pk, "decision": "reject",
                                       "reason": "社会组织评估未达到3A以上（001 四(四)）"}])
    made += 1
    # The coming round, open now: applications being prepared.
    if as_of <= dt.date(as_of.year + 1, 7, 10):
        coming = _round(rules, process, as_of.year + 1)
        for organization in provincial[10:12]:
            _base(rules, process, organization, coming, steps=0, start=as_of)
            made += 1
    return made


def _new_organization(rules, index: int, name: str, *, level: str, region: str = "220100") -> SocialOrganization:
    from registry.actions import organization_upsert

    first17 = f"51{region}DM{index:07d}"
    organization, _ = organization_upsert(actor=_actor(), rules=rules, data={
        "uscc": first17 + uscc_check_character(first17), "name": name, "kind": "social_group",
        "registration_level": level, "region_code": region, "employees": 12, "charter_clause": True})
    return organization


def _provincial_shortfall(rules, count: int) -> list[SocialOrganization]:
    """Provincial-level organizations with a Party branch founded in 2019, where the registry's demo
    data has too few (its smallest size)."""
    from registry.actions import party_organization_upsert

    made = []
    for index in range(max(count, 0)):
        organization = _new_organization(rules, 100 + index, f"吉林省示范创建演示协会{index + 1}号", level="province")
        party_organization_upsert(actor=_actor(), rules=rules, data={
            "name": f"{organization.name}党支部", "form": "own", "region_code": organization.region.code,
            "covered_usccs": [organization.uscc], "founded_on": dt.date(2019, 5, 1), "last_election_on": dt.date(2022, 5, 1)})
        made.append(organization)
    return made


def _uncovered(rules, region_prefix: str, count: int) -> list[SocialOrganization]:
    found = list(SocialOrganization.objects.filter(region__code__startswith=region_prefix, status="active",
                                                   party_organizations__isnull=True, members__isnull=True,
                                                   cases__isnull=True).order_by("uscc")[:count])
    return found + [_new_organization(rules, 200 + index, f"长春市小型社会组织演示{index + 1}号", level="city")
                    for index in range(count - len(found))]


def _instructors(rules, count: int) -> list[Instructor]:
    from registry.actions import instructor_create

    found = list(Instructor.objects.filter(active=True, region__code__startswith="2201").order_by("id")[:count])
    return found + [instructor_create(actor=_actor(), rules=rules, data={"name": f"演示指导员{index + 1}", "region_code": "220100"})
                    for index in range(count - len(found))]


def dispatched_branches(*, rules, process, as_of: dt.date, seed: int = 1) -> int:
    if Case.objects.filter(process=process.code).exists():  # made once per province
        return 0
    instructors, orgs = _instructors(rules, 12), _uncovered(rules, "2201", 16)
    plans = [("proposal", 0), ("approval", 1), ("active", 2), ("dissolved", 3)]
    made = 0
    for (target, steps), index in zip(plans, range(4)):
        trio = [i.pk for i in instructors[3 * index:3 * index + 3]]
        covered = orgs[4 * index:4 * index + 4]
        day = as_of - dt.timedelta(days=120 - 20 * index)
        name = f"长春市社会组织第{'一二三四'[index]}派出党支部（演示）"
        case = actions.case_open(actor=_actor(), rules=rules, process=process.code, organization_uscc=covered[0].uscc,
                                 organizations=[o.uscc for o in covered[1:]], today=day,
                                 data={"branch_name": name, "instructors": trio})
        made += 1
        if steps >= 1:
            _act(rules, case, "submit", day + dt.timedelta(days=3))
        if steps >= 2:
            _act(rules, case, "approve", day + dt.timedelta(days=10))
        if steps >= 3:
            from registry.actions import party_organization_upsert

            party_organization_upsert(actor=_actor(), rules=rules, data={
                "name": f"{covered[0].name}党支部", "form": "own", "region_code": covered[0].region.code,
                "covered_usccs": [covered[0].uscc], "founded_on": as_of - dt.timedelta(days=5)})
            _act(rules, case, "dissolve", as_of, reason=f"{covered[0].name}已单独建立党支部，派出党支部完成组建任务")
    return made


def _registration(rules, index: int, *, region: str = "220102") -> dict:
    first17 = f"51{region}DM{index:07d}"
    organization = {"uscc": first17 + uscc_check_character(first17), "name": f"长春市南关区新登记社会组织{index}号（演示）",
                    "kind": "social_group", "registration_level": "county", "region_code": region, "employees": 8}
    return actions.registration_receive(actor=_actor(), rules=rules, event="registered", organization=organization,
                                        party={"formal_members": 1, "party_workers": 0})


def formation_plans(*, rules, process, as_of: dt.date, seed: int = 1) -> int:
    if Case.objects.filter(process=process.code).exists():
        return 0
    made = 0
    for index, steps in enumerate((0, 1, 2)):
        answer = _registration(rules, index + 1)
        for entry in answer["cases_opened"]:
            case = entry["case"]
            made += 1
            if steps >= 1:
                _act(rules, case, "submit", as_of, data={"superior": "长春市南关区社会组织联合党委",
                                                         "responsibility": "长春市南关区民政局",
                                                         "instructor": "南关区党建工作指导员"})
            if steps >= 2:
                _act(rules, case, "approve", as_of)
    return made


def funding_ledgers(*, rules, process, as_of: dt.date, seed: int = 1) -> int:
    """This year's ledger of three Party organizations: one awaiting its grant, one its dues
    returned, one settled (002 第三十三条)."""
    from registry.models import PartyOrganization

    if Case.objects.filter(process=process.code).exists():
        return 0
    branches = list(PartyOrganization.objects.filter(form="own", dissolved_on__isnull=True).order_by("name", "id")[:3])
    for steps, branch in enumerate(branches):
        case = actions.case_open(actor=_actor(), rules=rules, process=process.code, party_organization=str(branch.pk),
                                 title=f"{as_of.year}年度", data={"year": as_of.year}, today=as_of)
        if steps >= 1:
            _act(rules, case, "grant", as_of, data={"granted_amount": 1000, "granted_on": as_of.replace(month=3, day=1).isoformat()})
        if steps >= 2:
            _act(rules, case, "returned", as_of, data={"dues_paid": 1320, "dues_returned": 1320,
                                                       "returned_on": as_of.replace(month=6, day=30).isoformat()})
    return len(branches)


def secretary_reports(*, rules, process, as_of: dt.date, seed: int = 1) -> int:
    """This year's reports of three Party organizations' secretaries, due at the year's end: one
    still to report, one reported and awaiting review, one reviewed (002 第二十五条)."""
    from registry.models import PartyOrganization

    if Case.objects.filter(process=process.code).exists():
        return 0
    branches = list(PartyOrganization.objects.filter(form="own", dissolved_on__isnull=True).order_by("-name", "id")[:3])
    for steps, branch in enumerate(branches):
        case = actions.case_open(actor=_actor(), rules=rules, process=process.code, party_organization=str(branch.pk),
                                 title=f"{as_of.year}年度", data={"year": as_of.year},
                                 due_on=dt.date(as_of.year, 12, 31), today=as_of)
        if steps >= 1:
            _act(rules, case, "submit", as_of, data={
                "members_heard_on": as_of.isoformat(),
                "summary": "本年度落实“三会一课”12次，发展党员1名，开展主题党日活动6次；存在问题：党员教育方式较单一"})
        if steps >= 2:
            _act(rules, case, "review", as_of, data={"rating": "好", "opinion": "履职尽责，党建工作扎实"})
    return len(branches)
