"""The decisions issue 14 corrected, each at its boundaries and named after its clause. Every
test first quotes the words of the seed clause the decision rests on (``quoted``): a clause
that merely exists is not enough."""
import dataclasses
import re
from datetime import date

import pytest

from province_rules import NO_CAP, ActivityCounts, Grade, MemberFacts, parse_evaluate_body
from province_rules.anhui import AnhuiRules
from province_rules.baseline import BaselineRules
from province_rules.documents import clause_title
from province_rules.guangdong import GuangdongRules
from province_rules.jilin import JilinRules2021

from .factories import AS_OF, members, org, party_org
from .seed_clauses import NUM, seed_text, seeds_available

jilin, guangdong, anhui, baseline = JilinRules2021(), GuangdongRules(), AnhuiRules(), BaselineRules()
pytestmark = pytest.mark.skipif(not seeds_available(), reason="seed texts not available")


def _flat(text: str) -> str:
    """Without spaces, with one width of punctuation (004 was extracted from a PDF: ", " for "，")."""
    return re.sub(r"\s+", "", text).translate(str.maketrans("，：；（）", ",:;()"))


def clause_text(clause: str) -> str:
    """The text of one clause: an article of 002, an item of 000, an action of 003, a part of 004."""
    number, _, rest = clause.partition(" ")
    text = seed_text(number)
    if number == "002":
        article = re.match(f"第{NUM}条", rest).group(0)
        start = re.search(rf"^{article}", text, re.M).end()
        following = re.search(rf"^第{NUM}条", text[start:], re.M)
        return text[start:start + following.start()] if following else text[start:]
    if number == "000":
        item = rest.strip("()")
        start = re.search(rf"[（(]{item}[）)]", text).end()
        following = re.search(rf"[（(]{NUM}[）)]", text[start:])
        return text[start:start + following.start()] if following else text[start:]
    if number == "003":
        start = re.search(rf"^\s*{rest}、", text, re.M).end()
        following = re.search(rf"^\s*{NUM}、", text[start:], re.M)
        return text[start:start + following.start()] if following else text[start:]
    return text[text.index("2017 年度工作报告"):]  # 004: the work report (its PDF text is out of order)


def quoted(clause: str, words: str) -> None:
    assert _flat(words) in _flat(clause_text(clause)), f"{clause} does not say “{words}”"


def member(roles, relation="here", status="formal"):
    return MemberFacts(status, relation, tuple(roles) if not isinstance(roles, str) else (roles,))


# --- who counts toward the three formal members ---------------------------------------

