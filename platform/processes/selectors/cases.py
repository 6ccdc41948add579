"""A case for one actor: getting it in scope, the list and its filters, the case page and list rows,
its facts, scores and recorded values."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from accounts.actors import Actor
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects
from django.http import Http404

from ..engine import action_summary, actions_for, case_roles
from ..models import Case
from ..workdays import UNCOVERED_LABEL


def case_get(actor: Actor, case_id) -> Case:
    """The case if ``actor`` may see it; Http404 otherwise (another city's case included)."""
    try:
        case_id = int(case_id)
    except (TypeError, ValueError):
        raise Http404 from None
    case = actor.scoped(Case.objects.select_related("organization", "party_organization", "region", "round")) \
        .filter(pk=case_id).first()
    if case is None:
        raise Http404
    return case


@dataclass(frozen=True)
class CaseFilters:
    process: str = ""
    round: int | None = None
    stage: str = ""
    organization: str = ""
    region: str = ""
    overdue: bool | None = None
    status: str = ""


def case_filters_clean(rules, params) -> CaseFilters:
    """Filters from query parameters, checked against the province's processes (an unknown
    process or stage is a field error, not an empty list)."""
    errors: dict[str, list[str]] = {}
    process_code = (params.get("process") or "").strip()
    stage = (params.get("stage") or "").strip()
    process = rules.process(process_code) if process_code else None
    if process_code and process is None:
        errors["process"] = [f"本省没有编码为“{process_code}”的办理事项"]
    if stage:
        stages = [s for p in ([process] if process else rules.processes()) for s in p.stages if s.code == stage]
        if not stages and "process" not in errors:
            errors["stage"] = [f"{'“' + process.name + '”' if process else '本省事项'}没有编码为“{stage}”的环节"]
    round_year = None
    if params.get("round"):
        try:
            round_year = int(params.get("round"))
        except ValueError:
            errors["round"] = ["批次应为年度（如 2026）"]
    overdue = params.get("overdue")
    overdue_value = None
    if overdue not in (None, ""):
        if overdue.lower() not in ("true", "false", "1", "0"):
            errors["overdue"] = ["应为 true 或 false"]
        else:
            overdue_value = overdue.lower() in ("true", "1")
    status = (params.get("status") or "").strip()
    if status and status not in Case.Status.values:
        errors["status"] = ["应为 open 或 closed"]
    if errors:
        raise ValidationError(errors)
    return CaseFilters(process=process_code, round=round_year, stage=stage,
                       organization=(params.get("organization") or "").strip(), region=(params.get("region") or "").strip(),
                       overdue=overdue_value, status=status)


def case_list(actor: Actor, filters: CaseFilters, *, today: dt.date) -> QuerySet:
    cases = actor.scoped(Case.objects.select_related("organization", "party_organization", "region", "round"))
    if filters.process:
        cases = cases.filter(process=filters.process)
    if filters.round is not None:
        cases = cases.filter(round__year=filters.round)
    if filters.stage:
        cases = cases.filter(stage=filters.stage)
    if filters.organization:
        key = filters.organization.upper()
        cases = cases.filter(Q(organization__uscc=key) | Q(organization__name__contains=filters.organization))
    if filters.region:
        from regions.codes import code_prefix

        try:
            cases = cases.filter(region__code__startswith=code_prefix(filters.region))
        except ValueError as error:
            raise ValidationError({"region": [str(error)]}) from None
    if filters.overdue is True:
        cases = cases.filter(status="open", due_on__lt=today)
    elif filters.overdue is False:
        cases = cases.exclude(status="open", due_on__lt=today)
    if filters.status:
        cases = cases.filter(status=filters.status)
    return cases.order_by("-id")


def subject_label(case: Case) -> str:
    if case.organization_id:
        return case.organization.name
    if case.party_organization_id:
        return case.party_organization.name
    return f"{case.region.name}社会组织党委"


def case_view(actor: Actor, rules, case: Case, *, today: dt.date, with_history: bool = True) -> dict:
    """Everything a case page and the API show about one case. ``with_history=False``: a row of a
    list (the API's case list, the meeting page): no history, progress reports or score prefill.
    Documents, scores and joint organizations come from the lists ``case_rows`` prefetched for a
    page (``Prefetch(..., to_attr=...)``), else are read here."""
    from ..actions import stage_missing

    process = rules.process(case.process)
    stage = process.stage(case.stage) if process else None
    roles = case_roles(actor, case)
    actions = actions_for(actor, process, case, roles=roles) if process and stage else []
    documents = _prefetched(case, "documents")
    scores = _prefetched(case, "scores")
    view = {
        "case": case,
        "process": process,
        "stage": stage,
        "stage_name": stage.name if stage else case.stage,
        "subject": subject_label(case),
        "actions": [action_summary(a) for a in actions],
        "action_objects": actions,
        "missing": stage_missing(process, stage, case, documents=documents, scores=scores)
        if process and stage and case.status == "open" else {},
        "documents": documents,
        "organizations": _prefetched(case, "organizations"),
        "document_kinds": [r for r in stage.documents] if stage else [],
        "upload_kinds": [r for s in process.stages for r in s.documents] if process else [],
        "scores": scores,
        "scoring": process.scoring(stage.scoring) if stage and stage.scoring else None,
        "may_score": bool(stage and stage.scoring and case.status == "open" and set(stage.roles) & roles),
        "may_upload": bool(stage and case.status == "open" and set(stage.roles) & roles),
        "overdue": case.status == "open" and case.due_on is not None and case.due_on < today,
        "due_flag": "" if case.due_covered else UNCOVERED_LABEL,
    }
    view["conditions"] = action_conditions(rules, case, actions, today=today) if case.status == "open" else {}
    kinds = {r.key: r.name for s in (process.stages if process else ()) for r in s.documents}
    for document in documents:
        document.kind_name = kinds.get(document.kind, document.kind)
    if with_history:
        view["reports"] = list(case.reports.all()[:20])
        if view["scoring"] is not None:  # the case page's scoring form (registry facts per item)
            view["prefill"] = scoring_prefill(rules, view["scoring"], case, today=today)
        view["history"] = list(case.events.select_related("meeting").order_by("id"))
        view["history_rows"] = _history_rows(process, view["history"])
    return view


def action_conditions(rules, case: Case, actions, *, today: dt.date) -> dict[str, dict]:
    """For each action the user may take that has case checks (``Action.checks``): whether they
    hold now and why not, so a page can say e.g. that a dispatched branch may now be dissolved."""
    from ..actions.checks import _case_organizations, case_checks_run, case_fields
    from ..actions.common import Errors

    conditions = {}
    for action in actions:
        if not action.checks:
            continue
        errors = Errors()
        case_checks_run(rules, action.checks, organizations=_case_organizations(case), fields=case_fields(case),
                        today=today, errors=errors, field="action")
        conditions[action.code] = {"met": not errors.errors, "reasons": errors.errors.get("action", []),
                                   "texts": [f"{c.text}（{c.clause}）" for c in action.checks]}
    return conditions


def _shown(value) -> str:
    if isinstance(value, list):
        return "、".join(map(str, value))
    if isinstance(value, dict):
        return "、".join(f"{'得分' if k == 'score' else k} {v}" for k, v in value.items())
    return str(value)


def _history_rows(process, events) -> list[dict]:
    """The history as a page shows it: stage names, recorded fields by their labels."""
    names = {stage.code: stage.name for stage in process.stages} if process else {}
    labels = {item.key: item.label for stage in (process.stages if process else ()) for item in stage.fields}
    labels.update({"text": "情况", "figures": "数据", "period": "报告期"})
    rows = []
    for event in events:
        data = [(labels.get(key, key), _shown(value)) for key, value in (event.data or {}).items()
                if value not in (None, "", [], {})]
        rows.append({"event": event, "before": names.get(event.stage_before, event.stage_before),
                     "after": names.get(event.stage_after, event.stage_after), "data": data})
    return rows


def case_facts(rules, process, case: Case, *, today: dt.date) -> dict:
    """What a committee meeting reads about a case: each organization it is about with its
    formal members counted by the province's rule (``must_build_own_party_org``), and the
    fields recorded in its stages (label → value)."""
    from registry.selectors import organization_facts

    from ..actions.effects import case_organizations

    organizations = []
    for organization in case_organizations(case):
        decision = rules.must_build_own_party_org(organization_facts(organization=organization, as_of=today), today)
        organizations.append({"organization": organization, "counted": decision.extra.get("formal_members_counted"),
                              "must_build": decision.value, "reasons": decision.reasons})
    labels = {item.key: (item.label, item) for stage in (process.stages if process else ()) for item in stage.fields}
    recorded = []
    for stage_code, values in (case.data or {}).items():
        if not isinstance(values, dict) or stage_code.startswith("_"):
            continue
        for key, value in values.items():
            if value in (None, "", []) or key not in labels:
                continue
            label, _ = labels[key]
            recorded.append({"key": key, "label": label, "value": "、".join(map(str, value)) if isinstance(value, list) else value})
    return {"organizations": organizations, "recorded": recorded}


PREFETCHED = "prefetched_"


def _prefetched(case: Case, name: str) -> list:
    """The case's ``name`` (documents, scores, organizations) as ``case_rows`` prefetched them,
    else read now (in the models' order: documents by id, scores by stage and id)."""
    found = getattr(case, f"{PREFETCHED}{name}", None)
    return list(getattr(case, name).all()) if found is None else found


def case_rows(actor: Actor, rules, cases, *, today: dt.date) -> list[dict]:
    """``case_view`` of each case of a page, with three queries for the whole page (documents,
    scores, joint organizations) instead of several per case."""
    cases = list(cases)
    prefetch_related_objects(cases, *(Prefetch(name, to_attr=f"{PREFETCHED}{name}") for name in ("documents", "scores",
                                                                                                  "organizations")))
    return [case_view(actor, rules, case, today=today, with_history=False) for case in cases]


def scoring_prefill(rules, scoring, case: Case, *, today: dt.date) -> list[dict]:
    """Each item with what the registry says (met / not met / 待核实) and the scores given."""
    facts = None
    if case.organization_id:
        from registry.selectors import organization_facts

        facts = organization_facts(organization=case.organization, as_of=today)
    given = {}
    for score in case.scores.filter(scoring=scoring.key).order_by("scored_at", "id"):
        given.setdefault(score.item, {})[score.stage] = score
    rows = []
    for item in scoring.items:
        met = item.check(rules, facts, today) if item.check and facts is not None else None
        rows.append({"item": item, "met": met, "suggested": None if met is None else (item.max_score if met else 0),
                     "label": "待核实" if met is None else ("符合" if met else "不符合"), "given": given.get(item.key, {})})
    return rows


def recorded_data(process, case: Case) -> list[dict]:
    """The values the case's stages recorded, stage by stage in the process's order, each with
    its field's label (a value of a field the module no longer declares keeps its key)."""
    rows = []
    for stage in (process.stages if process else ()):
        values = case.data.get(stage.code) or {}
        labels = {item.key: item for item in stage.fields}
        order = [item.key for item in stage.fields] + [key for key in values if key not in labels]
        items = [{"label": labels[key].label if key in labels else key, "value": _shown_field(labels.get(key), values[key]),
                  "clause": labels[key].clause if key in labels else ""}
                 for key in order if values.get(key) not in (None, "", [])]
        if items:
            rows.append({"stage": stage, "items": items})
    return rows


def _shown_field(item, value):
    """A recorded value as a page shows it: instructors by name."""
    if item is not None and item.kind == "instructors" and isinstance(value, list):
        from registry.models import Instructor

        names = dict(Instructor.objects.filter(pk__in=value).values_list("pk", "name"))
        return [names.get(pk, str(pk)) for pk in value]
    return value


def validity_fields(process) -> tuple:
    """The fields of the stage whose action starts the validity (a naming notice's number and date)."""
    from province_rules.processes import START_VALIDITY

    for stage in process.stages:
        if any(START_VALIDITY in action.effects for action in stage.actions):
            return tuple((stage.code, item) for item in stage.fields)
    return ()
