"""Writes on a province itself: a committee's adoption of a rule proposal (a dated rule
setting, ``province_rules/proposals.py``), recorded on the ``Province`` and audited in the
province's log. The provincial committee's staff or a write token only."""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

import clock
from accounts.actors import Actor, OutOfScope
from audit.services import audit_record

from .models import Province
from .selectors import current_province

DECISION_MAX = 200


def _date(value, field: str, errors: dict) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value or ""))
    except ValueError:
        errors.setdefault(field, []).append("日期格式应为 YYYY-MM-DD")
        return None


@transaction.atomic
def rule_proposal_adopt(*, actor: Actor, rules, proposal, adopted_on, decision) -> dict:
    """Record that the committee adopted ``proposal`` (a key of ``rules.proposals()``) from
    ``adopted_on`` by ``decision`` (the meeting or document, e.g. 综合党委会 2026年第3次会议).
    From that date the province's rules object counts by the proposal's settings; dates
    before it keep the old ones. An adoption is recorded once (a later one is a new proposal)."""
    actor.require_write()
    if not actor.is_province_wide:
        raise OutOfScope("规则建议的采纳由省级党委记录", field="proposal")
    province = Province.objects.select_for_update().get(pk=current_province().pk)
    errors: dict[str, list[str]] = {}
    declared = {p.key: p for p in rules.proposals()}
    key = str(proposal or "").strip()
    found = declared.get(key)
    if found is None:
        known = "、".join(f"{p.key}（{p.title}）" for p in declared.values()) or "无"
        errors["proposal"] = [f"本省规则没有编码为“{key[:50]}”的建议；可采纳：{known}"]
    elif key in province.adoptions():
        errors["proposal"] = [f"“{found.title}”已于{province.adoptions()[key].isoformat()}采纳"]
    day = _date(adopted_on, "adopted_on", errors)
    if day is not None and day < rules.valid_from:
        errors.setdefault("adopted_on", []).append(f"采纳日期不能早于本省规则的施行日期（{rules.valid_from.isoformat()}）")
    decision = str(decision or "").strip()
    if not decision or len(decision) > DECISION_MAX or "\x00" in decision:
        errors["decision"] = [f"请填写采纳的决定（会议或文号，不超过{DECISION_MAX}字）"]
    if errors:
        raise ValidationError(errors)
    entry = {"proposal": key, "adopted_on": day.isoformat(), "decision": decision, "recorded_by": actor.name[:150],
             "recorded_at": clock.today().isoformat()}
    province.rule_adoptions = [*(province.rule_adoptions or []), entry]
    province.save(update_fields=["rule_adoptions"])
    audit_record(action="rule_proposal.adopt", actor=actor, object_type="Province", object_id=province.code,
                 changes={"proposal": key, "adopted_on": day.isoformat(), "decision": decision,
                          "clause": found.clause, "settings": {k: repr(v) for k, v in found.changes.items()}})
    return entry


def rule_proposals(*, rules, province) -> list[dict]:
    """Each proposal the rules declare with its adoption (None when not adopted)."""
    recorded = {entry["proposal"]: entry for entry in province.rule_adoptions or ()}
    return [{"proposal": p, "adoption": recorded.get(p.key)} for p in rules.proposals()]