class TestWhoCounts:
    def test_002_14_jilin_counts_every_formal_member_working_in_the_org(self):
        quoted("002 第十四条", "凡有3名以上正式党员的社会组织，都应按照党章规定，经上级党组织批准，独立建立党组织")
        two = org(members=(member("management"), member("other"), member("other", status="probationary")))
        three = org(members=(member("management"), member("other"), member("leader", relation="elsewhere")))
        assert jilin.must_build_own_party_org(two, AS_OF).value is False
        assert jilin.must_build_own_party_org(three, AS_OF).value is True
        # the counting rule cites Jilin's own article, not Guangdong's 003 五
        assert all(not r.clause.startswith("003") and "003" not in r.text
                   for r in jilin.must_build_own_party_org(three, AS_OF).reasons)

    def test_003_5_and_003_7_guangdong_counts_full_time_staff_and_leaders_including_vice_presidents(self):
        quoted("003 五", "专职工作人员和负责人中有3名以上正式党员")
        quoted("003 七", "理事长（会长）、副理事长（副会长）、秘书长等负责人")
        vice_president = member("leader")  # 副理事长（副会长） is a 负责人 (003 七)
        assert guangdong.must_build_own_party_org(org(members=(member("full_time"),) * 2 + (member("management"),)),
                                                  AS_OF).value is False
        assert guangdong.must_build_own_party_org(org(members=(member("full_time"),) * 2 + (vice_president,)),
                                                  AS_OF).value is True

    def test_004_2_4_anhui_counts_full_time_staff_and_a_full_time_secretary_general(self):
        quoted("004 二 四", "从业人员在原定的专职工作人员的基础上，扩大到社会组织的管理人员")
        leader_only = org(members=(member("full_time"),) * 2 + (member("leader"),))
        full_time_leader = org(members=(member("full_time"),) * 2 + (member(("leader", "full_time")),))
        assert anhui.must_build_own_party_org(leader_only, AS_OF).value is False
        assert anhui.must_build_own_party_org(full_time_leader, AS_OF).value is True

    def test_004_2_4_managers_count_once_adopted_and_only_with_the_relation_transferred(self):
        quoted("004 二 四", "前提是组建党组织后其组织关系必须要转到新建党组织中")
        adopted = type("AnhuiAdopted", (AnhuiRules,), {
            "settings": dataclasses.replace(AnhuiRules.settings, count_management_personnel=True)})()
        here = org(members=(member("full_time"),) * 2 + (member("management"),))
        away = org(members=(member("full_time"),) * 2 + (member("management", relation="elsewhere"),))
        assert adopted.must_build_own_party_org(here, AS_OF).value is True
        assert adopted.must_build_own_party_org(away, AS_OF).value is False

    def test_004_2_4_relations_elsewhere_still_count_as_a_setting_not_as_004(self):
        quoted("004 二 四", "将各省级社会组织中流动党员或组织关系在外地的党员的组织关系转入到联合会党支部")
        decision = anhui.must_build_own_party_org(org(members=members(formal=3, relation="mobile")), AS_OF)
        still = [r for r in decision.reasons if "仍计入" in r.text]
        assert still and all(r.province_setting and not r.clause.startswith("004") for r in still)

    def test_a_role_alone_or_a_set_of_roles_in_the_evaluate_body(self):
        body = {"organization": {"kind": "social_group", "registration_level": "city", "members": [
            {"status": "formal", "relation": "here", "role": "full_time"},
            {"status": "formal", "relation": "here", "roles": ["leader", "full_time"]}]}}
        facts, _ = parse_evaluate_body(body)
        assert [m.roles for m in facts.members] == [("full_time",), ("leader", "full_time")]


# --- Jilin's 100% target ---------------------------------------------------------------

class TestFullCoverageTarget:
    def test_000_5_entity_type_private_non_enterprise_units_with_30_employees(self):
        quoted("000 (五)", "从业人员30人以上的民办学校、民办医院等实体性社会组织党组织组建率应达到100%")
        pne = dict(kind="private_non_enterprise")
        assert jilin.full_coverage_target(org(**pne, employees=30, service_type="elderly_care"), AS_OF).value is True
        assert jilin.full_coverage_target(org(**pne, employees=29, service_type="elderly_care"), AS_OF).value is False
        assert jilin.full_coverage_target(org(**pne, employees=30, is_hospital=True), AS_OF).value is True
        assert jilin.full_coverage_target(org(**pne, employees=300, service_type="social_work"), AS_OF).value is False
        assert jilin.full_coverage_target(org(kind="social_group", employees=300, is_school=True), AS_OF).value is False
        reasons = jilin.full_coverage_target(org(**pne, employees=30, service_type="culture"), AS_OF).reasons
        assert any(r.province_setting and "养老" in r.text for r in reasons)  # the reading of "等" is a setting

    def test_000_5_deregistered_organizations_are_out_of_the_target(self):
        quoted("000 (五)", "有针对性地制定社会组织“两个覆盖”目标清单")
        facts = org(kind="private_non_enterprise", employees=30, is_school=True, status="deregistered")
        assert jilin.full_coverage_target(facts, AS_OF).value is False


# --- an eligible organization only in a joint branch ----------------------------------

