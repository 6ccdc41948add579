"""Jilin's demo cases (platform/demo/processes/jilin.py): after the registry's demo data, every
stage of every Jilin process holds a case, made through the actions (each in the audit log)."""
import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from audit.models import AuditEntry
from processes.demo import processes_demo
from processes.models import Case
from tests.demo.fixtures import demo_data
from tests.helpers import rules_today


@pytest.fixture(scope="module")
def jilin_demo(django_db_blocker):
    # The size ./ops/run provisions (DEMO_SIZE).
    with demo_data(django_db_blocker, provinces=("jilin",), size="tiny") as counts:
        yield counts


def test_every_stage_of_every_jilin_process_holds_a_demo_case(jilin_demo, db):
    rules = rules_today("jilin")
    with schema_context("jilin"):
        made = processes_demo(rules=rules, as_of=timezone.localdate())
        again = processes_demo(rules=rules, as_of=timezone.localdate())  # once per province
        stages = set(Case.objects.values_list("process", "stage"))
        audited = AuditEntry.objects.filter(action__startswith="case.").count()
        named = Case.objects.filter(process="demonstration_base", stage="named").first()
        branch = Case.objects.filter(process="dispatched_branch", stage="active").first()
        covered = set(branch.party_organization.covered_organizations.values_list("pk", flat=True))
        formed_of = branch.party_organization.instructors.count()
    expected = {(p.code, s.code) for p in rules.processes() for s in p.stages}
    assert made == {"demonstration_base": 12, "dispatched_branch": 4, "formation_plan": 3, "funding_ledger": 3,
                    "secretary_report": 3}
    assert expected - stages == set()
    assert again == {"demonstration_base": 0, "dispatched_branch": 0, "formation_plan": 0, "funding_ledger": 0,
                     "secretary_report": 0}
    assert audited >= sum(made.values())
    assert named.valid_until is not None and named.data["naming"]["notice_number"].startswith("吉社联党发")
    assert len(covered) == 4 and formed_of == 3
