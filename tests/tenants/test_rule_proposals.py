"""Adopting a rule proposal (004 二 四: count management personnel among the three formal
members) is a committee decision recorded with its date, through the API and the page: from
that date ``must_build_own_party_org`` counts them, before it it does not; the module itself
is not edited (a derived module holds from the date)."""
import datetime as dt

from django_tenants.utils import schema_context

import clock
from audit.models import AuditEntry
from tests.api.conftest import api_client, issue_token
from tests.processes.anhui import CODE, anhui_world  # noqa: F401 (fixture)
from tests.processes.conftest import session

ADOPTED = dt.date(2026, 3, 1)
# Two full-time staff and a secretary-general whose relation is here: three only with management counted.
FACTS = {"kind": "social_group", "registration_level": "province", "employees": 12, "members": [
    {"status": "formal", "relation": "here", "roles": ["full_time"]},
    {"status": "formal", "relation": "here", "roles": ["full_time"]},
    {"status": "formal", "relation": "here", "roles": ["management"]}]}


def must_build(api, as_of: dt.date) -> bool:
    answer = api.post_json("/api/v1/rules/evaluate", {"as_of": as_of.isoformat(), "organization": FACTS})
    assert answer.status_code == 200, answer.json()
    return answer.json()["decisions"]["must_build_own_party_org"]["value"]


def test_adopting_the_counting_proposal_changes_must_build_from_that_date_only(anhui_world):
    api = api_client(CODE, anhui_world.token)
    assert api.get("/api/v1/rules/proposals").json()[0]["adopted_on"] is None
    assert must_build(api, ADOPTED) is False
    answer = api.post_json("/api/v1/rules/proposals/count_management_personnel/adoption",
                           {"adopted_on": ADOPTED.isoformat(), "decision": "综合党委会 2026年第2次会议"})
    assert answer.status_code == 201, answer.json()
    assert answer.json()["adopted_on"] == ADOPTED.isoformat() and answer.json()["clause"] == "004 二 四"
    assert must_build(api, ADOPTED - dt.timedelta(days=1)) is False
    assert must_build(api, ADOPTED) is True
    assert must_build(api, clock.today()) is True
    with schema_context(CODE):
        entry = AuditEntry.objects.get(action="rule_proposal.adopt")
        assert entry.changes["adopted_on"] == ADOPTED.isoformat()
    # Once only; an unknown proposal and a bad date name their fields.
    again = api.post_json("/api/v1/rules/proposals/count_management_personnel/adoption",
                          {"adopted_on": "2026-04-01", "decision": "再次"})
    assert again.status_code == 400 and again.json()["errors"][0]["field"] == "proposal"
    unknown = api.post_json("/api/v1/rules/proposals/nothing/adoption", {"adopted_on": "2026-04-01", "decision": "x"})
    assert unknown.status_code == 400 and unknown.json()["errors"][0]["field"] == "proposal"
    early = api.post_json("/api/v1/rules/proposals/count_management_personnel/adoption",
                          {"adopted_on": "2010-01-01", "decision": "x"})
    assert early.status_code == 400


def test_the_page_records_the_adoption_and_a_read_token_may_not(anhui_world):
    page = session(anhui_world, "provincial")
    assert "记录采纳" in page.get("/rules/proposals/").content.decode()
    answer = page.post("/rules/proposals/", {"proposal": "count_management_personnel", "adopted_on": ADOPTED.isoformat(),
                                              "decision": "综合党委会 2026年第2次会议"})
    assert answer.status_code == 302
    text = page.get("/rules/proposals/").content.decode()
    assert "已采纳" in text and ADOPTED.isoformat() in text and "综合党委会 2026年第2次会议" in text
    reader = api_client(CODE, issue_token(CODE, scopes="read", name="reader"))
    refused = reader.post_json("/api/v1/rules/proposals/count_management_personnel/adoption",
                               {"adopted_on": ADOPTED.isoformat(), "decision": "x"})
    assert refused.status_code == 403


def test_a_province_whose_rules_declare_no_proposal_answers_404(jilin):
    api = api_client("jilin", issue_token("jilin"))
    assert api.get("/api/v1/rules/proposals").status_code == 404
    assert api.post_json("/api/v1/rules/proposals/count_management_personnel/adoption",
                         {"adopted_on": "2026-03-01", "decision": "x"}).status_code == 404
