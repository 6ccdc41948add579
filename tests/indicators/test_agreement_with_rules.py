"""Set-based and per-organization agree: for every organization of the generated registry, the
organization is counted by an indicator exactly when the province's rules, asked about that
organization (``registry.selectors.organization_facts``), decide so. This is what keeps the
selectors' reading of the rule settings honest when a rule module changes."""
from __future__ import annotations

import pytest
from django.db.models import Q
from django.utils import timezone
from django_tenants.utils import schema_context

from indicators.selectors import SECRETARY_TRAINING_MEASURES, indicator_organizations
from province_rules.baseline import THREE_MEETINGS_ONE_LECTURE
from province_rules.registry import rules_for
from registry.models import SocialOrganization
from registry.selectors import organization_facts
from tests.demo.fixtures import PROVINCES, demo_data


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with demo_data(django_db_blocker) as counts:
        yield counts


def _decided(rules, facts, as_of) -> dict[str, bool]:
    coverage = rules.coverage(facts, as_of).value
    party = facts.party_org
    met = rules.requirements_met(facts, as_of.year)
    must_build = rules.must_build_own_party_org(facts, as_of).value
    decided = {
        "organizational_coverage": coverage == "organizational",
        "work_coverage": coverage in ("organizational", "work"),
        "with_party_org": party is not None and rules.check_party_org_form(party.form).value,
        "eligible": must_build,
        "eligible_not_built": must_build and not (party is not None and party.form in rules.own_party_org_forms & rules.allowed_party_org_forms),
        "weak_and_lax": rules.weak_and_lax(facts, as_of).value,
        "renewal_overdue": rules.term_renewal_due(facts, as_of).value is True,
        "three_meetings_compliant": party is not None and all(met[k] for k in THREE_MEETINGS_ONE_LECTURE if k in met),
    }
    training = [k for k in SECRETARY_TRAINING_MEASURES if k in met]
    if training:
        decided["training_compliant"] = party is not None and all(met[k] for k in training)
    if hasattr(rules, "full_coverage_min_employees"):
        target = rules.full_coverage_target(facts, as_of).value
        decided["target_orgs"] = target
        decided["target_orgs_without_party_org"] = target and not rules.has_party_org(facts)
    return decided


@pytest.mark.parametrize("code", PROVINCES)
def test_every_organization_is_counted_as_its_rules_decide(demo, db, code):
    as_of = timezone.localdate()
    rules = rules_for(code, as_of)
    with schema_context(code):
        in_scope = SocialOrganization.objects.exclude(status="deregistered").order_by("pk")
        indicators = _decided(rules, organization_facts(organization=in_scope.first(), as_of=as_of), as_of).keys()
        counted = {name: set(indicator_organizations(rules=rules, indicator=name, as_of=as_of).values_list("pk", flat=True))
                   for name in indicators}
        # Asking the rules one organization at a time is slow: every organization a rare figure counts,
        # half of those with members, a Party organization, an instructor or a work station, an eighth
        # of the others.
        rare = set().union(*(pks for name, pks in counted.items() if len(pks) < 0.1 * in_scope.count()))
        involved = Q(members__isnull=False) | Q(party_organizations__isnull=False) | Q(dispatches__isnull=False) | \
            Q(has_work_station=True)
        organizations = list(in_scope.filter(pk__in=rare)) + \
            [org for index, org in enumerate(in_scope.filter(involved).exclude(pk__in=rare).distinct()) if index % 2 == 0] + \
            [org for index, org in enumerate(in_scope.exclude(involved).exclude(pk__in=rare)) if index % 8 == 0]
        decided = {org.pk: _decided(rules, organization_facts(organization=org, as_of=as_of), as_of) for org in organizations}
    disagreements = {
        name: sorted(pk for pk, decisions in decided.items() if decisions[name] != (pk in counted[name]))[:5]
        for name in indicators
    }
    assert {name: pks for name, pks in disagreements.items() if pks} == {}
    # every indicator counts someone, so that the agreement means something
    assert all(counted[name] for name in indicators if name != "weak_and_lax" or code == "guangdong"), \
        {name: len(pks) for name, pks in counted.items()}
