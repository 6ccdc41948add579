"""The process engine's API: processes and their rounds, cases and their actions, scores and
documents, committee meetings, the registration hand-off, working days.

Views parse and answer; every write is a ``processes.actions`` function (scope, validation,
write, audit). A refused action is a problem: 409 when the stage does not allow it (listing
``allowed_actions``), 403 when the caller's role does not act there, 400 naming the field
(``reason``, ``data.<key>``, ``documents``, ``scores``, ``round`` …), 404 outside the scope.
"""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

import clock
from accounts.actors import Actor
from api.idempotency import IDEMPOTENCY_KEY_PARAMETER, idempotent
from api.problems import ProblemResponse, problem_body
from processes import actions
from processes.downloads import document_response
from processes.engine import CaseError
from processes.selectors import case_filters_clean, case_get, case_list, case_rows, case_view, rounds_of
from processes.workdays import MAX_DAYS, province_calendar

from ..serializers.processes import (
    CaseActSerializer, CaseDocumentSerializer, CaseProblemSerializer, PaginatedCaseListSerializer, CaseOpenSerializer, CaseScoresSerializer, CaseSerializer,
    DocumentUploadSerializer, MeetingSerializer, MeetingWriteSerializer, ProcessSerializer, RegistrationSerializer,
    RegistrationWriteSerializer, RoundSerializer, RoundWriteSerializer, WorkingDaysSerializer,
)

TAG = "processes"


def case_problem(request, error: CaseError) -> ProblemResponse:
    body = problem_body(status_code=error.status, code=error.code, detail=error.detail, instance=request.get_full_path(),
                        errors=[{"field": error.field, "code": error.code, "detail": error.detail}])
    body["allowed_actions"] = error.allowed
    return ProblemResponse(body)


def _body(request, serializer_class):
    """The request body as a plain dict after the serializer's type checks."""
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _case_answer(request, case, *, status=200) -> Response:
    view = case_view(Actor.from_request(request), request.rules, case, today=clock.today())
    return Response(CaseSerializer.of(view), status=status)


class ProcessListApi(APIView):
    @extend_schema(summary="本省的办理事项（申报、审批、复查、整改、任务）及其环节", tags=[TAG],
                   responses={200: ProcessSerializer(many=True)})
    def get(self, request):
        return Response([ProcessSerializer.of(process) for process in request.rules.processes()])


class RoundListApi(APIView):
    def _process(self, request, code):
        process = request.rules.process(code)
        if process is None:
            raise Http404
        return process

    @extend_schema(summary="一个事项的申报批次", tags=[TAG], responses={200: RoundSerializer(many=True)})
    def get(self, request, code):
        process = self._process(request, code)
        return Response([RoundSerializer.of(r) for r in rounds_of(process.code)])

    @extend_schema(summary="开启申报批次（省级党委工作人员或 write 令牌）", tags=[TAG],
                   description="截止日期后提交的申报按事项规定的条款拒绝（如 001 三(一)：逾期申报的视为放弃）。",
                   parameters=[IDEMPOTENCY_KEY_PARAMETER], request=RoundWriteSerializer, responses={201: RoundSerializer, 409: CaseProblemSerializer})
    @idempotent
    def post(self, request, code):
        data = _body(request, RoundWriteSerializer)
        try:
            round_ = actions.round_open(actor=Actor.from_request(request), rules=request.rules, process=code,
                                        year=data["year"], opens_on=data["opens_on"], deadline=data["deadline"])
        except CaseError as error:
            return case_problem(request, error)
        return Response(RoundSerializer.of(round_), status=201)


class CaseOpenApi(APIView):
    required_permission = "read"  # an organization's secretary applies with a session; the action checks the role

    @extend_schema(summary="立案（提交申请或交办任务）", tags=[TAG], parameters=[IDEMPOTENCY_KEY_PARAMETER],
                   description="事项关于社会组织时填 organization_uscc，关于党组织时填 party_organization，"
                               "任务类填 region_code。分批次的事项在批次开放期间才能立案。",
                   request=CaseOpenSerializer, responses={201: CaseSerializer, 409: CaseProblemSerializer})
    @idempotent
    def post(self, request, code):
        data = _body(request, CaseOpenSerializer)
        try:
            case = actions.case_open(
                actor=Actor.from_request(request), rules=request.rules, process=code,
                organization_uscc=data.get("organization_uscc"), party_organization=data.get("party_organization"),
                region_code=data.get("region_code"), organizations=data.get("organizations") or (),
                round=data.get("round"), title=data.get("title", ""), data=data.get("data"), due_on=data.get("due_on"))
        except CaseError as error:
            return case_problem(request, error)
        return _case_answer(request, case, status=201)


