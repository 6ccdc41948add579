"""What each kind of submission holds, and the province's checklist it is filled against."""
from __future__ import annotations

from dataclasses import dataclass

# The annual Party-building report: the same sections in every province (Anhui calls it
# 党建情况年报表, 004 一(七); Jilin's checklist is reported with it, 002 第九条(二)).
@dataclass(frozen=True)
class Section:
    key: str
    title: str
    hint: str
    required: bool = True


ANNUAL_REPORT_SECTIONS = (
    Section("party_life", "组织生活开展情况", "“三会一课”、主题党日、组织生活会和民主评议党员的开展情况"),
    Section("work_done", "党建工作主要做法和成效", "围绕中心、服务发展，党组织发挥作用的做法和成效"),
    Section("secretary_report", "党组织书记述职评议情况", "书记向上级党组织和党员报告工作并接受评议的情况（002 第二十五条）",
            required=False),
    Section("problems", "存在的问题", "党建工作中存在的主要问题和原因"),
    Section("plan", "下一年度工作计划", "针对问题的整改措施和下一年度的工作安排"),
)
SECTION_MAX = 5000
NOTE_MAX = 500
# The key of the province's annual inspection checklist among ``rules.checklists()``.
INSPECTION_CHECKLIST_KEY = "annual_inspection"
# The clause of a returned submission's rectification demand.
RECTIFICATION_CLAUSE = "002 第九条(二)"


def inspection_checklist(rules):
    """The province's annual inspection checklist (``rules.checklists()``), or None when the
    province's rules declare none."""
    return next((c for c in rules.checklists() if c.key == INSPECTION_CHECKLIST_KEY), None)
