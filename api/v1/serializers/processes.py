"""Serializers of the process engine's API: processes, rounds, cases, actions, meetings,
registrations and working days. Reads are built from ``processes.selectors.case_view``."""
from __future__ import annotations

from rest_framework import serializers

from api.schema import ProblemSerializer


class StageSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    clause = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())
    final = serializers.BooleanField()


class ProcessSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    clause = serializers.CharField()
    subject = serializers.CharField(help_text="organization | party_organization | region")
    rounds = serializers.BooleanField(help_text="是否按年度批次申报")
    stages = StageSerializer(many=True)

    @staticmethod
    def of(process) -> dict:
        return {"code": process.code, "name": process.name, "clause": process.clause, "subject": process.subject,
                "rounds": process.rounds is not None,
                "stages": [{"code": s.code, "name": s.name, "clause": s.clause, "roles": list(s.roles), "final": s.final}
                           for s in process.stages]}


class RoundSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    process = serializers.CharField()
    year = serializers.IntegerField()
    opens_on = serializers.DateField()
    deadline = serializers.DateField()
    opened_by = serializers.CharField()

    @staticmethod
    def of(round_) -> dict:
        return {"id": round_.pk, "process": round_.process, "year": round_.year, "opens_on": round_.opens_on.isoformat(),
                "deadline": round_.deadline.isoformat(), "opened_by": round_.opened_by}


class RoundWriteSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    opens_on = serializers.DateField()
    deadline = serializers.DateField()


class CaseActionSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    to = serializers.CharField()
    reason_required = serializers.BooleanField()
    decision = serializers.CharField(allow_blank=True)


class CaseEventSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    actor = serializers.CharField()
    action = serializers.CharField()
    action_name = serializers.CharField()
    stage_before = serializers.CharField(allow_blank=True)
    stage_after = serializers.CharField()
    reason = serializers.CharField(allow_blank=True)
    data = serializers.JSONField()
    meeting = serializers.IntegerField(allow_null=True)


class CaseDocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    stage = serializers.CharField()
    uploaded_by = serializers.CharField()
    uploaded_at = serializers.DateTimeField()

    @staticmethod
    def of(document) -> dict:
        return {"id": document.pk, "kind": document.kind, "name": document.name, "content_type": document.content_type,
                "size": document.size, "sha256": document.sha256, "stage": document.stage,
                "uploaded_by": document.uploaded_by, "uploaded_at": document.uploaded_at.isoformat()}


class CaseScoreSerializer(serializers.Serializer):
    stage = serializers.CharField()
    scoring = serializers.CharField()
    item = serializers.CharField()
    score = serializers.FloatField()
    note = serializers.CharField(allow_blank=True)
    scored_by = serializers.CharField()


class CaseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    process = serializers.CharField()
    round = serializers.IntegerField(allow_null=True, help_text="批次年度")
    organization_uscc = serializers.CharField(allow_null=True)
    organizations = serializers.ListField(child=serializers.CharField(), help_text="一并申请的社会组织")
    party_organization = serializers.CharField(allow_null=True)
    region_code = serializers.CharField()
    subject = serializers.CharField()
    title = serializers.CharField(allow_blank=True)
    stage = serializers.CharField()
    stage_name = serializers.CharField()
    status = serializers.CharField()
    outcome = serializers.CharField(allow_blank=True)
    due_on = serializers.DateField(allow_null=True)
    due_covered = serializers.BooleanField(help_text="false：期限所在年度的节假日未录入，按周一至周五计算（日历未覆盖）")
    overdue = serializers.BooleanField()
    valid_from = serializers.DateField(allow_null=True)
    valid_until = serializers.DateField(allow_null=True)
    review_due_on = serializers.DateField(allow_null=True)
    data = serializers.JSONField()
    missing = serializers.DictField(child=serializers.ListField(child=serializers.CharField()),
                                    help_text="本环节尚缺：字段 → 说明")
    actions = CaseActionSerializer(many=True, help_text="调用方现在可执行的操作")
    documents = CaseDocumentSerializer(many=True)
    scores = CaseScoreSerializer(many=True)
    history = CaseEventSerializer(many=True)

    @staticmethod
    def of(view: dict, *, history: bool = True) -> dict:
        case = view["case"]
        return {
            "id": case.pk, "process": case.process, "round": case.round.year if case.round_id else None,
            "organization_uscc": case.organization.uscc if case.organization_id else None,
            "organizations": [organization.uscc for organization in view["organizations"]],
            "party_organization": case.party_organization.name if case.party_organization_id else None,
            "region_code": case.region.code, "subject": view["subject"], "title": case.title,
            "stage": case.stage, "stage_name": view["stage_name"], "status": case.status, "outcome": case.outcome,
            "due_on": _iso(case.due_on), "due_covered": case.due_covered, "overdue": view["overdue"],
            "valid_from": _iso(case.valid_from), "valid_until": _iso(case.valid_until),
            "review_due_on": _iso(case.review_due_on), "data": case.data, "missing": view["missing"],
            "actions": view["actions"],
            "documents": [CaseDocumentSerializer.of(d) for d in view["documents"]],
            "scores": [{"stage": s.stage, "scoring": s.scoring, "item": s.item, "score": float(s.score), "note": s.note,
                        "scored_by": s.scored_by} for s in view["scores"]],
            "history": [{"at": e.at.isoformat(), "actor": e.actor, "action": e.action, "action_name": e.action_name,
                         "stage_before": e.stage_before, "stage_after": e.stage_after, "reason": e.reason,
                         "data": e.data, "meeting": e.meeting_id} for e in view.get("history", [])] if history else [],
        }


