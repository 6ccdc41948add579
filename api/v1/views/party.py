from django.core.exceptions import ValidationError
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from api.idempotency import IDEMPOTENCY_KEY_PARAMETER, idempotent
from api.scoping import scoped
from registry.models import PartyOrganization
from registry.actions import party_organization_upsert

from ..filters import PartyOrganizationFilter
from ..serializers.party import PartyOrganizationSerializer, PartyOrganizationWriteSerializer, party_organizations_with_coverage
from .common import actor_of, answer, atomic

KEY_PARAMETER = OpenApiParameter("key", str, OpenApiParameter.PATH, description="党组织 id（数字）或名称")


def party_organizations(request):
    rows = scoped(PartyOrganization.objects.select_related("region", "parent").prefetch_related("instructors"), request)
    return party_organizations_with_coverage(rows, request)


def party_organization_by_key(request, key: str) -> PartyOrganization | None:
    key = key.strip()
    if key.isascii() and key.isdigit():
        return party_organizations(request).filter(pk=int(key)).first() if len(key) < 19 else None
    return party_organizations(request).filter(name=key).first()


def upsert(request, data: dict):
    """Upsert through the registry action with the province's rules (forms it does not have are
    refused), within the request's scope: covered organizations it cannot see stay covered."""
    party_org, created = party_organization_upsert(actor=actor_of(request), rules=request.rules, data=data)
    party_org = party_organizations(request).filter(pk=party_org.pk).first() or party_org
    return answer(request, party_org, PartyOrganizationSerializer, created=created)


@extend_schema_view(get=extend_schema(summary="党组织列表", tags=["party-organizations"]))
class PartyOrganizationListApi(generics.ListAPIView):
    serializer_class = PartyOrganizationSerializer
    filterset_class = PartyOrganizationFilter
    ordering_fields = ["id", "name", "created", "updated"]
    ordering = ["id"]

    def get_queryset(self):
        return party_organizations(self.request)

    @extend_schema(
        summary="新建或更新党组织（以名称为键）", tags=["party-organizations"], parameters=[IDEMPOTENCY_KEY_PARAMETER],
        request=PartyOrganizationWriteSerializer, responses={200: PartyOrganizationSerializer, 201: PartyOrganizationSerializer},
    )
    @idempotent
    @atomic
    def post(self, request):
        serializer = PartyOrganizationWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if not serializer.validated_data.get("name"):
            raise ValidationError({"name": ["党组织名称不能为空"]})
        return upsert(request, dict(serializer.validated_data))


class PartyOrganizationDetailApi(APIView):
    @extend_schema(summary="读取一个党组织及其覆盖的社会组织", tags=["party-organizations"], parameters=[KEY_PARAMETER],
                   responses=PartyOrganizationSerializer)
    def get(self, request, key):
        party_org = party_organization_by_key(request, key)
        if party_org is None:
            raise Http404
        return Response(PartyOrganizationSerializer(party_org, context={"request": request}).data)

    @extend_schema(
        summary="新建或更新党组织（幂等）",
        description="地址中是名称：不存在则新建（201），存在则更新（200）。地址中是 id：更新该党组织（不存在为 404）。"
                    "覆盖的社会组织以 covered_usccs 整体替换。本省没有的组建形式（如吉林以外的派出党支部）会被拒绝并给出条款。",
        tags=["party-organizations"], parameters=[KEY_PARAMETER], request=PartyOrganizationWriteSerializer,
        responses={200: PartyOrganizationSerializer, 201: PartyOrganizationSerializer},
    )
    @atomic
    def put(self, request, key):
        serializer = PartyOrganizationWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        key = key.strip()
        if key.isascii() and key.isdigit():
            existing = party_organization_by_key(request, key)
            if existing is None:
                raise Http404
            name = existing.name
        else:
            name = key
        if data.get("name") and data["name"].strip() != name:
            raise ValidationError({"name": ["请求体中的党组织名称与地址中的不一致（不支持改名）"]})
        data["name"] = name
        return upsert(request, data)
