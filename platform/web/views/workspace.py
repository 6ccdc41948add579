"""An organization's own pages, for its secretary and liaison (and the committees' staff, who
see the same within their region): the home, members and their transfers, Party life with
attendance, trainings. Writes go through the registry actions (``ORGANIZATION_REPORT_ROLES``)."""
from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

import clock
from accounts.actors import Actor
from accounts.models import ORGANIZATION_REPORT_ROLES
from registry.actions import (
    activity_record, member_transfer_record, member_transfer_status_set, member_upsert, training_record,
)
from registry.forms import ActivityFields, MemberFields, TrainingFields, TransferFields
from registry.models import MemberTransfer

from ..selectors.organizations import organization_get_for, organization_page
from ..selectors.workspace import (
    available_kinds, member_get_for, organization_cases, reminders_for, organization_activities, organization_members, organization_submissions,
    organization_transfers, own_party_organization, party_life_progress, party_organizations_of, record_gaps,
)
from .common import action_run, data_role_required, forbidden


def _reporter(request) -> Actor:
    return Actor.for_user(request.user).acting_as(ORGANIZATION_REPORT_ROLES)


def _crumbs(organization, *extra):
    return [(reverse("web:organization-home", args=[organization.uscc]), organization.name), *extra]


def _form_page(request, *, form, title, organization, crumbs=(), intro="", submit_label="保存", template="web/form.html",
               **context):
    return render(request, template, {"form": form, "title": title, "organization": organization,
                                      "crumbs": _crumbs(organization, *crumbs), "intro": intro,
                                      "submit_label": submit_label, **context})


@data_role_required
def organization_home(request, uscc):
    """The organization's home: what is missing in the record, the rule decisions in plain
    words, this year's Party life against the requirements, its submissions."""
    as_of = clock.today()
    organization = organization_get_for(user=request.user, uscc=uscc)
    page = organization_page(user=request.user, rules=request.rules, organization=organization, as_of=as_of)
    party_org = own_party_organization(user=request.user, organization=organization)
    members = organization_members(user=request.user, organization=organization)
    progress = party_life_progress(user=request.user, rules=request.rules, party_org=party_org,
                                   organization=organization, as_of=as_of)
    submissions = organization_submissions(user=request.user, organization=organization)
    gaps = record_gaps(organization=organization, party_org=party_org, members=members, progress=progress,
                       submissions=submissions, rules=request.rules, as_of=as_of)
    return render(request, "web/workspace/home.html", {
        "organization": organization, "page": page, "party_org": party_org, "members": members, "progress": progress,
        "gaps": gaps, "submissions": sorted(submissions.values(), key=lambda s: (-s.year, s.kind)),
        "kinds": available_kinds(request.rules), "can_report": _reporter(request).may_write, "as_of": as_of,
        "cases": organization_cases(actor=Actor.for_user(request.user), rules=request.rules, organization=organization,
                                    as_of=as_of),
        "reminders": reminders_for(user=request.user),
    })


@data_role_required
def members(request, uscc):
    organization = organization_get_for(user=request.user, uscc=uscc)
    rows = organization_members(user=request.user, organization=organization)
    return render(request, "web/workspace/members.html", {
        "organization": organization, "members": rows, "transfers": organization_transfers(user=request.user,
                                                                                          organization=organization),
        "can_report": _reporter(request).may_write, "can_unmask": _can_unmask(request),
        "formal": sum(1 for m in rows if m.status == "formal"),
    })


def _can_unmask(request) -> bool:
    from accounts.scoping import can_unmask

    return can_unmask(request.user)


@data_role_required
def member_edit(request, uscc, pk=None):
    """Add a member (the ID number typed once) or change one (the ID number shown masked)."""
    organization = organization_get_for(user=request.user, uscc=uscc)
    actor = _reporter(request)
    if not actor.may_write:
        return forbidden(request, "只有本组织的党组织书记、党建联络员和社会组织党委工作人员可以登记党员。")
    member = member_get_for(user=request.user, organization=organization, pk=pk) if pk else None
    form = MemberFields(request.POST or None, editing=member,
                        party_organizations=party_organizations_of(user=request.user, organization=organization))
    if request.method == "POST" and form.is_valid():
        data = form.action_data() | {"organization_uscc": organization.uscc}
        if not data.get("roles"):
            data.pop("roles", None)  # none ticked: the action's default (其他从业人员)
        if member is not None:
            data["id_number"] = member.id_number  # the key of the upsert; never shown again
            data["phone"] = data.get("phone") or member.phone  # shown masked: empty keeps it
        ok, result = action_run(form, member_upsert, actor=actor, rules=request.rules, data=data)
        if ok:
            saved, created = result
            messages.success(request, f"已{'登记' if created else '保存'}党员：{saved.name}")
            return redirect("web:members", uscc=organization.uscc)
    title = f"修改党员信息：{member.name}" if member else "登记党员"
    return _form_page(request, form=form, title=title, organization=organization,
                      crumbs=[(reverse("web:members", args=[organization.uscc]), "党员")], member=member,
                      intro="" if member else "公民身份号码只在登记时输入一次，保存后只显示脱敏号码。",
                      template="web/workspace/member_form.html")


