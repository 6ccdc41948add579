"""The shared core model (domain.md section 3), the same in every province."""
from .activities import Activity, ActivityKind, Attendance, Training
from .checks import AdministrativePenalty, AnnualInspection, EvaluationGrade, Grade
from .instructors import Dispatch, Instructor
from .members import Member
from .organizations import MassOrganization, SocialOrganization, Supervisor
from .party import PartyOrganization

__all__ = [
    "Activity", "ActivityKind", "AdministrativePenalty", "AnnualInspection", "Attendance", "Dispatch",
    "EvaluationGrade", "Grade", "Instructor", "MassOrganization", "Member", "PartyOrganization",
    "SocialOrganization", "Supervisor", "Training",
]
