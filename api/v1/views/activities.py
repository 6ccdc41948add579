from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics

from api.idempotency import IDEMPOTENCY_KEY_PARAMETER, idempotent
from api.scoping import scoped
from registry.models import Activity, Training
from registry.actions import activity_record, training_record

from ..filters import ActivityFilter, TrainingFilter
from ..serializers.activities import ActivitySerializer, ActivityWriteSerializer, TrainingSerializer, TrainingWriteSerializer
from .common import actor_of, answer, atomic


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
        activity = activity_record(actor=actor_of(request), rules=request.rules, data=dict(serializer.validated_data))
        activity = activities(request).filter(pk=activity.pk).first() or activity  # with its attendance
        return answer(request, activity, ActivitySerializer, created=True)


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
        training = training_record(actor=actor_of(request), rules=request.rules, data=dict(serializer.validated_data))
        return answer(request, training, TrainingSerializer, created=True)


@extend_schema_view(get=extend_schema(summary="读取一条培训记录", tags=["activities"]))
class TrainingDetailApi(generics.RetrieveAPIView):
    serializer_class = TrainingSerializer

    def get_queryset(self):
        return trainings(self.request)
