"""Bulk variants of the registry actions, for imports: the same scope rule, the same validators
(the caller validates each row with ``organization_validate`` / ``member_validate``), the same
invariants, and one audit entry per changed row (written in one batch per thousand rows, the
chain sealed per batch), so that the history of any organization shows its import changes too.

Rows come keyed by the caller's own key (an import's row number) and the outcome of each is
returned by that key: ``"created"``, ``"updated"`` or ``"unchanged"``. A bulk write is for an
actor whose scope is the whole province (provincial staff, a job): an import upserts by USCC
and ID number across the province, so a narrower scope is refused before anything is read.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils import timezone

import bulksql
import clock
from accounts.actors import OutOfScope
from audit.services import audit_record_many, changes_between
from privacy.crypto import keyed_digest

from ..models import EvaluationGrade, Member, SocialOrganization, Supervisor
from ..validators import birth_date_from_id, gender_from_id
from .checks import evaluation_grade_clean, grade_audit_changes, grade_cap_check
from .members import member_snapshot, member_values
from .organizations import PLAIN_FIELDS, organization_snapshot

BATCH = 1000


def bulk_scope_check(actor) -> None:
    actor.require_write()
    if not actor.is_province_wide:
        raise OutOfScope("只有省级社会组织党委工作人员可以导入台账（导入按统一社会信用代码更新全省数据）")


def supervisors_for(cleaned: list[dict]) -> dict[str, Supervisor]:
    """Supervisors by name, created on first use in row order as ``organization_upsert`` would
    (the kind of a new one is that of its first use): one INSERT and one SELECT in all."""
    kinds: dict[str, str] = {}
    for clean in cleaned:
        for name, kind in ((clean["business_supervisor_name"], Supervisor.Kind.BUSINESS_SUPERVISOR),
                           (clean["industry_committee_name"], Supervisor.Kind.INDUSTRY_COMMITTEE)):
            if name:
                kinds.setdefault(name, kind)
    if not kinds:
        return {}
    Supervisor.objects.bulk_create([Supervisor(name=name, kind=kind) for name, kind in kinds.items()], ignore_conflicts=True)
    return {s.name: s for s in Supervisor.objects.filter(name__in=list(kinds))}


@lru_cache(maxsize=None)
def _field_names(model) -> frozenset[str]:
    return frozenset(field.name for field in model._meta.concrete_fields)


def new_row(model, values: dict):
    """``model(**values)`` (values by field name, related objects as instances) through Django's
    positional constructor: each field set once, the related objects cached as their descriptors
    would cache them, but without a descriptor call per relation (an import makes thousands)."""
    fields = model._meta.concrete_fields
    unknown = values.keys() - _field_names(model)
    if unknown:
        raise TypeError(f"new_row: {model.__name__} has no field {sorted(unknown)}")
    args, related = [], []
    for field in fields:
        if field.name in values:
            value = values[field.name]
            if field.is_relation:
                related.append((field, value))
                value = None if value is None else value.pk
            args.append(value)
        else:
            args.append(field.get_default())
    row = model(*args)
    for field, value in related:
        field.set_cached_value(row, value)
    return row


def _changed(row, values: dict) -> list[str]:
    changed = [field for field, value in values.items() if getattr(row, field) != value]
    for field in changed:
        setattr(row, field, values[field])
    return changed


def _save_changed(model, rows: list, fields: set[str]) -> None:
    if rows:
        now = timezone.now()
        for row in rows:
            row.updated = now
        bulksql.bulk_update(model, rows, sorted(fields) + ["updated"])


def _upsert_batch(*, actor, model, action: str, batch: list, existing: dict, values_of, new_of, snapshot_of,
                  object_id_of, written: dict | None = None) -> dict[object, str]:
    """One batch of a bulk upsert: ``batch`` is ``[(row key, (key, clean))]``, ``existing`` the
    stored rows by key. One INSERT, one UPDATE and one audit batch. ``written``, when given,
    receives every row of the batch (created, updated or unchanged) by its key."""
    outcomes: dict[object, str] = {}
    new, changed_rows, changed_fields, entries = [], [], set(), []
    for row_key, (key, clean) in batch:
        values = values_of(clean)
        row = existing.get(key)
        if written is not None:
            written[key] = row
        if row is None:
            row = new_of(key, clean, values)
            if written is not None:
                written[key] = row
            new.append(row)
            outcomes[row_key] = "created"
            entries.append((None, row))
            continue
        before = snapshot_of(row)
        changed = _changed(row, values)
        outcomes[row_key] = "updated" if changed else "unchanged"
        if changed:
            changed_rows.append(row)
            changed_fields.update(changed)
            entries.append((before, row))
    bulksql.bulk_insert(model, new)
    _save_changed(model, changed_rows, changed_fields)
    audit_record_many([{"action": action, "object_type": model.__name__, "object_id": object_id_of(row),
                        "changes": changes_between(before, snapshot_of(row))} for before, row in entries], actor=actor)
    return outcomes


def organizations_bulk_upsert(*, actor, rules, rows: list[tuple[object, dict]], written: dict | None = None
                              ) -> dict[object, str]:
    """``organization_upsert`` for many validated rows ``(key, clean)`` at once, in batches:
    one SELECT, one INSERT, one UPDATE and one audit batch per thousand rows. ``written``, when
    given, receives each organization as stored by its USCC."""
    bulk_scope_check(actor)
    supervisors = supervisors_for([clean for _, clean in rows])

    def values_of(clean):
        values = {field: clean[field] for field in PLAIN_FIELDS}
        values["region"] = clean["region"]
        values["business_supervisor"] = supervisors.get(clean["business_supervisor_name"])
        values["industry_committee"] = supervisors.get(clean["industry_committee_name"])
        return values

    outcomes: dict[object, str] = {}
    for start in range(0, len(rows), BATCH):
        batch = [(row_key, (clean["uscc"], clean)) for row_key, clean in rows[start:start + BATCH]]
        existing = {o.uscc: o for o in SocialOrganization.objects.select_related(
            "region", "business_supervisor", "industry_committee").filter(uscc__in=[key for _, (key, _) in batch])}
        outcomes.update(_upsert_batch(
            actor=actor, model=SocialOrganization, action="organization.upsert", batch=batch, existing=existing,
            values_of=values_of, new_of=lambda uscc, clean, values: new_row(SocialOrganization, {"uscc": uscc, **values}),
            snapshot_of=organization_snapshot, object_id_of=lambda organization: organization.uscc, written=written))
    return outcomes


def evaluation_grades_bulk_record(*, actor, rules, rows: list[tuple[object, SocialOrganization, str, dt.date]]
                                  ) -> tuple[dict[object, str], dict[object, list[dict]], dict[object, dict]]:
    """``evaluation_grade_record`` for many ``(key, organization, grade, rated_on)`` at once: the
    facts of the graded organizations in a few queries, one INSERT of the grades, one UPDATE of
    the organizations whose latest grade they are, one audit batch. Returns the keys recorded
    (``"recorded"``), the cap reasons of those above the cap, and the field errors of the rest."""
    from tenants.selectors import province_rules_at

    from ..selectors import organization_facts_bulk

    bulk_scope_check(actor)
    today = clock.today()
    cleaned, errors = [], {}
    for key, organization, grade, rated_on in rows:
        try:
            cleaned.append((key, organization, evaluation_grade_clean(grade=grade, rated_on=rated_on, today=today), rated_on))
        except ValidationError as error:
            errors[key] = error.message_dict
    recorded, above_cap = {}, {}
    if not cleaned:
        return recorded, above_cap, errors
    # evaluation_grade_record's facts: the organization as stored, today
    facts = organization_facts_bulk(organizations=[organization.pk for _, organization, _, _ in cleaned], as_of=today)
    records, latest = [], {}
    for key, organization, grade, rated_on in cleaned:
        above, reasons = grade_cap_check(rules=province_rules_at(rules, rated_on), facts=facts[organization.pk],
                                         grade=grade, rated_on=rated_on)
        records.append((organization, EvaluationGrade(organization=organization, grade=grade, rated_on=rated_on,
                                                      above_rule_cap=above, cap_reasons=reasons)))
        if organization.evaluation_grade_on is None or rated_on >= organization.evaluation_grade_on:
            organization.evaluation_grade, organization.evaluation_grade_on = grade, rated_on
            latest[organization.pk] = organization
        recorded[key] = "recorded"
        if above:
            above_cap[key] = reasons
    bulksql.bulk_insert(EvaluationGrade, [record for _, record in records])
    _save_changed(SocialOrganization, list(latest.values()), {"evaluation_grade", "evaluation_grade_on"})
    audit_record_many([{
        "action": "evaluation_grade.record", "object_type": "EvaluationGrade", "object_id": record.pk,
        "changes": grade_audit_changes(record, organization),
    } for organization, record in records], actor=actor)
    return recorded, above_cap, errors


def members_bulk_upsert(*, actor, rules, rows: list[tuple[object, dict]]) -> dict[object, str]:
    """``member_upsert`` for many validated rows ``(key, clean)`` at once, in batches, keyed by the
    ID number's keyed digest."""
    bulk_scope_check(actor)

    def new_of(digest, clean, values):
        id_number = clean["id_number"]
        return new_row(Member, {"id_number": id_number, "id_number_digest": digest, "gender": gender_from_id(id_number),
                                "birth_date": birth_date_from_id(id_number), **values})

    outcomes: dict[object, str] = {}
    for start in range(0, len(rows), BATCH):
        batch = [(row_key, (keyed_digest(clean["id_number"]), clean)) for row_key, clean in rows[start:start + BATCH]]
        existing = {m.id_number_digest: m for m in Member.objects.select_related("organization", "party_organization")
                    .filter(id_number_digest__in=[key for _, (key, _) in batch])}
        outcomes.update(_upsert_batch(
            actor=actor, model=Member, action="member.upsert", batch=batch, existing=existing, values_of=member_values,
            new_of=new_of, snapshot_of=member_snapshot, object_id_of=lambda member: member.pk))
    return outcomes
