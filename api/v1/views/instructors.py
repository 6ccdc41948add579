from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.views import APIView

from api.idempotency import IDEMPOTENCY_KEY_PARAMETER, idempotent
from api.scoping import scoped
from registry.models import Dispatch, Instructor
from registry.actions import dispatch_end, dispatch_start, instructor_create

from ..filters import DispatchFilter, InstructorFilter
from ..serializers.instructors import (
    DispatchEndSerializer, DispatchSerializer, DispatchWriteSerializer, InstructorSerializer, InstructorWriteSerializer,
)
from .common import actor_of, answer, atomic


def instructors(request):
    return scoped(Instructor.objects.select_related("region"), request)


def dispatches(request):
    return scoped(Dispatch.objects.select_related("instructor", "organization"), request)


@extend_schema_view(get=extend_schema(summary="党建工作指导员（电话脱敏）", tags=["instructors"]))
class InstructorListApi(generics.ListAPIView):
    serializer_class = InstructorSerializer
    filterset_class = InstructorFilter
    ordering_fields = ["id", "name"]
    ordering = ["id"]

    def get_queryset(self):
        return instructors(self.request)

    @extend_schema(summary="登记指导员", tags=["instructors"], parameters=[IDEMPOTENCY_KEY_PARAMETER],
                   request=InstructorWriteSerializer, responses={201: InstructorSerializer})
    @idempotent
    @atomic
    def post(self, request):
        serializer = InstructorWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        instructor = instructor_create(actor=actor_of(request), rules=request.rules, data=dict(serializer.validated_data))
        return answer(request, instructor, InstructorSerializer, created=True)


@extend_schema_view(get=extend_schema(summary="读取一名指导员", tags=["instructors"]))
class InstructorDetailApi(generics.RetrieveAPIView):
    serializer_class = InstructorSerializer

    def get_queryset(self):
        return instructors(self.request)


@extend_schema_view(get=extend_schema(summary="指导员派驻", tags=["instructors"]))
class DispatchListApi(generics.ListAPIView):
    serializer_class = DispatchSerializer
    filterset_class = DispatchFilter
    ordering_fields = ["id", "started_on"]
    ordering = ["id"]

    def get_queryset(self):
        return dispatches(self.request)

    @extend_schema(summary="派驻指导员到社会组织", tags=["instructors"], parameters=[IDEMPOTENCY_KEY_PARAMETER],
                   request=DispatchWriteSerializer, responses={201: DispatchSerializer})
    @idempotent
    @atomic
    def post(self, request):
        serializer = DispatchWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        dispatch = dispatch_start(actor=actor_of(request), rules=request.rules, data=dict(serializer.validated_data))
        return answer(request, dispatch, DispatchSerializer, created=True)


@extend_schema_view(get=extend_schema(summary="读取一次派驻", tags=["instructors"]))
class DispatchDetailApi(generics.RetrieveAPIView):
    serializer_class = DispatchSerializer

    def get_queryset(self):
        return dispatches(self.request)


class DispatchEndApi(APIView):
    @extend_schema(summary="结束派驻", tags=["instructors"], request=DispatchEndSerializer, responses={200: DispatchSerializer})
    @atomic
    def post(self, request, pk):
        dispatch = get_object_or_404(dispatches(request), pk=pk)
        serializer = DispatchEndSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        dispatch = dispatch_end(actor=actor_of(request), rules=request.rules, dispatch=dispatch,
                                data=dict(serializer.validated_data))
        return answer(request, dispatch, DispatchSerializer, created=False)
