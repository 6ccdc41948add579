from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from api.idempotency import IDEMPOTENCY_KEY_PARAMETER, idempotent
from api.scoping import scoped
from privacy.crypto import keyed_digest
from registry.models import Member
from registry.actions import member_upsert
from registry.validators import validate_id_number

from ..filters import MemberFilter
from ..serializers.members import MemberLookupSerializer, MemberSerializer, MemberUpdateSerializer, MemberWriteSerializer
from .common import actor_of, answer, atomic


def members(request):
    return scoped(Member.objects.select_related("organization", "party_organization"), request)


def digest_of(id_number: str, field: str = "id_number") -> str:
    """The keyed digest members are looked up by; a malformed number is a field error."""
    try:
        return keyed_digest(validate_id_number(id_number))
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from None


def upsert(request, data: dict):
    """Upsert by ID number through the registry action (scope: a member outside it is a 404,
    the organization and Party organization named must be ones the writer can see)."""
    member, created = member_upsert(actor=actor_of(request), rules=request.rules, data=data)
    member = members(request).filter(pk=member.pk).first() or member
    return answer(request, member, MemberSerializer, created=created)


@extend_schema_view(get=extend_schema(summary="党员列表（身份号码、电话脱敏）", tags=["members"]))
class MemberListApi(generics.ListAPIView):
    serializer_class = MemberSerializer
    filterset_class = MemberFilter
    ordering_fields = ["id", "name", "created", "updated"]
    ordering = ["id"]

    def get_queryset(self):
        return members(self.request)

    @extend_schema(
        summary="新建或更新党员（以身份号码为键）",
        description="身份号码和电话完整写入（加密存储），读取时脱敏。以身份号码的密钥摘要查找：已有则更新（200），否则新建（201）。",
        tags=["members"], parameters=[IDEMPOTENCY_KEY_PARAMETER], request=MemberWriteSerializer,
        responses={200: MemberSerializer, 201: MemberSerializer},
    )
    @idempotent
    @atomic
    def post(self, request):
        serializer = MemberWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return upsert(request, dict(serializer.validated_data))


class MemberDetailApi(APIView):
    @extend_schema(summary="读取一个党员（脱敏）", tags=["members"], responses=MemberSerializer)
    def get(self, request, pk):
        return Response(MemberSerializer(get_object_or_404(members(request), pk=pk)).data)

    @extend_schema(
        summary="更新一个党员", description="身份号码可省略；给出时须与该党员已存的一致（身份号码是党员的键，不能改）。",
        tags=["members"], request=MemberUpdateSerializer, responses={200: MemberSerializer},
    )
    @atomic
    def put(self, request, pk):
        member = get_object_or_404(members(request), pk=pk)
        serializer = MemberUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if data.get("id_number"):
            if digest_of(data["id_number"]) != member.id_number_digest:
                raise ValidationError({"id_number": ["身份号码与该党员已存的不一致（身份号码不能修改）"]})
        else:
            data["id_number"] = member.id_number
        return upsert(request, data)


class MemberLookupApi(APIView):
    required_permission = "read"

    @extend_schema(
        summary="按身份号码查找党员",
        description="身份号码放在请求体中（不进地址和日志），以其密钥摘要查找；找不到为 404。返回脱敏后的党员。只需 read 权限。",
        tags=["members"], request=MemberLookupSerializer, responses={200: MemberSerializer},
    )
    def post(self, request):
        serializer = MemberLookupSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        member = get_object_or_404(members(request), id_number_digest=digest_of(serializer.validated_data["id_number"]))
        return Response(MemberSerializer(member).data)
