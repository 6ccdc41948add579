"""``manage.py generate_demo``: what ./ops/run calls on every start, and determinism."""
from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from demo.generator import demo_generate
from demo.management.commands.generate_demo import month_starts
from indicators.selectors import snapshot_series
from province_rules.registry import rules_for
from registry.models import Member, PartyOrganization, SocialOrganization
from tests.helpers import rules_today


def _generate(*args) -> str:
    out = StringIO()
    call_command("generate_demo", *args, stdout=out)
    return out.getvalue()


def test_if_empty_generates_once_then_does_nothing(jilin):
    first = _generate("jilin", "--size", "tiny", "--if-empty")
    assert "吉林省" in first and "社会组织 600" in first and "指标快照 13 期" in first
    with schema_context("jilin"):
        before = SocialOrganization.objects.count()
    # 600 generated, and those Jilin's process demos add where the smallest size has too few of a kind
    # (provincial-level bases, small organizations for dispatched branches, 3 registered through the hand-off).
    assert before > 600
    again = _generate("jilin", "--size", "tiny", "--if-empty")
    assert f"已有{before}个社会组织" in again
    with schema_context("jilin"):
        assert SocialOrganization.objects.count() == before


def test_without_if_empty_it_adds_more_with_unique_codes_and_names(anhui):
    _generate("anhui", "--size", "tiny", "--snapshots", "0")
    _generate("anhui", "--size", "tiny", "--snapshots", "0")
    with schema_context("anhui"):
        assert SocialOrganization.objects.count() == 1200
        assert SocialOrganization.objects.values("name").distinct().count() == 1200
        assert PartyOrganization.objects.filter(name="安徽省社会组织综合党委").count() == 1  # the committee is reused


def test_an_unknown_or_unprovisioned_province_is_refused_in_chinese(db):
    with pytest.raises(CommandError, match="尚未开通"):
        _generate("hubei", "--size", "tiny")
    with pytest.raises(CommandError):
        _generate("jilin", "--size", "XXL")


def _fingerprint():
    return (
        list(SocialOrganization.objects.order_by("uscc").values_list("uscc", "name", "kind", "status", "employees")),
        sorted(PartyOrganization.objects.values_list("name", "form", "founded_on", "last_election_on")),
        sorted(Member.objects.values_list("id_number_digest", "status", "relation", "roles")),
    )


def test_the_same_seed_gives_the_same_registry_another_seed_another(guangdong):
    rules = rules_today("guangdong")
    fingerprints = []
    with schema_context("guangdong"):
        for seed in (7, 7, 8):
            with transaction.atomic():
                demo_generate(rules=rules, size="tiny", seed=seed)
                fingerprints.append(_fingerprint())
                transaction.set_rollback(True)
    assert fingerprints[0] == fingerprints[1]
    assert fingerprints[0][0] != fingerprints[2][0]


def test_the_committee_finds_a_year_of_monthly_snapshots_with_coverage_growing(jilin):
    _generate("jilin", "--size", "tiny")
    with schema_context("jilin"):
        series = snapshot_series(grouping="province", key="all")
        changchun = snapshot_series(grouping="city", key="220100")
    days = [point["taken_on"] for point in series]
    assert len(days) == 13 and days == sorted(days) and days[-1] == timezone.localdate()
    assert all(day.day == 1 for day in days[:-1])
    rates = [point["organizational_coverage_rate"] for point in series]
    assert rates[0] <= rates[-1] and 0.15 < rates[-1] < 0.4  # Party organizations founded during the year count from then
    assert changchun[-1]["group_label"] == "长春市" and len(changchun) == 13


def test_month_starts_cross_the_new_year():
    assert month_starts(dt.date(2025, 2, 14), 3) == [dt.date(2024, 11, 1), dt.date(2024, 12, 1), dt.date(2025, 1, 1)]
