from rest_framework import serializers

from registry.models import Activity, ActivityKind, Training


class ActivitySerializer(serializers.ModelSerializer):
    party_organization = serializers.CharField(source="party_organization.name", read_only=True)
    attendee_ids = serializers.SerializerMethodField()

    class Meta:
        model = Activity
        fields = ["id", "party_organization_id", "party_organization", "kind", "held_on", "title", "attendee_ids"]
        read_only_fields = fields

    def get_attendee_ids(self, activity) -> list[int]:
        return sorted(attendance.member_id for attendance in activity.attendance_set.all())


class ActivityWriteSerializer(serializers.Serializer):
    party_organization = serializers.CharField(max_length=200, help_text="党组织名称")
    kind = serializers.ChoiceField(choices=ActivityKind.choices)
    held_on = serializers.DateField()
    title = serializers.CharField(required=False, allow_blank=True, max_length=200)
    attendee_ids = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False, max_length=2000)


class TrainingSerializer(serializers.ModelSerializer):
    days = serializers.DecimalField(max_digits=4, decimal_places=1, coerce_to_string=False, read_only=True)

    class Meta:
        model = Training
        fields = ["id", "member_id", "title", "started_on", "days", "concentrated"]
        read_only_fields = fields


class TrainingWriteSerializer(serializers.Serializer):
    member_id = serializers.IntegerField(min_value=1)
    title = serializers.CharField(max_length=200)
    started_on = serializers.DateField()
    days = serializers.DecimalField(max_digits=4, decimal_places=1, coerce_to_string=False, help_text="天数，0.5至365")
    concentrated = serializers.BooleanField(required=False, default=True)