def _iso(day):
    return day.isoformat() if day else None


class CaseOpenSerializer(serializers.Serializer):
    organization_uscc = serializers.CharField(required=False, allow_blank=True, help_text="事项关于社会组织时")
    party_organization = serializers.CharField(required=False, allow_blank=True, help_text="事项关于党组织时：名称或编号")
    region_code = serializers.CharField(required=False, allow_blank=True, help_text="任务类事项：承办的市、县区划代码")
    organizations = serializers.ListField(child=serializers.CharField(), required=False,
                                          help_text="一并申请的其他社会组织（联合组建）")
    round = serializers.IntegerField(required=False, allow_null=True, help_text="批次年度；不填为今天开放的批次")
    title = serializers.CharField(required=False, allow_blank=True, max_length=200)
    data = serializers.JSONField(required=False, help_text="第一个环节的记录项")
    due_on = serializers.DateField(required=False, allow_null=True,
                                   help_text="交办任务的完成期限（第一个环节的期限由交办时指定时必填）")


class CaseActSerializer(serializers.Serializer):
    action = serializers.CharField(help_text="本环节的操作编码（见案件的 actions）")
    reason = serializers.CharField(required=False, allow_blank=True)
    data = serializers.JSONField(required=False, help_text="本环节的记录项；进展报告为 {text, figures, period}")


class ScoreEntrySerializer(serializers.Serializer):
    item = serializers.CharField()
    score = serializers.FloatField()
    note = serializers.CharField(required=False, allow_blank=True)


class CaseScoresSerializer(serializers.Serializer):
    scores = ScoreEntrySerializer(many=True)


class DocumentUploadSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="材料类别（事项声明的材料编码）")
    file = serializers.FileField(help_text="PDF、JPEG、PNG、DOCX 或 XLSX，按内容识别")


class MeetingDecisionSerializer(serializers.Serializer):
    case = serializers.IntegerField()
    decision = serializers.ChoiceField(choices=["approve", "reject", "defer"])
    reason = serializers.CharField(required=False, allow_blank=True)


class MeetingWriteSerializer(serializers.Serializer):
    process = serializers.CharField()
    held_on = serializers.DateField()
    title = serializers.CharField(max_length=200)
    decisions = MeetingDecisionSerializer(many=True)


class MeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    process = serializers.CharField()
    held_on = serializers.DateField()
    title = serializers.CharField()
    cases = CaseSerializer(many=True)


class RegistrationWriteSerializer(serializers.Serializer):
    event = serializers.ChoiceField(choices=["registered", "renewed", "charter_approved", "annual_report", "graded"])
    organization = serializers.JSONField(help_text="社会组织（与 PUT /organizations/{uscc} 相同的字段，含 uscc）")
    party = serializers.JSONField(required=False, help_text="登记时采集的党建信息")


class RegistrationCheckSerializer(serializers.Serializer):
    key = serializers.CharField()
    text = serializers.CharField()
    clause = serializers.CharField()
    met = serializers.BooleanField(allow_null=True)


class OpenedCaseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    process = serializers.CharField()
    stage = serializers.CharField()
    reason = serializers.CharField()
    clause = serializers.CharField()


class RegistrationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    event = serializers.CharField()
    organization_uscc = serializers.CharField()
    organization_created = serializers.BooleanField()
    checks = RegistrationCheckSerializer(many=True)
    cases_opened = OpenedCaseSerializer(many=True)
    cases_already_open = OpenedCaseSerializer(many=True)


class WorkingDaysSerializer(serializers.Serializer):
    start = serializers.DateField()
    days = serializers.IntegerField()
    ends_on = serializers.DateField()
    covered = serializers.BooleanField(help_text="false：所涉年度的节假日未录入，按周一至周五计算（日历未覆盖）")


class PaginatedCaseListSerializer(serializers.Serializer):
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)
    results = CaseSerializer(many=True)


class CaseProblemSerializer(ProblemSerializer):
    """A refused action (409: not allowed in this stage; 403: not the caller's role)."""

    allowed_actions = CaseActionSerializer(many=True, help_text="调用方现在可执行的操作")
