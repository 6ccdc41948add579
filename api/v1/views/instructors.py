from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.views import APIView

from api.idempotency import IDEMPOTENCY_KEY_PARAMETER, idempotent
from api.scoping import region_check, scoped
from registry.models import Dispatch, Instructor, SocialOrganization
from registry.services import dispatch_end, dispatch_start, instructor_create

from ..filters import DispatchFilter, InstructorFilter
from ..serializers.instructors import (
    DispatchEndSerializer, DispatchSerializer, DispatchWriteSerializer, InstructorSerializer, InstructorWriteSerializer,
)
from .common import atomic, referenced, write_answer


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
        region_check(request, serializer.validated_data["region_code"])
        instructor = instructor_create(**serializer.validated_data)
        return write_answer(request, action="instructor.create", instance=instructor, serializer_class=InstructorSerializer,
                            created=True)


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
        data = serializer.validated_data
        instructor = referenced(request, Instructor.objects.all(), "instructor_id", f"指导员 {data['instructor_id']} 不存在",
                                pk=data["instructor_id"])
        organization = referenced(request, SocialOrganization.objects.all(), "organization_uscc",
                                  f"统一社会信用代码“{data['organization_uscc']}”在本省台账中不存在",
                                  uscc=data["organization_uscc"].strip().upper())
        dispatch = dispatch_start(instructor=instructor, organization=organization, started_on=data["started_on"],
                                  plan=data.get("plan", ""))
        return write_answer(request, action="dispatch.start", instance=dispatch, serializer_class=DispatchSerializer, created=True)


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
        before = DispatchSerializer(dispatch).data
        dispatch = dispatch_end(dispatch=dispatch, ended_on=serializer.validated_data["ended_on"])
        return write_answer(request, action="dispatch.end", instance=dispatch, serializer_class=DispatchSerializer,
                            created=False, before=before)
