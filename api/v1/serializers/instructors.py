from rest_framework import serializers

from registry.models import Dispatch, Instructor


class InstructorSerializer(serializers.ModelSerializer):
    phone = serializers.CharField(source="phone_masked", read_only=True, help_text="联系电话（脱敏）")
    region_code = serializers.CharField(source="region.code", read_only=True)

    class Meta:
        model = Instructor
        fields = ["id", "name", "phone", "unit", "full_time", "region_code", "active"]
        read_only_fields = fields


class InstructorWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    region_code = serializers.CharField(max_length=6)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=20)
    unit = serializers.CharField(required=False, allow_blank=True, max_length=100)
    full_time = serializers.BooleanField(required=False)


class DispatchSerializer(serializers.ModelSerializer):
    instructor_name = serializers.CharField(source="instructor.name", read_only=True)
    organization_uscc = serializers.CharField(source="organization.uscc", read_only=True)

    class Meta:
        model = Dispatch
        fields = ["id", "instructor_id", "instructor_name", "organization_uscc", "started_on", "ended_on", "plan"]
        read_only_fields = fields


class DispatchWriteSerializer(serializers.Serializer):
    instructor_id = serializers.IntegerField(min_value=1)
    organization_uscc = serializers.CharField(max_length=18)
    started_on = serializers.DateField()
    plan = serializers.CharField(required=False, allow_blank=True, max_length=5000, help_text="倒排工期计划")


class DispatchEndSerializer(serializers.Serializer):
    ended_on = serializers.DateField()
