"""The contract, run against every registered rules module (every province, every dated
module of it, and the national baseline)."""
import dataclasses
import json
import re
from datetime import date
from pathlib import Path

import pytest

from province_rules import (
    COVERAGE_FORMS,
    COVERAGE_VALUES,
    DECISIONS,
    PARTY_ORG_FORMS,
    Checklist,
    CoverageTarget,
    Decision,
    Grade,
    ProvinceRules,
    Requirement,
    RuleSettings,
    Sql,
    registered_codes,
)
from province_rules.registry import modules_for

from province_rules.contract import CONTRACT, NO_CAP

from .factories import AS_OF, members, org, party_org
from .seed_clauses import CLAUSE_IN_TEXT, clause_exists, seeds_available

MODULES = [cls for code in registered_codes() + ("national",) for cls in modules_for(code)]
CHINESE = re.compile(r"[\u4e00-\u9fff]")

SAMPLE_ORGS = [
    org(),
    org(members=members(formal=3)),
    org(members=members(formal=2, probationary=1)),
    org(members=members(formal=2) + members(formal=1, role="leader") + members(formal=1, role="management")
        + members(formal=1, role="other", relation="mobile")),
    org(members=members(formal=3, relation="elsewhere"), accepted_reason_for_no_party_org="申请已报上级党组织待批"),
    org(members=members(formal=1), instructor=True, exception_recorded="评估委员会记录的例外"),
    org(work_station=True, evaluation_grade=Grade.A5),
    org(kind="private_non_enterprise", employees=30, is_school=True, members=members(formal=3)),
    org(kind="private_non_enterprise", employees=29, is_hospital=True),
    org(members=members(formal=4), party_org=party_org("own", last_election=date(2021, 5, 1), term_years=3)),
    org(members=members(formal=7), evaluation_grade=Grade.A4,
        party_org=party_org("own", weak_and_lax=True, leadership_complete=False, last_election=date(2023, 1, 1))),
    org(party_org=party_org("joint", covered_units=8, leadership_complete=True)),
    org(party_org=party_org("temporary")),
    org(party_org=party_org("dispatched", covered_units=4)),
]


def module_id(cls):
    return cls.rules_id()


@pytest.fixture(params=MODULES, ids=module_id)
def rules(request) -> ProvinceRules:
    return request.param()


def all_reasons(rules):
    for facts in SAMPLE_ORGS:
        for decision in rules.evaluate(facts, AS_OF).decisions.values():
            yield from decision.reasons
    for form in PARTY_ORG_FORMS:
        yield from rules.check_party_org_form(form).reasons
    for target in rules.coverage_targets:
        yield from target.reasons
    for facts in SAMPLE_ORGS:
        yield from rules.check_temporary_branch(facts).reasons
    yield from rules.check_dispatched_branch(instructors=3, covered=tuple(SAMPLE_ORGS[:4])).reasons


def test_every_province_with_a_module_is_registered():
    assert set(registered_codes()) == {"jilin", "guangdong", "anhui"}


def test_module_declares_its_identity(rules):
    assert rules.code and isinstance(rules.code, str)
    assert rules.name.endswith("党委") and CHINESE.search(rules.name)
    assert isinstance(rules.valid_from, date)
    assert rules.rules_id().endswith("@" + rules.valid_from.isoformat())
    assert rules.settings.allowed_party_org_forms <= set(PARTY_ORG_FORMS)
    assert {"own", "joint"} <= rules.settings.allowed_party_org_forms
    assert all(isinstance(target, CoverageTarget) for target in rules.coverage_targets)


