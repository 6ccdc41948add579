"""Reads of submissions for the web pages, within the user's scope."""
from __future__ import annotations

import datetime as dt

from accounts.scoping import scope_queryset
from registry.selectors import organization_facts
from submissions.content import inspection_checklist
from submissions.models import Submission


def review_queue(*, user, status: str):
    """Submissions in ``status`` the user may see, oldest submitted first (a queue)."""
    return (scope_queryset(Submission.objects.filter(status=status), user=user)
            .select_related("organization", "organization__region").order_by("submitted_at", "pk"))


def submission_facts(*, rules, organization, as_of: dt.date) -> dict:
    """The checklist's items as the registry answers them ({key: True/False/None}), to
    pre-fill the organization's answers."""
    checklist = inspection_checklist(rules)
    if checklist is None:
        return {}
    facts = organization_facts(organization=organization, as_of=as_of)
    return {result.item.key: result.met for result in checklist.assess(rules, facts, as_of)}
