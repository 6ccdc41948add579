"""What a case's action is checked against: the case checks over its organizations' facts and
recorded values, the recorded values themselves, its organizations, its scores, what a stage still needs."""
from __future__ import annotations

import datetime as dt

from province_rules.processes import (
    CaseFacts,
    Process,
    Stage,
)

from ..engine import (
    missing_for,
)
from ..models import Case
from .common import (
    Errors,
)


def case_checks_run(rules, checks, *, organizations, fields: dict, today: dt.date, errors: Errors, field: str) -> None:
    """Run case checks (``CaseCheck``) on the facts of ``organizations`` and the recorded
    ``fields``; a refusal is added under ``field`` with its clauses."""
    from registry.selectors import organization_facts

    facts = CaseFacts(organizations=tuple(organization_facts(organization=o, as_of=today) for o in organizations),
                      fields=fields)
    for check in checks:
        answer = check.check(rules, facts, today)
        value = getattr(answer, "value", answer)
        if value is not False:
            continue
        reasons = getattr(answer, "reasons", None) or ()
        for reason in reasons:
            errors.add(field, f"{reason.text}（{reason.clause}）")
        if not reasons:
            errors.add(field, f"不符合：{check.text}（{check.clause}）")


def case_fields(case: Case, extra: dict | None = None) -> dict:
    """The values the case's stages recorded, the latest stage's over earlier ones, ``extra`` last."""
    fields = {}
    for values in case.data.values():
        if isinstance(values, dict):
            fields.update({k: v for k, v in values.items() if v is not None})
    fields.update({k: v for k, v in (extra or {}).items() if v is not None})
    return fields


def _case_organizations(case: Case) -> list:
    from registry.models import SocialOrganization

    others = list(case.organizations.order_by("id"))
    first = [case.organization] if case.organization_id else []
    covered = list(SocialOrganization.objects.filter(party_organizations=case.party_organization_id)) \
        if case.party_organization_id and not first else []
    return first + [o for o in others if o not in first] + covered


def _role_names(roles) -> str:
    from accounts.models import Role

    return "、".join(Role(role).label for role in roles) or "—"


def _scores_of(case: Case) -> dict[tuple[str, str], float]:
    """The latest score of each (scoring, item) over the case's stages."""
    latest = {}
    for scoring, item, score in case.scores.order_by("scored_at", "id").values_list("scoring", "item", "score"):
        latest[(scoring, item)] = float(score)
    return latest


def stage_missing(process: Process, stage: Stage, case: Case, *, documents=None, scores=None) -> dict[str, list[str]]:
    """What ``stage`` still needs (``missing_for``); ``documents``/``scores``: the case's, when the
    caller has them already (read here otherwise)."""
    documents = case.documents.all() if documents is None else documents
    stage_scores = {}
    if stage.scoring:
        stage_scores = {score.item: score.score for score in (case.scores.all() if scores is None else scores)
                        if score.stage == stage.code and score.scoring == stage.scoring}
    return missing_for(process, stage, documents={document.kind for document in documents},
                       data=case.data.get(stage.code, {}), scores=stage_scores)
