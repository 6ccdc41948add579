"""The declaration format (province_rules/processes.py): every module's processes hold
together, and a declaration that does not is refused naming what is wrong."""
import datetime as dt

import pytest

from province_rules.processes import Action, DeclarationError, Deadline, Process, Stage, validate_processes
from province_rules.registry import modules_for, registered_codes, rules_for

from .testland import PROCESSES


@pytest.mark.parametrize("code", registered_codes() + ("national", "testland"))
def test_every_modules_processes_validate(code):
    for cls in modules_for(code):
        validate_processes(cls().processes())


def test_the_test_module_is_found_by_its_code_but_not_listed():
    assert "testland" not in registered_codes()
    assert rules_for("testland", dt.date(2026, 1, 1)).processes() == PROCESSES


def test_a_declaration_that_does_not_hold_together_is_refused_naming_the_problem():
    bad = Process(code="bad", name="坏", clause="x", stages=(
        Stage("a", "甲", "x", roles=("provincial_staff",), deadline=Deadline.round(),
              actions=(Action("go", "前往", to="nowhere"), Action("vote", "表决", to="a", decision="approve"))),
        Stage("b", "乙", "x", roles=("mayor",), actions=(Action("end", "结束", to="a", after_due=True),)),
    ))
    with pytest.raises(DeclarationError) as error:
        bad.validate()
    text = str(error.value)
    for problem in ("leads to 'nowhere'", "a round deadline in a process without rounds", "unknown role 'mayor'",
                    "a decision outside a meeting stage", "after_due in a stage without a deadline"):
        assert problem in text
