from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from api.scoping import scoped
from registry.models import SocialOrganization, Supervisor
from registry.actions import organization_upsert

from ..filters import OrganizationFilter, SupervisorFilter
from ..serializers.organizations import (
    LIST_VALUES, USCC_PATTERN, OrganizationSerializer, OrganizationWriteSerializer, SupervisorSerializer, organization_list_rows,
)
from .common import actor_of, answer, atomic


def organizations(request):
    return scoped(SocialOrganization.objects.select_related("region", "business_supervisor", "industry_committee"), request)


USCC_PARAMETER = OpenApiParameter("uscc", str, OpenApiParameter.PATH, description="统一社会信用代码（18位）", pattern=USCC_PATTERN)


@extend_schema_view(get=extend_schema(summary="社会组织列表", tags=["organizations"]))
class OrganizationListApi(generics.ListAPIView):
    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilter
    ordering_fields = ["uscc", "name", "employees", "created", "updated"]
    ordering = ["uscc"]
    cursor_tiebreak = "uscc"  # unique, and in the page's values (api.pagination)

    def get_queryset(self):
        return organizations(self.request)  # OrganizationFilter applies registry.selectors.organization_list

    def list(self, request, *args, **kwargs):
        """The page read as values (``LIST_VALUES``) and built by ``organization_list_rows``:
        the same answer as OrganizationSerializer's, without a model instance and a serializer
        field call per value."""
        queryset = self.filter_queryset(self.get_queryset()).values(*LIST_VALUES)
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(organization_list_rows(page))


class OrganizationDetailApi(APIView):
    @extend_schema(summary="读取一个社会组织", tags=["organizations"], parameters=[USCC_PARAMETER], responses=OrganizationSerializer)
    def get(self, request, uscc):
        organization = get_object_or_404(organizations(request), uscc=uscc.upper())
        return Response(OrganizationSerializer(organization).data)

    @extend_schema(
        summary="新建或更新社会组织（幂等）",
        description="以统一社会信用代码为键：不存在则新建（201），存在则整体更新（200）；重复发送同一请求结果相同。"
                    "请求体中省略的字段取默认值。评估等级不在此写入，见 /evaluation-grades。"
                    "以账号登录时只能写入本人管辖范围：范围外已有的组织为 404，所在区划在范围外为 403（errors 指明 region_code）。",
        tags=["organizations"], parameters=[USCC_PARAMETER], request=OrganizationWriteSerializer,
        responses={200: OrganizationSerializer, 201: OrganizationSerializer},
    )
    @atomic
    def put(self, request, uscc):
        serializer = OrganizationWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        uscc = uscc.strip().upper()
        if data.get("uscc") and data["uscc"].strip().upper() != uscc:
            raise ValidationError({"uscc": ["请求体中的统一社会信用代码与地址中的不一致"]})
        data["uscc"] = uscc
        organization, created = organization_upsert(actor=actor_of(request), rules=request.rules, data=data)
        return answer(request, organization, OrganizationSerializer, created=created)


@extend_schema_view(get=extend_schema(summary="业务主管单位和行业党委", tags=["organizations"]))
class SupervisorListApi(generics.ListAPIView):
    serializer_class = SupervisorSerializer
    filterset_class = SupervisorFilter
    ordering_fields = ["id", "name"]
    ordering = ["id"]

    def get_queryset(self):
        return scoped(Supervisor.objects.all(), self.request)
