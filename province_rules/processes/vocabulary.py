"""The words of a process declaration: roles, subjects, decisions, effects, field kinds, events."""
from __future__ import annotations

# Roles that act in stages (accounts.models.Role values). A province may name any role.
ORGANIZATION = ("organization_secretary", "organization_liaison")
PROVINCIAL_COMMITTEE = ("provincial_staff",)
LOCAL_COMMITTEE = ("city_staff", "county_staff")
COMMITTEE = PROVINCIAL_COMMITTEE + LOCAL_COMMITTEE
SUPERVISOR = ("supervisor_staff", "industry_committee_staff")
INSTRUCTOR = ("instructor",)
KNOWN_ROLES = frozenset(ORGANIZATION + COMMITTEE + SUPERVISOR + INSTRUCTOR)

# What a case is about.
ORGANIZATION_SUBJECT = "organization"      # one social organization (others may join it: ``organizations``)
PARTY_ORGANIZATION_SUBJECT = "party_organization"  # one Party organization (rectification of a weak and lax one)
REGION_SUBJECT = "region"                  # a city or county committee (a task assigned to it)
SUBJECTS = (ORGANIZATION_SUBJECT, PARTY_ORGANIZATION_SUBJECT, REGION_SUBJECT)

# Decisions at a committee meeting.
APPROVE, REJECT, DEFER = "approve", "reject", "defer"
DECISIONS = (APPROVE, REJECT, DEFER)

# Effects of an action on the case.
START_VALIDITY, RENEW_REVIEW, END_VALIDITY = "start_validity", "renew_review", "end_validity"
# Effects that write the registry through its actions (the case's recorded fields say what):
# a Party organization for the case's organizations, an instructor's dispatch started or ended.
CREATE_PARTY_ORGANIZATION = "create_party_organization"
START_DISPATCH, END_DISPATCH = "start_dispatch", "end_dispatch"
REGISTRY_EFFECTS = (CREATE_PARTY_ORGANIZATION, START_DISPATCH, END_DISPATCH)
# On a Party organization's case: record its weak-and-lax designation / close it as rectified (registry).
DESIGNATE, CLEAR_DESIGNATION = "designate", "clear_designation"
EFFECTS = (START_VALIDITY, RENEW_REVIEW, END_VALIDITY, DESIGNATE, CLEAR_DESIGNATION) + REGISTRY_EFFECTS
# The fields a registry effect reads from the case's recorded data (any stage; the latest wins).
PARTY_ORGANIZATION_FIELDS = ("party_org_name", "party_org_form", "party_org_level", "secretary")
DISPATCH_FIELDS = ("instructor_id", "target_on", "milestones")
REPORT_PERIODS = ("", "month", "quarter")

# Kinds of fields a stage records.
FIELD_KINDS = ("text", "date", "number", "choice", "choices", "instructors")

# The events of the registration hand-off.
REGISTRATION_EVENTS = ("registered", "renewed", "charter_approved", "annual_report", "graded")

CODE_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")


class DeclarationError(ValueError):
    """A process declaration that does not hold together (an action leading to no stage …)."""
