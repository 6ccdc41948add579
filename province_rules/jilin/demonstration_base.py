"""党建创新示范基地 (001): the creation criteria (001 四) as one list, read by the checklist
(``JilinRules2021.checklists``) and scored in the process, and the process itself (001 三 创建办法,
001 五(二) review).

Where 001 is silent the module decides, and says so in the texts users see:
- the criteria carry no points in 001; each item is scored 0–10 (10: fully met) so the office
  can record partial findings; 001 sets no total to reach, the committee meeting decides;
- 001 四(四) makes "近三年未受到行政处罚且年检合格" and "评估达到3A以上" conditions, not merits:
  those three items are hard (a failed one blocks the meeting's approval with its clause);
- 001 五(二) gives no length for "限期整改": the rectification period is a setting of this
  module (``RECTIFICATION_DAYS``, 90 calendar days), shown with the stage.
"""
from __future__ import annotations

from ..checklist_facts import org_fact, organizational_life_held, party_org_fact, renewed_on_time
from ..contract import ChecklistItem, Grade
from ..processes import (
    APPROVE, DEFER, END_VALIDITY, ORGANIZATION, PROVINCIAL_COMMITTEE, REJECT, RENEW_REVIEW, START_VALIDITY, Action,
    Deadline, DocumentRequirement, EligibilityCheck, Field, Period, Process, Rounds, ScoreItem, Scoring, Stage,
)

CODE = "demonstration_base"
RECTIFICATION_DAYS = 90
ITEM_MAX_SCORE = 10
HARD_ITEMS = frozenset({"no_penalty", "inspection_passed", "grade_3a"})


def _charter_leadership(rules, org, as_of):
    # 001 二(一): "在社会组织章程中写入“坚持党的全面领导”". The registry knows whether Party-building
    # work is in the charter at all: without it the phrase is certainly missing; with it, 待核实.
    return False if org.charter_clause is False else None


PROVINCIAL_LEVEL = ChecklistItem("provincial_level", "省级社会组织", "001 一",
                                 lambda rules, org, as_of: org.registration_level == "province")

CRITERIA = (
    ChecklistItem("charter_leadership", "社会组织章程中写入“坚持党的全面领导”", "001 二(一)", _charter_leadership),
    ChecklistItem("party_org_renewed", "成立社会组织党组织并按时换届", "001 四(一)",
                  lambda rules, org, as_of: rules.has_party_org(org) and renewed_on_time(rules, org, as_of)),
    ChecklistItem("rules_in_place", "组织设置和工作机制健全，党内规章制度、民主决策程序和议事规则健全",
                  "001 四(一)", party_org_fact("rules_in_place")),
    ChecklistItem("cross_appointment", "党组织班子成员和社会组织领导机构成员“双向进入，交叉任职”",
                  "001 四(一)", party_org_fact("cross_appointment")),
    ChecklistItem("dues_paid", "党员按时交纳党费", "001 四(二)", party_org_fact("dues_paid")),
    ChecklistItem("member_training", "每年至少开展一次党员教育培训", "001 四(二)", party_org_fact("member_training_held")),
    ChecklistItem("development_plan", "制定党员发展计划", "001 四(二)", party_org_fact("development_plan")),
    ChecklistItem("organizational_life", "组织党员参加“三会一课”、党性分析、民主评议党员等组织生活",
                  "001 四(三)", organizational_life_held),
    ChecklistItem("activity_space", "有专门用于党建活动的场所", "001 四(三)", party_org_fact("activity_space")),
    ChecklistItem("no_penalty", "遵纪守法，近三年未受到行政处罚", "001 四(四)",
                  lambda rules, org, as_of: None if org.penalties_last_3_years is None else org.penalties_last_3_years == 0),
    ChecklistItem("inspection_passed", "年检合格", "001 四(四)", org_fact("annual_inspection_passed")),
    ChecklistItem("grade_3a", "社会组织评估达到3A以上", "001 四(四)",
                  lambda rules, org, as_of: None if org.evaluation_grade is None else org.evaluation_grade >= Grade.A3),
)

CHECKLIST_NOTE = ("每年7月10日前提交自评报告和创建申请，逾期视为放弃（001 三(一)）；初审、实地考核、全体委员会议审定、"
                  "省民政厅网站公示5个工作日后授牌（001 三(二)至(六)）；有效期3年（001 三）；"
                  "每三年复查，工作退步的限期整改，整改不力撤销称号（001 五(二)）")

SCORING = Scoring("criteria", "党建创新示范基地创建标准（每项0至10分，10分为完全符合）", "001 四", items=tuple(
    ScoreItem(item.key, item.text, item.clause, max_score=ITEM_MAX_SCORE, hard=item.key in HARD_ITEMS, check=item.check)
    for item in CRITERIA))

ASSESSMENT_METHODS = ("查看资料", "实地检查", "座谈走访")

