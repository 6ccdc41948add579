"""The ten key actions of Guangdong's 2021–2023 three-year plan (003 一–十, 粤社党委〔2021〕38号)
as the province's plan: each action with its tasks, written from the action's own text, and the
registry figures that measure it. The provincial committee assigns a task to the city committees
(地级以上市社会组织党委) and to provincial-level organizations' Party organizations
(全省性社会组织党组织), the two addressees of 003's notice; they report progress per quarter."""
from __future__ import annotations

from ..plans import Plan, PlanFigure, PlanItem, PlanTask

CITY_TASKS = "ten_actions_city_task"
ORGANIZATION_TASKS = "ten_actions_org_task"

# Process codes the figures count (declared in .processes).
POINT, METHOD, REFERRAL, RECTIFICATION = "demonstration_point", "innovative_method", "five_integrations_referral", \
    "weak_and_lax_rectification"
MAJOR_MATTER, FIRST_SECRETARY, TEMPORARY_BRANCH = "major_matter", "first_secretary", "temporary_branch"


def _tasks(number: str, *tasks: str) -> tuple[PlanTask, ...]:
    clause = f"003 {number}"
    return tuple(PlanTask(f"{NUMBERS.index(number) + 1}.{index}", name, clause) for index, name in enumerate(tasks, 1))


NUMBERS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十")