class TestOnlyInAJointBranch:
    eligible_in_joint = org(members=members(formal=3), party_org=party_org("joint"))

    def test_002_16_a_joint_branch_is_for_small_orgs_with_few_members_so_it_stays_not_built(self):
        quoted("002 第十六条", "其他规模小、党员少的社会组织可本着就近就便原则，联合建立党组织")
        assert jilin.criteria.holds("eligible_not_built", self.eligible_in_joint, AS_OF) is True
        assert jilin.coverage(self.eligible_in_joint, AS_OF).value == "organizational"  # covered, yet not its own
        small = org(members=members(formal=2), party_org=party_org("joint"))
        assert jilin.criteria.holds("eligible_not_built", small, AS_OF) is False

    def test_002_9_2_the_inspection_item_is_not_met_by_a_joint_branch(self):
        quoted("002 第九条(二)", "研究制定《社会组织党建工作年检清单》")
        inspection = next(c for c in jilin.checklists() if c.key == "annual_inspection")
        built = {r.item.key: r.met for r in inspection.assess(jilin, self.eligible_in_joint, AS_OF)}
        assert next(i.text for i in inspection.items if i.key == "party_org_built") == "具备条件的社会组织已单独建立党组织"
        assert built["party_org_built"] is False
        own = org(members=members(formal=3), party_org=party_org("own"))
        assert {r.item.key: r.met for r in inspection.assess(jilin, own, AS_OF)}["party_org_built"] is True

    def test_002_9_3_jilin_caps_it_as_not_built_without_reason(self):
        quoted("002 第九条(三)", "对具备条件而无故不组建党组织、党组织软弱涣散不能发挥作用的社会组织，当年不得评为3A（含）以上等级")
        assert jilin.max_grade(self.eligible_in_joint, AS_OF).value is Grade.A2
        excused = dataclasses.replace(self.eligible_in_joint, accepted_reason_for_no_party_org="单独组建申请已报批")
        assert jilin.max_grade(excused, AS_OF).value is NO_CAP

    def test_004_1_7_anhui_does_not_cap_it_a_joint_branch_is_a_way_of_building(self):
        quoted("004 一(七)", "对未组建党组织的社会组织原则上不允许评获 4A 以上等级")
        quoted("004 二 四", "鼓励单独组建、支持联合组建")
        assert anhui.max_grade(self.eligible_in_joint, AS_OF).value is NO_CAP
        assert anhui.criteria.holds("eligible_not_built", self.eligible_in_joint, AS_OF) is True


# --- dispatched branch (Jilin) ----------------------------------------------------------

class TestDispatchedBranch:
    few = org(members=members(formal=1))

    def test_002_18_three_instructors_covering_three_to_five_orgs_with_no_or_few_members(self):
        quoted("002 第十八条", "由3名指导员组成一个“派出党支部”，覆盖3至5个社会组织")
        quoted("002 第十八条", "没有党员或仅有个别党员的社会组织")
        assert jilin.check_dispatched_branch(instructors=3, covered=(self.few,) * 3).value is True
        assert jilin.check_dispatched_branch(instructors=3, covered=(org(),) * 5).value is True
        for instructors, covered in ((2, (self.few,) * 3), (4, (self.few,) * 3), (3, (self.few,) * 2), (3, (self.few,) * 6),
                                     (3, (self.few,) * 2 + (org(members=members(formal=3)),))):
            decision = jilin.check_dispatched_branch(instructors=instructors, covered=covered)
            assert decision.value is False and decision.reasons[0].clause == "002 第十八条"

    def test_002_18_dissolution_is_due_once_a_covered_org_has_its_own(self):
        quoted("002 第十八条", "在帮助所覆盖社会组织组建党组织后，“派出党支部”即可撤销")
        covered = (org(party_org=party_org("dispatched")),) * 3
        assert jilin.dispatched_branch_dissolution_due(covered=covered).value is False
        built = covered[:2] + (org(members=members(formal=3), party_org=party_org("own")),)
        assert jilin.dispatched_branch_dissolution_due(covered=built).value is True

    def test_003_5_guangdong_has_no_dispatched_branch(self):
        quoted("003 五", "可建立临时党支部")
        decision = guangdong.check_dispatched_branch(instructors=3, covered=(self.few,) * 3)
        assert decision.value is False and "不予登记" in decision.reasons[0].text


# --- temporary branch (Guangdong) ----------------------------------------------------------

