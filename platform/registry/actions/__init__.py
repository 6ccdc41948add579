"""The registry's writes: one action per use case, the only code that saves a registry row.

Every action takes ``actor`` (``accounts.actors.Actor``: who acts, with their scope) and
``rules`` (the province's rules object, ``request.rules`` or ``tenants.selectors.province_rules_at``)
and the input as ``data`` (a dict of API field names), and does, in this order and nowhere
else: the actor's scope check (a row outside the write scope is not found, ``Http404``; a
target region outside it is ``OutOfScope`` naming the field), validation (one validator per
field, raising ``ValidationError({field: [Chinese message, …]})`` with every bad field at
once, writing nothing), the write (upserts are safe under concurrency) and the audit entry
with the changed fields (masked personal data; empty when a resent write changed nothing).

The API views, the import (``imports.services``: the bulk variants in ``.bulk`` share these
validators and write one audit entry per changed row), the web forms and the Django admin
call these; nothing else writes the registry. (The demo generator seeds fake data in bulk
and is the one exception, for speed: it writes no user's data.)
"""
from .activities import activity_record, training_record
from .checks import annual_inspection_record, evaluation_grade_record, penalty_record
from .decisions import (
    accepted_reason_record, grade_cap_exception_record, term_renewal_record, weak_and_lax_designate,
    weak_and_lax_rectification_close,
)
from .instructors import dispatch_end, dispatch_start, instructor_create, instructor_evaluation_record, work_log_record
from .members import member_transfer_record, member_transfer_status_set, member_upsert
from .organizations import mass_organization_record, organization_upsert, supervisor_get_or_create
from .party import party_organization_dissolve, party_organization_upsert

__all__ = [
    "accepted_reason_record", "grade_cap_exception_record", "member_transfer_record", "member_transfer_status_set",
    "instructor_evaluation_record", "term_renewal_record", "weak_and_lax_designate", "weak_and_lax_rectification_close", "work_log_record",
    "activity_record", "annual_inspection_record", "dispatch_end", "dispatch_start", "evaluation_grade_record",
    "instructor_create", "mass_organization_record", "member_upsert", "organization_upsert",
    "party_organization_dissolve", "party_organization_upsert", "penalty_record", "supervisor_get_or_create", "training_record",
]
