"""Checks for checklist items: ``(rules, org, as_of) -> True | False | None`` (None: the facts do not say).

Shared by the province modules so that one fact is read one way everywhere.
"""
from __future__ import annotations

from .baseline import THREE_MEETINGS_ONE_LECTURE


def party_org_fact(name: str):
    """A yes/no fact reported about the Party organization (None without one)."""
    def check(rules, org, as_of):
        return None if org.party_org is None else getattr(org.party_org, name)
    return check


def org_fact(name: str):
    """A yes/no fact reported about the organization."""
    def check(rules, org, as_of):
        return getattr(org, name)
    return check


def party_org_built(rules, org, as_of):
    """"具备条件的社会组织已单独建立党组织": an organization that meets the conditions has a Party
    organization of its own (a joint branch is not one); one that does not meet them passes."""
    criteria = rules.criteria
    return not criteria.holds("must_build", org, as_of) or criteria.holds("own_party_org", org, as_of)


def renewed_on_time(rules, org, as_of):
    due = rules.term_renewal_due(org, as_of).value
    return None if due is None else not due


def organizational_life_held(rules, org, as_of):
    """三会一课 and the democratic review reached the year's minimums (12 months up to ``as_of``)."""
    met = rules.requirements_met(org, as_of.year)
    results = [met[key] for key in THREE_MEETINGS_ONE_LECTURE + ("democratic_review",)]
    return None if None in results else all(results)
