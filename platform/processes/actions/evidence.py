"""A case's evidence: scores of its items and documents, each a write with its audit entry."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

import clock
from accounts.actors import Actor
from audit.services import audit_record
from django.db import transaction

from ..documents import DocumentRefused, document_check, document_remove, document_store
from ..engine import (
    CaseError,
    case_roles,
    stage_of,
)
from ..models import Case, CaseDocument, CaseScore
from .cases import OPEN
from .checks import _role_names
from .common import (
    NUL_MESSAGE,
    Errors,
    case_for_write,
    has_nul,
    process_required,
    refuse,
)


@transaction.atomic
def case_scores_record(*, actor: Actor, rules, case_id, scores, today: dt.date | None = None) -> Case:
    """Score items of the current stage's scoring: ``scores`` a list of ``{item, score, note?}``."""
    today = today or clock.today()
    case = case_for_write(actor, case_id)
    process = process_required(rules, case.process)
    stage = stage_of(process, case)
    if case.status != OPEN or not stage.scoring:
        raise CaseError(f"“{stage.name}”环节不评分", code="no_scoring", field="scores")
    if not set(stage.roles) & case_roles(actor, case):
        raise CaseError(f"“{stage.name}”环节的评分由{_role_names(stage.roles)}填写", status=403,
                        code="action_not_permitted", field="scores")
    scoring = process.scoring(stage.scoring)
    errors = Errors()
    if not isinstance(scores, list) or not scores:
        refuse("scores", "应为评分项的列表：[{item, score, note}]")
    clean = []
    for index, entry in enumerate(scores):
        where = f"scores[{index}]"
        if not isinstance(entry, dict):
            errors.add(where, "应为对象 {item, score, note}")
            continue
        item = scoring.item(str(entry.get("item") or ""))
        if item is None:
            errors.add(f"{where}.item", f"“{scoring.title}”没有评分项“{entry.get('item')}”")
            continue
        try:
            score = Decimal(str(entry.get("score")))
        except (InvalidOperation, ValueError):
            errors.add(f"{where}.score", "得分应为数字")
            continue
        if not score.is_finite() or score < 0 or score > Decimal(str(item.max_score)):
            errors.add(f"{where}.score", f"得分应在0至{item.max_score:g}之间")
            continue
        note = str(entry.get("note") or "").strip()
        if len(note) > 500 or has_nul(note):
            errors.add(f"{where}.note", "说明不超过500字，" + NUL_MESSAGE)
            continue
        clean.append((item, score, note))
    errors.raise_if_any()
    changes = {}
    for item, score, note in clean:
        previous = case.scores.filter(stage=stage.code, scoring=scoring.key, item=item.key).values_list("score", flat=True).first()
        CaseScore.objects.update_or_create(case=case, stage=stage.code, scoring=scoring.key, item=item.key,
                                           defaults={"score": score, "note": note, "scored_by": actor.name[:150]})
        changes[item.key] = [None if previous is None else float(previous), float(score)]
    case.save(update_fields=["updated"])
    audit_record(action="case.score", actor=actor, object_type="Case", object_id=case.pk,
                 changes={"stage": stage.code, "scores": changes})
    return case


@transaction.atomic
def case_document_add(*, actor: Actor, rules, case_id, kind: str, uploaded) -> CaseDocument:
    """Attach an evidence document of ``kind`` (a document requirement of the process) to the
    case in its current stage. Refused: another kind, a file of another type or too large."""
    case = case_for_write(actor, case_id)
    process = process_required(rules, case.process)
    stage = stage_of(process, case)
    if case.status != OPEN:
        raise CaseError("事项已办结，不能再上传材料", code="case_closed", field="file")
    if not set(stage.roles) & case_roles(actor, case):
        raise CaseError(f"“{stage.name}”环节的材料由{_role_names(stage.roles)}上传", status=403,
                        code="action_not_permitted", field="file")
    kinds = {requirement.key: requirement for s in process.stages for requirement in s.documents}
    errors = Errors()
    kind = str(kind or "").strip()
    if kind not in kinds or has_nul(kind):
        known = "、".join(f"{k}（{r.name}）" for k, r in kinds.items()) or "无"
        errors.add("kind", f"“{process.name}”没有材料类别“{kind}”；可上传：{known}")
    checked = None
    try:
        checked = document_check(uploaded)
    except DocumentRefused as error:
        errors.add("file", str(error))
    errors.raise_if_any()
    # Stored before the row: a rollback after this leaves an unreferenced sealed file, never
    # a row without its file.
    storage_name = document_store(checked)
    try:
        document = CaseDocument.objects.create(
            case=case, stage=stage.code, kind=kind, name=checked.name, content_type=checked.content_type,
            size=checked.size, sha256=checked.sha256, storage_name=storage_name, uploaded_by=actor.name[:150])
        audit_record(action="case.document_add", actor=actor, object_type="Case", object_id=case.pk,
                     changes={"document": document.pk, "kind": kind, "name": checked.name, "size": checked.size,
                              "sha256": checked.sha256})
    except Exception:
        document_remove(storage_name)
        raise
    return document
