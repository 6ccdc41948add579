"""Writes of the process engine, one function per use case, each taking the actor and the
rules: scope check, validation, write, audit (in that order)."""
from .calendar_days import calendar_year_enter
from .cases import case_act, case_open
from .checks import stage_missing
from .evidence import case_document_add, case_scores_record
from .meetings import meeting_decide
from .plans import plan_task_assign
from .registrations import registration_receive
from .rounds import may_open_rounds, round_open

__all__ = [
    "calendar_year_enter", "case_act", "case_document_add", "case_open", "case_scores_record", "meeting_decide",
    "may_open_rounds", "plan_task_assign", "registration_receive", "round_open", "stage_missing",
]
