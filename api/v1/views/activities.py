from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics

from api.idempotency import IDEMPOTENCY_KEY_PARAMETER, idempotent
from api.scoping import references_check, scoped
from registry.models import Activity, Member, PartyOrganization, Training
from registry.services import activity_record, training_record

from ..filters import ActivityFilter, TrainingFilter
from ..serializers.activities import ActivitySerializer, ActivityWriteSerializer, TrainingSerializer, TrainingWriteSerializer
from .common import atomic, referenced, write_answer


def activities(request):
    return scoped(Activity.objects.select_related("party_organization").prefetch_related("attendance_set"), request)


def trainings(request):
    return scoped(Training.objects.all(), request)


@extend_schema_view(get=extend_schema(summary="组织生活与活动（三会一课、主题党日等）", tags=["activities"]))
class ActivityListApi(generics.ListAPIView):
    serializer_class = ActivitySerializer
    filterset_class = ActivityFilter
    ordering_fields = ["id", "held_on"]
    ordering = ["id"]

    def get_queryset(self):
        return activities(self.request)

    @extend_schema(summary="记录一次活动及出席党员", tags=["activities"], parameters=[IDEMPOTENCY_KEY_PARAMETER],
                   request=ActivityWriteSerializer, responses={201: ActivitySerializer})
    @idempotent
    @atomic
    def post(self, request):
        serializer = ActivityWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        name = data["party_organization"].strip()
        party_org = referenced(request, PartyOrganization.objects.all(), "party_organization", f"党组织“{name}”不存在", name=name)
        references_check(request, Member, field="attendee_ids", key="pk", values=data.get("attendee_ids", ()),
                         message=lambda hidden: f"参加人员中有{len(hidden)}人不在本省党员库中")
        activity = activity_record(party_organization=party_org, kind=data["kind"], held_on=data["held_on"],
                                   title=data.get("title", ""), attendee_ids=data.get("attendee_ids", ()))
        activity = activities(request).filter(pk=activity.pk).first() or activity  # with its attendance
        return write_answer(request, action="activity.record", instance=activity, serializer_class=ActivitySerializer,
                            created=True)


@extend_schema_view(get=extend_schema(summary="读取一次活动", tags=["activities"]))
class ActivityDetailApi(generics.RetrieveAPIView):
    serializer_class = ActivitySerializer

    def get_queryset(self):
        return activities(self.request)


@extend_schema_view(get=extend_schema(summary="培训记录", tags=["activities"]))
class TrainingListApi(generics.ListAPIView):
    serializer_class = TrainingSerializer
    filterset_class = TrainingFilter
    ordering_fields = ["id", "started_on"]
    ordering = ["id"]

    def get_queryset(self):
        return trainings(self.request)

    @extend_schema(summary="记录一次培训", tags=["activities"], parameters=[IDEMPOTENCY_KEY_PARAMETER],
                   request=TrainingWriteSerializer, responses={201: TrainingSerializer})
    @idempotent
    @atomic
    def post(self, request):
        serializer = TrainingWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        member = referenced(request, Member.objects.all(), "member_id", f"党员 {data['member_id']} 不存在", pk=data["member_id"])
        training = training_record(member=member, title=data["title"], started_on=data["started_on"], days=data["days"],
                                   concentrated=data.get("concentrated", True))
        return write_answer(request, action="training.record", instance=training, serializer_class=TrainingSerializer,
                            created=True)


@extend_schema_view(get=extend_schema(summary="读取一条培训记录", tags=["activities"]))
class TrainingDetailApi(generics.RetrieveAPIView):
    serializer_class = TrainingSerializer

    def get_queryset(self):
        return trainings(self.request)
