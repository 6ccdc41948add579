"""Realistic demonstration data for one province: ``demo_generate(rules=..., size="S", seed=1)``.

Deterministic: the same seed, size and ``as_of`` give the same registry (only ciphertexts
differ, AES-GCM takes a fresh nonce). Codes are valid — USCCs (GB 32100: ``5`` + kind
digit + the registration authority's region code + 9-character organization code + check
character) and ID numbers (GB 11643: a county of the province, a real birth date, the
check character) — and personal data is encrypted and digested as
``registry.actions.member_upsert`` does.

What it makes (``SIZES`` organizations):
- kinds, registration levels and cities weighted (``vocabulary.CITY_WEIGHTS``), counties
  added below each city, realistic Chinese names, business supervisors and industry Party
  committees, decoupled associations, zombies and deregistered orgs;
- about a quarter with a Party organization: own branches (a general branch for the big
  ones), joint branches of 3–8 small orgs of one county, dispatched branches of three
  instructors covering 3–5 orgs (only where the rules have the form, 002 第十八条) and
  temporary branches (only where the rules have it, 003 五); a committee per city and one
  for the province above them;
- members (formal and probationary; relation here, elsewhere — 口袋党员 — or mobile), orgs
  with 3+ formal members and no Party organization (应建未建), 30+-employee private schools
  and hospitals with and without one;
- instructors and dispatches, a year of 三会一课 and theme days with attendance, trainings,
  annual inspections (with the province's checklist where it has one), grades checked
  against the rules' cap as ``evaluation_grade_record`` does, penalties, mass organizations.

Everything is planned in memory, then written with COPY (``bulk``) in one transaction.
"""
from __future__ import annotations

import datetime as dt
import logging
import random
import time

from django.db import transaction
from django.utils import timezone

from audit.services import audit_record
from registry.models import Member, PartyOrganization, SocialOrganization

from .names import Namer
from .plans import Plan
from .registry import coverage_means_plan, organizations_plan, party_plan, places_load
from .write import plan_write

logger = logging.getLogger(__name__)

SIZES = {"tiny": 600, "S": 20_000, "M": 35_000, "L": 75_000, "XL": 150_000}

__all__ = ["SIZES", "demo_generate"]


@transaction.atomic
def demo_generate(*, rules, size: str, seed: int = 1, as_of: dt.date | None = None,
                  organizations: int | None = None) -> dict[str, int]:
    """Add a demo registry of ``SIZES[size]`` organizations (or ``organizations``, a province's
    own size) to the current province's schema.

    ``rules`` decides which Party organization forms exist and each grade's cap. Returns the
    rows written per table and ``seconds``. Adds to what is there (codes and names stay
    unique); callers that want an empty province check first (``generate_demo --if-empty``).
    """
    if size not in SIZES:
        raise ValueError(f"unknown size {size!r}; one of {', '.join(SIZES)}")
    started = time.monotonic()
    as_of = as_of or timezone.localdate()
    plan = Plan(rules=rules, as_of=as_of, now=timezone.now(), rng=random.Random(f"{seed}:{size}"))
    namer = Namer(
        plan.rng,
        used_usccs=set(SocialOrganization.objects.values_list("uscc", flat=True)),
        used_org_names=set(SocialOrganization.objects.values_list("name", flat=True)),
        used_party_names=set(PartyOrganization.objects.values_list("name", flat=True)),
        used_digests=set(Member.objects.values_list("id_number_digest", flat=True)),
    )
    counts = {"regions_added": places_load(plan)}
    organizations_plan(plan, namer, organizations or SIZES[size])
    party_plan(plan, namer)
    coverage_means_plan(plan)
    counts.update(plan_write(plan, namer))
    counts["seconds"] = round(time.monotonic() - started, 1)
    audit_record(action="demo.generate", actor="system", object_type="province", object_id=rules.code,
                 changes={"size": size, "organizations": organizations or SIZES[size], "seed": seed, "as_of": as_of.isoformat(), **counts})
    logger.info("demo data %s (seed %s): %s", size, seed, counts)
    return counts