DEMONSTRATION_BASE = Process(
    code=CODE, name="党建创新示范基地", clause="001 三", demo="demo.processes.jilin.demonstration_bases",
    description="省级社会组织党组织每年申报，经初审、实地考核、全体委员会议审定、公示5个工作日后命名授牌，"
                "有效期3年，每三年复查，工作退步的限期整改，整改效果不明显的撤销称号",
    rounds=Rounds(clause="001 三", late_clause="001 三(一)", late_text="逾期申报的视为放弃"),
    scorings=(SCORING,),
    validity=Period(years=3, clause="001 三"), review=Period(years=3, clause="001 五(二)"),
    eligibility=(
        EligibilityCheck(PROVINCIAL_LEVEL.key, "在省级社会组织中开展创建（市、县级登记的社会组织不在申报范围）", "001 一",
                         PROVINCIAL_LEVEL.check),
        EligibilityCheck("party_org", "由社会组织党组织申报：须已建立党组织", "001 三(一)",
                         lambda rules, org, as_of: rules.has_party_org(org)),
    ),
    stages=(
        Stage("self_assessment", "自评申报", "001 三(一)", roles=ORGANIZATION, scoring="criteria",
              deadline=Deadline.round(clause="001 三(一)"),
              documents=(DocumentRequirement("self_report", "书面自评报告", "001 三(一)"),
                         DocumentRequirement("evidence", "佐证材料", "001 三(一)")),
              actions=(Action("submit", "提交创建申请", to="preliminary", within_round=True, requires_complete=True,
                              clause="001 三(一)"),)),
        Stage("preliminary", "初审", "001 三(二)", roles=PROVINCIAL_COMMITTEE, scoring="criteria",
              fields=(Field("opinion", "初审意见", clause="001 三(二)"),),
              actions=(Action("pass", "初审通过，提交联合党委", to="assessment", requires_complete=True, clause="001 三(二)"),
                       Action("return", "退回补充材料", to="self_assessment", reason_required=True, clause="001 三(二)"))),
        Stage("assessment", "实地考核", "001 三(三)", roles=PROVINCIAL_COMMITTEE,
              fields=(Field("team", "考核组", clause="001 三(三)"),
                      Field("assessed_on", "考核日期", kind="date", clause="001 三(三)"),
                      Field("methods", "考核方式", kind="choices", choices=ASSESSMENT_METHODS, clause="001 三(三)"),
                      Field("opinion", "考核意见", clause="001 三(三)")),
              actions=(Action("assessed", "提出考核意见", to="meeting", requires_complete=True, clause="001 三(三)"),)),
        Stage("meeting", "会议审定", "001 三(四)", roles=PROVINCIAL_COMMITTEE, meeting=True,
              actions=(Action("approve", "确定为拟授牌对象", to="notice", decision=APPROVE, hard_criteria_block=True,
                              clause="001 三(四)"),
                       Action("reject", "不予通过", to="rejected", decision=REJECT, reason_required=True, clause="001 三(四)"),
                       Action("defer", "暂缓审议", to="meeting", decision=DEFER, reason_required=True, clause="001 三(四)"))),
        Stage("notice", "公示", "001 三(五)", roles=PROVINCIAL_COMMITTEE, notice=True,
              deadline=Deadline(5, working=True, clause="001 三(五)", remind=False),
              fields=(Field("published_at", "公示网址（省民政厅网站）", required=False, clause="001 三(五)"),),
              actions=(Action("notice_end", "公示期满无异议", to="naming", after_due=True, clause="001 三(六)"),
                       Action("object", "公示期间有异议，退回联合党委审议", to="meeting", reason_required=True,
                              clause="001 三(五)"))),
        Stage("naming", "命名授牌", "001 三(六)", roles=PROVINCIAL_COMMITTEE,
              fields=(Field("notice_number", "命名通知文号", clause="001 三(六)"),
                      Field("notice_date", "命名通知日期", kind="date", clause="001 三(六)")),
              actions=(Action("name", "印发命名通知并授牌", to="named", requires_complete=True, effects=(START_VALIDITY,),
                              clause="001 三(六)"),)),
        Stage("named", "示范基地（有效期内）", "001 三", roles=PROVINCIAL_COMMITTEE,
              fields=(Field("review_opinion", "复查意见", required=False, clause="001 五(二)"),),
              actions=(Action("review_pass", "复查合格", to="named", effects=(RENEW_REVIEW,), clause="001 五(二)"),
                       Action("review_fail", "工作退步、标准下降，限期整改", to="rectifying", reason_required=True,
                              clause="001 五(二)"))),
        Stage("rectifying", "限期整改", "001 五(二)", roles=ORGANIZATION, rectification=True,
              deadline=Deadline(RECTIFICATION_DAYS, working=False, clause="001 五(二)"),
              documents=(DocumentRequirement("rectification_report", "整改情况报告", "001 五(二)"),),
              actions=(Action("rectified", "整改合格", to="named", roles=PROVINCIAL_COMMITTEE, requires_complete=True,
                              effects=(RENEW_REVIEW,), clause="001 五(二)"),
                       Action("revoke", "整改效果不明显，撤销示范基地称号", to="revoked", roles=PROVINCIAL_COMMITTEE,
                              reason_required=True, effects=(END_VALIDITY,), clause="001 五(二)"))),
        Stage("rejected", "未通过", "001 三(四)", final=True, outcome="rejected"),
        Stage("revoked", "已撤销称号", "001 五(二)", final=True, outcome="revoked"),
    ),
)
