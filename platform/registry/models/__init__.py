"""The shared core model (domain.md section 3), the same in every province."""
from .activities import Activity, ActivityKind, Attendance, Training
from .checks import AdministrativePenalty, AnnualInspection, EvaluationGrade, Grade
from .instructors import Dispatch, Instructor, InstructorEvaluation, WorkLog
from .members import Member, MemberTransfer
from .organizations import MassOrganization, SocialOrganization, Supervisor
from .party import PartyOrganization, WeakAndLaxDesignation

__all__ = [
    "Activity", "ActivityKind", "AdministrativePenalty", "AnnualInspection", "Attendance", "Dispatch",
    "EvaluationGrade", "Grade", "Instructor", "InstructorEvaluation", "MassOrganization", "Member", "MemberTransfer", "PartyOrganization",
    "SocialOrganization", "Supervisor", "Training", "WeakAndLaxDesignation", "WorkLog",
]
