"""Reminders from the registry: term renewals, 三会一课, secretary training."""
from __future__ import annotations

import datetime as dt
import math

from django.db.models import Count, Q

from province_rules.facts import OrganizationFacts, PartyOrgFacts

from .common import Due, _quarter, _threshold, _when, organization_people


def term_renewals(rules, as_of: dt.date) -> list[Due]:
    from registry.models import PartyOrganization

    settings = rules.reminder_settings()
    dues = []
    party_orgs = PartyOrganization.objects.filter(dissolved_on__isnull=True).filter(
        Q(last_election_on__isnull=False) | Q(founded_on__isnull=False)).select_related("region")
    for party_org in party_orgs.iterator(chunk_size=2000):
        facts = OrganizationFacts(kind="social_group", registration_level="city", party_org=PartyOrgFacts(
            form=party_org.form, last_election=party_org.last_election_on or party_org.founded_on,
            term_years=party_org.term_years))
        decision = rules.term_renewal_due(facts, as_of)
        due_date = decision["due_date"]
        if due_date is None:
            continue
        period = _threshold((due_date - as_of).days, settings.term_renewal_days)
        if period is None:
            continue
        clause = decision.reasons[-1].clause if decision.reasons else ""
        organization_ids = list(party_org.covered_organizations.values_list("pk", flat=True))
        dues.append(Due(
            "term_renewal", f"party_org:{party_org.pk}", f"{due_date.isoformat()}:{period}",
            f"{party_org.name}换届{_when((due_date - as_of).days, '天')}",
            f"{party_org.name}本届任期于{due_date.isoformat()}届满，请按期换届。", clause,
            f"/organizations/{party_org.covered_organizations.first().uscc}/" if organization_ids else "",
            organization_people(organization_ids, party_org.region.code)))
    return dues




def three_meetings(rules, as_of: dt.date) -> list[Due]:
    from registry.models import Activity, PartyOrganization

    settings = rules.reminder_settings()
    quarter = _quarter(as_of)
    if as_of.month - (quarter - 1) * 3 < settings.meetings_from_month_of_quarter:
        return []
    required = {r.key: r for r in rules.requirements_for_year(as_of.year)
                if r.subject == "party_org" and r.key in settings.meeting_kinds and r.minimum}
    if not required:
        return []
    expected = {key: math.ceil(r.minimum * quarter / 4) for key, r in required.items()}
    held = {}
    for party_org_id, kind, count in Activity.objects.filter(
            held_on__year=as_of.year, held_on__lte=as_of, kind__in=list(required)).values_list(
            "party_organization_id", "kind").annotate(count=Count("id")):
        held[(party_org_id, kind)] = count
    dues = []
    for party_org in PartyOrganization.objects.filter(dissolved_on__isnull=True).select_related("region") \
            .filter(Q(founded_on__isnull=True) | Q(founded_on__lte=dt.date(as_of.year, 1, 1))).iterator(chunk_size=2000):
        behind = [(r, held.get((party_org.pk, key), 0)) for key, r in required.items()
                  if held.get((party_org.pk, key), 0) < expected[key]]
        if not behind:
            continue
        lines = "；".join(f"{r.text.split('（')[0]}：本年应累计至少{expected[r.key]}次，已记录{count}次"
                         for r, count in behind)
        organization_ids = list(party_org.covered_organizations.values_list("pk", flat=True))
        dues.append(Due(
            "three_meetings", f"party_org:{party_org.pk}", f"{as_of.year}Q{quarter}",
            f"{party_org.name}“三会一课”未达到第{quarter}季度要求", lines + "。",
            "、".join(dict.fromkeys(r.clause for r, _ in behind)),
            f"/organizations/{party_org.covered_organizations.first().uscc}/" if organization_ids else "",
            organization_people(organization_ids, party_org.region.code)))
    return dues


def secretary_trainings(rules, as_of: dt.date) -> list[Due]:
    from registry.models import PartyOrganization, Training

    settings = rules.reminder_settings()
    month, day = settings.training_missing_from
    if as_of < dt.date(as_of.year, month, day):
        return []
    requirements = [r for r in rules.requirements_for_year(as_of.year) if r.subject == "secretary" and "training" in r.key]
    if not requirements:
        return []
    dues = []
    for party_org in PartyOrganization.objects.filter(dissolved_on__isnull=True, secretary__isnull=False) \
            .select_related("region", "secretary").iterator(chunk_size=2000):
        trainings = list(Training.objects.filter(member_id=party_org.secretary_id, started_on__year=as_of.year,
                                                 started_on__lte=as_of))
        missing = []
        for r in requirements:
            if r.unit == "天":
                done = float(sum(t.days for t in trainings))
            else:
                done = sum(1 for t in trainings if t.concentrated)
            if done < (r.minimum or 1):
                missing.append((r, done))
        if not missing:
            continue
        organization_ids = list(party_org.covered_organizations.values_list("pk", flat=True))
        lines = "；".join(f"{r.text}（本年已{done:g}{r.unit or '次'}）" for r, done in missing)
        dues.append(Due(
            "secretary_training", f"party_org:{party_org.pk}", str(as_of.year),
            f"{party_org.name}书记{as_of.year}年培训未完成", lines + "。",
            "、".join(dict.fromkeys(r.clause for r, _ in missing)),
            f"/organizations/{party_org.covered_organizations.first().uscc}/" if organization_ids else "",
            organization_people(organization_ids, party_org.region.code)))
    return dues
