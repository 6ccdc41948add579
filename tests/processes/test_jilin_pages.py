"""Jilin's processes in the web pages: the round opened with its deadline, an application
from the organization's own page accepted for a provincial-level organization and refused
for a city-level one (001 一), the round with its cases by stage, the bases with their
valid-until and review dates, a base's plaque data on its page; a dispatched branch proposed
with its instructors from a form; a page the process does not have answers 404."""
import datetime as dt

from django_tenants.utils import schema_context

import clock
from processes import actions
from processes.models import Case
from processes.workdays import province_calendar

from .jilin_world import CODE, SYSTEM, instructor_create, jilin_world, org_create, rules, web  # noqa: F401
from .test_jilin_demonstration_base import DEADLINE

PROCESS = "demonstration_base"


def named_base(organization) -> Case:
    """A base through every stage to its title, by the actions (the pages show it)."""
    with schema_context(CODE):
        today = clock.today()
        case = Case.objects.get(process=PROCESS, organization=organization)
        from .files import PDF, upload

        for kind in ("self_report", "evidence"):
            actions.case_document_add(actor=SYSTEM, rules=rules(), case_id=case.pk, kind=kind, uploaded=upload(f"{kind}.pdf", PDF))
        items = rules().process(PROCESS).scoring("criteria").items
        scores = [{"item": item.key, "score": item.max_score} for item in items]
        actions.case_scores_record(actor=SYSTEM, rules=rules(), case_id=case.pk, scores=scores)
        actions.case_act(actor=SYSTEM, rules=rules(), case_id=case.pk, action="submit")
        actions.case_scores_record(actor=SYSTEM, rules=rules(), case_id=case.pk, scores=scores)
        actions.case_act(actor=SYSTEM, rules=rules(), case_id=case.pk, action="pass", data={"opinion": "同意"})
        actions.case_act(actor=SYSTEM, rules=rules(), case_id=case.pk, action="assessed", data={
            "team": "省考核组", "assessed_on": today.isoformat(), "methods": ["查看资料", "实地检查"], "opinion": "同意"})
        actions.meeting_decide(actor=SYSTEM, rules=rules(), process=PROCESS, held_on=today, title="全体委员会议",
                               decisions=[{"case": case.pk, "decision": "approve"}])
        day = province_calendar().add_working_days(today, 5).ends_on + dt.timedelta(days=1)
        actions.case_act(actor=SYSTEM, rules=rules(), case_id=case.pk, action="notice_end", today=day)
        return actions.case_act(actor=SYSTEM, rules=rules(), case_id=case.pk, action="name", today=day,
                                data={"notice_number": "吉社联党发〔2026〕7号", "notice_date": day.isoformat()})


def test_a_round_an_application_from_the_page_and_the_bases_list(jilin_world):
    staff, secretary = web(jilin_world, "provincial"), web(jilin_world, "secretary")
    opened = staff.post(f"/processes/{PROCESS}/rounds/", {"year": 2027, "opens_on": clock.today().isoformat(),
                                                          "deadline": DEADLINE}, follow=True).content.decode()
    assert "已开启申报批次" in opened and DEADLINE in opened and "申报中" in opened
    form = secretary.get(f"/processes/{PROCESS}/apply/").content.decode()
    assert "在省级社会组织中开展创建" in form and "001 一" in form and "2027年度（2027-07-10截止）" in form
    assert jilin_world.orgs["provincial"].uscc in form  # the organization's own code is filled in
    applied = secretary.post(f"/processes/{PROCESS}/apply/", {"organization_uscc": jilin_world.orgs["provincial"].uscc,
                                                              "round": "2027"}, follow=True).content.decode()
    assert "已立案：党建创新示范基地" in applied and 'id="current-stage">自评申报<' in applied
    assert "缺少材料：书面自评报告（001 三(一)）" in applied
    refused = staff.post(f"/processes/{PROCESS}/apply/", {"organization_uscc": jilin_world.orgs["city"].uscc,
                                                          "round": "2027"}, follow=True).content.decode()
    assert "不符合申报条件" in refused and "001 一" in refused
    with schema_context(CODE):
        assert not Case.objects.filter(process=PROCESS, organization=jilin_world.orgs["city"]).exists()

    # The round with its cases by stage, and the dashboard's figures of the processes.
    listing = staff.get("/processes/").content.decode()
    assert "自评申报 1" in listing
    dashboard = staff.get("/").content.decode()
    row = dashboard[dashboard.index('id="pipeline-demonstration_base"'):]
    assert "自评申报 1" in row[:row.index("</tr>")]

    named = named_base(jilin_world.orgs["provincial"])
    bases = staff.get(f"/processes/{PROCESS}/holders/").content.decode()
    assert "吉林省测试行业协会" in bases and named.valid_until.isoformat() in bases
    assert named.review_due_on.isoformat() in bases and "吉社联党发〔2026〕7号" in bases and "001 五(二)" in bases
    dashboard = staff.get("/").content.decode()
    row = dashboard[dashboard.index('id="pipeline-demonstration_base"'):]
    assert f'/processes/{PROCESS}/holders/">1</a>' in row[:row.index("</tr>")]  # one valid base
    page = staff.get(f"/cases/{named.pk}/").content.decode()
    assert 'id="recorded"' in page and "命名通知文号" in page and "吉社联党发〔2026〕7号" in page
    assert "省考核组" in page and "查看资料、实地检查" in page
    # A process without a validity has no such page; an unknown one neither.
    assert staff.get("/processes/dispatched_branch/holders/").status_code == 404
    assert staff.get("/processes/nothing/apply/").status_code == 404


def test_a_city_committee_proposes_a_dispatched_branch_with_its_instructors_from_the_form(jilin_world):
    with schema_context(CODE):
        orgs = [org_create(f"长春市第{n}志愿服务队", level="city") for n in range(3)]
        trio = [instructor_create(f"页面指导员{n}") for n in range(3)]
    city = web(jilin_world, "changchun")
    form = city.get("/processes/dispatched_branch/apply/").content.decode()
    assert "页面指导员0" in form and "002 第十八条" in form
    body = {"organization_uscc": orgs[0].uscc, "organizations": "\n".join(o.uscc for o in orgs[1:]),
            "data.branch_name": "长春市页面派出党支部"}
    refused = city.post("/processes/dispatched_branch/apply/", {**body, "data.instructors": [trio[0].pk, trio[1].pk]},
                        follow=True).content.decode()
    assert "现为2名" in refused and "002 第十八条" in refused
    done = city.post("/processes/dispatched_branch/apply/", {**body, "data.instructors": [i.pk for i in trio]},
                     follow=True).content.decode()
    assert "已立案：派出党支部组建" in done and "页面指导员0、页面指导员1、页面指导员2" in done
