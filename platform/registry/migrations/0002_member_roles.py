"""Members carry a set of roles (``roles``) instead of one (``role``): a full-time 秘书长 is a
leader and full-time staff. The data moves both ways: forwards each member keeps its one
role as a set of one; backwards a member keeps the first of its roles in the order
leader, management, full_time, other."""
import django.contrib.postgres.fields
from django.db import migrations, models

import registry.models.members

FORWARDS = "UPDATE registry_member SET roles = ARRAY[role]::varchar(16)[]"
BACKWARDS = """
UPDATE registry_member SET role = CASE
    WHEN 'leader' = ANY(roles) THEN 'leader' WHEN 'management' = ANY(roles) THEN 'management'
    WHEN 'full_time' = ANY(roles) THEN 'full_time' ELSE 'other' END
"""
ROLES = [("leader", "负责人"), ("management", "管理层"), ("full_time", "专职工作人员"), ("other", "其他从业人员")]


class Migration(migrations.Migration):

    dependencies = [
        ("registry", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="member",
            name="roles",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.CharField(choices=ROLES, max_length=16), default=registry.models.members.default_roles,
                size=None, verbose_name="在组织中的身份"),
        ),
        migrations.RunSQL(FORWARDS, BACKWARDS),
        migrations.RemoveField(model_name="member", name="role"),
    ]
