"""The registry actions the web forms added: the committees' decisions (accepted reason,
grade-cap exception, term renewal, weak-and-lax designation and rectification), membership
relation transfers, and who may write what an organization reports itself."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django_tenants.utils import schema_context

from accounts.actors import Actor, OutOfScope
from audit.models import AuditEntry
from registry.actions import (
    accepted_reason_record, activity_record, member_transfer_record, member_transfer_status_set, member_upsert,
    term_renewal_record, weak_and_lax_designate, weak_and_lax_rectification_close,
)
from registry.models import Member, PartyOrganization
from tests.accounts.conftest import users, world  # noqa: F401
from tests.helpers import rules_here
from tests.registry.factories import make_id_number

TODAY = dt.date.today()


def test_the_organizations_own_roles_write_its_members_and_party_life_only(world, users):
    with schema_context("jilin"):
        secretary = Actor.for_user(users["secretary"])  # o1, Party organization p1
        member, created = member_upsert(actor=secretary, rules=rules_here(), data={
            "name": "新党员", "id_number": make_id_number(), "organization_uscc": world.orgs["o1"].uscc})
        assert created and member.organization_id == world.orgs["o1"].pk
        with pytest.raises(ValidationError) as refused:  # another organization is reported as not existing
            member_upsert(actor=secretary, rules=rules_here(), data={
                "name": "越权", "id_number": make_id_number(), "organization_uscc": world.orgs["o3"].uscc})
        assert "organization_uscc" in refused.value.message_dict
        with pytest.raises(Http404):  # another organization's member
            member_upsert(actor=secretary, rules=rules_here(), data={
                "name": "越权", "id_number": world.members["m2"].id_number, "organization_uscc": world.orgs["o1"].uscc})
        activity = activity_record(actor=secretary, rules=rules_here(), data={
            "party_organization": world.party["p1"].name, "kind": "theme_day", "held_on": TODAY, "title": "主题党日",
            "attendee_ids": [member.pk]})
        assert activity.attendees.get() == member
        with pytest.raises(ValidationError):
            activity_record(actor=secretary, rules=rules_here(), data={
                "party_organization": world.party["p3"].name, "kind": "theme_day", "held_on": TODAY})
        # A supervisor's staff read and never write.
        with pytest.raises(OutOfScope):
            member_upsert(actor=Actor.for_user(users["supervisor"]), rules=rules_here(), data={
                "name": "x", "id_number": make_id_number(), "organization_uscc": world.orgs["o1"].uscc})


def test_the_committees_decisions_are_the_committees(world, users):
    with schema_context("jilin"):
        with pytest.raises(OutOfScope):
            accepted_reason_record(actor=Actor.for_user(users["secretary"]), rules=rules_here(), data={
                "organization_uscc": world.orgs["o1"].uscc, "accepted_reason_for_no_party_org": "自己说的理由"})
        city = Actor.for_user(users["city"])
        with pytest.raises(ValidationError):  # 吉林市 is not 长春市's
            accepted_reason_record(actor=city, rules=rules_here(), data={
                "organization_uscc": world.orgs["o4"].uscc, "accepted_reason_for_no_party_org": "x"})
        organization = accepted_reason_record(actor=city, rules=rules_here(), data={
            "organization_uscc": world.orgs["o7"].uscc, "accepted_reason_for_no_party_org": "已提交组建申请"})
        assert organization.accepted_reason_for_no_party_org == "已提交组建申请"
        entry = AuditEntry.objects.filter(action="organization.accepted_reason").latest("pk")
        assert entry.changes == {"accepted_reason_for_no_party_org": ["", "已提交组建申请"]}
        with pytest.raises(ValidationError) as refused:
            term_renewal_record(actor=city, rules=rules_here(), data={
                "party_organization": world.party["p1"].name, "last_election_on": TODAY, "term_years": 9})
        assert "term_years" in refused.value.message_dict


def test_a_designation_sets_the_finding_and_a_passed_rectification_clears_it(world, users):
    with schema_context("jilin"):
        city = Actor.for_user(users["city"])
        name = world.party["p1"].name
        designation = weak_and_lax_designate(actor=city, rules=rules_here(), data={
            "party_organization": name, "designated_on": TODAY, "problems": "活动不经常",
            "deadline": TODAY + dt.timedelta(days=60)})
        assert PartyOrganization.objects.get(name=name).weak_and_lax
        with pytest.raises(ValidationError):  # one open at a time
            weak_and_lax_designate(actor=city, rules=rules_here(), data={
                "party_organization": name, "designated_on": TODAY, "problems": "x", "deadline": TODAY + dt.timedelta(days=9)})
        weak_and_lax_rectification_close(actor=city, rules=rules_here(), designation=designation, data={
            "status": "failed", "result": "未按期整改", "closed_on": TODAY})
        assert PartyOrganization.objects.get(name=name).weak_and_lax  # failed: the finding stays
        again = weak_and_lax_designate(actor=city, rules=rules_here(), data={
            "party_organization": name, "designated_on": TODAY, "problems": "继续整顿", "deadline": TODAY + dt.timedelta(days=30)})
        weak_and_lax_rectification_close(actor=city, rules=rules_here(), designation=again, data={
            "status": "rectified", "result": "已整改", "closed_on": TODAY})
        assert not PartyOrganization.objects.get(name=name).weak_and_lax


def test_a_completed_transfer_moves_the_membership_relation(world, users):
    with schema_context("jilin"):
        secretary = Actor.for_user(users["secretary"])
        member = world.members["m1"]
        transfer = member_transfer_record(actor=secretary, rules=rules_here(), data={
            "member_id": member.pk, "direction": "out", "counterpart": "某街道党工委", "transferred_on": TODAY})
        assert Member.objects.get(pk=member.pk).relation == "here"  # pending: nothing moves yet
        member_transfer_status_set(actor=secretary, rules=rules_here(), transfer=transfer, data={"status": "done"})
        member = Member.objects.get(pk=member.pk)
        assert (member.relation, member.party_organization_id) == ("elsewhere", None)
        with pytest.raises(ValidationError):  # done is final
            member_transfer_status_set(actor=secretary, rules=rules_here(), transfer=transfer, data={"status": "cancelled"})
        with pytest.raises(ValidationError):  # another organization's member
            member_transfer_record(actor=secretary, rules=rules_here(), data={
                "member_id": world.members["m2"].pk, "direction": "in", "counterpart": "x", "transferred_on": TODAY})