@pytest.mark.parametrize("facts", SAMPLE_ORGS)
def test_evaluate_returns_the_six_decisions_in_the_api_shape(rules, facts):
    evaluation = rules.evaluate(facts, AS_OF)
    data = json.loads(json.dumps(evaluation.to_dict(), ensure_ascii=False))

    assert data["province"] == rules.code
    assert data["rules"] == rules.rules_id()
    assert list(data["decisions"]) == list(DECISIONS)
    decisions = data["decisions"]
    assert isinstance(decisions["must_build_own_party_org"]["value"], bool)
    assert decisions["coverage"]["value"] in COVERAGE_VALUES
    assert decisions["coverage"]["form"] in COVERAGE_FORMS + (None,)
    assert (decisions["coverage"]["form"] is None) == (decisions["coverage"]["value"] == "none")
    assert decisions["max_grade"]["value"] in [grade.value for grade in Grade]
    assert isinstance(decisions["full_coverage_target"]["value"], bool)
    assert isinstance(decisions["weak_and_lax"]["value"], bool)
    assert decisions["term_renewal_due"]["value"] in (True, False, None)
    for name, decision in decisions.items():
        for reason in decision["reasons"]:
            assert set(reason) <= {"clause", "text", "province_setting"}
            assert reason["clause"] and CHINESE.search(reason["text"]), (name, reason)
            assert not any(word in reason["text"] for word in ("种子文件", "本模块", "province_rules")), reason
    assert set(data["status"]) >= {"value", "in_scope", "clean_up", "reasons"}
    assert all(set(r) >= {"key", "clause", "met", "reported"} and r["met"] in (True, False, None)
               for r in data["requirements"])
    assert all(item["met"] in (True, False, None) for checklist in data["checklists"] for item in checklist["items"])


@pytest.mark.parametrize("facts", SAMPLE_ORGS)
def test_every_decision_but_an_absent_target_gives_reasons(rules, facts):
    evaluation = rules.evaluate(facts, AS_OF)
    for name in DECISIONS:
        if name == "full_coverage_target" and not evaluation[name].value:
            continue
        assert evaluation[name].reasons, name


@pytest.mark.parametrize("facts", SAMPLE_ORGS)
def test_each_decision_method_agrees_with_evaluate(rules, facts):
    evaluation = rules.evaluate(facts, AS_OF)
    for name in DECISIONS:
        assert getattr(rules, name)(facts, AS_OF) == evaluation[name]


def test_party_org_forms_are_accepted_exactly_when_allowed(rules):
    for form in PARTY_ORG_FORMS:
        decision = rules.check_party_org_form(form)
        assert isinstance(decision, Decision)
        assert decision.value is (form in rules.settings.allowed_party_org_forms)
        assert decision.reasons
    assert rules.check_party_org_form("committee_of_the_moon").value is False


def test_a_refused_form_gives_no_coverage(rules):
    for form in set(PARTY_ORG_FORMS) - rules.settings.allowed_party_org_forms:
        decision = rules.coverage(org(party_org=party_org(form)), AS_OF)
        assert decision.value == "none" and decision["form"] is None


def test_requirements_and_checklists_cite_their_clauses(rules):
    for year in (2020, 2021, 2024):
        requirements = rules.requirements_for_year(year)
        assert all(isinstance(r, Requirement) and r.clause and CHINESE.search(r.text) for r in requirements)
        assert len({r.key for r in requirements}) == len(requirements)
    for checklist in rules.checklists():
        assert isinstance(checklist, Checklist) and checklist.clause and checklist.items
        assert all(item.clause and CHINESE.search(item.text) for item in checklist.items)
        json.dumps(checklist.to_dict(), ensure_ascii=False)
        for facts in SAMPLE_ORGS:
            assert all(result.met in (True, False, None) for result in checklist.assess(rules, facts, AS_OF))


@pytest.mark.skipif(not seeds_available(), reason="seed texts not available")
def test_every_cited_clause_exists_in_the_seeds(rules):
    cited = {reason.clause for reason in all_reasons(rules)}
    texts = [reason.text for reason in all_reasons(rules)]
    for year in (2020, 2021, 2024):
        for requirement in rules.requirements_for_year(year):
            cited.add(requirement.clause)
            texts.append(requirement.text)
    for checklist in rules.checklists():
        cited.add(checklist.clause)
        cited.update(item.clause for item in checklist.items)
        texts.append(checklist.note)
    cited.update(match.group(0) for text in texts for match in CLAUSE_IN_TEXT.finditer(text))
    missing = sorted(clause for clause in cited if not clause_exists(clause))
    assert not missing


