"""Proposals a committee may adopt by a decision of its own: dated rule settings.

A document sometimes proposes a rule rather than stating it (004 二 四: "探索将“3名正式党员”的
界定扩大到从业人员…"). The module declares it as a ``Proposal`` (``proposals()``), with the
settings it changes. Adopting it is a committee decision recorded with its date (outside this
package: ``tenants.actions.rule_proposal_adopt``); from that date the rules object of the
day is the module with those settings (``registry.rules_for(code, as_of, adopted=…)``), a
derived module holding from the adoption date: the module itself is not edited, and dates
before the adoption keep the old settings.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Mapping


@dataclass(frozen=True)
class Proposal:
    key: str
    title: str
    clause: str
    text: str
    changes: Mapping[str, Any] = field(default_factory=dict)  # RuleSettings fields and their values once adopted


@dataclass(frozen=True)
class Adoption:
    """A recorded adoption: the proposal's key, the date it holds from, the decision (meeting,
    document number) that adopted it."""

    proposal: str
    adopted_on: date
    decision: str = ""
