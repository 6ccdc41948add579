"""Guangdong's process declarations and plan (province_rules/guangdong/processes.py, plan.py):
each action, task, stage and check cites a clause of 003 that exists in the seed; the ten
actions follow 003's numbering and names; the settings where 003 names no number feed the
declarations; the registration checks find 003 三's gaps."""
import pytest

from province_rules.facts import OrganizationFacts, PartyOrgFacts
from province_rules.guangdong import GuangdongRules
from province_rules.guangdong.processes import coverage_gaps
from province_rules.processes import DeclarationError, Process, Stage, validate_processes

from .factories import AS_OF
from .seed_clauses import clause_exists, seed_text, seeds_available

guangdong = GuangdongRules()
ACTIONS = "一二三四五六七八九十"


def _clauses():
    cited = set()
    for process in guangdong.processes():
        cited.add(process.clause)
        for stage in process.stages:
            cited.add(stage.clause)
            cited.update(a.clause for a in stage.actions if a.clause)
            cited.update(f.clause for f in stage.fields if f.clause)
            if stage.deadline and stage.deadline.clause:
                cited.add(stage.deadline.clause)
        cited.update(item.clause for scoring in process.scorings for item in scoring.items)
        cited.update(check.clause for check in process.eligibility)
    for event in guangdong.registration_events():
        cited.update(check.clause for check in event.checks)
        cited.update(opening.clause for opening in event.opens)
    for plan in guangdong.plans():
        for item in plan.items:
            cited.add(item.clause)
            cited.update(task.clause for task in item.tasks)
    return cited - {"003"}  # the document as a whole (the plan, the task processes)


@pytest.mark.skipif(not seeds_available(), reason="seed texts not available")
def test_every_clause_the_processes_and_the_plan_cite_exists_in_003():
    cited = _clauses()
    assert cited and all(clause.startswith("003 ") for clause in cited)
    assert sorted(clause for clause in cited if not clause_exists(clause)) == []


@pytest.mark.skipif(not seeds_available(), reason="seed texts not available")
def test_the_ten_actions_are_003s_in_its_order_and_words():
    (plan,) = guangdong.plans()
    text = seed_text("003")
    assert [item.clause for item in plan.items] == [f"003 {n}" for n in ACTIONS]
    for number, item in zip(ACTIONS, plan.items):
        heading = item.name.replace("行动", "")
        assert f"{number}、开展{heading}行动" in text, item.name
        assert item.tasks and all(task.clause == item.clause for task in item.tasks)
    tasks = {task.code: task.name for item in plan.items for task in item.tasks}
    assert "临时党支部" in tasks["5.3"] and "第一书记" in tasks["7.3"] and "示范点" in tasks["8.2"]


def test_the_settings_where_003_is_silent_feed_the_declarations():
    point = guangdong.process("demonstration_point")
    assert point.max_approved == GuangdongRules.demonstration_points_max == 100 and point.max_approved_clause == "003 八"
    assert point.stage("cultivating").follow_up.days == GuangdongRules.follow_up_days
    assert guangdong.process("weak_and_lax_rectification").stage("rectifying").deadline.days == GuangdongRules.rectification_days

    class Later(GuangdongRules):
        follow_up_days = 30
    assert Later().process("demonstration_point").stage("named").follow_up.days == 30
    assert guangdong.process("demonstration_point").stage("named").follow_up.days == 60  # the original unchanged


def test_003_3_gaps_found_at_registration():
    bare = OrganizationFacts(kind="social_group", registration_level="city")
    built = OrganizationFacts(kind="social_group", registration_level="city", party_org=PartyOrgFacts(form="own"))
    assert coverage_gaps(guangdong, bare, {"formal_members": 3}, AS_OF) == ["应建尽建"]
    assert coverage_gaps(guangdong, bare, {"formal_members": 2}, AS_OF) == ["应联尽联"]
    assert coverage_gaps(guangdong, bare, {"formal_members": 0}, AS_OF) == []
    assert coverage_gaps(guangdong, built, {"formal_members": 3, "relations_elsewhere": 2}, AS_OF) == ["应纳尽纳"]
    assert coverage_gaps(guangdong, bare, {"formal_members": True}, AS_OF) == []  # not a count


def test_a_follow_up_must_name_a_recording_action_of_its_stage():
    from province_rules.processes import Action, FollowUp

    bad = Process("p", "测试", "003 八", stages=(
        Stage("s", "阶段", "003 八", roles=("provincial_staff",), follow_up=FollowUp("visit", 10),
              actions=(Action("visit", "走访", to="end"),)),
        Stage("end", "结束", "003 八", final=True)))
    with pytest.raises(DeclarationError, match="recording action"):
        validate_processes((bad,))