CASE_FILTERS = [
    OpenApiParameter("process", OpenApiTypes.STR, description="事项编码"),
    OpenApiParameter("round", OpenApiTypes.INT, description="批次年度"),
    OpenApiParameter("stage", OpenApiTypes.STR, description="环节编码"),
    OpenApiParameter("organization", OpenApiTypes.STR, description="统一社会信用代码或名称中的文字"),
    OpenApiParameter("region", OpenApiTypes.STR, description="行政区划代码（含下级）"),
    OpenApiParameter("overdue", OpenApiTypes.BOOL, description="true：已过办理期限仍在办理"),
    OpenApiParameter("status", OpenApiTypes.STR, description="open 或 closed"),
]


class CaseListApi(APIView):
    @extend_schema(summary="办理事项列表（按调用方的管辖范围）", tags=[TAG], parameters=CASE_FILTERS, operation_id="cases_list",
                   responses={200: PaginatedCaseListSerializer})
    def get(self, request):
        filters = case_filters_clean(request.rules, request.query_params)
        actor = Actor.from_request(request)
        today = clock.today()
        cases = case_list(actor, filters, today=today)
        from api.pagination import Cursor

        paginator = Cursor()
        page = paginator.paginate_queryset(cases, request, view=self)
        rows = [CaseSerializer.of(view, history=False) for view in case_rows(actor, request.rules, page, today=today)]
        return paginator.get_paginated_response(rows)


class CaseDetailApi(APIView):
    @extend_schema(summary="一个办理事项：环节、尚缺材料、可执行的操作、材料、评分与办理记录", tags=[TAG],
                   responses={200: CaseSerializer})
    def get(self, request, pk):
        return _case_answer(request, case_get(Actor.from_request(request), pk))


class CaseActApi(APIView):
    required_permission = "read"

    @extend_schema(summary="对办理事项执行本环节的一个操作", tags=[TAG], parameters=[IDEMPOTENCY_KEY_PARAMETER],
                   description="本环节不允许的操作返回 409，allowed_actions 列出调用方现在可执行的操作；"
                               "不是调用方角色办理的环节返回 403；退回、不予通过等须说明理由的操作缺少 reason 时返回 400；"
                               "不在调用方管辖范围内的事项返回 404。",
                   request=CaseActSerializer, responses={200: CaseSerializer, 409: CaseProblemSerializer})
    @idempotent
    def post(self, request, pk):
        data = _body(request, CaseActSerializer)
        try:
            case = actions.case_act(actor=Actor.from_request(request), rules=request.rules, case_id=pk,
                                    action=data["action"], reason=data.get("reason", ""), data=data.get("data"))
        except CaseError as error:
            return case_problem(request, error)
        return _case_answer(request, case)


class CaseScoresApi(APIView):
    required_permission = "read"

    @extend_schema(summary="对本环节的评分标准逐项评分", tags=[TAG], parameters=[IDEMPOTENCY_KEY_PARAMETER],
                   request=CaseScoresSerializer, responses={200: CaseSerializer, 409: CaseProblemSerializer})
    @idempotent
    def post(self, request, pk):
        data = _body(request, CaseScoresSerializer)
        try:
            case = actions.case_scores_record(actor=Actor.from_request(request), rules=request.rules, case_id=pk,
                                              scores=[dict(entry) for entry in data["scores"]])
        except CaseError as error:
            return case_problem(request, error)
        return _case_answer(request, case)


class CaseDocumentListApi(APIView):
    required_permission = "read"
    parser_classes = [MultiPartParser]

    @extend_schema(summary="上传证明材料（multipart/form-data：kind、file）", tags=[TAG],
                   description="只接受按内容识别为 PDF、JPEG、PNG、DOCX、XLSX 的文件，大小上限由 DOCUMENT_MAX_BYTES 设定"
                               "（默认 20 MiB）；改了扩展名的可执行文件或网页返回 400（字段 file）。",
                   parameters=[IDEMPOTENCY_KEY_PARAMETER], request={"multipart/form-data": DocumentUploadSerializer},
                   responses={201: CaseDocumentSerializer, 409: CaseProblemSerializer})
    @idempotent
    def post(self, request, pk):
        try:
            document = actions.case_document_add(actor=Actor.from_request(request), rules=request.rules, case_id=pk,
                                                 kind=request.data.get("kind", ""), uploaded=request.FILES.get("file"))
        except CaseError as error:
            return case_problem(request, error)
        return Response(CaseDocumentSerializer.of(document), status=201)