@data_role_required
def member_transfer(request, uscc, pk):
    """Record a transfer of the member's membership relation in or out (组织关系转接)."""
    organization = organization_get_for(user=request.user, uscc=uscc)
    actor = _reporter(request)
    if not actor.may_write:
        return forbidden(request, "只有本组织的党组织书记、党建联络员和社会组织党委工作人员可以登记组织关系转接。")
    member = member_get_for(user=request.user, organization=organization, pk=pk)
    form = TransferFields(request.POST or None, initial={"transferred_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        ok, transfer = action_run(form, member_transfer_record, actor=actor, rules=request.rules,
                                  data=form.action_data() | {"member_id": member.pk})
        if ok:
            messages.success(request, f"已登记{member.name}的组织关系{transfer.get_direction_display()}（{transfer.get_status_display()}）")
            return redirect("web:members", uscc=organization.uscc)
    return _form_page(request, form=form, title=f"组织关系转接：{member.name}", organization=organization,
                      crumbs=[(reverse("web:members", args=[organization.uscc]), "党员")],
                      intro=f"现组织关系：{member.get_relation_display()}。转接完成后，转入的记为“在本组织党组织”，"
                            "转出的记为“在外单位”。")


@require_POST
@data_role_required
def transfer_status(request, uscc, pk):
    organization = organization_get_for(user=request.user, uscc=uscc)
    transfers = {t.pk: t for t in organization_transfers(user=request.user, organization=organization)}
    transfer = transfers.get(pk)
    if transfer is None:
        from django.http import Http404

        raise Http404
    from django.core.exceptions import ValidationError

    try:
        member_transfer_status_set(actor=_reporter(request), rules=request.rules, transfer=transfer,
                                   data={"status": request.POST.get("status")})
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"{transfer.member.name}的组织关系转接已更新")
    return redirect("web:members", uscc=organization.uscc)


@data_role_required
def activities(request, uscc):
    """Party life: this year's requirements against what is recorded, and the records."""
    as_of = clock.today()
    organization = organization_get_for(user=request.user, uscc=uscc)
    party_org = own_party_organization(user=request.user, organization=organization)
    return render(request, "web/workspace/activities.html", {
        "organization": organization, "party_org": party_org, "as_of": as_of,
        "progress": party_life_progress(user=request.user, rules=request.rules, party_org=party_org,
                                        organization=organization, as_of=as_of),
        "activities": organization_activities(user=request.user, party_org=party_org),
        "can_report": _reporter(request).may_write,
    })


@data_role_required
def activity_create(request, uscc):
    """Record a meeting (三会一课, theme day, org-life meeting, democratic review) with the members present."""
    organization = organization_get_for(user=request.user, uscc=uscc)
    actor = _reporter(request)
    party_org = own_party_organization(user=request.user, organization=organization)
    if not actor.may_write:
        return forbidden(request, "只有本组织的党组织书记、党建联络员和社会组织党委工作人员可以记录组织生活。")
    if party_org is None:  # not a refusal: there is nothing to record a meeting of yet
        return render(request, "web/forbidden.html", {
            "title": "无法记录组织生活", "message": "本组织尚未建立或加入党组织，无法记录组织生活。",
            "back": reverse("web:organization-home", args=[organization.uscc])})
    form = ActivityFields(request.POST or None, members=organization_members(user=request.user, organization=organization),
                          initial={"held_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        ok, activity = action_run(form, activity_record, actor=actor, rules=request.rules,
                                  data=form.action_data() | {"party_organization": party_org.name})
        if ok:
            messages.success(request, f"已记录{activity.get_kind_display()}“{activity.title}”，出席{len(form.cleaned_data['attendee_ids'])}人")
            return redirect("web:activities", uscc=organization.uscc)
    return _form_page(request, form=form, title="记录组织生活", organization=organization,
                      crumbs=[(reverse("web:activities", args=[organization.uscc]), "组织生活")],
                      intro=f"党组织：{party_org.name}。勾选出席的党员。")


@data_role_required
def training_create(request, uscc):
    """Record a training of the secretary or a Party worker."""
    organization = organization_get_for(user=request.user, uscc=uscc)
    actor = _reporter(request)
    if not actor.may_write:
        return forbidden(request, "只有本组织的党组织书记、党建联络员和社会组织党委工作人员可以记录培训。")
    form = TrainingFields(request.POST or None, members=organization_members(user=request.user, organization=organization),
                          initial={"started_on": clock.today(), "concentrated": True})
    if request.method == "POST" and form.is_valid():
        ok, training = action_run(form, training_record, actor=actor, rules=request.rules, data=form.action_data())
        if ok:
            messages.success(request, f"已记录{training.member.name}参加“{training.title}”（{training.days}天）")
            return redirect("web:activities", uscc=organization.uscc)
    return _form_page(request, form=form, title="记录培训", organization=organization,
                      crumbs=[(reverse("web:activities", args=[organization.uscc]), "组织生活")])


TRANSFER_NEXT = {MemberTransfer.Status.DONE: "已完成", MemberTransfer.Status.CANCELLED: "取消"}
