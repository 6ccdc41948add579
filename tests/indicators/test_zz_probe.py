import pytest
from django.utils import timezone
from django_tenants.utils import schema_context
from indicators.selectors import indicator_totals, indicator_party_organizations
from province_rules.registry import rules_for
from registry.models import PartyOrganization
from tests.demo.fixtures import PROVINCES, demo_data

@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with demo_data(django_db_blocker, size="S") as counts:
        yield counts

def test_probe(demo, db):
    as_of = timezone.localdate()
    for code in PROVINCES:
        rules = rules_for(code, as_of)
        with schema_context(code):
            t = indicator_totals(rules=rules, as_of=as_of)
            parties = t["with_party_org"]
            live = indicator_party_organizations(rules=rules, indicator="weak_and_lax", as_of=as_of).count()
            from indicators.selectors.lists import criteria_values
            print(code, {k: t[k] for k in t if not k.endswith("_rate")}, "orgcov", t["organizational_coverage_rate"])
            from django.db import connection
            from indicators.selectors.facts_sql import facts_statement, FROM_FACTS, compile_criterion
            f = facts_statement(rules, as_of=as_of)
            cols = [k for k in ("leadership_incomplete","activities_infrequent","joint_branch_too_many_units","weak_and_lax","with_party_org")]
            comp = [compile_criterion(rules, k, as_of=as_of) for k in cols]
            sql = f.sql + " SELECT " + ", ".join(f"count(DISTINCT p.id) FILTER (WHERE {c.sql} AND o.status <> 'deregistered')" for c in comp) + " " + FROM_FACTS
            with connection.cursor() as cur:
                cur.execute(sql, list(f.params) + [p for c in comp for p in c.params])
                print(code, dict(zip(cols, cur.fetchone())))

def test_probe2(demo, db):
    import datetime as dt
    from django.db import connection
    from indicators.selectors.facts_sql import facts_statement, FROM_FACTS, compile_criterion
    as_of = timezone.localdate()
    rules = rules_for("guangdong", as_of)
    with schema_context("guangdong"):
        f = facts_statement(rules, as_of=as_of)
        c = compile_criterion(rules, "activities_infrequent", as_of=as_of)
        sql = f.sql + f" SELECT p.id, p.weak_and_lax, (p.general_meeting+p.committee_meeting+p.group_meeting+p.party_lecture+p.theme_day) {FROM_FACTS} WHERE {c.sql} AND o.status <> 'deregistered' GROUP BY 1,2,3"
        with connection.cursor() as cur:
            cur.execute(sql, list(f.params) + list(c.params))
            rows = cur.fetchall()
        ids = [r[0] for r in rows]
        founded = dict(PartyOrganization.objects.filter(id__in=ids).values_list("id", "founded_on"))
        young = sum(1 for i in ids if founded[i] and founded[i] > as_of - dt.timedelta(days=365))
        print("infrequent", len(rows), "weak", sum(r[1] for r in rows), "young", young, sorted(r[2] for r in rows)[:50])