ITEMS = (
    PlanItem(1, "ideology", "凝心铸魂行动", "003 一",
             "用党的创新理论凝心铸魂，在社会组织中开展党史、新中国史、改革开放史、社会主义发展史教育",
             _tasks("一", "通过“三会一课”、主题党日、读书会等形式开展“四史”教育",
                    "加强理想信念教育、爱国主义教育，传承红色基因",
                    "强化社会组织成员政治认同，团结凝聚从业人员听党话、感党恩、跟党走"),
             (PlanFigure("three_meetings_rate", "“三会一课”达标率", indicator="three_meetings_rate"),)),
    PlanItem(2, "joint_building", "齐抓共建行动", "003 二",
             "按照“管业务必管党建”要求，完善上下联动、齐抓共管社会组织党建工作格局",
             _tasks("二", "理顺社会组织党组织隶属关系，压实业务主管单位抓党建责任",
                    "指导行业管理部门抓好相关行业或领域社会组织党建工作",
                    "配合乡镇（街道）、村（社区）党组织加强对社区社会组织的兜底管理",
                    "推动处（科）支部与社会组织结对共建，培育、孵化社会组织党组织"),
             (PlanFigure("with_party_org", "有党组织的社会组织", indicator="with_party_org"),)),
    PlanItem(3, "five_integrations", "党建与登记管理工作“五融合”行动", "003 三",
             "在成立登记、年检年报、换届选举、等级评估、评优评先中同步开展党建工作",
             _tasks("三", "成立登记或换届时同步采集党员信息",
                    "章程核准时推进“党建入章”",
                    "年报年检时同步检查党建工作",
                    "等级评估和评优评先时将党建工作纳入重要指标",
                    "发现未做到“应建尽建”“应联尽联”“应纳尽纳”的，及时反馈有关党组织"),
             (PlanFigure("referrals_open", "五融合转办办理中", process=REFERRAL, stages=("referred", "verification")),
              PlanFigure("referrals_resolved", "五融合转办已办结", process=REFERRAL, outcome="resolved"))),
    PlanItem(4, "standardization", "规范化建设行动", "003 四",
             "落实基层党组织规范化建设指导标准，严格按期换届，排查整顿软弱涣散党组织",
             _tasks("四", "落实修订后的基层党组织规范化建设指导标准，修订社会组织党务工作指引",
                    "坚持党内民主、落实党务公开，严格执行按期换届制度",
                    "完善党委班子成员联系社会组织制度",
                    "针对班子配备不齐、活动不经常、联合党支部覆盖单位过多开展软弱涣散党组织排查整顿"),
             (PlanFigure("warnings", "软弱涣散排查预警（待认定）", indicator="weak_and_lax_warnings"),
              PlanFigure("designated", "软弱涣散党组织（已认定）", indicator="weak_and_lax"),
              PlanFigure("rectifying", "整顿中", process=RECTIFICATION, stages=("rectifying", "closing_review")),
              PlanFigure("rectified", "整顿合格、已销号", process=RECTIFICATION, outcome="rectified"),
              PlanFigure("renewal_overdue", "党组织未按期换届", indicator="renewal_overdue"))),
    PlanItem(5, "effective_coverage", "党建工作有效覆盖行动", "003 五",
             "常态化开展底数摸排和组织建设“双同步”，推进从有形覆盖向有效覆盖转变",
             _tasks("五", "结合年报数据常态化开展社会组织底数摸排和“双同步”",
                    "结合“僵尸型”社会组织专项整治，对其党组织进行撤并调整",
                    "符合条件的建立临时党支部（临时党委、党总支）",
                    "推动党建工作向分支（代表）机构、业务板块、项目团队延伸",
                    "在未建党组织的社会组织中建立群团组织、选派党建工作指导员",
                    "完善省级社会组织党建工作站机制"),
             (PlanFigure("organizational_coverage_rate", "党的组织覆盖率", indicator="organizational_coverage_rate"),
              PlanFigure("work_coverage_rate", "党的工作覆盖率", indicator="work_coverage_rate"),
              PlanFigure("eligible_not_built", "应建未建", indicator="eligible_not_built"),
              PlanFigure("zombies", "僵尸型社会组织", indicator="zombies"),
              PlanFigure("temporary_branches", "临时党支部（待转为正式党支部）", process=TEMPORARY_BRANCH,
                         stages=("temporary",)))),
    PlanItem(6, "decision_participation", "党组织参与议事决策行动", "003 六",
             "建立党组织参与议事决策工作机制，重大事项决定前听取党组织意见",
             _tasks("六", "建立党组织参与社会组织议事决策工作机制",
                    "推行管理层与党组织班子双向进入、交叉任职",
                    "重大事项提交表决或决定前听取党组织意见，重大分歧及时报告"),
             (PlanFigure("major_matters", "重大事项听取党组织意见（记录）", process=MAJOR_MATTER),
              PlanFigure("escalated", "重大分歧报告上级（办理中）", process=MAJOR_MATTER, stages=("escalated",)))),
    PlanItem(7, "capacity", "素质提升行动", "003 七",
             "开展党组织书记集中轮训和党员教育培训，选优配强党组织书记，探索选任第一书记",
             _tasks("七", "开展党组织书记集中轮训、党员教育培训（集中培训和网上培训相结合）",
                    "探索建立省社会组织党委党校",
                    "从转接组织关系较难的党员负责人中选任，或从有关单位选派第一书记",
                    "注重在社会组织负责人、业务骨干和专职工作人员中发展党员",
                    "设立党员先锋岗、责任区，开展党员承诺践诺活动",
                    "建设党务工作者队伍，规范党建工作指导员队伍管理"),
             (PlanFigure("training_rate", "书记培训达标率", indicator="training_rate"),
              PlanFigure("first_secretaries", "在任第一书记", process=FIRST_SECRETARY, stages=("serving",)))),
    PlanItem(8, "demonstration", "示范创建行动", "003 八",
             "推进“双强五好”创建，选树百家示范点，评选“强党建 促服务 办实事”党建创新工作法",
             _tasks("八", "推进社会组织党组织“双强五好”创建活动",
                    "在全省选树百家社会组织党建工作示范点",
                    "评选一批“强党建 促服务 办实事”的社会组织党建创新工作法",
                    "建立党委委员直接联系指导示范点创建单位制度"),
             (PlanFigure("candidates", "创建单位（联系指导中）", process=POINT, stages=("cultivating", "meeting")),
              PlanFigure("points", "党建工作示范点", process=POINT, stages=("named",)),
              PlanFigure("methods", "党建创新工作法（入选）", process=METHOD, outcome="selected"))),
    PlanItem(9, "orderly_development", "促进健康有序发展行动", "003 九",
             "开展负责人人选审核，规范涉企收费等行为，每年开展纪律教育学习月活动",
             _tasks("九", "开展社会组织负责人人选审核工作",
                    "规范涉企收费、对外投资、关联交易、募捐捐赠等行为",
                    "加强对研讨会、论坛等活动的管理，防范化解重大风险",
                    "每年开展纪律教育学习月活动，定期开展警示教育和以案促改"),
             ()),
    PlanItem(10, "four_services", "“四个服务”行动", "003 十",
             "引导社会组织服务国家、服务社会、服务群众、服务行业",
             _tasks("十", "开展社会组织“进乡村助振兴”专项行动",
                    "引导行业协会商会发挥行业自律功能",
                    "实施社区社会组织作用发挥计划",
                    "引导社会组织发展公益慈善事业、参与社会建设"),
             ()),
)

TASK_CODES = tuple(task.code for item in ITEMS for task in item.tasks)

TEN_ACTIONS = Plan(
    code="ten-actions", name="十项重点行动", clause="003",
    description="各项任务由省社会组织党委交办各地级以上市社会组织党委和全省性社会组织党组织，明确完成期限，按季度报告进展",
    items=ITEMS, task_processes=(CITY_TASKS, ORGANIZATION_TASKS),
)
