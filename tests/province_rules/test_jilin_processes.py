"""Jilin's process declarations (province_rules/jilin/): each process from the date its
document holds, every stage, action, deadline, field, document, score item, check and
registration check cited with a clause that exists in the seeds (001, 002), and the
decisions 001 and 002 make as data."""
import datetime as dt

import pytest

from province_rules.jilin import JilinRules, JilinRules2021
from province_rules.processes import START_VALIDITY

from .seed_clauses import CLAUSE_IN_TEXT, clause_exists, seeds_available

BEFORE_2021, NOW = JilinRules(), JilinRules2021()


def cited(rules) -> set[str]:
    clauses = set()
    for process in rules.processes():
        clauses |= {process.clause} | {c.clause for c in process.eligibility} | {c.clause for c in process.opening_checks}
        clauses |= {p.clause for p in (process.validity, process.review) if p is not None}
        if process.rounds:
            clauses |= {process.rounds.clause, process.rounds.late_clause}
        for scoring in process.scorings:
            clauses |= {scoring.clause} | {item.clause for item in scoring.items}
        for stage in process.stages:
            assert stage.clause, f"{process.code}.{stage.code}"
            clauses.add(stage.clause)
            clauses |= {d.clause for d in stage.documents} | {f.clause for f in stage.fields}
            if stage.deadline is not None:
                clauses.add(stage.deadline.clause)
            for action in stage.actions:
                assert action.clause, f"{process.code}.{stage.code}.{action.code} has no clause"
                clauses |= {action.clause} | {c.clause for c in action.checks}
        clauses |= {match.group(0) for match in CLAUSE_IN_TEXT.finditer(process.description)}
    for event in rules.registration_events():
        clauses |= {c.clause for c in event.checks} | {o.clause for o in event.opens}
    return clauses


@pytest.mark.skipif(not seeds_available(), reason="seed texts not available")
@pytest.mark.parametrize("rules", [BEFORE_2021, NOW], ids=["2016", "2021"])
def test_every_stage_action_and_check_is_cited_with_a_clause_of_the_seeds(rules):
    clauses = cited(rules)
    assert "" not in clauses
    assert sorted(c for c in clauses if not clause_exists(c)) == []


def test_the_demonstration_bases_hold_from_001_and_the_002_processes_from_2016():
    assert [p.code for p in BEFORE_2021.processes()] == ["dispatched_branch", "formation_plan", "funding_ledger", "secretary_report"]
    assert [p.code for p in NOW.processes()] == ["dispatched_branch", "formation_plan", "funding_ledger", "secretary_report",
                                                 "demonstration_base"]
    assert NOW.valid_from == dt.date(2021, 6, 4)


def test_the_demonstration_base_follows_001():
    base = NOW.process("demonstration_base")
    assert [s.name for s in base.stages[:7]] == ["自评申报", "初审", "实地考核", "会议审定", "公示", "命名授牌", "示范基地（有效期内）"]
    assert (base.validity.years, base.validity.clause, base.review.years, base.review.clause) == (3, "001 三", 3, "001 五(二)")
    assert (base.rounds.late_clause, base.rounds.late_text) == ("001 三(一)", "逾期申报的视为放弃")
    notice = base.stage("notice")
    assert (notice.deadline.days, notice.deadline.working, notice.deadline.clause, notice.notice) == (5, True, "001 三(五)", True)
    assert base.stage("meeting").meeting and base.stage("meeting").action("approve").hard_criteria_block
    assert {item.key for _, item in base.hard_items()} == {"no_penalty", "inspection_passed", "grade_3a"}
    assert set(base.stage("assessment").fields[2].choices) == {"查看资料", "实地检查", "座谈走访"}
    assert START_VALIDITY in base.stage("naming").action("name").effects
    assert {f.key for f in base.stage("naming").fields} == {"notice_number", "notice_date"}
    assert {a.code for a in base.stage("rectifying").actions} == {"rectified", "revoke"}


def test_the_dispatched_branch_asks_the_rules_at_opening_submission_approval_and_dissolution():
    branch = NOW.process("dispatched_branch")
    assert [c.key for c in branch.opening_checks] == ["composition"]
    assert [c.key for c in branch.stage("proposal").action("submit").checks] == ["composition"]
    assert branch.stage("approval").action("approve").writes == "processes.registry_writes.dispatched_branch_form"
    assert [c.key for c in branch.stage("active").action("dissolve").checks] == ["dissolution"]


def test_the_funding_is_1000_yuan_a_year_from_002_33():
    from province_rules.jilin.processes import funding_for

    assert (funding_for(2016), funding_for(2026), funding_for(2015)) == (1000, 1000, 0)


def test_the_secretary_reports_yearly_and_from_2021_the_review_is_000s_述职评议():
    for rules, review_clause in ((BEFORE_2021, "002 第二十五条"), (NOW, "000 (四)")):
        report = rules.process("secretary_report")
        assert (report.subject, report.clause) == ("party_organization", "002 第二十五条")
        assert report.stage("report").deadline.source == "assigned"
        assert report.stage("review").clause == review_clause
        assert report.stage("review").action("review").clause == review_clause
