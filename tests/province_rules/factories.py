"""Building facts for the rule tests."""
from datetime import date

from province_rules import MemberFacts, OrganizationFacts, PartyOrgFacts

AS_OF = date(2024, 5, 1)


def members(formal=0, probationary=0, *, role="full_time", relation="here"):
    return (MemberFacts("formal", relation, role),) * formal + (MemberFacts("probationary", relation, role),) * probationary


def party_org(form="own", **kwargs):
    return PartyOrgFacts(form=form, **kwargs)


def org(**kwargs):
    values = {"kind": "social_group", "registration_level": "province"}
    values.update(kwargs)
    return OrganizationFacts(**values)
