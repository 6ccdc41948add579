"""Anhui's process declarations (province_rules/anhui/processes.py): every clause they cite
exists in seed 004 (or says that the number is the module's setting), and the counting
proposal of 004 二 四 is declared with the setting it changes."""
import datetime as dt

import pytest

from province_rules.anhui import AnhuiRules
from province_rules.anhui.processes import MODULE_SETTING, PROCESSES
from province_rules.registry import rules_for

from .seed_clauses import clause_exists, seeds_available


def _clauses():
    for process in PROCESSES:
        yield process.code, process.clause
        for scoring in process.scorings:
            yield f"{process.code}.{scoring.key}", scoring.clause
            for item in scoring.items:
                yield f"{process.code}.{scoring.key}.{item.key}", item.clause
        for stage in process.stages:
            yield f"{process.code}.{stage.code}", stage.clause
            if stage.deadline is not None:
                yield f"{process.code}.{stage.code}.deadline", stage.deadline.clause
            for field in stage.fields:
                if field.clause:
                    yield f"{process.code}.{stage.code}.{field.key}", field.clause
            for document in stage.documents:
                yield f"{process.code}.{stage.code}.{document.key}", document.clause
            for action in stage.actions:
                if action.clause:
                    yield f"{process.code}.{stage.code}.{action.code}", action.clause
    for event in AnhuiRules().registration_events():
        for check in event.checks:
            yield f"registration.{event.event}.{check.key}", check.clause
        for opening in event.opens:
            yield f"registration.{event.event}.{opening.process}", opening.clause


@pytest.mark.skipif(not seeds_available(), reason="the seeds are not on this machine")
@pytest.mark.parametrize("where, clause", list(_clauses()))
def test_every_clause_cited_exists_in_004(where, clause):
    assert clause == MODULE_SETTING or (clause.startswith("004 ") and clause_exists(clause)), where


def test_every_process_has_its_demo_and_each_stage_acts_or_ends():
    rules = rules_for("anhui", dt.date(2026, 1, 1))
    assert [p.code for p in rules.processes()] == [
        "party_org_establishment", "instructor_dispatch", "three_sync_documents", "annual_party_report"]
    assert all(p.demo.startswith("demo.processes.anhui.") for p in rules.processes())
    meeting = rules.process("party_org_establishment").stage("meeting")
    assert meeting.meeting and {a.decision for a in meeting.actions} == {"approve", "reject", "defer"}
    assert meeting.action("reject").reason_required


def test_the_counting_proposal_changes_only_its_setting_from_its_date():
    [proposal] = AnhuiRules().proposals()
    assert proposal.key == "count_management_personnel" and proposal.clause == "004 二 四"
    day = dt.date(2026, 3, 1)
    before = rules_for("anhui", day - dt.timedelta(days=1), adopted={proposal.key: day})
    after = rules_for("anhui", day, adopted={proposal.key: day})
    assert type(before) is AnhuiRules and not before.settings.count_management_personnel
    assert after.settings.count_management_personnel and after.valid_from == day and isinstance(after, AnhuiRules)
    assert after.adopted == ((proposal.key, day),) and after.rules_id() != before.rules_id()
    assert AnhuiRules.settings.count_management_personnel is False  # the module itself is not edited
    # Jilin declares no proposal: an adoption recorded for it changes nothing.
    jilin = rules_for("jilin", day, adopted={proposal.key: day})
    assert not jilin.adopted
