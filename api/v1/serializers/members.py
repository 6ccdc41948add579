from rest_framework import serializers

from registry.models import Member


class MemberSerializer(serializers.ModelSerializer):
    """A member as read: ID number and phone masked (first 3 and last 4 characters)."""

    id_number = serializers.CharField(source="id_number_masked", read_only=True, help_text="公民身份号码（脱敏）")
    phone = serializers.CharField(source="phone_masked", read_only=True, help_text="联系电话（脱敏）")
    organization_uscc = serializers.CharField(source="organization.uscc", read_only=True, allow_null=True, default=None)
    party_organization = serializers.CharField(source="party_organization.name", read_only=True, allow_null=True, default=None)
    roles = serializers.ListField(child=serializers.CharField(), read_only=True, help_text="在组织中的身份（可多项）")
    role = serializers.CharField(read_only=True, help_text="身份中的第一项（负责人、管理层、专职、其他的顺序），供只读单一身份的客户端")

    class Meta:
        model = Member
        fields = [
            "id", "name", "id_number", "gender", "phone", "status", "joined_on", "organization_uscc",
            "party_organization", "relation", "roles", "role", "created", "updated",
        ]
        read_only_fields = fields


class MemberWriteSerializer(serializers.Serializer):
    """A member as written: the full ID number and phone (stored encrypted)."""

    name = serializers.CharField(max_length=50)
    id_number = serializers.CharField(max_length=18, help_text="公民身份号码（18位，完整）；更新时可省略")
    phone = serializers.CharField(required=False, allow_blank=True, max_length=20)
    status = serializers.ChoiceField(choices=Member.Status.choices, required=False)
    relation = serializers.ChoiceField(choices=Member.Relation.choices, required=False)
    roles = serializers.ListField(child=serializers.ChoiceField(choices=Member.Role.choices), required=False,
                                  allow_empty=False, help_text="在组织中的身份（可多项，如专职秘书长：leader、full_time）")
    role = serializers.ChoiceField(choices=Member.Role.choices, required=False, help_text="只有一项身份时可用 role 代替 roles")
    joined_on = serializers.DateField(required=False, allow_null=True)
    organization_uscc = serializers.CharField(required=False, allow_blank=True, max_length=18)
    party_organization = serializers.CharField(required=False, allow_blank=True, max_length=200, help_text="所在党组织名称")


class MemberUpdateSerializer(MemberWriteSerializer):
    id_number = serializers.CharField(max_length=18, required=False, help_text="省略时沿用已存的号码；给出时须与之一致")


class MemberLookupSerializer(serializers.Serializer):
    id_number = serializers.CharField(max_length=18, help_text="公民身份号码（18位）；放在请求体中，不出现在地址里")
