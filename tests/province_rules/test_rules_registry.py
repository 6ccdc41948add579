"""Choosing the rules module for a province and a date."""
import dataclasses
from datetime import date

import pytest

from province_rules import registry, registered_codes, rules_for
from province_rules.anhui import AnhuiRules
from province_rules.guangdong import GuangdongRules
from province_rules.jilin import JilinRules, JilinRules2021
from province_rules.baseline import BaselineRules
from tests.helpers import rules_today


@pytest.mark.parametrize("code, as_of, expected", [
    ("jilin", date(2016, 5, 13), JilinRules),
    ("jilin", date(2021, 6, 3), JilinRules),
    ("jilin", date(2021, 6, 4), JilinRules2021),
    ("guangdong", date(2021, 11, 24), GuangdongRules),
    ("anhui", date(2017, 12, 29), AnhuiRules),
    ("national", date(2024, 1, 1), BaselineRules),
    ("hubei", date(2024, 1, 1), BaselineRules),
])
def test_rules_for_picks_the_latest_module_holding_at_the_date(code, as_of, expected):
    assert type(rules_for(code, as_of)) is expected


@pytest.mark.parametrize("code, as_of", [("jilin", date(2016, 5, 12)), ("guangdong", date(2021, 11, 23))])
def test_before_a_provinces_first_module_the_baseline_holds(code, as_of):
    assert type(rules_for(code, as_of)) is BaselineRules


def test_without_a_date_the_rules_holding_today_are_used():
    assert type(rules_today("jilin")) is JilinRules2021


def test_registered_codes_are_the_provinces_with_modules():
    assert registered_codes() == ("anhui", "guangdong", "jilin")


def test_rules_objects_are_shared():
    assert rules_today("anhui") is rules_today("anhui")


@pytest.fixture
def isolated_registry(monkeypatch):
    registry._load()
    monkeypatch.setattr(registry, "_by_code", {code: list(mods) for code, mods in registry._by_code.items()})


def test_a_later_module_is_added_without_touching_the_earlier_one(isolated_registry):
    @registry.register
    class JilinRules2030(JilinRules2021):
        valid_from = date(2030, 1, 1)
        settings = dataclasses.replace(JilinRules2021.settings, full_coverage_min_employees=20)

    assert type(rules_for("jilin", date(2030, 1, 1))) is JilinRules2030
    assert type(rules_for("jilin", date(2029, 12, 31))) is JilinRules2021
    assert JilinRules2021.settings.full_coverage_min_employees == 30
    assert rules_for("jilin", date(2030, 1, 1)).criteria["full_coverage_target"].sql(date(2030, 1, 1)).params["minimum"] == 20


def test_two_modules_cannot_hold_from_the_same_date(isolated_registry):
    with pytest.raises(ValueError):
        @registry.register
        class Duplicate(JilinRules2021):
            pass