class TestTemporaryBranch:
    def test_003_5_three_formal_members_among_staff_and_leaders_whose_relations_are_hard_to_transfer(self):
        quoted("003 五", "专职工作人员和负责人中有3名以上正式党员且转接组织关系较难、暂时不具备建立党支部条件的，可建立临时党支部")
        hard = member("full_time", relation="elsewhere")
        assert guangdong.check_temporary_branch(org(members=(hard, hard, member("leader", relation="mobile")))).value is True
        refused = [
            org(members=(hard, hard)),                                              # two
            org(members=(hard, hard, member("full_time"))),                         # one is transferable
            org(members=(hard, hard, member("management", relation="elsewhere"))),  # not staff or leader
            org(members=(hard, hard, member("full_time", relation="elsewhere", status="probationary"))),
            org(members=(hard,) * 3, party_org=party_org("own")),                   # already has one
        ]
        for facts in refused:
            decision = guangdong.check_temporary_branch(facts)
            assert decision.value is False and decision.reasons[0].clause == "003 五"

    def test_002_jilin_has_no_temporary_branch(self):
        quoted("002 第十四条", "独立建立党组织")
        assert jilin.check_temporary_branch(org(members=(member("full_time", "elsewhere"),) * 3)).value is False


# --- Guangdong's screening: all Party life, warnings until confirmed --------------------------

class TestGuangdongScreening:
    def test_003_4_infrequent_party_life_is_a_warning_not_a_designation(self):
        quoted("003 四", "重点针对社会组织党组织班子配备不齐、党组织活动不经常、联合党支部覆盖单位过多等问题开展软弱涣散党组织排查整顿")
        idle = org(party_org=party_org(leadership_complete=True, activities=ActivityCounts(general_meeting=4, theme_day=7)))
        busy = org(party_org=party_org(leadership_complete=True, activities=ActivityCounts(general_meeting=0, theme_day=12)))
        idle_decision, busy_decision = guangdong.weak_and_lax(idle, AS_OF), guangdong.weak_and_lax(busy, AS_OF)
        assert (idle_decision.value, idle_decision["warnings"]) == (False, ["activities_infrequent"])
        assert (busy_decision.value, busy_decision["warnings"]) == (False, [])
        confirmed = org(party_org=party_org(weak_and_lax=True, leadership_complete=True,
                                            activities=ActivityCounts(theme_day=11)))
        decision = guangdong.weak_and_lax(confirmed, AS_OF)
        assert decision.value is True and decision["findings"] == ["recorded"] and decision["warnings"] == ["activities_infrequent"]

    def test_003_4_reasons_list_only_what_hit(self):
        quoted("003 四", "开展软弱涣散党组织排查整顿")
        clean = org(party_org=party_org(leadership_complete=True, activities=ActivityCounts(theme_day=12)))
        reasons = guangdong.weak_and_lax(clean, AS_OF).reasons
        assert len(reasons) == 1 and "未认定" in reasons[0].text
        assert not any(word in reasons[0].text for word in ("班子", "联合党支部"))


# --- organization status ---------------------------------------------------------------------

class TestStatus:
    def test_003_5_zombies_are_flagged_for_clean_up(self):
        quoted("003 五", "同步对“僵尸型”社会组织的党组织进行撤并调整")
        decision = guangdong.organization_status(org(status="zombie"), AS_OF)
        assert decision.value == "zombie" and decision["clean_up"] and decision["in_scope"]
        assert decision.reasons[0].clause == "003 五"

    def test_deregistered_organizations_have_no_duty_and_no_cap(self):
        quoted("002 第九条(三)", "当年不得评为3A（含）以上等级")
        gone = org(status="deregistered", members=members(formal=5), party_org=party_org(weak_and_lax=True))
        for rules in (jilin, guangdong, anhui, baseline):
            evaluation = rules.evaluate(gone, AS_OF)
            assert evaluation.status["in_scope"] is False
            assert evaluation["must_build_own_party_org"].value is False
            assert evaluation["max_grade"].value is NO_CAP
            assert evaluation["weak_and_lax"].value is False
            assert rules.criteria.holds("eligible_not_built", gone, AS_OF) is False


# --- coverage targets over time --------------------------------------------------------------

