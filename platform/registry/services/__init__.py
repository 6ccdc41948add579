"""Writes of the registry: one function per use case, keyword arguments, errors naming the field.

Every service raises ``django.core.exceptions.ValidationError`` with a dict of
``{field: [Chinese message, ...]}`` for bad input, and writes nothing in that case.
Services that depend on the province's rules take ``rules`` (a ``ProvinceRules``) first.
"""
from .activities import activity_record, training_record
from .checks import annual_inspection_record, evaluation_grade_record, penalty_record
from .instructors import dispatch_end, dispatch_start, instructor_create
from .members import member_upsert
from .organizations import mass_organization_record, organization_upsert, supervisor_get_or_create
from .party import party_organization_upsert

__all__ = [
    "activity_record", "annual_inspection_record", "dispatch_end", "dispatch_start", "evaluation_grade_record",
    "instructor_create", "mass_organization_record", "member_upsert", "organization_upsert",
    "party_organization_upsert", "penalty_record", "supervisor_get_or_create", "training_record",
]
