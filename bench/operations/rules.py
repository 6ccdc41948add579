"""4. Rule evaluation for every organization of a province (the grade caps behind the indicators),
in Jilin, whose rules cap grades (002 第九条(三)).

Ours: ``indicators.selectors.grade_caps``, every organization's cap in one statement from the
rules' own criteria compiled to SQL (what a rule change or the nightly screening runs: the
target row). Beside it, for the record, the Python side: the province's rules on facts built in bulk (``registry.selectors.organization_facts_bulk``, a few queries),
``max_grade`` and all six decisions; and on ``registry.selectors.organization_facts`` one
organization at a time (the only per-organization path the product has), timed on a sample and
scaled to the province. Reference: one set-based statement computing the same caps
(bench.sql.grade_caps). Both must agree on every organization.
"""
from __future__ import annotations

from django.utils import timezone
from django_tenants.utils import schema_context

from indicators.selectors import grade_caps, indicator_organizations
from province_rules.registry import rules_for
from registry.models import SocialOrganization
from registry.selectors import organization_facts, organization_facts_bulk

from .. import sql
from ..data import RULES_PROVINCE
from ..timing import Row, Sample, timed
from . import profile_lines

TARGET_RATIO = 3.0
FACTS_CHECKED = 60


def _comparable(facts):
    """Facts with members in a fixed order (organization_facts lists them by name only)."""
    return facts.__class__(**{**facts.__dict__, "members": tuple(sorted(facts.members, key=lambda m: (m.status, m.relation, m.roles)))})


def run(ctx) -> None:
    as_of = timezone.localdate()
    rules = rules_for(RULES_PROVINCE, as_of)
    with schema_context(RULES_PROVINCE):
        in_scope = indicator_organizations(rules=rules, indicator="in_scope", as_of=as_of)

        def caps_bulk():
            facts_by_pk = organization_facts_bulk(organizations=in_scope, as_of=as_of)
            return {pk: rules.max_grade(facts, as_of).value.value for pk, facts in facts_by_pk.items()}

        def evaluations_bulk():
            facts_by_pk = organization_facts_bulk(organizations=in_scope, as_of=as_of)
            return {pk: rules.evaluate(facts, as_of) for pk, facts in facts_by_pk.items()}

        set_based, criteria_caps = timed(lambda: grade_caps(rules=rules, as_of=as_of), runs=ctx.plan.runs, warmup=1)
        bulk, caps = timed(caps_bulk, runs=ctx.plan.heavy_runs + 1, warmup=1)
        evaluated, _ = timed(evaluations_bulk, runs=ctx.plan.heavy_runs, warmup=0)
        organizations = list(in_scope.order_by("id"))
        step = max(1, len(organizations) // ctx.plan.rules_sample)
        sample = organizations[::step][:ctx.plan.rules_sample]

        def caps_one_by_one():
            return {o.pk: rules.max_grade(organization_facts(organization=o, as_of=as_of), as_of).value.value for o in sample}

        per_org, sample_caps = timed(caps_one_by_one, runs=ctx.plan.heavy_runs, warmup=0)
        scale = len(organizations) / len(sample)
        per_org = Sample(times=[t * scale for t in per_org.times],
                         extrapolated=f"timed on {len(sample):,} of {len(organizations):,} organizations (every {step}th), "
                                      f"scaled ×{scale:.1f}")
        # the bulk facts are organization_facts' own, on a sample
        checked = sample[:: max(1, len(sample) // FACTS_CHECKED)]
        bulk_facts = organization_facts_bulk(as_of=as_of, organizations=SocialOrganization.objects.filter(
            pk__in=[o.pk for o in checked]))
        wrong_facts = [o.pk for o in checked
                       if _comparable(bulk_facts[o.pk]) != _comparable(organization_facts(organization=o, as_of=as_of))]
        if wrong_facts:
            raise AssertionError(f"bench 4: bulk facts differ from organization_facts for organizations {wrong_facts[:5]}")
        profile = profile_lines(caps_bulk)

    statement, params = sql.grade_caps(rules, as_of)
    raw = ctx.raw(RULES_PROVINCE)
    cursor = raw.cursor()

    def reference():
        cursor.execute(statement, params)
        return dict(cursor.fetchall())

    reference_sample, reference_caps = timed(reference, runs=ctx.plan.heavy_runs + 1, warmup=1)
    raw.close()
    wrong = [pk for pk in reference_caps if caps.get(pk) != reference_caps[pk]] + [pk for pk in caps if pk not in reference_caps]
    wrong += [pk for pk in sample_caps if sample_caps[pk] != reference_caps.get(pk)]
    wrong += [pk for pk in set(criteria_caps) | set(caps) if criteria_caps.get(pk) != caps.get(pk)]
    if wrong:
        raise AssertionError(f"bench 4: rules and SQL give different caps for organizations {wrong[:5]}")
    held = sum(1 for cap in caps.values() if cap != "5A")
    size = f"{ctx.size}: {len(caps):,} orgs"
    reference_name = "set-based SQL of the caps (psycopg2)"
    agreement = (f"caps agree on all {len(caps):,} organizations ({held:,} capped below 5A): the criteria's SQL, the "
                 f"rules in Python and the reference; bulk facts equal organization_facts on {len(checked)} sampled organizations")
    ctx.add(Row(4, f"grade caps of every organization, {RULES_PROVINCE}, set-based from the rules' criteria "
                   f"(indicators.selectors.grade_caps)", size, set_based, reference_name, reference_sample,
                target=f"≤ {TARGET_RATIO:g}×", met=set_based.median / reference_sample.median <= TARGET_RATIO, note=agreement))
    ctx.add(Row(4, f"grade caps, {RULES_PROVINCE} rules in Python on facts built in bulk (registry.selectors.organization_facts_bulk)",
                size, bulk, reference_name, reference_sample,
                note="the per-organization side of the same criteria, for the record: builds a facts object and a decision per organization"))
    ctx.add(Row(4, "all six decisions (rules.evaluate) on facts built in bulk", size, evaluated, reference_name,
                reference_sample, note="the reference computes the caps only"))
    ctx.add(Row(4, "grade caps on registry.selectors.organization_facts, one organization at a time", size, per_org,
                reference_name, reference_sample,
                note="the path of one organization (evaluation_grade_record, the web pages), scaled to all: no screen "
                     "evaluates a province this way since grade_caps"))
    ctx.profiles[4] = profile