class CaseDocumentDetailApi(APIView):
    @extend_schema(summary="下载证明材料（仅限管辖范围覆盖该事项的用户）", tags=[TAG],
                   responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request, pk, document):
        return document_response(Actor.from_request(request), pk, document)


class MeetingCreateApi(APIView):
    @extend_schema(summary="委员会会议一次审定一批事项（通过、不予通过须说明理由、暂缓）", tags=[TAG],
                   parameters=[IDEMPOTENCY_KEY_PARAMETER], request=MeetingWriteSerializer,
                   responses={201: MeetingSerializer, 409: CaseProblemSerializer})
    @idempotent
    def post(self, request):
        data = _body(request, MeetingWriteSerializer)
        actor = Actor.from_request(request)
        try:
            meeting, cases = actions.meeting_decide(
                actor=actor, rules=request.rules, process=data["process"], held_on=data["held_on"], title=data["title"],
                decisions=[dict(entry) for entry in data["decisions"]])
        except CaseError as error:
            return case_problem(request, error)
        today = clock.today()
        return Response({"id": meeting.pk, "process": meeting.process, "held_on": meeting.held_on.isoformat(),
                         "title": meeting.title,
                         "cases": [CaseSerializer.of(case_view(actor, request.rules, c, today=today)) for c in cases]},
                        status=201)


class RegistrationApi(APIView):
    @extend_schema(
        summary="登记管理系统推送登记事件（登记、换届、章程核准、年报、评估）",
        description="按事件更新社会组织台账（与 PUT /organizations/{uscc} 相同的校验），按本省规则检查党建事项并开启相应办理事项"
                    "（如组建方案、五融合转办、三个同步材料）。答复列出每项检查及其条款和开启的事项。需要 write 令牌。",
        tags=[TAG], parameters=[IDEMPOTENCY_KEY_PARAMETER], request=RegistrationWriteSerializer,
        responses={201: RegistrationSerializer, 409: CaseProblemSerializer})
    @idempotent
    def post(self, request):
        data = request.data if isinstance(request.data, dict) else {}
        try:
            answer = actions.registration_receive(actor=Actor.from_request(request), rules=request.rules,
                                                  event=data.get("event"), organization=data.get("organization"),
                                                  party=data.get("party"))
        except CaseError as error:
            return case_problem(request, error)

        def opened(entry):
            case = entry["case"]
            return {"id": case.pk, "process": case.process, "stage": case.stage, "reason": entry["reason"],
                    "clause": entry["clause"]}

        return Response({
            "id": answer["registration"].pk, "event": answer["registration"].event,
            "organization_uscc": answer["organization"].uscc, "organization_created": answer["organization_created"],
            "checks": answer["checks"], "cases_opened": [opened(e) for e in answer["cases_opened"]],
            "cases_already_open": [opened(e) for e in answer["cases_already_open"]],
        }, status=201)


class WorkingDaysApi(APIView):
    @extend_schema(
        summary="按官方日历（含调休）计算 N 个工作日的截止日期",
        description="起始日为工作日时计入；截止于第 N 个工作日。covered=false 表示所涉年度的节假日尚未录入，按周一至周五计算。",
        tags=[TAG], parameters=[OpenApiParameter("start", OpenApiTypes.DATE, required=True),
                                OpenApiParameter("days", OpenApiTypes.INT, required=True)],
        responses={200: WorkingDaysSerializer})
    def get(self, request):
        errors = {}
        try:
            start = dt.date.fromisoformat(request.query_params.get("start", ""))
        except ValueError:
            errors["start"] = ["应为日期（YYYY-MM-DD）"]
        try:
            days = int(request.query_params.get("days", ""))
            if not 1 <= days <= MAX_DAYS:
                raise ValueError
        except ValueError:
            errors["days"] = [f"应为1至{MAX_DAYS}之间的整数"]
        if not errors and not dt.date(1900, 1, 1) <= start <= dt.date(2100, 12, 31):
            errors["start"] = ["日期应在1900-01-01至2100-12-31之间"]
        if errors:
            raise ValidationError(errors)
        return Response(province_calendar().add_working_days(start, days).to_dict())

