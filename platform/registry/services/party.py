from __future__ import annotations

import datetime as dt

from django.db import transaction

from ..models import PartyOrganization, SocialOrganization
from .common import FieldErrors, choice, region_by_code


@transaction.atomic
def party_organization_upsert(*, rules, data: dict) -> tuple[PartyOrganization, bool]:
    """Create or update a Party organization keyed by its name, with the orgs it covers.

    ``rules`` refuses the forms the province does not have (dispatched outside Jilin,
    temporary outside Guangdong): the refusal names the clause.
    ``data["covered_usccs"]`` lists the USCCs of the covered organizations.
    """
    errors = FieldErrors()
    name = (data.get("name") or "").strip()
    if not name:
        errors.add("name", "党组织名称不能为空")
    level = choice(errors, "level", data.get("level") or "branch", PartyOrganization.Level.choices)
    form = choice(errors, "form", data.get("form") or "own", PartyOrganization.Form.choices)
    if form:
        decision = rules.check_party_org_form(form)
        if not decision.value:
            for reason in decision.reasons:
                errors.add("form", f"{reason.text}（{reason.clause}）")
    region = region_by_code(errors, "region_code", data.get("region_code"))
    usccs = [u.strip().upper() for u in data.get("covered_usccs") or [] if u and u.strip()]
    covered = list(SocialOrganization.objects.filter(uscc__in=usccs))
    missing = sorted(set(usccs) - {o.uscc for o in covered})
    if missing:
        errors.add("covered_usccs", f"以下统一社会信用代码在本省台账中不存在：{'、'.join(missing)}")
    if form == PartyOrganization.Form.OWN and len(usccs) > 1:
        errors.add("covered_usccs", "单独组建的党组织只能覆盖一个社会组织；覆盖多个请选择联合组建")
    parent = None
    parent_name = (data.get("parent_name") or "").strip()
    if parent_name:
        parent = PartyOrganization.objects.filter(name=parent_name).first()
        if parent is None:
            errors.add("parent_name", f"上级党组织“{parent_name}”不存在")
        elif parent_name == name:
            errors.add("parent_name", "上级党组织不能是自己")
    term_years = data.get("term_years") or 3
    if isinstance(term_years, bool) or not isinstance(term_years, int) or not 1 <= term_years <= 5:
        errors.add("term_years", "任期应为1至5年的整数")
    for field in ("founded_on", "last_election_on"):
        value = data.get(field)
        if value is not None and not isinstance(value, dt.date):
            errors.add(field, "应为日期")
        elif value and value > dt.date.today():
            errors.add(field, "日期不能晚于今天")
    errors.raise_if_any()

    values = {
        "level": level, "form": form, "region": region, "parent": parent, "term_years": term_years,
        "founded_on": data.get("founded_on"), "last_election_on": data.get("last_election_on"),
        "weak_and_lax": bool(data.get("weak_and_lax", False)),
    }
    party_org, created = PartyOrganization.objects.get_or_create(name=name, defaults=values)
    if not created:
        changed = [field for field, value in values.items() if getattr(party_org, field) != value]
        if changed:
            for field in changed:
                setattr(party_org, field, values[field])
            party_org.save(update_fields=changed + ["updated"])
    if created or set(party_org.covered_organizations.values_list("pk", flat=True)) != {o.pk for o in covered}:
        party_org.covered_organizations.set(covered)
    return party_org, created