def test_module_declares_the_settings_set_based_indicators_read(rules):
    # indicators.selectors compiles the criteria; every module carries its settings in one frozen object
    settings = rules.settings
    assert isinstance(settings, RuleSettings)
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.min_formal_members = 2
    assert settings.own_party_org_forms <= {"own", "temporary"}  # a joint branch is never an org's own (002 第十六条)
    assert settings.counted_member_roles and settings.min_formal_members >= 1
    assert set(settings.weak_and_lax_screens) <= set(rules.criteria)
    assert set(settings.work_coverage_means) <= {"instructor", "work_station", "dispatched"}


def test_criteria_are_pairs_registered_together(rules):
    """Each criterion has its Python check and its SQL condition, and the SQL names only the facts
    relations' columns and the criteria of the same module."""
    from province_rules.criteria import FACT_COLUMNS

    columns = {name for subject in FACT_COLUMNS.values() for name in subject if not name.startswith("(")}
    for key, criterion in rules.criteria.items():
        sql = criterion.sql(AS_OF)
        assert callable(criterion.check) and isinstance(sql, Sql), key
        assert set(re.findall(r"\b[mpo]\.\w+", sql.text)) <= columns, (key, sql.text)
        assert set(re.findall(r"\{(\w+)\}", sql.text)) <= set(rules.criteria), key
        assert set(re.findall(r"%\((\w+)\)s", sql.text)) <= set(sql.params) | {"as_of"}, key
    for key in ("counted_member", "must_build", "has_party_org", "own_party_org", "eligible_not_built", "work_coverage",
                "full_coverage_target", "weak_and_lax", "weak_and_lax_warning", "grade_capped", "renewal_overdue"):
        assert key in rules.criteria


def test_decisions_read_their_values_from_the_criteria(rules):
    for facts in SAMPLE_ORGS:
        evaluation = rules.evaluate(facts, AS_OF)
        holds = lambda key: rules.criteria.holds(key, facts, AS_OF)  # noqa: E731
        assert evaluation["must_build_own_party_org"].value is holds("must_build")
        assert (evaluation["coverage"].value == "organizational") is holds("has_party_org")
        assert (evaluation["coverage"].value != "none") is holds("work_coverage")
        assert evaluation["full_coverage_target"].value is holds("full_coverage_target")
        assert evaluation["weak_and_lax"].value is holds("weak_and_lax")
        assert (evaluation["max_grade"].value != NO_CAP) is holds("grade_capped")


REPOSITORY = Path(__file__).resolve().parents[2]
RULES_READ = re.compile(r"\brules\.(\w+)(?:\.(\w+))?")


def test_nothing_outside_province_rules_reads_what_the_contract_does_not_declare():
    """grep: every ``rules.<name>`` read outside province_rules/ (and tests/) is declared in
    contract/, every ``rules.settings.<name>`` is a RuleSettings field, and no ``getattr(rules, …)``."""
    undeclared, getattrs = [], []
    for path in REPOSITORY.rglob("*"):
        relative = path.relative_to(REPOSITORY).as_posix()
        if path.suffix not in (".py", ".html") or relative.startswith(("province_rules/", "tests/", ".venv/", ".")):
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"^\s*from \S+ import (?:.*, )?rules\b", text, re.M):
            continue  # a module named rules (api.v1.views.rules, bench.operations.rules), not a rules object
        for match in RULES_READ.finditer(text):
            name, inner = match.groups()
            if name not in CONTRACT or (name == "settings" and inner and inner not in RuleSettings.names()):
                undeclared.append(f"{relative}: {match.group(0)}")
        getattrs += [f"{relative}: {line.strip()}" for line in text.splitlines()
                     if re.search(r"getattr\((?:\w+\.)*rules\b", line)]
    assert undeclared == [] and getattrs == []