def test_004_2_4_the_2018_target_is_a_dated_record():
    quoted("004 二 四", "到 2018 年底，力争省级社会组织党组织覆盖率提升5个百分点以上")
    quoted("004 二", "党组织覆盖率仅达到31%")
    assert anhui.coverage_target_for(2018).target == 0.36
    assert anhui.coverage_target_for(2017) is None and anhui.coverage_target_for(2019) is None


# --- citations ---------------------------------------------------------------------------------

class TestCitations:
    def test_002_21_is_about_the_service_station_and_says_so(self):
        quoted("002 第二十一条", "建立党群工作服务站")
        clause, text = jilin.form_clauses["work_station"]
        assert clause == "002 第二十一条" and "党群工作服务站" in text
        assert "work_station" not in anhui.form_clauses and "work_station" not in baseline.form_clauses

    def test_003_5_work_stations_are_guangdongs(self):
        quoted("003 五", "或者指定党建工作基础好的社会组织或党建工作站就近带动其开展党的工作")
        assert guangdong.coverage(org(work_station=True), AS_OF)["form"] == "work_station"
        assert anhui.coverage(org(work_station=True), AS_OF).value == "none"

    def test_002_18_is_cited_for_dispatched_branches_not_for_joint_ones(self):
        quoted("002 第十八条", "派出组建法")
        assert jilin.form_clauses["dispatched"][0] == "002 第十八条"
        assert jilin.form_clauses["joint"][0] == "002 第十六条" and "3至5" not in jilin.form_clauses["joint"][1]

    def test_the_general_meeting_cadence_cites_article_11_of_the_branch_rules(self):
        requirement = next(r for r in baseline.requirements_for_year(2024) if r.key == "general_meeting")
        assert requirement.clause == "支部工作条例 第十一条" and requirement.province_setting

    def test_users_read_the_documents_title_with_the_clause(self):
        assert clause_title("002 第十四条") == "《吉林省加强社会组织党的建设工作实施办法（试行）》第十四条"
        assert clause_title("002 第九条(三)") == "《吉林省加强社会组织党的建设工作实施办法（试行）》第九条（三）"
        assert clause_title("003 五") == "《省社会组织党委加强党的基层组织建设三年行动计划（2021-2023年）重点行动》第五项行动"
        assert clause_title("004 二 四") == "《省社会组织综合党委2017年度工作报告》二“四是”"
        assert clause_title("党章 第三十条") == "《中国共产党章程》第三十条"
        for number in ("000", "001", "002", "003", "004"):
            title = clause_title(f"{number} 一")
            assert _flat(title.split("》")[0].lstrip("《"))[:8] in _flat(seed_text(number)) or number == "004"


# --- the evaluate answer: requirements and checklists with met ----------------------------------

def test_000_3_training_requirement_met_from_the_trainings_given_and_null_without_them():
    quoted("000 (三)", "确保社会组织党组织书记、党务工作者每年至少参加1次集中培训")
    base = {"kind": "social_group", "registration_level": "province", "party_org": {"form": "own"}}
    given, _ = parse_evaluate_body({"organization": {**base, "trainings": [
        {"person_role": "secretary", "days": 2.5}, {"person_role": "party_worker", "days": 1, "concentrated": False}]}})
    left_out, _ = parse_evaluate_body({"organization": base})
    met = {r.requirement.key: r.met for r in jilin.requirements_assessed(given, 2024)}
    assert (met["secretary_training"], met["party_worker_training"]) == (True, False)
    met = {r.requirement.key: r.met for r in jilin.requirements_assessed(left_out, 2024)}
    assert (met["secretary_training"], met["party_worker_training"], met["general_meeting"]) == (None, None, None)


def test_004_2_5_three_days_of_training():
    quoted("004 二 五", "党组织负责人每年参加统一学习培训时间累计应不少于 3 天")
    for days, expected in ((2.5, False), (3, True)):
        facts, _ = parse_evaluate_body({"organization": {"kind": "social_group", "registration_level": "province",
                                                         "trainings": [{"person_role": "secretary", "days": days}]}})
        met = {r.requirement.key: r.met for r in anhui.requirements_assessed(facts, 2024)}
        assert met["secretary_training_days"] is expected
